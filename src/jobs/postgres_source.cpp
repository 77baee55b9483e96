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

/// One ReadPostgresSource call: the source as SQL, the session that describes it and
/// reads the first range, and what the later steps need.
class SourceRead {
 public:
  SourceRead(const lake::ConnectionConfig& connection, const PostgresSourceOptions& options, std::string folder)
      : connection_(connection), options_(options), folder_(std::move(folder)) {}

  PostgresReadResult Run() {
    Open();
    Describe();
    PlanRanges();
    std::error_code error;
    fs::create_directories(folder_, error);
    if (error) throw IOError("cannot create " + folder_ + ": " + error.message());
    PostgresReadResult result = ReadRanges();
    session_->Exec("COMMIT");
    return result;
  }

 private:
  /// "FROM" text of the source and its name for messages; connects and starts the
  /// transaction whose snapshot every range reads.
  void Open();
  /// The columns, their PostgreSQL type names and Sluice types (schema_).
  void Describe();
  /// Unconstrained numerics: decimal(38, s) with s the largest scale in the data.
  void ResolveNumericScales(std::vector<std::optional<DataType>>* types);
  void PlanRanges();
  /// Every range on its own connection and thread (the first on session_).
  PostgresReadResult ReadRanges();
  void ReadOneRange(size_t i, PostgresSession* own);
  /// An empty Parquet file with the columns (a source without rows).
  std::string WriteEmptyFile() const;

  [[noreturn]] void Refuse(const std::string& message) const {
    throw InvalidArgumentError("PostgreSQL source " + what_ + ": " + message);
  }

  const lake::ConnectionConfig& connection_;
  const PostgresSourceOptions& options_;
  const std::string folder_;
  std::string from_;
  std::string what_;
  std::unique_ptr<PostgresSession> session_;
  std::string snapshot_;  ///< pg_export_snapshot() of session_'s transaction, or "".
  std::vector<SourceColumn> columns_;
  std::vector<std::string> type_names_;
  Schema schema_;
  std::vector<Range> ranges_{Range{}};
  // Per range, filled by its thread.
  std::vector<RangeResult> results_;
  std::vector<std::string> paths_;
  std::vector<std::exception_ptr> errors_;
  std::atomic<bool> stop_{false};
};

void SourceRead::Open() {
  if (options_.table.empty() == options_.query.empty()) {
    throw InvalidArgumentError("a PostgreSQL source needs exactly one of table and query");
  }
  if (options_.partitions < 1) throw InvalidArgumentError("a PostgreSQL source's partitions must be at least 1");
  if (!fs::path(folder_).is_absolute()) throw InternalError("ReadPostgresSource: the folder must be absolute");
  if (!options_.table.empty()) {
    PostgresTableName table = ParsePostgresTableName(options_.table);
    from_ = table.Quoted();
    what_ = "table " + table.ToString();
  } else {
    std::string query = options_.query;
    while (!query.empty() && (std::isspace(static_cast<unsigned char>(query.back())) != 0 || query.back() == ';')) {
      query.pop_back();
    }
    from_ = "(" + query + "\n) AS sluice_source";
    what_ = "query";
  }
  session_ = PostgresSession::Connect(connection_);
  session_->set_context("source " + what_);
  // One snapshot for the description, the bounds and every range.
  session_->Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  if (options_.partitions > 1 && !options_.partition_column.empty()) {
    try {
      snapshot_ = std::string(session_->Exec("SELECT pg_export_snapshot()").Text(0, 0));
    } catch (const Error&) {
      // A server that cannot export snapshots (a standby of an old version): each
      // range then reads its own snapshot, still every row once if nothing changes.
      session_->Exec("ROLLBACK");
      session_->Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    }
  }
}

void SourceRead::Describe() {
  catalog::PgResult described = session_->Exec("SELECT * FROM " + from_ + " LIMIT 0");
  PGresult* raw = described.raw();
  for (int i = 0; i < PQnfields(raw); ++i) {
    SourceColumn column{PQfname(raw, i), PQftype(raw, i), PQfmod(raw, i)};
    for (const SourceColumn& other : columns_) {
      if (other.name == column.name) Refuse("column " + column.name + " appears twice; name the columns apart (AS …)");
    }
    columns_.push_back(column);
  }
  std::string sql = "SELECT 1";
  for (const SourceColumn& column : columns_) {
    sql += ", format_type(" + std::to_string(column.oid) + ", " + std::to_string(column.modifier) + ")";
  }
  catalog::PgResult names = session_->Exec(sql);
  std::vector<std::optional<DataType>> types;
  for (size_t i = 0; i < columns_.size(); ++i) {
    type_names_.emplace_back(names.Text(0, static_cast<int>(i) + 1));
    types.push_back(SluiceType(columns_[i], type_names_.back()));
  }
  ResolveNumericScales(&types);
  for (size_t i = 0; i < columns_.size(); ++i) schema_.AddField(Field{columns_[i].name, *types[i], true});
}

