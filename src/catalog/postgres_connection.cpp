#include "catalog/postgres_connection.h"

#include <pwd.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <map>

namespace sluice::catalog {

std::string OneLinePostgresMessage(std::string_view message) {
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.remove_suffix(1);
  std::string out(message);
  for (char& c : out) {
    if (c == '\n') c = ' ';
  }
  return out;
}

namespace {

/// The length of the UTF-8 sequence starting at `text[i]`, or 0 when it is not a
/// valid one (overlong forms, surrogates and code points past U+10FFFF included).
size_t Utf8SequenceLength(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  size_t length = 0;
  uint32_t code_point = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    code_point = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    code_point = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    code_point = lead & 0x07;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code_point < kMinimum[length] || code_point > 0x10FFFF) return 0;
  if (code_point >= 0xD800 && code_point <= 0xDFFF) return 0;
  return length;
}

bool IsValidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const size_t length = Utf8SequenceLength(text, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

/// The valid start of `text` (up to 40 bytes), to show where a bad value goes wrong.
std::string ValidUtf8Prefix(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && i < 40) {
    const size_t length = Utf8SequenceLength(text, i);
    if (length == 0) break;
    i += length;
  }
  return std::string(text.substr(0, i));
}

bool IsUri(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

/// The parsed keywords of a URI or key=value string (empty values left out), or
/// {"dbname": url} for a bare database name as PQconnectdbParams would read it.
/// CatalogError when libpq cannot parse it.
std::map<std::string, std::string> ParseConnectionString(const std::string& url) {
  std::map<std::string, std::string> out;
  if (!IsUri(url) && url.find('=') == std::string::npos) {
    if (!url.empty()) out["dbname"] = url;
    return out;
  }
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (options == nullptr) {
    std::string message = error != nullptr ? OneLinePostgresMessage(error) : "out of memory";
    if (error != nullptr) PQfreemem(error);
    throw CatalogError("invalid PostgreSQL catalog URL: " + message);
  }
  for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (option->val != nullptr && option->val[0] != '\0') out[option->keyword] = option->val;
  }
  PQconninfoFree(options);
  return out;
}

std::string EnvOr(const char* name, std::string fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && value[0] != '\0' ? std::string(value) : fallback;
}

std::string OsUserName() {
  if (const passwd* entry = getpwuid(geteuid()); entry != nullptr) return entry->pw_name;
  return "postgres";
}

/// "postgresql://user@host:port/db", or with a Unix-socket folder as host
/// "postgresql://user@:port/db?host=/run/postgresql".
std::string FormatUrl(const std::string& user, const std::string& host, const std::string& port,
                      const std::string& db) {
  if (!host.empty() && host[0] == '/') {
    return "postgresql://" + user + "@:" + port + "/" + db + "?host=" + host;
  }
  return "postgresql://" + user + "@" + host + ":" + port + "/" + db;
}

}  // namespace

std::string_view PgResult::Text(int row, int column) const {
  return std::string_view(PQgetvalue(result_.get(), row, column),
                          static_cast<size_t>(PQgetlength(result_.get(), row, column)));
}

int64_t PgResult::Int(int row, int column) const {
  if (IsNull(row, column)) return 0;
  std::string_view text = Text(row, column);
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw CatalogError("PostgreSQL catalog: expected an integer, got '" + std::string(text) + "'");
  }
  return value;
}

bool PgResult::Bool(int row, int column) const { return !IsNull(row, column) && Text(row, column) == "t"; }

