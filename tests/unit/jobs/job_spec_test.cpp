// Job specs (jobs/job_spec.h): what a good spec parses to, and that every mistake is
// reported at its file, line and key.
#include "jobs/job_spec.h"

#include <gtest/gtest.h>

#include <string>

#include "core/error.h"

namespace sluice::jobs {
namespace {

constexpr const char* kSpec = R"(name: hourly_space
parameters:
  since: date
  limit: { type: integer, default: '10' }
sources:
  events: { table: raw.space_events, bookmark: true }
  companies: { path: drop/dim_company/, format: csv, csv: { preset: redshift-unload } }
steps:
  - name: clean
    apply_mapping: { from: events, columns: [ [event_ts, event_ts, timestamp], [people_count, people, integer] ] }
  - name: hourly
    sql: |
      SELECT company_id, sum(people) AS people
      FROM clean JOIN companies USING (company_id)
      WHERE CAST(event_ts AS date) >= :since
      GROUP BY 1;
targets:
  - { from: hourly, table: curated.agg_hourly_space, partition_by: [event_date], mode: overwrite_partitions }
  - { from: hourly, connection: warehouse, postgres_table: public.agg_hourly_space, mode: upsert, keys: [company_id, space_id, hour] }
)";

/// The message ParseJobSpec throws for `yaml`, or "" when it parses.
std::string ErrorOf(const std::string& yaml) {
  try {
    ParseJobSpec(yaml, "jobs/x.yaml");
  } catch (const InvalidArgumentError& error) {
    return error.what();
  }
  return "";
}

TEST(JobSpecTest, ParsesTheIssuesExample) {
  JobSpec spec = ParseJobSpec(kSpec, "jobs/hourly_space.yaml");
  EXPECT_EQ(spec.name, "hourly_space");
  ASSERT_EQ(spec.parameters.size(), 2u);
  EXPECT_EQ(spec.parameters[0].type, DataType::Date());
  EXPECT_EQ(spec.parameters[1].default_value.value_or(""), "10");
  ASSERT_EQ(spec.sources.size(), 2u);
  EXPECT_EQ(spec.sources[0].kind, SourceSpec::Kind::kTable);
  EXPECT_TRUE(spec.sources[0].bookmark);
  EXPECT_EQ(spec.sources[1].kind, SourceSpec::Kind::kPath);
  EXPECT_EQ(spec.sources[1].csv.at("preset"), "redshift-unload");
  ASSERT_EQ(spec.steps.size(), 2u);
  EXPECT_EQ(spec.steps[0].kind, "apply_mapping");
  EXPECT_EQ(spec.steps[0].from, "events");
  EXPECT_EQ(spec.steps[1].kind, "sql");
  EXPECT_EQ(spec.steps[1].sql_line, 13);  // the line after `sql: |` (line 12)
  EXPECT_EQ(spec.steps[1].sql.back(), '1');  // the trailing `;` and newline are gone
  ASSERT_EQ(spec.targets.size(), 2u);
  EXPECT_EQ(spec.targets[0].mode, TargetSpec::Mode::kOverwritePartitions);
  EXPECT_EQ(spec.targets[0].partition_by, std::vector<std::string>{"event_date"});
  EXPECT_EQ(spec.targets[1].kind, TargetSpec::Kind::kPostgres);
  EXPECT_EQ(spec.targets[1].mode, TargetSpec::Mode::kUpsert);
  EXPECT_EQ(spec.targets[1].keys.size(), 3u);
}

TEST(JobSpecTest, ErrorsNameFileLineAndKey) {
  EXPECT_EQ(ErrorOf("name: x\nsources: { e: { table: raw.t } }\ntargets:\n  - { from: e, tabel: curated.t }\n"),
            "jobs/x.yaml:4: unknown key 'targets[0].tabel' (did you mean 'table'? expected one of from, table, "
            "partition_by, format, compression, target_file_size, max_rows_per_file, mode, connection, "
            "postgres_table, keys, replace_where, create)");
  EXPECT_NE(ErrorOf("name: x\nsources: { e: { table: raw.t } }\ntargets:\n  - { from: f, table: curated.t }\n")
                .find("jobs/x.yaml:4: targets[0].from: 'f' is no source or step"),
            std::string::npos);
  EXPECT_NE(ErrorOf("name: x\nsources:\n  e: { table: raw.t, path: a/ }\ntargets: [ { from: e, table: c.t } ]\n")
                .find("jobs/x.yaml:3: sources.e: give only one of table:, path: and connection:"),
            std::string::npos);
  EXPECT_NE(ErrorOf("name: x\nsources: { e: { path: ../etc } }\ntargets: [ { from: e, table: c.t } ]\n")
                .find("leaves the lake"),
            std::string::npos);
  EXPECT_NE(ErrorOf("name: x\nsources: { e: { table: raw.t } }\ntargets:\n  - { from: e, table: c.t, mode: overwrite_partitions }\n")
                .find("jobs/x.yaml:4: targets[0].mode: overwrite_partitions needs partition_by"),
            std::string::npos);
  EXPECT_NE(ErrorOf("name: x\nsources: { e: { table: raw.t } }\nsteps:\n  - { name: e, sql: SELECT 1 }\n"
                    "targets: [ { from: e, table: c.t } ]\n")
                .find("the name 'e' is taken"),
            std::string::npos);
  EXPECT_NE(ErrorOf("name: x\nsources: { e: { table: raw.t } }\ntargets:\n  - { from: e, table: c.t }\n  - { from: e, table: c.t }\n")
                .find("another target of this job writes the same table"),
            std::string::npos);
  EXPECT_NE(ErrorOf("name: x\ntimeout: soon\nsources: { e: { table: raw.t } }\ntargets: [ { from: e, table: c.t } ]\n")
                .find("jobs/x.yaml:2: timeout: 'soon' is not a duration"),
            std::string::npos);
  EXPECT_NE(ErrorOf("name: [x\n").find("jobs/x.yaml:"), std::string::npos);  // not YAML
  EXPECT_NE(ErrorOf("- just a list\n").find("a job spec is a mapping"), std::string::npos);
}

TEST(JobSpecTest, Durations) {
  EXPECT_EQ(ParseDurationSeconds("90"), 90);
  EXPECT_EQ(ParseDurationSeconds("15m"), 900);
  EXPECT_EQ(ParseDurationSeconds("2h"), 7200);
  EXPECT_FALSE(ParseDurationSeconds("2d").has_value());
  EXPECT_FALSE(ParseDurationSeconds("").has_value());
  EXPECT_TRUE(IsJobName("hourly_space-2.v1"));
  EXPECT_FALSE(IsJobName("../x"));
  EXPECT_FALSE(IsJobName(".hidden"));
}

}  // namespace
}  // namespace sluice::jobs
