// PostgreSQL loads (see postgres_io.h): one transaction per target, rows through COPY
// text, the mode applied before COMMIT. ReadPostgresSource is in postgres_source.cpp.

#include "jobs/postgres_io.h"

#include <algorithm>
#include <optional>
#include <set>

#include "core/error.h"
#include "jobs/postgres_copy_text.h"
#include "jobs/postgres_session.h"
#include "jobs/postgres_statements.h"

namespace sluice::jobs {
namespace {

/// COPY data is sent in pieces of about this size.
constexpr size_t kCopyBufferBytes = 1 << 20;

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string ModeName(PostgresTargetOptions::Mode mode) {
  switch (mode) {
    case PostgresTargetOptions::Mode::kAppend: return "append";
    case PostgresTargetOptions::Mode::kTruncateInsert: return "truncate_insert";
    case PostgresTargetOptions::Mode::kUpsert: return "upsert";
    case PostgresTargetOptions::Mode::kReplaceWhere: return "replace_where";
  }
  return "append";
}

/// A column of the existing table.
struct TableColumn {
  std::string name;
  std::string type;   ///< format_type(): "numeric(10,2)".
  Oid type_oid = 0;
  char category = 'X';  ///< pg_type.typcategory: B boolean, N numeric, S string, D date/time, U user…
  bool generated = false;
};

/// Whether a column of PostgreSQL type (`oid`, `category`) reads the text a Sluice
/// value of `type` is sent as. Text goes anywhere (the server parses it, as a literal).
bool Accepts(const DataType& type, Oid oid, char category) {
  switch (type.id()) {
    case TypeId::kVarchar: return true;
    case TypeId::kVarbinary: return oid == pg_oid::kBytea;
    case TypeId::kBoolean: return category == 'B' || category == 'S';
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: return category == 'D' || category == 'S';
    default: return type.is_numeric() && (category == 'N' || category == 'S');
  }
}

/// "a, b, c" of quoted names.
std::string QuotedList(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + QuotePostgresIdentifier(name);
  return text;
}

std::string PlainList(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

}  // namespace

std::string PostgresTypeName(const DataType& type, const std::string& column) {
  switch (type.id()) {
    case TypeId::kBoolean: return "boolean";
    case TypeId::kTinyInt:
    case TypeId::kSmallInt: return "smallint";
    case TypeId::kInteger: return "integer";
    case TypeId::kBigInt: return "bigint";
    case TypeId::kReal: return "real";
    case TypeId::kDouble: return "double precision";
    case TypeId::kDecimal: return "numeric(" + std::to_string(type.precision()) + "," + std::to_string(type.scale()) + ")";
    case TypeId::kVarchar: return "text";
    case TypeId::kVarbinary: return "bytea";
    case TypeId::kDate: return "date";
    case TypeId::kTimestamp: return "timestamp";
    case TypeId::kTimestampTz: return "timestamptz";
    case TypeId::kUnknown:
      throw InvalidArgumentError("column " + column +
                                 " has no type (it is always NULL): CAST it to the type the PostgreSQL table needs");
    default:
      throw InvalidArgumentError("column " + column + " of type " + type.ToString() +
                                 " has no PostgreSQL column type; CAST it (e.g. to varchar) before loading");
  }
}

struct PostgresLoad::State {
  enum class Phase : uint8_t { kNew, kCopying, kFinished, kCommitted, kFailed, kRolledBack };

  lake::ConnectionConfig connection;
  PostgresTargetOptions options;
  Schema schema;
  PostgresTableName table;
  TranslatedPredicate predicate;
  BoundParameters predicate_values;
  std::optional<CopyTextEncoder> encoder;  ///< Made once the types are checked.
  std::unique_ptr<PostgresSession> session;
  /// The table's names of the schema's columns, in schema order; the keys likewise.
  std::vector<std::string> columns;
  std::vector<std::string> keys;
  std::string staging;     ///< upsert: the temporary table.
  std::string row_column;  ///< upsert: staging's input-order column.
  std::string buffer;
  Phase phase = Phase::kNew;

  State(const lake::ConnectionConfig& connection_config, PostgresTargetOptions target_options, Schema target_schema)
      : connection(connection_config),
        options(std::move(target_options)),
        schema(std::move(target_schema)) {}

  /// "connection 'w' …, table public.t" prefix for errors raised here.
  std::string Where() const { return "PostgreSQL target " + table.ToString() + " (" + DescribeConnection(connection) + ")"; }

