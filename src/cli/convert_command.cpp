// `sluice convert INPUT OUTPUT`: reads CSV, JSON lines or Parquet and writes any of
// them, atomically (the output appears whole or not at all), reporting rows read,
// rejected and nulled. With --partition-by the output is a Hive-style folder tree.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <vector>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/progress.h"
#include "core/chunk.h"
#include "core/error.h"
#include "formats/csv/reader.h"
#include "formats/file_writer.h"
#include "formats/format.h"
#include "formats/hive_partitioning.h"
#include "formats/json/reader.h"
#include "formats/parquet/codec.h"
#include "formats/parquet/reader.h"
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
  io::Compression compression = io::Compression::kNone;  ///< Text outputs.
  parquet::Codec codec = parquet::Codec::kSnappy;         ///< Parquet output.
  std::vector<std::string> partition_by;
};

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string item = text.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(item);
    start = comma + 1;
  }
  return out;
}

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
                               "': add --to csv, --to json or --to parquet");
  }
  plan.partition_by = SplitList(command.partition_by);
  if (!plan.partition_by.empty() && command.output == "-") {
    throw InvalidArgumentError("--partition-by writes a folder tree: give a folder, not -");
  }
  if (plan.from == FileFormat::kParquet && command.input == "-") {
    throw InvalidArgumentError("Parquet input must be a file (its footer is at the end)");
  }
  if (plan.to == FileFormat::kParquet) {
    if (command.output == "-") {
      throw InvalidArgumentError("Parquet output must be a file or folder, not -");
    }
    if (command.compression != "auto") plan.codec = parquet::ParseCodec(command.compression);
    return plan;
  }
  if (command.row_group_size != 0 || command.row_group_bytes != 0 || command.page_size != 0) {
    throw InvalidArgumentError(
        "--row-group-size, --row-group-bytes and --page-size apply to Parquet output only");
  }
  plan.compression = io::ParseCompression(command.compression);
  if (plan.compression == io::Compression::kAuto) {
    plan.compression = command.output == "-" || !plan.partition_by.empty()
                           ? io::Compression::kNone
                           : io::CompressionFromPath(command.output);
  }
  return plan;
}

std::unique_ptr<formats::Reader> OpenInput(const ConvertCommand& command, const Plan& plan,
                                           const Schema* final_schema) {
  if (plan.from == FileFormat::kParquet) {
    return parquet::OpenParquetReader(command.input, parquet::ParquetReadOptions{});
  }
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

/// How each output file is written (the CSV dialect of a CSV input is sniffed, so
/// the output keeps it unless --out-* flags say otherwise).
formats::FileWriteOptions MakeWriteOptions(const ConvertCommand& command, const Plan& plan) {
  formats::FileWriteOptions options;
  options.format = plan.to;
  options.compression = plan.compression;
  options.compression_level = command.compression_level;
  if (plan.to == FileFormat::kParquet) {
    options.parquet.codec = plan.codec;
    options.parquet.compression_level = command.compression_level;
    if (command.row_group_size != 0) options.parquet.row_group_rows = command.row_group_size;
    if (command.row_group_bytes != 0) options.parquet.row_group_bytes = command.row_group_bytes;
    if (command.page_size != 0) options.parquet.page_bytes = static_cast<size_t>(command.page_size);
    options.parquet.writer_version = command.parquet_version;
    options.parquet.created_by = std::string("sluice version ") + SLUICE_VERSION;
  } else if (plan.to == FileFormat::kCsv) {
    csv::Dialect base = command.flags.CsvDialectFromReadFlags();
    if (plan.from == FileFormat::kCsv) {
      base = csv::Sniff(command.input, command.flags.CsvReadOptions()).dialect;
    }
    options.csv.dialect = command.flags.CsvWriteDialect(base);
  }
  return options;
}

/// Where the rows go: one file written atomically, or a Hive-style partitioned tree.
class Destination {
 public:
  Destination(const ConvertCommand& command, const Plan& plan)
      : command_(command), plan_(plan) {
    if (plan.partition_by.empty()) file_ = std::make_unique<io::AtomicFileWriter>(command.output);
  }

  /// A fresh writer for `schema`, dropping whatever an earlier writer wrote.
  formats::Writer& Start(const Schema& schema) {
    const bool restart = writer_ != nullptr;
    writer_.reset();  // an unfinished partitioned writer removes its staged files
    if (file_ == nullptr) {
      formats::PartitionedWriteOptions options;
      options.root = command_.output;
      options.partition_by = plan_.partition_by;
      formats::FileWriteOptions write = MakeWriteOptions(command_, plan_);
      options.extension = formats::DataFileExtension(write);
      auto partitioned = std::make_unique<formats::HivePartitionedWriter>(
          schema, options, [write](io::OutputStream* out, const Schema& data_schema) {
            return formats::MakeFileWriter(out, data_schema, write);
          });
      partitioned_ = partitioned.get();
      writer_ = std::move(partitioned);
    } else {
      if (restart) file_->Truncate();
      writer_ = formats::MakeFileWriter(file_.get(), schema, MakeWriteOptions(command_, plan_));
    }
    return *writer_;
  }

  void Commit() {
    writer_->Finish();
    if (file_ != nullptr) file_->Commit();
  }

  /// For the summary: "N files in M partitions under DIR" or the file name.
  std::string Describe() const {
    if (partitioned_ == nullptr) return command_.output;
    return WithThousands(partitioned_->files().size()) + " files in " +
           WithThousands(partitioned_->partitions().size()) + " partitions under " +
           command_.output;
  }

 private:
  const ConvertCommand& command_;
  const Plan& plan_;
  std::unique_ptr<io::AtomicFileWriter> file_;
  std::unique_ptr<formats::Writer> writer_;
  formats::HivePartitionedWriter* partitioned_ = nullptr;
};

}  // namespace