int64_t PgResult::affected_rows() const {
  std::string_view text = PQcmdTuples(result_.get());
  int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::unique_ptr<PgConnection> PgConnection::Connect(const std::string& url,
                                                    const std::optional<std::string>& password) {
  std::map<std::string, std::string> parts = ParseConnectionString(url);
  if (parts.contains("password")) {
    throw CatalogError("the PostgreSQL catalog URL " + DescribePostgresUrl(url) +
                       " must not contain a password: set SLUICE_CATALOG_PASSWORD or PGPASSWORD, "
                       "or use ~/.pgpass");
  }
  // Keywords before dbname are defaults the URL may override; those after it win
  // (PQconnectdbParams processes the arrays in order, later values winning). Sluice's
  // strings are UTF-8, whatever the URL says.
  std::vector<const char*> keywords = {"connect_timeout", "fallback_application_name", "dbname",
                                       "client_encoding"};
  std::vector<const char*> values = {"10", "sluice", url.c_str(), "UTF8"};
  if (password.has_value()) {
    keywords.push_back("password");
    values.push_back(password->c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* conn = PQconnectdbParams(keywords.data(), values.data(), /*expand_dbname=*/1);
  if (conn == nullptr) throw CatalogError("cannot connect to the PostgreSQL catalog: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = OneLinePostgresMessage(PQerrorMessage(conn));
    PQfinish(conn);
    throw CatalogError("cannot connect to the PostgreSQL catalog at " + DescribePostgresUrl(url) + ": " +
                       message);
  }
  // The server's notices ("relation already exists, skipping") are not for users.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  return std::unique_ptr<PgConnection>(new PgConnection(conn));
}

PgConnection::~PgConnection() { PQfinish(conn_); }

PgResult PgConnection::Exec(const std::string& sql, const std::vector<PgValue>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const PgValue& param : params) {
    // Refused here rather than by the server, so that the error leaves the transaction
    // usable: parameters travel as C strings (a NUL would cut the value short), and
    // PostgreSQL text holds neither NUL nor invalid UTF-8.
    if (!param.is_null && param.text.find('\0') != std::string::npos) {
      throw CatalogError("PostgreSQL catalog " + Describe() +
                         ": a value holds a NUL character, which PostgreSQL text cannot store");
    }
    if (!param.is_null && !IsValidUtf8(param.text)) {
      throw CatalogError("PostgreSQL catalog " + Describe() + ": a value is not valid UTF-8 ('" +
                         ValidUtf8Prefix(param.text) + "…'), which PostgreSQL text cannot store");
    }
    values.push_back(param.is_null ? nullptr : param.text.c_str());
  }
  PgResult result(PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), /*paramTypes=*/nullptr,
                               values.data(), /*paramLengths=*/nullptr, /*paramFormats=*/nullptr,
                               /*resultFormat=*/0));
  PGresult* raw = result.raw();
  ExecStatusType status = raw != nullptr ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;

  std::string sqlstate;
  std::string message;
  if (raw != nullptr) {
    if (const char* field = PQresultErrorField(raw, PG_DIAG_SQLSTATE)) sqlstate = field;
    if (const char* field = PQresultErrorField(raw, PG_DIAG_MESSAGE_PRIMARY)) message = field;
    if (const char* field = PQresultErrorField(raw, PG_DIAG_MESSAGE_DETAIL)) {
      message += " (" + OneLinePostgresMessage(field) + ")";
    }
  }
  if (message.empty()) message = OneLinePostgresMessage(PQerrorMessage(conn_));
  if (message.empty()) message = std::string("unexpected result ") + PQresStatus(status);
  bool lost = PQstatus(conn_) == CONNECTION_BAD;
  throw PostgresError("PostgreSQL catalog " + Describe() + ": " + message, sqlstate, lost);
}

void PgConnection::Reset() {
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) {
    throw PostgresError("cannot reconnect to the PostgreSQL catalog at " + Describe() + ": " +
                            OneLinePostgresMessage(PQerrorMessage(conn_)),
                        "", /*connection_lost=*/true);
  }
}

bool PgConnection::in_transaction() const {
  PGTransactionStatusType status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

std::string PgConnection::QuoteIdentifier(std::string_view name) const {
  char* quoted = PQescapeIdentifier(conn_, name.data(), name.size());
  if (quoted == nullptr) {
    throw CatalogError("invalid PostgreSQL identifier '" + std::string(name) +
                       "': " + OneLinePostgresMessage(PQerrorMessage(conn_)));
  }
  std::string out(quoted);
  PQfreemem(quoted);
  return out;
}

std::string PgConnection::Describe() const {
  auto text = [](const char* value) { return value != nullptr ? std::string(value) : std::string(); };
  return FormatUrl(text(PQuser(conn_)), text(PQhost(conn_)), text(PQport(conn_)), text(PQdb(conn_)));
}

std::string DescribePostgresUrl(const std::string& url) {
  std::map<std::string, std::string> parts;
  try {
    parts = ParseConnectionString(url);
  } catch (const CatalogError&) {
    return "postgresql://(an invalid URL)";
  }
  auto get = [&](const char* key) -> std::string {
    auto it = parts.find(key);
    return it != parts.end() ? it->second : std::string();
  };
  std::string user = get("user");
  if (user.empty()) user = EnvOr("PGUSER", OsUserName());
  std::string host = get("host");
  if (host.empty()) host = get("hostaddr");
  if (host.empty()) host = EnvOr("PGHOST", "localhost");
  std::string port = get("port");
  if (port.empty()) port = EnvOr("PGPORT", "5432");
  std::string db = get("dbname");
  if (db.empty()) db = EnvOr("PGDATABASE", user);
  return FormatUrl(user, host, port, db);
}

}  // namespace sluice::catalog
