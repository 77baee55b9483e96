// PostgreSQL sources (see postgres_io.h): the result's columns are described first
// (SELECT … LIMIT 0: type OIDs and modifiers), then read as COPY (SELECT …) TO STDOUT
// over one connection per key range, each range streamed in chunks into its own
// Parquet file. The ranges' connections share one snapshot (pg_export_snapshot), so
// that together they read the source as of one moment.

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

#include "core/error.h"
#include "formats/file_writer.h"
#include "io/file.h"
#include "jobs/postgres_copy_text.h"
#include "jobs/postgres_io.h"
#include "jobs/postgres_session.h"
#include "jobs/postgres_statements.h"

namespace sluice::jobs {
namespace {

namespace fs = std::filesystem;

/// A source column as PostgreSQL describes it.
struct SourceColumn {
  std::string name;
  Oid oid = 0;
  int modifier = -1;
};

/// numeric's precision and scale from its type modifier (-1: unconstrained).
void NumericModifier(int modifier, int* precision, int* scale) {
  const int packed = modifier - 4;  // VARHDRSZ
  *precision = (packed >> 16) & 0xffff;
  *scale = ((packed & 0x7ff) ^ 1024) - 1024;  // an 11-bit signed scale since PostgreSQL 15
}

/// The Sluice type of a source column; nullopt for an unconstrained numeric (its
/// scale comes from the data). InvalidArgumentError naming the column otherwise.
std::optional<DataType> SluiceType(const SourceColumn& column, const std::string& type_name) {
  switch (column.oid) {
    case pg_oid::kBool: return DataType::Boolean();
    case pg_oid::kInt2: return DataType::SmallInt();
    case pg_oid::kInt4: return DataType::Integer();
    case pg_oid::kInt8:
    case pg_oid::kOid: return DataType::BigInt();
    case pg_oid::kFloat4: return DataType::Real();
    case pg_oid::kFloat8: return DataType::Double();
    case pg_oid::kText:
    case pg_oid::kVarchar:
    case pg_oid::kBpchar:
    case pg_oid::kChar:
    case pg_oid::kName:
    case pg_oid::kJson:
    case pg_oid::kJsonb:
    case pg_oid::kUuid: return DataType::Varchar();
    case pg_oid::kBytea: return DataType::Varbinary();
    case pg_oid::kDate: return DataType::Date();
    case pg_oid::kTimestamp: return DataType::Timestamp();
    case pg_oid::kTimestampTz: return DataType::TimestampTz();
    case pg_oid::kNumeric: {
      if (column.modifier < 0) return std::nullopt;
      int precision = 0;
      int scale = 0;
      NumericModifier(column.modifier, &precision, &scale);
      if (precision > kMaxDecimalPrecision || scale < 0 || scale > precision) {
        throw InvalidArgumentError("column " + column.name + " is " + type_name +
                                   ", which no decimal(p,s) with p ≤ 38 holds exactly; cast it in a query "
                                   "(e.g. " + QuotePostgresIdentifier(column.name) + "::numeric(38,10))");
      }
      return DataType::Decimal(precision, scale);
    }
    default:
      throw InvalidArgumentError("column " + column.name + " has PostgreSQL type " + type_name +
                                 ", which Sluice does not map; cast it in a query (e.g. " +
                                 QuotePostgresIdentifier(column.name) + "::text)");
  }
}

/// One key range: the SQL condition on the partition column ("" for every row).
struct Range {
  std::string condition;
};

/// A value of the partition column as a number (integers, days, microseconds) and
/// back as an SQL literal of the column's type.
struct KeyCodec {
  DataType type;

  int64_t ToNumber(std::string_view text, const Field& field) const {
    Schema schema({field});
    Chunk chunk(schema.types(), 1);
    CopyTextDecoder(schema).AppendRow(text, &chunk);
    const Vector& vector = chunk.column(0);
    switch (type.id()) {
      case TypeId::kSmallInt: return vector.data<int16_t>()[0];
      case TypeId::kInteger:
      case TypeId::kDate: return vector.data<int32_t>()[0];
      case TypeId::kTimestampTz: return vector.data<TimestampTz>()[0].micros;
      default: return vector.data<int64_t>()[0];
    }
  }

