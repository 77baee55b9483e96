// The built-in steps: options checked without data (errors name the file, the line and
// the key), compiled against an input schema, and the compiled SQL run on a real engine
// over an input view, so each test asserts both the query text and its rows.

#include "jobs/builtin_steps.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.h"
#include "core/value.h"
#include "engine/prepared_statement.h"
#include "engine/query_engine.h"
#include "lake/yaml_reader.h"

namespace sluice::jobs {
namespace {

using Rows = std::vector<std::vector<std::string>>;

/// A step's YAML with its engine: `Input` defines the view `input`, `Compile` turns a
/// snippet (`kind: { … }`) into SQL over it, `Run` executes that SQL.
class BuiltinStepsTest : public ::testing::Test {
 protected:
  /// Defines (or redefines) the step's input: the view `input` AS `select`.
  void Input(const std::string& select) { engine_.ExecuteAll("CREATE OR REPLACE VIEW input AS " + select); }

  /// The step of the only key of `yaml` (a step's kind and its options), as a spec's
  /// first step: "steps[0].KIND".
  BuiltinStep Step(const std::string& yaml) {
    yaml_ = lake::LoadYaml(yaml, "job.yaml");
    BuiltinStep step;
    step.name = "s";
    for (const auto& entry : yaml_) {
      step.kind = entry.first.Scalar();
      step.options = entry.second;
    }
    step.key = "steps[0]." + step.kind;
    return step;
  }

  std::string Check(const std::string& yaml) { return CheckBuiltinStep(Step(yaml), reader_); }

  BuiltinContext Context() {
    BuiltinContext context;
    context.input = engine_.ExecuteAll("SELECT * FROM input LIMIT 0").back().schema;
    context.input_name = "input";
    context.query_row = [this](const std::string& sql) {
      queries_.push_back(sql);
      std::vector<std::optional<std::string>> values;
      const std::vector<engine::QueryResult> results = engine_.ExecuteAll(sql);
      const engine::QueryResult& result = results.back();
      for (const Chunk& chunk : result.chunks) {
        if (chunk.size() == 0) continue;
        for (size_t c = 0; c < chunk.num_columns(); ++c) {
          const Value value = Value::FromVector(chunk.column(c), 0);
          values.push_back(value.is_null() ? std::nullopt : std::optional<std::string>(value.ToString()));
        }
        break;
      }
      return values;
    };
    context.secret_parameter = [](const std::string& name) {
      if (name != "PII_KEY") throw InvalidArgumentError("secret '" + name + "' is not set");
      return std::string(":pii_key");
    };
    return context;
  }

  std::string Compile(const std::string& yaml) { return CompileBuiltinStep(Step(yaml), Context(), reader_); }

  /// Runs `sql`; the result's column names go to `columns_`, "name type" each.
  Rows Run(const std::string& sql) { return Collect(engine_.ExecuteAll(sql).back()); }

  Rows Collect(const engine::QueryResult& result) {
    columns_.clear();
    for (const Field& field : result.schema.fields()) columns_.push_back(field.name + " " + field.type.ToString());
    Rows rows;
    for (const Chunk& chunk : result.chunks) {
      for (size_t r = 0; r < chunk.size(); ++r) {
        std::vector<std::string> row;
        for (size_t c = 0; c < chunk.num_columns(); ++c) row.push_back(Value::FromVector(chunk.column(c), r).ToString());
        rows.push_back(std::move(row));
      }
    }
    return rows;
  }

  /// The message of the InvalidArgumentError `fn` throws ("" when none).
  template <typename Fn>
  static std::string ErrorOf(Fn fn) {
    try {
      fn();
    } catch (const InvalidArgumentError& e) {
      return e.what();
    }
    return "";
  }