void RegisterConvertCommand(CLI::App* parent, ConvertCommand* command) {
  CLI::App* app = parent->add_subcommand(
      "convert",
      "Convert between CSV dialects, JSON lines and Parquet (output written atomically)");
  command->app = app;
  app->add_option("input", command->input, "Input file (gzip/zstd/bzip2 detected)")->required();
  app->add_option("output", command->output, "Output file, or - for stdout")->required();
  app->add_option("--from", command->from,
                  "Input format: csv, json or parquet (default: detect)");
  app->add_option("--to", command->to,
                  "Output format: csv, json or parquet (default: by extension)");
  app->add_option("--compression", command->compression,
                  "Text output: auto (by extension), none, gzip, zstd, bzip2. Parquet codec: "
                  "snappy (default), zstd, gzip, lz4_raw, brotli, none");
  app->add_option("--compression-level", command->compression_level,
                  "Codec level (0: the codec's default)");
  app->add_option("--row-group-size", command->row_group_size,
                  "Parquet rows per row group (default 122880)")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 40));
  app->add_option("--row-group-bytes", command->row_group_bytes,
                  "Parquet: end a row group once its buffered data reaches this many bytes "
                  "(default 128 MiB; bounds the writer's memory)")
      ->check(CLI::Range(int64_t{1} << 16, int64_t{1} << 34));
  app->add_option("--page-size", command->page_size,
                  "Parquet: target uncompressed bytes per data page (default 1 MiB)")
      ->check(CLI::Range(int64_t{1} << 10, int64_t{1} << 30));
  app->add_option("--parquet-version", command->parquet_version,
                  "Parquet writer version: 1 (PLAIN and dictionary encodings, read by every "
                  "engine; default) or 2 (also DELTA encodings)")
      ->check(CLI::Range(1, 2));
  app->add_option("--partition-by", command->partition_by,
                  "COL[,COL...]: write OUTPUT as a Hive-style folder tree col=value/...");
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
      "  sluice convert lineitem.tbl lineitem.csv.zst --delimiter '|' --out-delimiter ,\n"
      "  sluice convert lineitem.tbl lineitem.parquet --compression zstd\n"
      "  sluice convert events.jsonl events/ --to parquet --partition-by event_date");
}

int RunConvertCommand(const ConvertCommand& command) {
  Plan plan = MakePlan(command);
  Destination destination(command, plan);
  std::unique_ptr<Schema> final_schema;
  std::unique_ptr<formats::Reader> reader;
  uint64_t rows = 0;
  Progress progress("converting " + command.input);
  for (int attempt = 0;; ++attempt) {
    reader = OpenInput(command, plan, final_schema.get());
    formats::Writer& writer = destination.Start(reader->schema());
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
      writer.Write(chunk);
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
      continue;
    }
    if (restart) throw InternalError("types kept widening after " + std::to_string(kMaxRestarts) + " restarts");
    destination.Commit();
    break;
  }
  progress.Done();
  const formats::ReadStats& stats = reader->stats();
  if (!command.quiet) {
    for (const std::string& notice : stats.notices) std::fprintf(stderr, "note: %s\n", notice.c_str());
    double seconds = progress.elapsed_seconds();
    std::fprintf(stderr,
                 "sluice: converted %s rows from %s (%s) to %s (%s) in %.2f s (%.1f MB/s); "
                 "%s rejected, %s nulled",
                 WithThousands(rows).c_str(), command.input.c_str(), FileFormatName(plan.from),
                 destination.Describe().c_str(), FileFormatName(plan.to), seconds,
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
