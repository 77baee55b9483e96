// `sluice convert INPUT OUTPUT`: reads CSV or JSON lines and writes CSV or JSON lines,
// atomically (the output appears whole or not at all), reporting rows read, rejected
// and nulled.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/progress.h"
#include "core/chunk.h"
#include "core/error.h"
#include "formats/csv/reader.h"
#include "formats/csv/writer.h"
#include "formats/format.h"
#include "formats/json/reader.h"
#include "formats/json/writer.h"
#include "io/compression.h"
#include "io/file.h"

namespace sluice::cli {

namespace {

/// Most restarts a conversion makes after type widening before giving up (each one
/// widens at least one column, so this is never reached in practice).
constexpr int kMaxRestarts = 8;

std::string WithThousands(uint64_t value) {
  std::string digits = std::to_string(value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

struct Plan {
  FileFormat from;
  FileFormat to;
  io::Compression compression;
};

Plan MakePlan(const ConvertCommand& command) {
  Plan plan;
  plan.from = command.from.empty() ? DetectInputFormat(command.input)
                                   : ParseFileFormat(command.from);
  if (!command.to.empty()) {
    plan.to = ParseFileFormat(command.to);
  } else if (auto by_name = FormatFromExtension(command.output)) {
    plan.to = *by_name;
  } else {
    throw InvalidArgumentError("cannot tell the output format from '" + command.output +
                               "': add --to csv or --to json");
  }
  plan.compression = io::ParseCompression(command.compression);
  if (plan.compression == io::Compression::kAuto) {
    plan.compression = command.output == "-" ? io::Compression::kNone
                                             : io::CompressionFromPath(command.output);
  }
  return plan;
}

std::unique_ptr<formats::Reader> OpenInput(const ConvertCommand& command, const Plan& plan,
                                           const Schema* final_schema) {
  if (plan.from == FileFormat::kCsv) {
    csv::ReadOptions options = command.flags.CsvReadOptions();
    if (final_schema != nullptr) {
      options.column_types.clear();
      for (const Field& f : final_schema->fields()) options.column_types.emplace_back(f.name, f.type);
    }
    return csv::OpenReader(command.input, options);
  }
  json::ReadOptions options = command.flags.JsonReadOptions();
  if (final_schema != nullptr) {
    // Keys first seen after the sample are columns too: name them all, in order.
    options.columns.clear();
    for (const Field& f : final_schema->fields()) options.columns.push_back(f.name);
    options.column_types.clear();
    for (const Field& f : final_schema->fields()) options.column_types.emplace_back(f.name, f.type);
  }
  return json::OpenReader(command.input, options);
}

std::unique_ptr<formats::Writer> MakeOutput(const ConvertCommand& command, const Plan& plan,
                                            io::OutputStream* sink, const Schema& schema) {
  if (plan.to == FileFormat::kJson) return json::MakeWriter(sink, schema, json::WriteOptions{});
  csv::WriteOptions options;
  csv::Dialect base = command.flags.CsvDialectFromReadFlags();
  if (plan.from == FileFormat::kCsv) {
    base = csv::Sniff(command.input, command.flags.CsvReadOptions()).dialect;
  }
  options.dialect = command.flags.CsvWriteDialect(base);
  return csv::MakeWriter(sink, schema, options);
}

}  // namespace

void RegisterConvertCommand(CLI::App* parent, ConvertCommand* command) {
  CLI::App* app = parent->add_subcommand(
      "convert", "Convert between CSV dialects and JSON lines (output written atomically)");
  command->app = app;
  app->add_option("input", command->input, "Input file (gzip/zstd/bzip2 detected)")->required();
  app->add_option("output", command->output, "Output file, or - for stdout")->required();
  app->add_option("--from", command->from, "Input format: csv or json (default: detect)");
  app->add_option("--to", command->to, "Output format: csv or json (default: by extension)");
  app->add_option("--compression", command->compression,
                  "Output compression: auto (by extension), none, gzip, zstd, bzip2");
  app->add_option("--compression-level", command->compression_level,
                  "Codec level (0: the codec's default)");
  app->add_flag("--quiet,-q", command->quiet, "Print no summary");
  command->flags.AddReadFlags(app);
  command->flags.AddWriteFlags(app);
  app->footer(
      "CSV flags (--preset, --delimiter, ...) describe the CSV side; when both sides are\n"
      "CSV they describe the input and --out-* flags the output (default: same dialect).\n"
      "Examples:\n"
      "  sluice convert unload_0000_part_00.gz events.jsonl --preset redshift-unload\n"
      "  sluice convert events.jsonl events.csv --preset redshift-unload\n"
      "  sluice convert dirty.csv clean.csv --on-error skip --rejects rejects.jsonl\n"
      "  sluice convert lineitem.tbl lineitem.csv.zst --delimiter '|' --out-delimiter ,");
}

int RunConvertCommand(const ConvertCommand& command) {
  Plan plan = MakePlan(command);
  io::AtomicFileWriter file(command.output);
  std::unique_ptr<Schema> final_schema;
  std::unique_ptr<formats::Reader> reader;
  uint64_t rows = 0;
  Progress progress("converting " + command.input);
  for (int attempt = 0;; ++attempt) {
    reader = OpenInput(command, plan, final_schema.get());
    auto sink = io::MakeCompressingStream(&file, plan.compression, command.compression_level);
    auto writer = MakeOutput(command, plan, sink.get(), reader->schema());
    Chunk chunk;
    rows = 0;
    bool restart = false;
    while (reader->Next(&chunk)) {
      if (reader->schema_widened()) {
        // Rows already written have the old columns and types (a JSON value's type, a
        // CSV row's field count): start over with the widened schema.
        restart = true;
        break;
      }
      writer->Write(chunk);
      rows += chunk.size();
      progress.Update(rows, reader->stats().bytes_read);
    }
    if (restart && attempt < kMaxRestarts) {
      // Drain to learn every widening at once, then write again with the final types.
      while (reader->Next(&chunk)) {
      }
      final_schema = std::make_unique<Schema>(reader->schema());
      for (const std::string& notice : reader->stats().notices) {
        std::fprintf(stderr, "note: %s\n", notice.c_str());
      }
      if (!command.quiet) {
        std::fprintf(stderr, "note: restarting the conversion with the widened types\n");
      }
      file.Truncate();
      continue;
    }
    if (restart) throw InternalError("types kept widening after " + std::to_string(kMaxRestarts) + " restarts");
    writer->Finish();
    sink->Finish();
    break;
  }
  file.Commit();
  progress.Done();
  const formats::ReadStats& stats = reader->stats();
  if (!command.quiet) {
    for (const std::string& notice : stats.notices) std::fprintf(stderr, "note: %s\n", notice.c_str());
    double seconds = progress.elapsed_seconds();
    std::fprintf(stderr,
                 "sluice: converted %s rows from %s (%s) to %s (%s) in %.2f s (%.1f MB/s); "
                 "%s rejected, %s nulled",
                 WithThousands(rows).c_str(), command.input.c_str(), FileFormatName(plan.from),
                 command.output.c_str(), FileFormatName(plan.to), seconds,
                 seconds > 0 ? static_cast<double>(stats.bytes_read) / 1e6 / seconds : 0.0,
                 WithThousands(stats.rows_rejected).c_str(),
                 WithThousands(stats.rows_nulled).c_str());
    if (stats.rows_rejected > 0 && !command.flags.rejects.empty()) {
      std::fprintf(stderr, " (rejected rows in %s)", command.flags.rejects.c_str());
    }
    std::fprintf(stderr, "\n");
  }
  return 0;
}

}  // namespace sluice::cli
