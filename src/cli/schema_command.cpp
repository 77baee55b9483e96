// `sluice schema FILE`: what Sluice sees in a file — format, compression, CSV dialect,
// header decision and the inferred schema.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "formats/csv/reader.h"
#include "formats/json/reader.h"
#include "formats/parquet/reader.h"

namespace sluice::cli {

namespace {

std::string ShowByte(char c) {
  switch (c) {
    case '\0': return "none";
    case '\t': return "tab";
    case '\\': return "'\\'";
    default: return std::string("'") + c + "'";
  }
}

std::string ShowNulls(const std::vector<std::string>& nulls) {
  std::string out;
  for (const std::string& n : nulls) {
    if (!out.empty()) out += ", ";
    out += n.empty() ? "(empty field)" : "'" + n + "'";
  }
  return out.empty() ? "(none)" : out;
}

void PrintSchema(const Schema& schema) {
  size_t width = 4;
  for (const Field& f : schema.fields()) width = std::max(width, f.name.size());
  std::printf("columns:\n");
  for (size_t i = 0; i < schema.num_fields(); ++i) {
    const Field& f = schema.field(i);
    std::printf("  %3zu  %-*s  %s%s\n", i + 1, static_cast<int>(width), f.name.c_str(),
                f.type.ToString().c_str(), f.nullable ? "" : " not null");
  }
}

}  // namespace

void RegisterSchemaCommand(CLI::App* parent, SchemaCommand* command) {
  CLI::App* app = parent->add_subcommand("schema", "Show a file's detected format, dialect and schema");
  command->app = app;
  app->add_option("file", command->input,
                  "CSV or JSON-lines file (gzip/zstd/bzip2 too), or a Parquet file")
      ->required();
  app->add_option("--from", command->from,
                  "Input format: csv, json or parquet (default: detect)");
  command->flags.AddReadFlags(app);
  app->footer(
      "Examples:\n"
      "  sluice schema events.csv.gz\n"
      "  sluice schema unload_0000_part_00 --preset redshift-unload\n"
      "  sluice schema data.tbl --delimiter '|' --no-header\n"
      "  sluice schema lineitem.parquet   (row groups, codecs, encodings, statistics)");
}

int RunSchemaCommand(const SchemaCommand& command) {
  FileFormat format = command.from.empty() ? DetectInputFormat(command.input)
                                           : ParseFileFormat(command.from);
  if (format == FileFormat::kParquet) {
    std::fputs(parquet::DescribeParquetFile(*parquet::ParquetFile::Open(command.input)).c_str(),
               stdout);
    return 0;
  }
  std::printf("file:         %s\n", command.input.c_str());
  if (format == FileFormat::kCsv) {
    csv::SniffResult sniff = csv::Sniff(command.input, command.flags.CsvReadOptions());
    const csv::Dialect& d = sniff.dialect;
    std::printf("format:       csv\n");
    std::printf("compression:  %s\n", std::string(io::CompressionName(sniff.compression)).c_str());
    std::printf("delimiter:    %s\n", ShowByte(d.delimiter).c_str());
    std::printf("quote:        %s\n", ShowByte(d.quote).c_str());
    std::string escape;
    switch (d.escape_mode) {
      case csv::EscapeMode::kDoubledQuote: escape = "doubled quote (RFC 4180)"; break;
      case csv::EscapeMode::kEscapeChar:
        escape = ShowByte(d.escape) + " before any byte, inside or outside quotes";
        break;
      case csv::EscapeMode::kNone: escape = "none"; break;
    }
    std::printf("escape:       %s\n", escape.c_str());
    std::printf("null:         %s%s\n", ShowNulls(d.null_strings).c_str(),
                d.null_if_quoted ? " (bare or quoted)" : "");
    std::printf("header:       %s%s%s\n", sniff.header ? "yes" : "no",
                sniff.header_reason.empty() ? "" : " — ", sniff.header_reason.c_str());
    if (d.skip_rows > 0) std::printf("skip rows:    %zu\n", d.skip_rows);
    if (!d.comment.empty()) std::printf("comment:      '%s'\n", d.comment.c_str());
    std::printf("rows sampled: %zu\n", sniff.rows_sampled);
    PrintSchema(sniff.schema);
    for (const std::string& note : sniff.notes) std::printf("note: %s\n", note.c_str());
  } else {
    json::InferResult inferred = json::InferSchema(command.input, command.flags.JsonReadOptions());
    std::printf("format:       json lines\n");
    std::printf("rows sampled: %zu\n", inferred.rows_sampled);
    PrintSchema(inferred.schema);
    for (const std::string& note : inferred.notes) std::printf("note: %s\n", note.c_str());
  }
  return 0;
}

}  // namespace sluice::cli