  void CheckOptions();
  /// Looks the table up; creates it when missing (and allowed). Fills `columns`, `keys`.
  void PrepareTable();
  void CreateTable();
  void MatchColumns(Oid table_oid);
  void CheckUniqueKeys(Oid table_oid);
  void PrepareStaging(const std::vector<TableColumn>& table_columns);
  void Flush();
  /// INSERT … ON CONFLICT from staging; returns the rows that updated existing ones.
  uint64_t ApplyUpsert();
};

void PostgresLoad::State::CheckOptions() {
  using Mode = PostgresTargetOptions::Mode;
  table = ParsePostgresTableName(options.table);
  if (schema.num_fields() == 0) throw InvalidArgumentError(Where() + ": the rows have no columns");
  std::set<std::string> seen;
  for (const Field& field : schema.fields()) {
    PostgresTypeName(field.type, field.name);  // refuses types without one
    if (!seen.insert(Lower(field.name)).second) {
      throw InvalidArgumentError(Where() + ": column " + field.name +
                                 " appears twice (PostgreSQL matches columns by name, ignoring case)");
    }
  }
  const bool upsert = options.mode == Mode::kUpsert;
  if (upsert && options.keys.empty()) {
    throw InvalidArgumentError(Where() + ": mode upsert needs keys (the columns that identify a row)");
  }
  if (!upsert && !options.keys.empty()) {
    throw InvalidArgumentError(Where() + ": keys are for mode upsert, not " + ModeName(options.mode));
  }
  for (const std::string& key : options.keys) {
    if (schema.FindField(key) < 0) {
      throw InvalidArgumentError(Where() + ": key " + key + " is not a column of the rows (" +
                                 schema.ToString() + ")");
    }
  }
  const bool replace = options.mode == Mode::kReplaceWhere;
  if (replace && options.replace_where.empty()) {
    throw InvalidArgumentError(Where() + ": mode replace_where needs a replace_where predicate");
  }
  if (!replace && !options.replace_where.empty()) {
    throw InvalidArgumentError(Where() + ": replace_where is for mode replace_where, not " + ModeName(options.mode));
  }
  if (replace) {
    predicate = TranslatePlaceholders(options.replace_where);
    predicate_values = BindPlaceholders(predicate, options.parameters);
  }
  encoder.emplace(schema);
}

void PostgresLoad::State::PrepareTable() {
  catalog::PgResult found = session->Exec(
      "SELECT c.oid, c.relkind FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "WHERE n.nspname = $1 AND c.relname = $2",
      {table.schema, table.table});
  if (found.num_rows() == 0) {
    if (!options.create) {
      throw InvalidArgumentError(Where() + ": the table does not exist (and create is false)");
    }
    CreateTable();
    return;
  }
  std::string_view kind = found.Text(0, 1);
  if (kind != "r" && kind != "p") {
    throw InvalidArgumentError(Where() + ": is not a table (pg_class.relkind '" + std::string(kind) +
                               "': a view, sequence or foreign table)");
  }
  const Oid oid = static_cast<Oid>(found.Int(0, 0));
  MatchColumns(oid);
  if (options.mode == PostgresTargetOptions::Mode::kUpsert) CheckUniqueKeys(oid);
}

void PostgresLoad::State::CreateTable() {
  std::string sql = "CREATE TABLE " + table.Quoted() + " (";
  for (size_t i = 0; i < schema.num_fields(); ++i) {
    const Field& field = schema.field(i);
    sql += (i ? ", " : "") + QuotePostgresIdentifier(field.name) + " " + PostgresTypeName(field.type, field.name);
    if (!field.nullable) sql += " NOT NULL";
    columns.push_back(field.name);
  }
  for (const std::string& key : options.keys) keys.push_back(schema.field(schema.FindField(key)).name);
  if (!keys.empty()) sql += ", PRIMARY KEY (" + QuotedList(keys) + ")";
  session->Exec(sql + ")");
  if (options.mode == PostgresTargetOptions::Mode::kUpsert) PrepareStaging({});
}

void PostgresLoad::State::MatchColumns(Oid table_oid) {
  catalog::PgResult result = session->Exec(
      "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.atttypid, t.typcategory, a.attgenerated <> '' "
      "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
      "WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
      {std::to_string(table_oid)});
  std::vector<TableColumn> table_columns;
  for (int row = 0; row < result.num_rows(); ++row) {
    TableColumn column;
    column.name = std::string(result.Text(row, 0));
    column.type = std::string(result.Text(row, 1));
    column.type_oid = static_cast<Oid>(result.Int(row, 2));
    column.category = result.Text(row, 3).empty() ? 'X' : result.Text(row, 3)[0];
    column.generated = result.Bool(row, 4);
    table_columns.push_back(std::move(column));
  }
  auto find = [&](const std::string& name) -> const TableColumn* {
    for (const TableColumn& column : table_columns) {
      if (column.name == name) return &column;
    }
    const TableColumn* match = nullptr;
    for (const TableColumn& column : table_columns) {
      if (Lower(column.name) == Lower(name)) {
        if (match != nullptr) {
          throw InvalidArgumentError(Where() + ": column " + name + " matches both " + match->name + " and " +
                                     column.name + " (ignoring case); rename the column in the step");
        }
        match = &column;
      }
    }
    return match;
  };
  std::vector<std::string> names;
  for (const TableColumn& column : table_columns) names.push_back(column.name);
  for (const Field& field : schema.fields()) {
    const TableColumn* column = find(field.name);
    if (column == nullptr) {
      throw InvalidArgumentError(Where() + ": the table has no column " + field.name + " (its columns: " +
                                 PlainList(names) + ")");
    }
    if (column->generated) {
      throw InvalidArgumentError(Where() + ": column " + column->name + " is generated; it cannot be loaded");
    }
    if (!Accepts(field.type, column->type_oid, column->category)) {
      throw InvalidArgumentError(Where() + ": column " + field.name + " (" + field.type.ToString() +
                                 ") cannot be loaded into " + column->name + " of type " + column->type);
    }
    columns.push_back(column->name);
  }
  for (const std::string& key : options.keys) keys.push_back(columns[static_cast<size_t>(schema.FindField(key))]);
  if (options.mode == PostgresTargetOptions::Mode::kUpsert) PrepareStaging(table_columns);
}

void PostgresLoad::State::CheckUniqueKeys(Oid table_oid) {
  // Every unique index without a predicate or expressions, one row per column.
  catalog::PgResult result = session->Exec(
      "SELECT i.indexrelid, a.attname FROM pg_catalog.pg_index i "
      "CROSS JOIN LATERAL unnest(i.indkey) AS k(attnum) "
      "JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
      "WHERE i.indrelid = $1 AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL",
      {std::to_string(table_oid)});
  std::map<int64_t, std::set<std::string>> indexes;
  for (int row = 0; row < result.num_rows(); ++row) {
    indexes[result.Int(row, 0)].insert(std::string(result.Text(row, 1)));
  }
  const std::set<std::string> wanted(keys.begin(), keys.end());
  for (const auto& [index, index_columns] : indexes) {
    if (index_columns == wanted) return;
  }
  throw InvalidArgumentError(Where() + ": upsert needs a unique index or primary key on exactly (" + PlainList(keys) +
                             "), and the table has none; create one (CREATE UNIQUE INDEX ON " + table.Quoted() +
                             " (" + QuotedList(keys) + ")) or change keys");
}

void PostgresLoad::State::PrepareStaging(const std::vector<TableColumn>& table_columns) {
  // A column that keeps the input order, named unlike any of the table's.
  row_column = "sluice_input_row";
  auto taken = [&](const std::string& name) {
    return std::any_of(table_columns.begin(), table_columns.end(),
                       [&](const TableColumn& column) { return Lower(column.name) == name; }) ||
           std::any_of(columns.begin(), columns.end(), [&](const std::string& column) { return Lower(column) == name; });
  };
  while (taken(row_column)) row_column += "_";
  staging = QuotePostgresIdentifier("sluice_staging");
  // Only the loaded columns, with the table's exact types; no constraints, so that
  // problems are reported by the INSERT into the table itself.
  session->Exec("CREATE TEMPORARY TABLE " + staging + " ON COMMIT DROP AS SELECT " + QuotedList(columns) + " FROM " +
                table.Quoted() + " WITH NO DATA");
  session->Exec("ALTER TABLE " + staging + " ADD COLUMN " + QuotePostgresIdentifier(row_column) +
                " bigint GENERATED ALWAYS AS IDENTITY");
}

void PostgresLoad::State::Flush() {
  session->PutCopyData(buffer);
  buffer.clear();
}

uint64_t PostgresLoad::State::ApplyUpsert() {
  const std::string column_list = QuotedList(columns);
  const std::string key_list = QuotedList(keys);
  std::string updates;
  for (const std::string& column : columns) {
    if (std::find(keys.begin(), keys.end(), column) != keys.end()) continue;
    const std::string quoted = QuotePostgresIdentifier(column);
    updates += (updates.empty() ? "" : ", ") + quoted + " = EXCLUDED." + quoted;
  }
  // The last row of each key in input order wins (DISTINCT ON keeps the first row of
  // each key in ORDER BY order). xmax = 0 marks a row the INSERT created rather than
  // updated.
  const std::string sql =
      "WITH upserted AS (INSERT INTO " + table.Quoted() + " AS target (" + column_list + ") SELECT " + column_list +
      " FROM (SELECT DISTINCT ON (" + key_list + ") * FROM " + staging + " ORDER BY " + key_list + ", " +
      QuotePostgresIdentifier(row_column) + " DESC) AS latest ON CONFLICT (" + key_list + ") DO " +
      (updates.empty() ? "NOTHING" : "UPDATE SET " + updates) +
      " RETURNING (target.xmax = 0) AS inserted) SELECT count(*) FILTER (WHERE NOT inserted) FROM upserted";
  catalog::PgResult result = session->Exec(sql);
  return static_cast<uint64_t>(result.Int(0, 0));
}

PostgresLoad::PostgresLoad(const lake::ConnectionConfig& connection, PostgresTargetOptions options, Schema schema) {
  state_ = std::make_unique<State>(connection, std::move(options), std::move(schema));
  state_->CheckOptions();
  state_->session = PostgresSession::Connect(connection);
  state_->session->set_context("table " + state_->table.ToString());
}

PostgresLoad::~PostgresLoad() {
  try {
    Rollback();
  } catch (...) {  // NOLINT(bugprone-empty-catch): the server rolls back a lost session anyway
  }
}

void PostgresLoad::Begin() {
  State& s = *state_;
  SLUICE_ASSERT(s.phase == State::Phase::kNew, "PostgresLoad::Begin is called once, first");
  s.phase = State::Phase::kFailed;  // until the COPY is under way
  s.session->Exec("BEGIN");
  s.PrepareTable();
  using Mode = PostgresTargetOptions::Mode;
  if (s.options.mode == Mode::kTruncateInsert) {
    // The count first: TRUNCATE says nothing about what it removed.
    s.session->Exec("LOCK TABLE " + s.table.Quoted() + " IN ACCESS EXCLUSIVE MODE");
    rows_replaced_ = static_cast<uint64_t>(s.session->Exec("SELECT count(*) FROM " + s.table.Quoted()).Int(0, 0));
    s.session->Exec("TRUNCATE TABLE " + s.table.Quoted());
  } else if (s.options.mode == Mode::kReplaceWhere) {
    catalog::PgResult deleted = s.session->Exec(
        "DELETE FROM " + s.table.Quoted() + " WHERE (" + s.predicate.sql + ")", s.predicate_values.values,
        s.predicate_values.types);
    rows_replaced_ = static_cast<uint64_t>(deleted.affected_rows());
  }
  const std::string into = s.options.mode == Mode::kUpsert ? s.staging : s.table.Quoted();
  s.session->BeginCopyIn("COPY " + into + " (" + QuotedList(s.columns) + ") FROM STDIN");
  s.buffer.reserve(kCopyBufferBytes + (64 << 10));
  s.phase = State::Phase::kCopying;
}

void PostgresLoad::Write(const Chunk& chunk) {
  State& s = *state_;
  SLUICE_ASSERT(s.phase == State::Phase::kCopying, "PostgresLoad::Write between Begin and Finish, after no error");
  if (chunk.num_columns() != s.schema.num_fields()) {
    throw InternalError("PostgresLoad: a chunk of " + std::to_string(chunk.num_columns()) + " columns for " +
                        std::to_string(s.schema.num_fields()));
  }
  s.phase = State::Phase::kFailed;  // until this chunk is sent whole
  // Rows in slices, so that wide rows do not grow the buffer far past its size.
  const size_t rows = chunk.size();
  for (size_t begin = 0; begin < rows;) {
    const size_t end = std::min(rows, begin + 256);
    s.encoder->AppendRows(chunk, begin, end, &s.buffer);
    begin = end;
    if (s.buffer.size() >= kCopyBufferBytes) {
      bytes_ += s.buffer.size();
      s.Flush();
    }
  }
  rows_ += rows;
  s.phase = State::Phase::kCopying;
}

void PostgresLoad::Finish() {
  State& s = *state_;
  SLUICE_ASSERT(s.phase == State::Phase::kCopying, "PostgresLoad::Finish after Begin, after no error");
  s.phase = State::Phase::kFailed;
  bytes_ += s.buffer.size();
  s.Flush();
  s.session->EndCopyIn();
  if (s.options.mode == PostgresTargetOptions::Mode::kUpsert) rows_replaced_ = s.ApplyUpsert();
  s.phase = State::Phase::kFinished;
}

void PostgresLoad::Commit() {
  State& s = *state_;
  SLUICE_ASSERT(s.phase == State::Phase::kFinished, "PostgresLoad::Commit after a successful Finish");
  s.phase = State::Phase::kFailed;
  catalog::PgResult result = s.session->Exec("COMMIT");
  // COMMIT of a failed transaction answers ROLLBACK without an error.
  if (result.command_status() != "COMMIT") {
    throw IOError(s.Where() + ": the transaction was rolled back instead of committed");
  }
  s.phase = State::Phase::kCommitted;
}

void PostgresLoad::Rollback() {
  State& s = *state_;
  if (s.phase == State::Phase::kCommitted || s.phase == State::Phase::kRolledBack || s.session == nullptr) return;
  s.phase = State::Phase::kRolledBack;
  s.session->AbortCopyIn();
  if (s.session->in_transaction()) s.session->Exec("ROLLBACK");
}

}  // namespace sluice::jobs
