#include "sql/parser/parser.h"

#include "core/error.h"
#include "sql/parser/keywords.h"
#include "sql/parser/lexer.h"
#include "sql/parser/parser_impl.h"
#include "sql/parser/sql_error.h"

namespace sluice::sql {

std::vector<std::unique_ptr<Statement>> ParseStatements(std::string_view sql) {
  return Parser(sql).ParseStatements();
}

std::unique_ptr<Statement> ParseStatement(std::string_view sql) {
  std::vector<StatementPtr> statements = ParseStatements(sql);
  if (statements.empty()) {
    std::vector<Token> tokens = Tokenize(sql);
    ThrowParseError(sql, tokens.back().position, "expected a statement but found end of input");
  }
  if (statements.size() > 1) {
    ThrowParseError(sql, statements[1]->position,
                    "expected one statement but found a second one");
  }
  return std::move(statements[0]);
}

std::unique_ptr<Expression> ParseExpression(std::string_view sql) {
  return Parser(sql).ParseStandaloneExpression();
}

Parser::Parser(std::string_view sql) : sql_(sql), tokens_(Tokenize(sql)) {}

std::vector<StatementPtr> Parser::ParseStatements() {
  std::vector<StatementPtr> statements;
  while (true) {
    while (AcceptOperator(";")) {
    }
    if (Peek().type == TokenType::kEnd) return statements;
    next_parameter_index_ = 1;
    statements.push_back(ParseOneStatement());
    if (Peek().type != TokenType::kEnd && !IsOperator(";")) FailExpected("';' or end of input");
  }
}

ExpressionPtr Parser::ParseStandaloneExpression() {
  ExpressionPtr expression = ParseExpressionNode();
  if (Peek().type != TokenType::kEnd) FailExpected("end of input");
  return expression;
}

Parser::DepthGuard::DepthGuard(Parser& parser, int cost) : parser_(parser), cost_(cost) {
  parser_.depth_ += cost_;
  if (parser_.depth_ > kDepthBudget) {
    parser_.depth_ -= cost_;
    parser_.Fail(parser_.Peek(), "the statement is nested too deeply");
  }
}

void Parser::DepthGuard::Extend(int cost) {
  parser_.depth_ += cost;
  cost_ += cost;
  if (parser_.depth_ > kDepthBudget) parser_.Fail(parser_.Peek(), "the statement is nested too deeply");
}

const Token& Parser::Peek(size_t ahead) const {
  size_t index = pos_ + ahead;
  return index < tokens_.size() ? tokens_[index] : tokens_.back();
}

const Token& Parser::Advance() {
  const Token& token = tokens_[pos_];
  if (pos_ + 1 < tokens_.size()) ++pos_;
  return token;
}

bool Parser::IsWord(std::string_view word, size_t ahead) const {
  const Token& token = Peek(ahead);
  return token.type == TokenType::kWord && token.text == word;
}

bool Parser::AcceptWord(std::string_view word) {
  if (!IsWord(word)) return false;
  Advance();
  return true;
}

void Parser::ExpectWord(std::string_view word) {
  if (AcceptWord(word)) return;
  std::string upper(word);
  for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  FailExpected(upper);
}

bool Parser::IsOperator(std::string_view op, size_t ahead) const {
  const Token& token = Peek(ahead);
  return token.type == TokenType::kOperator && token.text == op;
}

bool Parser::AcceptOperator(std::string_view op) {
  if (!IsOperator(op)) return false;
  Advance();
  return true;
}

void Parser::ExpectOperator(std::string_view op) {
  if (!AcceptOperator(op)) FailExpected("'" + std::string(op) + "'");
}

bool Parser::IsIdentifier(size_t ahead) const {
  const Token& token = Peek(ahead);
  return (token.type == TokenType::kQuotedIdentifier && !token.text.empty()) ||
         (token.type == TokenType::kWord && !IsReservedKeyword(token.text));
}

Identifier Parser::ParseIdentifier() {
  const Token& token = Peek();
  if (!IsIdentifier()) {
    if (token.type == TokenType::kQuotedIdentifier) Fail(token, "zero-length quoted identifier");
    if (token.type == TokenType::kWord) {
      Fail(token, "expected an identifier but found reserved keyword " + Describe(token) +
                      " (quote it as \"" + token.text + "\" to use it as a name)");
    }
    FailExpected("an identifier");
  }
  Advance();
  return Identifier{token.text, token.type == TokenType::kQuotedIdentifier, token.position};
}

QualifiedName Parser::ParseQualifiedName() {
  QualifiedName name;
  name.parts.push_back(ParseIdentifier());
  while (IsOperator(".")) {
    Advance();
    name.parts.push_back(ParseIdentifier());
  }
  return name;
}

std::vector<Identifier> Parser::ParseIdentifierList() {
  ExpectOperator("(");
  std::vector<Identifier> names;
  do {
    names.push_back(ParseIdentifier());
  } while (AcceptOperator(","));
  ExpectOperator(")");
  return names;
}

int64_t Parser::ParseSmallInteger(std::string_view what) {
  const Token& token = Peek();
  if (token.type != TokenType::kInteger) FailExpected(what);
  if (token.text.size() > 9) Fail(token, std::string(what) + " is too large");
  Advance();
  return std::stoll(token.text);
}

std::string Parser::Describe(const Token& token) {
  if (token.type == TokenType::kEnd) return "end of input";
  constexpr size_t kMaxShown = 40;
  std::string_view raw = token.raw;
  if (raw.size() > kMaxShown) {
    std::string shown = "'";
    shown += raw.substr(0, kMaxShown);
    return shown + "...'";
  }
  std::string shown = "'";
  shown += raw;
  return shown + "'";
}

void Parser::Fail(const Token& at, std::string_view message) const {
  ThrowParseError(sql_, at.position, message);
}

void Parser::FailExpected(std::string_view expected) const {
  Fail(Peek(), "expected " + std::string(expected) + " but found " + Describe(Peek()));
}

void Parser::FailNotImplemented(const Token& at, std::string_view message) const {
  ThrowNotImplemented(sql_, at.position, message);
}

}  // namespace sluice::sql
