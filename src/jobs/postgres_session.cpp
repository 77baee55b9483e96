// See postgres_session.h.

#include "jobs/postgres_session.h"

#include <charconv>
#include <optional>

#include "core/error.h"

namespace sluice::jobs {
namespace {

/// True when libpq reads a password out of `url` (password=… or user:password@).
bool UrlHoldsPassword(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (options == nullptr) {
    if (error != nullptr) PQfreemem(error);
    return false;  // not parsable: connecting reports it
  }
  bool password = false;
  for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (std::string_view(option->keyword) == "password" && option->val != nullptr && option->val[0] != '\0') {
      password = true;
    }
  }
  PQconninfoFree(options);
  return password;
}

[[noreturn]] void ThrowTyped(const std::string& sqlstate, const std::string& message) {
  std::string_view category = std::string_view(sqlstate).substr(0, 2);
  if (category == "23") throw ConstraintError(message);
  if (category == "22") throw ConversionError(message);
  if (category == "42") throw InvalidArgumentError(message);
  throw IOError(message);
}

}  // namespace

std::string QuotePostgresIdentifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::unique_ptr<PostgresSession> PostgresSession::Connect(const ConnectionConfig& connection) {
  const std::string description = "connection '" + connection.name + "' (" + DescribeConnection(connection) + ")";
  if (UrlHoldsPassword(connection.url)) {
    throw InvalidArgumentError(description + ": the url must not hold a password; name it with password_env or "
                                             "password_file");
  }
  std::optional<std::string> password = ConnectionPassword(connection);
  // Keywords before dbname are defaults the url may override; those after it win.
  std::vector<const char*> keywords = {"connect_timeout", "fallback_application_name", "dbname", "client_encoding"};
  std::vector<const char*> values = {"10", "sluice-job", connection.url.c_str(), "UTF8"};
  if (password.has_value()) {
    keywords.push_back("password");
    values.push_back(password->c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* conn = PQconnectdbParams(keywords.data(), values.data(), /*expand_dbname=*/1);
  if (conn == nullptr) throw IOError("cannot connect to PostgreSQL " + description + ": out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = catalog::OneLinePostgresMessage(PQerrorMessage(conn));
    PQfinish(conn);
    throw IOError("cannot connect to PostgreSQL " + description + ": " + message);
  }
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  std::unique_ptr<PostgresSession> session(new PostgresSession(conn, description));
  // What postgres_copy_text.h writes and reads.
  session->Exec(
      "SELECT set_config('DateStyle', 'ISO, YMD', false), set_config('TimeZone', 'UTC', false), "
      "set_config('bytea_output', 'hex', false), set_config('extra_float_digits', '3', false), "
      "set_config('client_min_messages', 'warning', false)");
  return session;
}

PostgresSession::~PostgresSession() {
  if (copy_row_ != nullptr) PQfreemem(copy_row_);
  PQfinish(conn_);
}

void PostgresSession::Fail(PGresult* result, const std::string& what) const {
  std::string sqlstate;
  std::string message;
  if (result != nullptr) {
    if (const char* field = PQresultErrorField(result, PG_DIAG_SQLSTATE)) sqlstate = field;
    if (const char* field = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY)) message = catalog::OneLinePostgresMessage(field);
    if (const char* field = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL)) message += " (" + catalog::OneLinePostgresMessage(field) + ")";
    if (const char* field = PQresultErrorField(result, PG_DIAG_CONTEXT)) message += " [" + catalog::OneLinePostgresMessage(field) + "]";
  }
  if (message.empty()) message = catalog::OneLinePostgresMessage(PQerrorMessage(conn_));
  if (message.empty() && result != nullptr) message = std::string("unexpected result ") + PQresStatus(PQresultStatus(result));
  if (PQstatus(conn_) == CONNECTION_BAD) sqlstate.clear();  // a lost connection is an I/O error
  ThrowTyped(sqlstate, "PostgreSQL " + description_ + (context_.empty() ? "" : ", " + context_) + ": " +
                           (what.empty() ? "" : what + ": ") + message);
}

