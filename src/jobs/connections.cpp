// See connections.h. Every message names where a secret was looked for (a variable,
// a file, a line number) and never its value.

#include "jobs/connections.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "catalog/postgres_connection.h"
#include "core/error.h"
#include "lake/paths.h"

namespace sluice::jobs {
namespace {

namespace fs = std::filesystem;

/// The environment variable `name`, or nullopt when it is unset.
std::optional<std::string> Environment(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

/// The whole file; InvalidArgumentError "`what` FILE cannot be read: reason".
std::string ReadSecretFile(const std::string& path, const std::string& what) {
  std::error_code error;
  if (fs::is_directory(path, error)) throw InvalidArgumentError(what + " " + path + " is a folder, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InvalidArgumentError(what + " " + path + " cannot be read: " + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw InvalidArgumentError(what + " " + path + " cannot be read: " + std::strerror(errno));
  return text.str();
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

/// `path` absolute and normal with its symbolic links resolved as far as they exist.
std::string RealPath(const std::string& path) {
  std::error_code error;
  fs::path real = fs::weakly_canonical(fs::absolute(path), error);
  std::string text = (error ? fs::absolute(path) : real).lexically_normal().string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

/// The value of `name` in a secrets file's text (NAME=VALUE lines, blank lines and
/// # comments; spaces around the name and the value are dropped, and one pair of
/// matching quotes around the value), or nullopt. A line without '=' is an error
/// naming the file and the line (not its text: it may be a secret).
std::optional<std::string> FindSecretLine(std::string_view text, const std::string& name, const std::string& file) {
  std::optional<std::string> found;
  int line_number = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = Trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    size_t equals = line.find('=');
    if (equals == std::string_view::npos) {
      throw InvalidArgumentError("secrets file " + file + ":" + std::to_string(line_number) +
                                 ": expected NAME=VALUE (or a # comment)");
    }
    if (Trim(line.substr(0, equals)) != name) continue;
    std::string_view value = Trim(line.substr(equals + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    found = std::string(value);  // the last line of that name wins, as in a shell
  }
  return found;
}

}  // namespace

std::optional<std::string> ConnectionPassword(const ConnectionConfig& connection) {
  const std::string where = "connection '" + connection.name + "'";
  if (!connection.password_env.empty()) {
    std::optional<std::string> value = Environment(connection.password_env);
    if (!value.has_value() || value->empty()) {
      throw InvalidArgumentError(where + ": the environment variable " + connection.password_env +
                                 " (password_env) is not set" + (value.has_value() ? " (it is empty)" : ""));
    }
    return value;
  }
  if (!connection.password_file.empty()) {
    std::string text = ReadSecretFile(connection.password_file, where + ": the password_file");
    // The first line is the password (editors end files with a newline).
    std::string password = text.substr(0, text.find('\n'));
    if (!password.empty() && password.back() == '\r') password.pop_back();
    if (password.empty()) {
      throw InvalidArgumentError(where + ": the password_file " + connection.password_file + " is empty");
    }
    return password;
  }
  return std::nullopt;
}

std::string DescribeConnection(const ConnectionConfig& connection) {
  return catalog::DescribePostgresUrl(connection.url);
}

std::string ReadSecret(const std::string& name, const std::string& secrets_file, const std::string& lake_root) {
  if (std::optional<std::string> value = Environment(name); value.has_value()) return *value;
  std::string file;
  std::string source;
  if (std::optional<std::string> variable = Environment("SLUICE_SECRETS_FILE"); variable && !variable->empty()) {
    file = *variable;
    source = "SLUICE_SECRETS_FILE";
  } else if (!secrets_file.empty()) {
    file = secrets_file;
    source = "secrets_file in sluice.yaml";
  }
  if (file.empty()) {
    throw InvalidArgumentError("secret '" + name + "' is not set: no environment variable " + name +
                               ", and no secrets file (set SLUICE_SECRETS_FILE or secrets_file: in sluice.yaml)");
  }
  const std::string real = RealPath(file);
  if (!lake_root.empty() && lake::PathIsUnder(real, RealPath(lake_root))) {
    throw InvalidArgumentError("the secrets file " + file + " (" + source + ") is inside the lake " + lake_root +
                               "; secrets must live outside it");
  }
  std::string text = ReadSecretFile(file, "the secrets file (" + source + ")");
  std::optional<std::string> value = FindSecretLine(text, name, file);
  if (!value.has_value()) {
    throw InvalidArgumentError("secret '" + name + "' is not set: no environment variable " + name +
                               ", and no line " + name + "=… in the secrets file " + file + " (" + source + ")");
  }
  return *value;
}

}  // namespace sluice::jobs