void SourceRead::ResolveNumericScales(std::vector<std::optional<DataType>>* types) {
  std::string sql;
  std::vector<size_t> open;
  for (size_t i = 0; i < columns_.size(); ++i) {
    if ((*types)[i].has_value()) continue;
    sql += (sql.empty() ? "" : ", ") + std::string("max(scale(") + QuotePostgresIdentifier(columns_[i].name) + "))";
    open.push_back(i);
  }
  if (open.empty()) return;
  catalog::PgResult scales = session_->Exec("SELECT " + sql + " FROM " + from_);
  for (size_t k = 0; k < open.size(); ++k) {
    const int64_t scale = scales.Int(0, static_cast<int>(k));  // NULL (no values): 0
    if (scale > kMaxDecimalPrecision) {
      Refuse("column " + columns_[open[k]].name + " (numeric) holds values with " + std::to_string(scale) +
             " fractional digits, more than a decimal(38,s) holds; cast it in a query");
    }
    (*types)[open[k]] = DataType::Decimal(kMaxDecimalPrecision, static_cast<int>(scale));
  }
}

void SourceRead::PlanRanges() {
  if (options_.partition_column.empty()) return;
  const int index = schema_.FindField(options_.partition_column);
  if (index < 0) Refuse("partition_column " + options_.partition_column + " is not one of its columns");
  const Field& field = schema_.field(static_cast<size_t>(index));
  const TypeId id = field.type.id();
  if (!field.type.is_integer() && id != TypeId::kDate && id != TypeId::kTimestamp && id != TypeId::kTimestampTz) {
    Refuse("partition_column " + field.name + " is " + type_names_[static_cast<size_t>(index)] +
           "; split on an integer, date or timestamp column");
  }
  if (options_.partitions <= 1) return;
  const std::string quoted = QuotePostgresIdentifier(field.name);
  catalog::PgResult bounds = session_->Exec("SELECT min(" + quoted + "), max(" + quoted + ") FROM " + from_);
  if (bounds.IsNull(0, 0)) return;  // no keys: one range
  KeyCodec codec{field.type};
  ranges_ = SplitRanges(quoted, codec, codec.ToNumber(bounds.Text(0, 0), field), codec.ToNumber(bounds.Text(0, 1), field),
                        options_.partitions);
}

void SourceRead::ReadOneRange(size_t i, PostgresSession* own) {
  try {
    std::unique_ptr<PostgresSession> opened;
    PostgresSession* session = own;
    if (session == nullptr) {
      opened = PostgresSession::Connect(connection_);
      opened->set_context("source " + what_ + ", range " + std::to_string(i + 1));
      opened->Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      // The snapshot id is PostgreSQL's own text (hex digits and dashes).
      if (!snapshot_.empty()) opened->Exec("SET TRANSACTION SNAPSHOT '" + snapshot_ + "'");
      session = opened.get();
    }
    char name[32];
    std::snprintf(name, sizeof(name), "part-%05zu.parquet", i);
    paths_[i] = (fs::path(folder_) / name).string();
    const std::string& condition = ranges_[i].condition;
    const std::string sql =
        "COPY (SELECT * FROM " + from_ + (condition.empty() ? "" : " WHERE " + condition) + ") TO STDOUT";
    results_[i] = ReadRange(*session, sql, schema_, paths_[i], stop_);
  } catch (...) {
    errors_[i] = std::current_exception();
    stop_ = true;
  }
}

PostgresReadResult SourceRead::ReadRanges() {
  results_.resize(ranges_.size());
  paths_.resize(ranges_.size());
  errors_.resize(ranges_.size());
  std::vector<std::thread> threads;
  for (size_t i = 1; i < ranges_.size(); ++i) threads.emplace_back([this, i] { ReadOneRange(i, nullptr); });
  ReadOneRange(0, session_.get());
  for (std::thread& thread : threads) thread.join();

  for (const std::exception_ptr& error : errors_) {
    if (error == nullptr) continue;
    std::error_code ignored;
    for (size_t k = 0; k < ranges_.size(); ++k) {
      if (results_[k].written) fs::remove(paths_[k], ignored);
    }
    std::rethrow_exception(error);
  }
  PostgresReadResult result;
  result.schema = schema_;
  for (size_t i = 0; i < ranges_.size(); ++i) {
    result.rows += results_[i].rows;
    result.bytes += results_[i].bytes;
    if (results_[i].written) result.files.push_back(paths_[i]);
  }
  if (result.files.empty()) result.files.push_back(WriteEmptyFile());
  return result;
}

std::string SourceRead::WriteEmptyFile() const {
  const std::string path = (fs::path(folder_) / "part-00000.parquet").string();
  io::AtomicFileWriter out(path);
  std::unique_ptr<formats::Writer> writer = formats::MakeFileWriter(&out, schema_, formats::FileWriteOptions{});
  writer->Finish();
  out.Commit();
  return path;
}

}  // namespace

PostgresReadResult ReadPostgresSource(const lake::ConnectionConfig& connection, const PostgresSourceOptions& options,
                                      const std::string& folder) {
  return SourceRead(connection, options, folder).Run();
}

}  // namespace sluice::jobs