catalog::PgResult PostgresSession::Exec(const std::string& sql, const std::vector<catalog::PgValue>& params,
                                        const std::vector<Oid>& types) {
  SLUICE_ASSERT(copy_ == CopyState::kNone, "no statement runs while a COPY is in progress");
  SLUICE_ASSERT(types.empty() || types.size() == params.size(), "one type per parameter");
  std::vector<const char*> values;
  values.reserve(params.size());
  for (size_t i = 0; i < params.size(); ++i) {
    const catalog::PgValue& param = params[i];
    // Parameters travel as C strings: a NUL would silently cut the value short.
    if (!param.is_null && param.text.find('\0') != std::string::npos) {
      throw InvalidArgumentError("PostgreSQL " + description_ + (context_.empty() ? "" : ", " + context_) +
                                 ": parameter $" + std::to_string(i + 1) +
                                 " holds a NUL character, which PostgreSQL text cannot store");
    }
    values.push_back(param.is_null ? nullptr : param.text.c_str());
  }
  catalog::PgResult result(PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()),
                                        types.empty() ? nullptr : types.data(), values.data(), nullptr, nullptr, 0));
  ExecStatusType status = result.raw() != nullptr ? PQresultStatus(result.raw()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) Fail(result.raw(), "");
  return result;
}

void PostgresSession::FinishResults(const std::string& what, uint64_t* rows) {
  std::optional<catalog::PgResult> error;
  while (PGresult* raw = PQgetResult(conn_)) {
    catalog::PgResult result(raw);
    ExecStatusType status = PQresultStatus(raw);
    if (status == PGRES_COMMAND_OK) {
      if (rows != nullptr) {
        std::string_view text = PQcmdTuples(raw);
        std::from_chars(text.data(), text.data() + text.size(), *rows);
      }
    } else if (!error.has_value() && status != PGRES_COPY_IN && status != PGRES_COPY_OUT) {
      error.emplace(std::move(result));
    }
    if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT) break;  // should not happen after the end
  }
  if (error.has_value()) Fail(error->raw(), what);
  if (PQstatus(conn_) == CONNECTION_BAD) Fail(nullptr, what);
}

void PostgresSession::BeginCopyIn(const std::string& sql) {
  SLUICE_ASSERT(copy_ == CopyState::kNone, "one COPY at a time");
  catalog::PgResult result(PQexec(conn_, sql.c_str()));
  if (result.raw() == nullptr || PQresultStatus(result.raw()) != PGRES_COPY_IN) Fail(result.raw(), "COPY");
  copy_ = CopyState::kIn;
}

void PostgresSession::PutCopyData(std::string_view data) {
  SLUICE_ASSERT(copy_ == CopyState::kIn, "PutCopyData inside COPY … FROM STDIN");
  if (data.empty()) return;
  // A row the server refuses is reported only when the COPY ends (libpq does not read
  // the error while it is sending), so a failing load sends its rows to the end: the
  // server discards them cheaply.
  if (PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) != 1) {
    copy_ = CopyState::kNone;
    FinishResults("COPY", nullptr);  // throws the server's error when it sent one
    Fail(nullptr, "sending COPY data");
  }
}

uint64_t PostgresSession::EndCopyIn() {
  SLUICE_ASSERT(copy_ == CopyState::kIn, "EndCopyIn after BeginCopyIn");
  copy_ = CopyState::kNone;
  if (PQputCopyEnd(conn_, nullptr) != 1) Fail(nullptr, "ending COPY");
  uint64_t rows = 0;
  FinishResults("COPY", &rows);
  return rows;
}

void PostgresSession::AbortCopyIn() noexcept {
  if (copy_ != CopyState::kIn) return;
  copy_ = CopyState::kNone;
  if (PQputCopyEnd(conn_, "load cancelled by Sluice") != 1) return;
  while (PGresult* raw = PQgetResult(conn_)) PQclear(raw);
}

void PostgresSession::BeginCopyOut(const std::string& sql) {
  SLUICE_ASSERT(copy_ == CopyState::kNone, "one COPY at a time");
  catalog::PgResult result(PQexec(conn_, sql.c_str()));
  if (result.raw() == nullptr || PQresultStatus(result.raw()) != PGRES_COPY_OUT) Fail(result.raw(), "");
  copy_ = CopyState::kOut;
}

bool PostgresSession::NextCopyRow(std::string_view* row) {
  SLUICE_ASSERT(copy_ == CopyState::kOut, "NextCopyRow inside COPY … TO STDOUT");
  if (copy_row_ != nullptr) {
    PQfreemem(copy_row_);
    copy_row_ = nullptr;
  }
  int length = PQgetCopyData(conn_, &copy_row_, /*async=*/0);
  if (length >= 0) {
    *row = std::string_view(copy_row_, static_cast<size_t>(length));
    return true;
  }
  copy_ = CopyState::kNone;
  if (length == -2) Fail(nullptr, "reading COPY data");
  FinishResults("", nullptr);
  return false;
}

bool PostgresSession::in_transaction() const {
  PGTransactionStatusType status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

}  // namespace sluice::jobs