  std::string Literal(int64_t number) const {
    switch (type.id()) {
      case TypeId::kDate: return "'" + PostgresValueText(Value::Date(static_cast<int32_t>(number))) + "'::date";
      case TypeId::kTimestamp: return "'" + PostgresValueText(Value::Timestamp(number)) + "'::timestamp";
      case TypeId::kTimestampTz: return "'" + PostgresValueText(Value::TimestampTz(number, 0)) + "'::timestamptz";
      default: return std::to_string(number);
    }
  }
};

/// Splits [min, max] into at most `partitions` ranges of about equal width. The first
/// range also holds NULL keys, the first and last are open-ended, so that every row is
/// in exactly one range whatever the keys.
std::vector<Range> SplitRanges(const std::string& column, const KeyCodec& codec, int64_t min, int64_t max,
                               int partitions) {
  const __int128 width = static_cast<__int128>(max) - min + 1;
  const int count = static_cast<int>(std::min<__int128>(partitions, width));
  if (count <= 1) return {Range{}};
  std::vector<std::string> bounds;  // bounds[i]: the lower bound of range i + 1
  for (int i = 1; i < count; ++i) {
    bounds.push_back(codec.Literal(static_cast<int64_t>(min + width * i / count)));
  }
  std::vector<Range> ranges;
  ranges.push_back(Range{column + " < " + bounds[0] + " OR " + column + " IS NULL"});
  for (int i = 1; i + 1 < count; ++i) {
    ranges.push_back(Range{column + " >= " + bounds[i - 1] + " AND " + column + " < " + bounds[i]});
  }
  ranges.push_back(Range{column + " >= " + bounds.back()});
  return ranges;
}

/// What one range read.
struct RangeResult {
  uint64_t rows = 0;
  uint64_t bytes = 0;
  bool written = false;
};

/// Reads one range (`sql`, a COPY … TO STDOUT) into `path`: the file is committed when
/// it holds rows, else removed. Stops early when `stop` is set (another range failed).
RangeResult ReadRange(PostgresSession& session, const std::string& sql, const Schema& schema, const std::string& path,
                      const std::atomic<bool>& stop) {
  RangeResult result;
  io::AtomicFileWriter out(path);
  formats::FileWriteOptions options;
  options.format = formats::FileFormat::kParquet;
  std::unique_ptr<formats::Writer> writer = formats::MakeFileWriter(&out, schema, options);
  CopyTextDecoder decoder(schema);
  Chunk chunk(schema.types());
  session.BeginCopyOut(sql);
  std::string_view row;
  while (session.NextCopyRow(&row)) {
    result.bytes += row.size();
    try {
      decoder.AppendRow(row, &chunk);
    } catch (const ConversionError& e) {
      throw ConversionError(std::string(e.what()) + ", in row " + std::to_string(result.rows + 1) + " of " + sql);
    }
    ++result.rows;
    if (chunk.full()) {
      writer->Write(chunk);
      chunk.Reset();
      if (stop.load(std::memory_order_relaxed)) return result;  // another range failed
    }
  }
  if (chunk.size() > 0) writer->Write(chunk);
  writer->Finish();
  if (result.rows > 0) {
    out.Commit();
    result.written = true;
  }
  return result;
}

}  // namespace

PostgresReadResult ReadPostgresSource(const lake::ConnectionConfig& connection, const PostgresSourceOptions& options,
                                      const std::string& folder) {
  if (options.table.empty() == options.query.empty()) {
    throw InvalidArgumentError("a PostgreSQL source needs exactly one of table and query");
  }
  if (options.partitions < 1) throw InvalidArgumentError("a PostgreSQL source's partitions must be at least 1");
  if (!fs::path(folder).is_absolute()) throw InternalError("ReadPostgresSource: the folder must be absolute");
  std::string from;
  std::string what;
  if (!options.table.empty()) {
    PostgresTableName table = ParsePostgresTableName(options.table);
    from = table.Quoted();
    what = "table " + table.ToString();
  } else {
    std::string query = options.query;
    while (!query.empty() && (std::isspace(static_cast<unsigned char>(query.back())) != 0 || query.back() == ';')) {
      query.pop_back();
    }
    from = "(" + query + "\n) AS sluice_source";
    what = "query";
  }

  std::unique_ptr<PostgresSession> session = PostgresSession::Connect(connection);
  session->set_context("source " + what);
  // One snapshot for the description, the bounds and every range.
  session->Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  std::string snapshot;
  if (options.partitions > 1 && !options.partition_column.empty()) {
    try {
      snapshot = std::string(session->Exec("SELECT pg_export_snapshot()").Text(0, 0));
    } catch (const Error&) {
      // A server that cannot export snapshots (a standby of an old version): each
      // range then reads its own snapshot, still every row once if nothing changes.
      session->Exec("ROLLBACK");
      session->Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    }
  }

  // The columns and their types.
  catalog::PgResult described = session->Exec("SELECT * FROM " + from + " LIMIT 0");
  PGresult* raw = described.raw();
  std::vector<SourceColumn> columns;
  std::vector<std::optional<DataType>> types;
  std::vector<std::string> type_names;
  for (int i = 0; i < PQnfields(raw); ++i) {
    SourceColumn column{PQfname(raw, i), PQftype(raw, i), PQfmod(raw, i)};
    for (const SourceColumn& other : columns) {
      if (other.name == column.name) {
        throw InvalidArgumentError("PostgreSQL source " + what + ": column " + column.name +
                                   " appears twice; name the columns apart (AS …)");
      }
    }
    columns.push_back(column);
  }
  {
    std::string sql = "SELECT ";
    for (size_t i = 0; i < columns.size(); ++i) {
      sql += (i ? ", " : "") + std::string("format_type(") + std::to_string(columns[i].oid) + ", " +
             std::to_string(columns[i].modifier) + ")";
    }
    catalog::PgResult names = session->Exec(columns.empty() ? "SELECT 1" : sql);
    for (size_t i = 0; i < columns.size(); ++i) {
      type_names.emplace_back(names.Text(0, static_cast<int>(i)));
      types.push_back(SluiceType(columns[i], type_names.back()));
    }
  }
  // Unconstrained numerics: decimal(38, s) with s the largest scale in the data.
  {
    std::string sql;
    std::vector<size_t> open;
    for (size_t i = 0; i < columns.size(); ++i) {
      if (types[i].has_value()) continue;
      sql += (sql.empty() ? "" : ", ") + std::string("max(scale(") + QuotePostgresIdentifier(columns[i].name) + "))";
      open.push_back(i);
    }
    if (!open.empty()) {
      catalog::PgResult scales = session->Exec("SELECT " + sql + " FROM " + from);
      for (size_t k = 0; k < open.size(); ++k) {
        const int64_t scale = scales.Int(0, static_cast<int>(k));
        if (scale > kMaxDecimalPrecision) {
          throw InvalidArgumentError("PostgreSQL source " + what + ": column " + columns[open[k]].name +
                                     " (numeric) holds values with " + std::to_string(scale) +
                                     " fractional digits, more than a decimal(38,s) holds; cast it in a query");
        }
        types[open[k]] = DataType::Decimal(kMaxDecimalPrecision, static_cast<int>(scale));
      }
    }
  }
  Schema schema;
  for (size_t i = 0; i < columns.size(); ++i) schema.AddField(Field{columns[i].name, *types[i], true});

  // The ranges.
  std::vector<Range> ranges{Range{}};
  if (!options.partition_column.empty()) {
    int index = schema.FindField(options.partition_column);
    if (index < 0) {
      throw InvalidArgumentError("PostgreSQL source " + what + ": partition_column " + options.partition_column +
                                 " is not one of its columns");
    }
    const Field& field = schema.field(static_cast<size_t>(index));
    const TypeId id = field.type.id();
    if (!field.type.is_integer() && id != TypeId::kDate && id != TypeId::kTimestamp && id != TypeId::kTimestampTz) {
      throw InvalidArgumentError("PostgreSQL source " + what + ": partition_column " + field.name + " is " +
                                 type_names[static_cast<size_t>(index)] +
                                 "; split on an integer, date or timestamp column");
    }
    if (options.partitions > 1) {
      const std::string quoted = QuotePostgresIdentifier(field.name);
      catalog::PgResult bounds = session->Exec("SELECT min(" + quoted + "), max(" + quoted + ") FROM " + from);
      if (!bounds.IsNull(0, 0)) {
        KeyCodec codec{field.type};
        ranges = SplitRanges(quoted, codec, codec.ToNumber(bounds.Text(0, 0), field),
                             codec.ToNumber(bounds.Text(0, 1), field), options.partitions);
      }
    }
  }

  std::error_code error;
  fs::create_directories(folder, error);
  if (error) throw IOError("cannot create " + folder + ": " + error.message());

  // Every range on its own connection and thread (the first on this one).
  std::vector<RangeResult> results(ranges.size());
  std::vector<std::string> paths(ranges.size());
  std::vector<std::exception_ptr> errors(ranges.size());
  std::atomic<bool> stop{false};
  auto run = [&](size_t i, PostgresSession* own) {
    try {
      std::unique_ptr<PostgresSession> opened;
      PostgresSession* range_session = own;
      if (range_session == nullptr) {
        opened = PostgresSession::Connect(connection);
        opened->set_context("source " + what + ", range " + std::to_string(i + 1));
        opened->Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        if (!snapshot.empty()) opened->Exec("SET TRANSACTION SNAPSHOT " + std::string("'") + snapshot + "'");
        range_session = opened.get();
      }
      char name[32];
      std::snprintf(name, sizeof(name), "part-%05zu.parquet", i);
      paths[i] = (fs::path(folder) / name).string();
      const std::string sql = "COPY (SELECT * FROM " + from +
                              (ranges[i].condition.empty() ? "" : " WHERE " + ranges[i].condition) + ") TO STDOUT";
      results[i] = ReadRange(*range_session, sql, schema, paths[i], stop);
    } catch (...) {
      errors[i] = std::current_exception();
      stop = true;
    }
  };
  std::vector<std::thread> threads;
  for (size_t i = 1; i < ranges.size(); ++i) threads.emplace_back(run, i, nullptr);
  run(0, session.get());
  for (std::thread& thread : threads) thread.join();

  PostgresReadResult result;
  result.schema = schema;
  for (size_t i = 0; i < ranges.size(); ++i) {
    if (errors[i] != nullptr) {
      for (size_t k = 0; k < ranges.size(); ++k) {
        if (results[k].written) fs::remove(paths[k], error);
      }
      std::rethrow_exception(errors[i]);
    }
  }
  for (size_t i = 0; i < ranges.size(); ++i) {
    result.rows += results[i].rows;
    result.bytes += results[i].bytes;
    if (results[i].written) result.files.push_back(paths[i]);
  }
  if (result.files.empty()) {
    // No rows at all: one empty file, so that readers see the columns.
    const std::string path = (fs::path(folder) / "part-00000.parquet").string();
    io::AtomicFileWriter out(path);
    formats::FileWriteOptions write_options;
    std::unique_ptr<formats::Writer> writer = formats::MakeFileWriter(&out, schema, write_options);
    writer->Finish();
    out.Commit();
    result.files.push_back(path);
  }
  session->Exec("COMMIT");
  return result;
}

}  // namespace sluice::jobs