  engine::QueryEngine engine_;
  lake::YamlReader reader_{"job.yaml"};
  YAML::Node yaml_;
  std::vector<std::string> columns_;
  std::vector<std::string> queries_;  ///< What query_row ran.
};

// ---- every kind ----------------------------------------------------------------------------

TEST_F(BuiltinStepsTest, KindsInTheDocumentedOrder) {
  EXPECT_EQ(BuiltinStepKinds(), (std::vector<std::string>{"apply_mapping", "resolve_choice", "drop_null_fields",
                                                           "dedupe", "flatten", "pii", "normalize_time_zone"}));
}

TEST_F(BuiltinStepsTest, EveryKindNeedsFromAndKnownKeys) {
  EXPECT_EQ(Check("dedupe: { from: events, keys: [id] }"), "events");
  EXPECT_EQ(ErrorOf([&] { Check("dedupe:\n  keys: [id]\n"); }),
            "job.yaml:2: steps[0].dedupe: missing key 'from' (the step or source the step reads)");
  EXPECT_EQ(ErrorOf([&] { Check("dedupe:\n  from: events\n  keys: [id]\n  order: ts\n"); }),
            "job.yaml:4: unknown key 'steps[0].dedupe.order' (expected one of from, keys, order_by, keep)");
  EXPECT_EQ(ErrorOf([&] { Check("apply_mapping:\n  from: events\n  colums: [[a, b, int]]\n"); }),
            "job.yaml:3: unknown key 'steps[0].apply_mapping.colums' (did you mean 'columns'? expected one of from, "
            "columns)");
  EXPECT_EQ(ErrorOf([&] { Check("drop_null_fields: [a]\n"); }),
            "job.yaml:1: steps[0].drop_null_fields: expected a mapping of keys (from, columns)");
  EXPECT_EQ(ErrorOf([&] { Check("drop_null_fields:\n  from:\n"); }),
            "job.yaml:2: steps[0].drop_null_fields.from: needs a value");
}

TEST_F(BuiltinStepsTest, IdentifiersAndLiteralsAreQuoted) {
  Input(R"(SELECT * FROM (VALUES (1, 'x'), (1, 'y')) AS t("we""ird id", "it's"))");
  const std::string sql = Compile(R"(dedupe: { from: input, keys: ['we"ird id'], order_by: "\"it's\" DESC" })");
  EXPECT_EQ(sql,
            R"(SELECT "we""ird id", "it's" FROM (SELECT *, row_number() OVER (PARTITION BY "we""ird id" ORDER BY "it's" DESC NULLS LAST) AS "__sluice_row_number" FROM "input") WHERE "__sluice_row_number" = 1)");
  EXPECT_EQ(Run(sql), (Rows{{"1", "y"}}));
  // An input name already in SQL form is used as it is.
  BuiltinContext context = Context();
  context.input_name = R"("input")";
  EXPECT_EQ(CompileBuiltinStep(Step("drop_null_fields: { from: input, columns: [\"it's\"] }"), context, reader_),
            R"(SELECT "we""ird id", "it's" FROM "input")");
}

// ---- apply_mapping -------------------------------------------------------------------------

TEST_F(BuiltinStepsTest, ApplyMappingRenamesCastsAndDrops) {
  Input("SELECT * FROM (VALUES (1, '2024-05-01 10:00:00', 'a', 7), (2, '2024-05-02 11:30:00', 'b', 8)) "
        "AS t(id, event_ts, name, people_count)");
  const std::string sql = Compile(
      "apply_mapping: { from: input, columns: [ [event_ts, event_ts, timestamp], [people_count, people, bigint], "
      "[id, id] ] }");
  EXPECT_EQ(sql,
            R"(SELECT CAST("event_ts" AS timestamp(6)) AS "event_ts", CAST("people_count" AS bigint) AS "people", "id" AS "id" FROM "input")");
  EXPECT_EQ(Run(sql), (Rows{{"2024-05-01 10:00:00.000000", "7", "1"}, {"2024-05-02 11:30:00.000000", "8", "2"}}));
  EXPECT_EQ(columns_, (std::vector<std::string>{"event_ts timestamp(6)", "people bigint", "id integer"}));
}

TEST_F(BuiltinStepsTest, ApplyMappingTakesGlueFourElementEntries) {
  Input("SELECT * FROM (VALUES ('12', 'x')) AS t(n, s)");
  const std::string sql =
      Compile("apply_mapping: { from: input, columns: [ [n, string, count, integer], [s, string, s, varchar] ] }");
  EXPECT_EQ(sql, R"(SELECT CAST("n" AS integer) AS "count", "s" AS "s" FROM "input")");
  EXPECT_EQ(Run(sql), (Rows{{"12", "x"}}));
}

TEST_F(BuiltinStepsTest, ApplyMappingErrors) {
  EXPECT_EQ(ErrorOf([&] { Check("apply_mapping:\n  from: e\n  columns:\n    - [a, a, integer]\n    - [b, b, integr]\n"); }),
            "job.yaml:5: steps[0].apply_mapping.columns[1][2]: unknown type 'integr' (expected a SQL type: boolean, "
            "tinyint, smallint, integer, bigint, real, double, decimal(p,s), varchar, varbinary, date, timestamp, "
            "timestamp with time zone, …)");
  EXPECT_EQ(ErrorOf([&] { Check("apply_mapping:\n  from: e\n  columns: [[a]]\n"); }),
            "job.yaml:3: steps[0].apply_mapping.columns[0]: expected [source, target, type], [source, target] or "
            "[source, source_type, target, target_type], got a list");
  EXPECT_EQ(ErrorOf([&] { Check("apply_mapping:\n  from: e\n  columns: [[a, x], [b, X]]\n"); }),
            "job.yaml:3: steps[0].apply_mapping.columns[1]: the output column 'X' is given twice");
  EXPECT_EQ(ErrorOf([&] { Check("apply_mapping:\n  from: e\n  columns: []\n"); }),
            "job.yaml:3: steps[0].apply_mapping.columns: needs at least one entry");
  EXPECT_EQ(ErrorOf([&] { Check("apply_mapping:\n  from: e\n"); }),
            "job.yaml:2: steps[0].apply_mapping: missing key 'columns' (the output's columns: [ [source, target, "
            "type], … ])");
  Input("SELECT * FROM (VALUES (1, 2)) AS t(a, b)");
  EXPECT_EQ(ErrorOf([&] { Compile("apply_mapping:\n  from: input\n  columns:\n    - [a, a]\n    - [c, c, int]\n"); }),
            "job.yaml:5: steps[0].apply_mapping.columns[1][0]: the input 'input' has no column 'c' (its columns: a, b)");
  EXPECT_EQ(ErrorOf([&] { Compile("apply_mapping: { from: input, columns: [ [a.x, x] ] }"); }),
            "job.yaml:1: steps[0].apply_mapping.columns[0][0]: the input 'input' has no column 'a.x' (its columns: a, "
            "b; nested fields (a.b) are not supported)");
}

// ---- resolve_choice ------------------------------------------------------------------------

class BuiltinResolveChoiceTest : public BuiltinStepsTest {
 protected:
  void SetUp() override {
    Input("SELECT * FROM (VALUES (1, '12'), (2, '2.5'), (3, 'TRUE'), (4, 'abc'), (5, NULL), (6, ' 7 '), (7, '')) "
          "AS t(id, v)");
  }
};

TEST_F(BuiltinResolveChoiceTest, CastConvertsWithTryCast) {
  const std::string sql = Compile("resolve_choice: { from: input, specs: [ [v, 'cast:double'] ] }");
  EXPECT_EQ(sql, R"(SELECT "id", TRY_CAST("v" AS double) AS "v" FROM "input")");
  EXPECT_EQ(Run(sql + " ORDER BY id"),
            (Rows{{"1", "12"}, {"2", "2.5"}, {"3", "NULL"}, {"4", "NULL"}, {"5", "NULL"}, {"6", "7"}, {"7", "NULL"}}));
  EXPECT_EQ(columns_, (std::vector<std::string>{"id integer", "v double"}));
}

TEST_F(BuiltinResolveChoiceTest, ProjectKeepsOneKind) {
  EXPECT_EQ(Run(Compile("resolve_choice: { from: input, specs: [ [v, 'project:bigint'] ] }") + " ORDER BY id"),
            (Rows{{"1", "12"}, {"2", "NULL"}, {"3", "NULL"}, {"4", "NULL"}, {"5", "NULL"}, {"6", "7"}, {"7", "NULL"}}));
  EXPECT_EQ(Run(Compile("resolve_choice: { from: input, specs: [ [v, 'project:double'] ] }") + " ORDER BY id"),
            (Rows{{"1", "NULL"}, {"2", "2.5"}, {"3", "NULL"}, {"4", "NULL"}, {"5", "NULL"}, {"6", "NULL"}, {"7", "NULL"}}));
  EXPECT_EQ(Run(Compile("resolve_choice: { from: input, specs: [ [v, 'project:boolean'] ] }") + " ORDER BY id"),
            (Rows{{"1", "NULL"}, {"2", "NULL"}, {"3", "true"}, {"4", "NULL"}, {"5", "NULL"}, {"6", "NULL"}, {"7", "NULL"}}));
  EXPECT_EQ(Run(Compile("resolve_choice: { from: input, specs: [ [v, 'project:varchar'] ] }") + " ORDER BY id"),
            (Rows{{"1", "NULL"}, {"2", "NULL"}, {"3", "NULL"}, {"4", "abc"}, {"5", "NULL"}, {"6", "NULL"}, {"7", ""}}));
  // A column of one type that is not varchar: kept whole for its own type, else NULL.
  EXPECT_EQ(Run(Compile("resolve_choice: { from: input, specs: [ [id, 'project:integer'] ] }") + " ORDER BY id"),
            (Rows{{"1", "12"}, {"2", "2.5"}, {"3", "TRUE"}, {"4", "abc"}, {"5", "NULL"}, {"6", " 7 "}, {"7", ""}}));
  EXPECT_EQ(Compile("resolve_choice: { from: input, specs: [ [id, 'project:double'] ] }"),
            R"(SELECT CAST(NULL AS double) AS "id", "v" FROM "input")");
}

TEST_F(BuiltinResolveChoiceTest, MakeColsSplitsByTheKindsPresent) {
  const std::string sql = Compile("resolve_choice: { from: input, specs: [ [v, make_cols] ] }");
  ASSERT_EQ(queries_.size(), 1u);  // which kinds the column holds
  EXPECT_EQ(Run(sql + " ORDER BY id"), (Rows{{"1", "12", "NULL", "NULL", "NULL"},
                                             {"2", "NULL", "2.5", "NULL", "NULL"},
                                             {"3", "NULL", "NULL", "true", "NULL"},
                                             {"4", "NULL", "NULL", "NULL", "abc"},
                                             {"5", "NULL", "NULL", "NULL", "NULL"},
                                             {"6", "7", "NULL", "NULL", "NULL"},
                                             {"7", "NULL", "NULL", "NULL", ""}}));
  EXPECT_EQ(columns_, (std::vector<std::string>{"id integer", "v_bigint bigint", "v_double double",
                                                "v_boolean boolean", "v_varchar varchar"}));
  // Only the kinds present: no booleans, no text.
  Input("SELECT * FROM (VALUES ('1', 'x'), ('1.5', 'y')) AS t(n, s)");
  Run(Compile("resolve_choice: { from: input, specs: [ [n, make_cols] ] }"));
  EXPECT_EQ(columns_, (std::vector<std::string>{"n_bigint bigint", "n_double double", "s varchar"}));
}

TEST_F(BuiltinResolveChoiceTest, MakeColsWithListedTypesDoesNotLookAtData) {
  const std::string sql = Compile("resolve_choice: { from: input, specs: [ [v, 'make_cols:bigint,varchar'] ] }");
  EXPECT_TRUE(queries_.empty());
  EXPECT_EQ(Run(sql + " ORDER BY id"), (Rows{{"1", "12", "NULL"},
                                             {"2", "NULL", "NULL"},
                                             {"3", "NULL", "NULL"},
                                             {"4", "NULL", "abc"},
                                             {"5", "NULL", "NULL"},
                                             {"6", "7", "NULL"},
                                             {"7", "NULL", ""}}));
  EXPECT_EQ(columns_, (std::vector<std::string>{"id integer", "v_bigint bigint", "v_varchar varchar"}));
  // A column that is not varchar is one kind: <column>_<its type>.
  Run(Compile("resolve_choice: { from: input, specs: [ [id, make_cols] ] }"));
  EXPECT_EQ(columns_, (std::vector<std::string>{"id_integer integer", "v varchar"}));
}

TEST_F(BuiltinResolveChoiceTest, MakeColsEdges) {
  // An integer beyond bigint is a double; a column without values keeps its own type.
  Input("SELECT * FROM (VALUES ('99999999999999999999', CAST(NULL AS varchar)), ('-5', NULL)) AS t(big, empty)");
  EXPECT_EQ(Run(Compile("resolve_choice: { from: input, specs: [ [big, make_cols], [empty, make_cols] ] }")),
            (Rows{{"NULL", "1e+20", "NULL"}, {"-5", "NULL", "NULL"}}));
  EXPECT_EQ(columns_, (std::vector<std::string>{"big_bigint bigint", "big_double double", "empty_varchar varchar"}));
}

TEST_F(BuiltinResolveChoiceTest, Errors) {
  EXPECT_EQ(ErrorOf([&] { Check("resolve_choice:\n  from: e\n  specs:\n    - [v, 'cast:numbr']\n"); }),
            "job.yaml:4: steps[0].resolve_choice.specs[0][1]: unknown type 'numbr' (expected a SQL type: boolean, "
            "tinyint, smallint, integer, bigint, real, double, decimal(p,s), varchar, varbinary, date, timestamp, "
            "timestamp with time zone, …)");
  EXPECT_EQ(ErrorOf([&] { Check("resolve_choice:\n  from: e\n  specs:\n    - [v, split]\n"); }),
            "job.yaml:4: steps[0].resolve_choice.specs[0][1]: unknown action 'split' (expected cast:TYPE, "
            "project:TYPE, make_cols or make_cols:TYPE,…)");
  EXPECT_EQ(ErrorOf([&] { Check("resolve_choice:\n  from: e\n  specs:\n    - [v, make_struct]\n"); }),
            "job.yaml:4: steps[0].resolve_choice.specs[0][1]: make_struct is not supported (no struct columns); use "
            "make_cols");
  EXPECT_EQ(ErrorOf([&] { Check("resolve_choice:\n  from: e\n  specs: [ [v, 'cast:int'], [V, 'cast:int'] ]\n"); }),
            "job.yaml:3: steps[0].resolve_choice.specs[1]: column 'V' given twice");
  EXPECT_EQ(ErrorOf([&] { Compile("resolve_choice:\n  from: input\n  specs:\n    - [w, 'cast:int']\n"); }),
            "job.yaml:4: steps[0].resolve_choice.specs[0][0]: the input 'input' has no column 'w' (its columns: id, v)");
  Input("SELECT * FROM (VALUES ('1', 2)) AS t(v, v_bigint)");
  EXPECT_EQ(ErrorOf([&] { Compile("resolve_choice:\n  from: input\n  specs:\n    - [v, make_cols]\n"); }),
            "job.yaml:4: steps[0].resolve_choice.specs[0]: make_cols would make a column 'v_bigint', but the output "
            "already has one");
}

// ---- drop_null_fields ----------------------------------------------------------------------

TEST_F(BuiltinStepsTest, DropNullFieldsDropsColumnsWithoutValues) {
  Input("SELECT * FROM (VALUES (1, CAST(NULL AS varchar), CAST(NULL AS bigint), 'x'), "
        "(2, CAST(NULL AS varchar), CAST(NULL AS bigint), NULL)) AS t(id, empty_text, empty_number, note)");
  const std::string sql = Compile("drop_null_fields: { from: input }");
  EXPECT_EQ(queries_, (std::vector<std::string>{
                          R"(SELECT count(*), count("id"), count("empty_text"), count("empty_number"), count("note") FROM "input")"}));
  EXPECT_EQ(sql, R"(SELECT "id", "note" FROM "input")");
  EXPECT_EQ(Run(sql + " ORDER BY id"), (Rows{{"1", "x"}, {"2", "NULL"}}));
  // columns: limits which may go.
  EXPECT_EQ(Compile("drop_null_fields: { from: input, columns: [empty_number, note] }"),
            R"(SELECT "id", "empty_text", "note" FROM "input")");
  EXPECT_EQ(ErrorOf([&] { Compile("drop_null_fields:\n  from: input\n  columns: [id, nope]\n"); }),
            "job.yaml:3: steps[0].drop_null_fields.columns[1]: the input 'input' has no column 'nope' (its columns: id, "
            "empty_text, empty_number, note)");
}

TEST_F(BuiltinStepsTest, DropNullFieldsKeepsEverythingWithoutRowsAndRefusesToDropAll) {
  Input("SELECT * FROM (VALUES (1, 'x')) AS t(id, note) WHERE id > 5");
  EXPECT_EQ(Compile("drop_null_fields: { from: input }"), R"(SELECT "id", "note" FROM "input")");
  Input("SELECT * FROM (VALUES (CAST(NULL AS bigint)), (NULL)) AS t(id)");
  EXPECT_EQ(ErrorOf([&] { Compile("drop_null_fields:\n  from: input\n"); }),
            "job.yaml:2: steps[0].drop_null_fields: every column of 'input' is NULL in every row: no column would be "
            "left");
}

// ---- dedupe --------------------------------------------------------------------------------

class BuiltinDedupeTest : public BuiltinStepsTest {
 protected:
  void SetUp() override {
    Input("SELECT * FROM (VALUES "
          "('a', 1, TIMESTAMP '2024-01-01 10:00:00', 'a-old'), "
          "('a', 2, TIMESTAMP '2024-01-01 12:00:00', 'a-new'), "
          "('a', 3, NULL, 'a-null'), "
          "('b', 4, TIMESTAMP '2024-01-02 09:00:00', 'b-only')) AS t(k, id, ts, v)");
  }
};

TEST_F(BuiltinDedupeTest, KeepsTheFirstRowByTheOrder) {
  const std::string sql = Compile("dedupe: { from: input, keys: [k], order_by: ts DESC }");
  EXPECT_EQ(sql,
            R"(SELECT "k", "id", "ts", "v" FROM (SELECT *, row_number() OVER (PARTITION BY "k" ORDER BY "ts" DESC NULLS LAST) AS "__sluice_row_number" FROM "input") WHERE "__sluice_row_number" = 1)");
  EXPECT_EQ(Run(sql + " ORDER BY k"),
            (Rows{{"a", "2", "2024-01-01 12:00:00.000000", "a-new"}, {"b", "4", "2024-01-02 09:00:00.000000", "b-only"}}));
  EXPECT_EQ(columns_, (std::vector<std::string>{"k varchar", "id integer", "ts timestamp(6)", "v varchar"}));
}

TEST_F(BuiltinDedupeTest, KeepLastAndSeveralTerms) {
  // keep: last reverses every term (NULLS LAST becomes NULLS FIRST): the NULL ts is last.
  EXPECT_EQ(Run(Compile("dedupe: { from: input, keys: [k], order_by: [ts DESC], keep: last }") + " ORDER BY k"),
            (Rows{{"a", "3", "NULL", "a-null"}, {"b", "4", "2024-01-02 09:00:00.000000", "b-only"}}));
  EXPECT_EQ(Run(Compile("dedupe: { from: input, keys: [k], order_by: [ts NULLS FIRST, id DESC] }") + " ORDER BY k"),
            (Rows{{"a", "3", "NULL", "a-null"}, {"b", "4", "2024-01-02 09:00:00.000000", "b-only"}}));
  EXPECT_EQ(Compile("dedupe: { from: input, keys: [k, v], order_by: [ts, id desc nulls first] }"),
            R"(SELECT "k", "id", "ts", "v" FROM (SELECT *, row_number() OVER (PARTITION BY "k", "v" ORDER BY "ts" ASC NULLS LAST, "id" DESC NULLS FIRST) AS "__sluice_row_number" FROM "input") WHERE "__sluice_row_number" = 1)");
  // Without an order: one row per key, whichever.
  EXPECT_EQ(Run(Compile("dedupe: { from: input, keys: [k] }")).size(), 2u);
}

TEST_F(BuiltinDedupeTest, Errors) {
  EXPECT_EQ(ErrorOf([&] { Compile("dedupe:\n  from: input\n  keys: [k]\n  order_by: [id, event_ts DESC]\n"); }),
            "job.yaml:4: steps[0].dedupe.order_by[1]: the input 'input' has no column 'event_ts' (its columns: k, id, "
            "ts, v)");
  EXPECT_EQ(ErrorOf([&] { Check("dedupe:\n  from: e\n  keys: [k]\n  order_by: ts DESC NULLS\n"); }),
            "job.yaml:4: steps[0].dedupe.order_by: 'ts DESC NULLS': expected a column, then ASC or DESC, then NULLS "
            "FIRST or NULLS LAST (quote a name with spaces in double quotes)");
  EXPECT_EQ(ErrorOf([&] { Check("dedupe:\n  from: e\n  keys: [k]\n  order_by: ts LAST\n"); }),
            "job.yaml:4: steps[0].dedupe.order_by: 'ts LAST': expected NULLS FIRST or NULLS LAST");
  EXPECT_EQ(ErrorOf([&] { Check("dedupe:\n  from: e\n  keys: [k]\n  keep: newest\n"); }),
            "job.yaml:4: steps[0].dedupe.keep: expected first or last, got 'newest'");
  EXPECT_EQ(ErrorOf([&] { Check("dedupe:\n  from: e\n  keys: [k]\n  keep: last\n"); }),
            "job.yaml:4: steps[0].dedupe.keep: keep: last needs an order_by");
  EXPECT_EQ(ErrorOf([&] { Check("dedupe:\n  from: e\n  keys: []\n"); }),
            "job.yaml:3: steps[0].dedupe.keys: needs at least one entry");
  EXPECT_EQ(ErrorOf([&] { Compile("dedupe:\n  from: input\n  keys: [k, kk]\n"); }),
            "job.yaml:3: steps[0].dedupe.keys[1]: the input 'input' has no column 'kk' (its columns: k, id, ts, v)");
}

// ---- flatten -------------------------------------------------------------------------------

class BuiltinFlattenTest : public BuiltinStepsTest {
 protected:
  void SetUp() override {
    Input(R"(SELECT * FROM (VALUES )"
          R"((1, '{"user": {"id": 42, "name": "Ann"}, "tags": ["x", "y"], "ok": true, "at": "2024-05-01 10:00:00"}'), )"
          R"((2, '{"user": {"id": "n/a"}, "tags": []}'), )"
          R"((3, NULL)) AS t(id, payload))");
  }
};

TEST_F(BuiltinFlattenTest, PathsIntoTypedColumns) {
  const std::string sql = Compile(
      "flatten: { from: input, column: payload, fields: [ [$.user.name, name], [$.ok, ok, boolean], "
      "[$.tags, tags, json], [$.at, at, timestamp], ['$.tags[0]', first_tag] ] }");
  EXPECT_EQ(sql,
            R"(SELECT "id", json_extract_scalar("payload", '$.user.name') AS "name", CAST(json_extract_scalar("payload", '$.ok') AS boolean) AS "ok", json_extract("payload", '$.tags') AS "tags", CAST(json_extract_scalar("payload", '$.at') AS timestamp(6)) AS "at", json_extract_scalar("payload", '$.tags[0]') AS "first_tag" FROM "input")");
  EXPECT_EQ(Run(sql + " ORDER BY id"), (Rows{{"1", "Ann", "true", R"(["x", "y"])", "2024-05-01 10:00:00.000000", "x"},
                                             {"2", "NULL", "NULL", "[]", "NULL", "NULL"},
                                             {"3", "NULL", "NULL", "NULL", "NULL", "NULL"}}));
  EXPECT_EQ(columns_, (std::vector<std::string>{"id integer", "name varchar", "ok boolean", "tags varchar",
                                                "at timestamp(6)", "first_tag varchar"}));
}

TEST_F(BuiltinFlattenTest, BadValuesFailUnlessOnErrorNull) {
  const std::string yaml = "flatten: { from: input, column: payload, keep_source: true, fields: [ [$.user.id, uid, bigint] ] }";
  EXPECT_THROW(Run(Compile(yaml)), Error);  // "n/a" is no bigint
  const std::string sql =
      Compile("flatten: { from: input, column: payload, keep_source: true, on_error: 'null', fields: [ [$.user.id, "
              "uid, bigint] ] }");
  EXPECT_EQ(Run("SELECT id, uid FROM (" + sql + ") ORDER BY id"), (Rows{{"1", "42"}, {"2", "NULL"}, {"3", "NULL"}}));
  EXPECT_EQ(columns_.size(), 2u);
  Run(sql);
  EXPECT_EQ(columns_, (std::vector<std::string>{"id integer", "payload varchar", "uid bigint"}));
}

TEST_F(BuiltinFlattenTest, Errors) {
  EXPECT_EQ(ErrorOf([&] { Check("flatten:\n  from: e\n  column: payload\n"); }),
            "job.yaml:2: steps[0].flatten: missing key 'fields' ([ [json_path, name, type], … ]: the columns to make; "
            "they are not inferred from data)");
  EXPECT_EQ(ErrorOf([&] { Check("flatten:\n  from: e\n  column: payload\n  fields:\n    - [user.id, uid]\n"); }),
            "job.yaml:5: steps[0].flatten.fields[0][0]: 'user.id' is not a JSON path (they start with $: $.a.b)");
  EXPECT_EQ(ErrorOf([&] { Check("flatten:\n  from: e\n  column: payload\n  fields: [[$.a, a, jsn]]\n  "); }),
            "job.yaml:4: steps[0].flatten.fields[0][2]: unknown type 'jsn' (expected a SQL type: boolean, tinyint, "
            "smallint, integer, bigint, real, double, decimal(p,s), varchar, varbinary, date, timestamp, timestamp "
            "with time zone, …)");
  EXPECT_EQ(ErrorOf([&] { Check("flatten:\n  from: e\n  column: payload\n  fields: [[$.a]]\n  keep_source: maybe\n"); }),
            "job.yaml:4: steps[0].flatten.fields[0]: expected [json_path, name, type] or [json_path, name], got a list");
  EXPECT_EQ(ErrorOf([&] { Check("flatten:\n  from: e\n  column: payload\n  fields: [[$.a, a]]\n  keep_source: maybe\n"); }),
            "job.yaml:5: steps[0].flatten.keep_source: expected true or false, got 'maybe'");
  EXPECT_EQ(ErrorOf([&] { Compile("flatten:\n  from: input\n  column: id\n  fields: [[$.a, a]]\n"); }),
            "job.yaml:3: steps[0].flatten.column: 'id' is integer; flatten reads JSON text (varchar)");
  EXPECT_EQ(ErrorOf([&] { Compile("flatten:\n  from: input\n  column: payload\n  fields:\n    - [$.a, ID]\n"); }),
            "job.yaml:5: steps[0].flatten.fields[0][1]: the input 'input' already has a column 'ID'");
}

// ---- pii -----------------------------------------------------------------------------------

class BuiltinPiiTest : public BuiltinStepsTest {
 protected:
  void SetUp() override {
    Input("SELECT * FROM (VALUES "
          "(1, 'ann@example.com', '555-123-4567', '123-45-6789', 'likes cats'), "
          "(2, NULL, '1234', NULL, 'x'), "
          "(3, 'bob@example.com', NULL, '987-65-4321', NULL)) AS t(id, email, phone, ssn, notes)");
  }
  /// Runs `sql` with the secret bound as the runner binds it.
  Rows RunWithSecret(const std::string& sql) {
    engine::PreparedStatement statement = engine_.Prepare(sql);
    statement.Bind("pii_key", Value::Varbinary(std::string("k3y-\0-bytes", 11)));
    return Collect(statement.Execute());
  }
};

TEST_F(BuiltinPiiTest, HashMaskRedactDrop) {
  const std::string sql = Compile(R"(
pii:
  from: input
  columns:
    - { column: email, action: hash, key_secret: PII_KEY }
    - { column: phone, action: mask, keep_last: 4, mask_char: '#' }
    - { column: ssn, action: redact }
    - { column: notes, action: drop }
)");
  EXPECT_EQ(sql,
            R"(SELECT "id", lower(to_hex(hmac_sha256(to_utf8("email"), :pii_key))) AS "email", CASE WHEN length("phone") > 4 THEN lpad(substr("phone", length("phone") - 4 + 1), length("phone"), '#') ELSE lpad('', length("phone"), '#') END AS "phone", CASE WHEN "ssn" IS NOT NULL THEN 'REDACTED' END AS "ssn" FROM "input")");
  EXPECT_EQ(sql.find("k3y"), std::string::npos);
  // HMAC-SHA256 under the key "k3y-\0-bytes", computed independently (Python's hmac).
  EXPECT_EQ(RunWithSecret(sql + " ORDER BY id"),
            (Rows{{"1", "c3aa209cf996cd7d7d0c53d396991cfcdb886cd58e0bc36a0473613cddc53d2f", "########4567", "REDACTED"},
                  {"2", "NULL", "####", "NULL"},
                  {"3", "c144b8513abeb33c033b677a7ca757a26de5e6829e7e501b33237ec2f8f375d2", "NULL", "REDACTED"}}));
  EXPECT_EQ(columns_, (std::vector<std::string>{"id integer", "email varchar", "phone varchar", "ssn varchar"}));
}

TEST_F(BuiltinPiiTest, NonTextColumnsAndDefaults) {
  const std::string sql = Compile(R"(
pii:
  from: input
  columns:
    - { column: id, action: hash, key_secret: PII_KEY }
    - { column: phone, action: mask }
    - { column: ssn, action: redact, replacement: '<ssn>' }
)");
  EXPECT_EQ(RunWithSecret("SELECT id, phone, ssn FROM (" + sql + ") WHERE phone IS NOT NULL ORDER BY phone"),
            (Rows{{"3793cea5a1970222e49f45f7ca3b0c431df2cac6c86f00492c157eb79c2e17b4", "****", "NULL"},
                  {"4edc5aa11b77f3cd01a4cbb8c0279474976b7d7eb29edc528483146206b0a82c", "********4567", "<ssn>"}}));
  EXPECT_NE(sql.find(R"(to_utf8(CAST("id" AS varchar)))"), std::string::npos);
}

TEST_F(BuiltinPiiTest, MaskKeepingNothingAndMultibyteCharacters) {
  Input("SELECT * FROM (VALUES ('héllo wörld'), ('ab'), ('')) AS t(s)");
  EXPECT_EQ(Run(Compile("pii: { from: input, columns: [ { column: s, action: mask, keep_last: 0, mask_char: 'é' } ] }")),
            (Rows{{"ééééééééééé"}, {"éé"}, {""}}));
  EXPECT_EQ(Run(Compile("pii: { from: input, columns: [ { column: s, action: mask, keep_last: 3 } ] }")),
            (Rows{{"********rld"}, {"**"}, {""}}));
}

TEST_F(BuiltinPiiTest, Errors) {
  EXPECT_EQ(ErrorOf([&] { Check("pii:\n  from: e\n  columns:\n    - { column: email, action: hash }\n"); }),
            "job.yaml:4: steps[0].pii.columns[0]: missing key 'key_secret'");
  EXPECT_EQ(ErrorOf([&] { Check("pii:\n  from: e\n  columns:\n    - { column: email, action: hash, key_secret: K, keep_last: 2 }\n"); }),
            "job.yaml:4: steps[0].pii.columns[0].keep_last: applies to action mask, not hash");
  EXPECT_EQ(ErrorOf([&] { Check("pii:\n  from: e\n  columns:\n    - { column: email, action: scramble }\n"); }),
            "job.yaml:4: steps[0].pii.columns[0].action: unknown action 'scramble' (expected hash, mask, redact or drop)");
  EXPECT_EQ(ErrorOf([&] { Check("pii:\n  from: e\n  columns:\n    - { column: p, action: mask, mask_char: '**' }\n"); }),
            "job.yaml:4: steps[0].pii.columns[0].mask_char: expected one character, got '**'");
  EXPECT_EQ(ErrorOf([&] { Check("pii:\n  from: e\n  columns:\n    - { column: p, action: mask, keep_last: -1 }\n"); }),
            "job.yaml:4: steps[0].pii.columns[0].keep_last: expected a whole number ≥ 0, got '-1'");
  EXPECT_EQ(ErrorOf([&] { Check("pii:\n  from: e\n  columns:\n    - { column: p, action: drop, colour: red }\n"); }),
            "job.yaml:4: unknown key 'steps[0].pii.columns[0].colour' (expected one of column, action, key_secret, "
            "keep_last, mask_char, replacement)");
  EXPECT_EQ(ErrorOf([&] { Check("pii:\n  from: e\n  columns:\n    - { column: p, action: drop }\n    - { column: P, action: drop }\n"); }),
            "job.yaml:5: steps[0].pii.columns[1].column: column 'P' given twice");
  EXPECT_EQ(ErrorOf([&] { Compile("pii:\n  from: input\n  columns:\n    - { column: mail, action: drop }\n"); }),
            "job.yaml:4: steps[0].pii.columns[0].column: the input 'input' has no column 'mail' (its columns: id, email, "
            "phone, ssn, notes)");
  // The secret's absence is the context's error, unchanged.
  EXPECT_EQ(ErrorOf([&] { Compile("pii: { from: input, columns: [ { column: email, action: hash, key_secret: OTHER } ] }"); }),
            "secret 'OTHER' is not set");
}

// ---- normalize_time_zone -------------------------------------------------------------------

TEST_F(BuiltinStepsTest, NormalizeTimeZoneReadsLocalTimesAndWritesUtc) {
  Input("SELECT * FROM (VALUES "
        "(1, TIMESTAMP '2021-06-01 12:00:00', TIMESTAMP '2021-01-01 00:00:00'), "
        "(2, TIMESTAMP '2021-03-14 02:30:00', NULL), "   // in the spring-forward gap
        "(3, TIMESTAMP '2021-11-07 01:30:00', NULL)) "   // in the fall-back overlap
        "AS t(id, ts, other)");
  const std::string sql = Compile("normalize_time_zone: { from: input, zone: America/Los_Angeles, columns: [ts] }");
  EXPECT_EQ(sql,
            R"(SELECT "id", CAST(with_timezone("ts", 'America/Los_Angeles') AT TIME ZONE 'UTC' AS timestamp(6)) AS "ts", "other" FROM "input")");
  EXPECT_EQ(Run(sql + " ORDER BY id"), (Rows{{"1", "2021-06-01 19:00:00.000000", "2021-01-01 00:00:00.000000"},
                                             {"2", "2021-03-14 10:30:00.000000", "NULL"},
                                             {"3", "2021-11-07 08:30:00.000000", "NULL"}}));
  EXPECT_EQ(columns_, (std::vector<std::string>{"id integer", "ts timestamp(6)", "other timestamp(6)"}));
  // Another target zone, two columns, a zone name in any case.
  EXPECT_EQ(Run(Compile("normalize_time_zone: { from: input, zone: america/los_angeles, target_zone: Europe/Paris, "
                        "columns: [ts, other] }") +
                " ORDER BY id"),
            (Rows{{"1", "2021-06-01 21:00:00.000000", "2021-01-01 09:00:00.000000"},
                  {"2", "2021-03-14 11:30:00.000000", "NULL"},
                  {"3", "2021-11-07 09:30:00.000000", "NULL"}}));
}

TEST_F(BuiltinStepsTest, NormalizeTimeZoneTextAndZonedColumns) {
  Input("SELECT * FROM (VALUES ('2021-06-01 12:00:00', with_timezone(TIMESTAMP '2021-06-01 12:00:00', 'Asia/Tokyo'))) "
        "AS t(text_ts, zoned)");
  EXPECT_EQ(Run(Compile("normalize_time_zone: { from: input, zone: '+05:30', columns: [text_ts, zoned] }")),
            (Rows{{"2021-06-01 06:30:00.000000", "2021-06-01 03:00:00.000000"}}));
  EXPECT_EQ(columns_, (std::vector<std::string>{"text_ts timestamp(6)", "zoned timestamp(6)"}));
}

TEST_F(BuiltinStepsTest, NormalizeTimeZoneErrors) {
  EXPECT_EQ(ErrorOf([&] { Check("normalize_time_zone:\n  from: e\n  zone: America/Los_Angles\n  columns: [ts]\n"); }),
            "job.yaml:3: steps[0].normalize_time_zone.zone: unknown time zone 'America/Los_Angles' (expected an IANA "
            "name like America/Los_Angeles, UTC or an offset like +05:30)");
  EXPECT_EQ(ErrorOf([&] { Check("normalize_time_zone:\n  from: e\n  zone: UTC\n  target_zone: Mars/Olympus\n  columns: [ts]\n"); }),
            "job.yaml:4: steps[0].normalize_time_zone.target_zone: unknown time zone 'Mars/Olympus' (expected an IANA "
            "name like America/Los_Angeles, UTC or an offset like +05:30)");
  EXPECT_EQ(ErrorOf([&] { Check("normalize_time_zone:\n  from: e\n  columns: [ts]\n"); }),
            "job.yaml:2: steps[0].normalize_time_zone: missing key 'zone' (the zone the local times were written in)");
  Input("SELECT * FROM (VALUES (1, DATE '2021-01-01')) AS t(id, d)");
  EXPECT_EQ(ErrorOf([&] { Compile("normalize_time_zone:\n  from: input\n  zone: UTC\n  columns:\n    - d\n"); }),
            "job.yaml:5: steps[0].normalize_time_zone.columns[0]: 'd' is date; normalize_time_zone converts timestamp, "
            "timestamp with time zone and varchar columns");
}

}  // namespace
}  // namespace sluice::jobs
