#include "engine/prepared_statement.h"

#include <algorithm>
#include <cctype>

#include "core/error.h"
#include "sql/parser/lexer.h"

namespace sluice::engine {
namespace {

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

}  // namespace

PreparedStatement::PreparedStatement(QueryEngine* engine, std::unique_ptr<const std::string> sql,
                                     sql::StatementPtr statement)
    : engine_(engine), sql_(std::move(sql)), statement_(std::move(statement)) {
  // The parser numbers `?` in source order within the statement, so the lexer's count
  // of `?` tokens is the highest index.
  size_t num_positional = 0;
  for (const sql::Token& token : sql::Tokenize(*sql_)) {
    if (token.type != sql::TokenType::kParameter) continue;
    if (token.text.empty()) {
      ++num_positional;
    } else if (std::find(names_.begin(), names_.end(), token.text) == names_.end()) {
      names_.push_back(token.text);
    }
  }
  values_.positional.resize(num_positional);
}

void PreparedStatement::Bind(size_t index, Value value) {
  if (index == 0 || index > values_.positional.size()) {
    throw InvalidArgumentError("no parameter ? number " + std::to_string(index) + ": the statement has " +
                               std::to_string(values_.positional.size()) + " (numbered from 1)");
  }
  values_.positional[index - 1] = std::move(value);
}

void PreparedStatement::Bind(std::string_view name, Value value) {
  if (name.starts_with(':')) name.remove_prefix(1);
  std::string key = Lower(name);
  if (std::find(names_.begin(), names_.end(), key) == names_.end()) {
    throw InvalidArgumentError("the statement has no parameter :" + key);
  }
  values_.named.insert_or_assign(std::move(key), std::move(value));
}

void PreparedStatement::ClearBindings() {
  for (auto& value : values_.positional) value.reset();
  values_.named.clear();
}

QueryResult PreparedStatement::Execute() {
  std::string missing;
  for (size_t i = 0; i < values_.positional.size(); ++i) {
    if (!values_.positional[i]) missing += (missing.empty() ? "?" : ", ?") + std::to_string(i + 1);
  }
  for (const std::string& name : names_) {
    if (!values_.named.contains(name)) missing += (missing.empty() ? ":" : ", :") + name;
  }
  if (!missing.empty()) throw InvalidArgumentError("no value bound to parameter(s) " + missing);
  engine_->cancel_.store(false, std::memory_order_relaxed);
  return engine_->Run(*sql_, *statement_, &values_);
}

}  // namespace sluice::engine
