// DELETE, TRUNCATE, UPDATE and OPTIMIZE (with Trino's ALTER TABLE … EXECUTE optimize):
// Trino's forms, and PostgreSQL's where they differ (a target alias, TEMP words, a
// TRUNCATE without TABLE). PostgreSQL's clauses that Sluice does not run (USING, FROM,
// RETURNING) are reported as not supported rather than misread.
#include "sql/parser/parser_impl.h"

namespace sluice::sql {

std::optional<Identifier> Parser::ParseTargetAlias(std::string_view next_clause) {
  if (AcceptWord("as")) return ParseIdentifier();
  if (!IsIdentifier() || IsWord(next_clause) || IsWord("returning")) return std::nullopt;
  return ParseIdentifier();
}

void Parser::RejectReturning(std::string_view statement) const {
  if (IsWord("returning")) {
    FailNotImplemented(Peek(), std::string(statement) + " … RETURNING is not supported");
  }
}

StatementPtr Parser::ParseDelete() {
  auto statement = std::make_unique<DeleteStatement>(Advance().position);
  ExpectWord("from");
  statement->table = ParseQualifiedName();
  statement->alias = ParseTargetAlias("where");
  if (IsWord("using")) {
    FailNotImplemented(Peek(), "DELETE … USING is not supported; write the condition with IN (SELECT …) or "
                               "EXISTS (SELECT …)");
  }
  if (AcceptWord("where")) {
    if (IsWord("current") && IsWord("of", 1)) FailNotImplemented(Peek(), "WHERE CURRENT OF (cursors) is not supported");
    statement->where = ParseExpressionNode();
  }
  RejectReturning("DELETE");
  if (!AtStatementEnd()) FailExpected(statement->where ? "end of statement" : "WHERE or end of statement");
  return statement;
}

StatementPtr Parser::ParseTruncate() {
  auto statement = std::make_unique<DeleteStatement>(Advance().position);
  statement->truncate = true;
  AcceptWord("table");  // optional in PostgreSQL
  statement->table = ParseQualifiedName();
  if (IsOperator(",")) FailNotImplemented(Peek(), "TRUNCATE of several tables is not supported; truncate each");
  return statement;
}

StatementPtr Parser::ParseUpdate() {
  auto statement = std::make_unique<UpdateStatement>(Advance().position);
  statement->table = ParseQualifiedName();
  statement->alias = ParseTargetAlias("set");
  ExpectWord("set");
  do {
    if (IsOperator("(")) {
      FailNotImplemented(Peek(), "SET (a, b) = … is not supported; set each column: SET a = …, b = …");
    }
    const Token& target = Peek();
    UpdateStatement::Assignment assignment;
    assignment.column = ParseIdentifier();
    if (IsOperator(".")) {
      Fail(target, "the column to set is named without its table: write SET " +
                       QuoteIdentifierIfNeeded(Peek(1).text) + " = …");
    }
    ExpectOperator("=");
    if (IsWord("default") && (IsOperator(",", 1) || IsWord("where", 1) || IsOperator(";", 1) ||
                              Peek(1).type == TokenType::kEnd)) {
      FailNotImplemented(Peek(), "SET … = DEFAULT is not supported (columns have no default values); write NULL");
    }
    assignment.value = ParseExpressionNode();
    statement->assignments.push_back(std::move(assignment));
  } while (AcceptOperator(","));
  if (IsWord("from")) {
    FailNotImplemented(Peek(), "UPDATE … FROM is not supported; compute the value with a subquery");
  }
  if (AcceptWord("where")) statement->where = ParseExpressionNode();
  RejectReturning("UPDATE");
  if (!AtStatementEnd()) FailExpected(statement->where ? "end of statement" : "',', WHERE or end of statement");
  return statement;
}

StatementPtr Parser::ParseOptimize() {
  auto statement = std::make_unique<OptimizeStatement>(Advance().position);
  AcceptWord("table");
  statement->table = ParseQualifiedName();
  if (AcceptWord("where")) statement->where = ParseExpressionNode();
  if (!AtStatementEnd()) FailExpected(statement->where ? "end of statement" : "WHERE or end of statement");
  return statement;
}

StatementPtr Parser::ParseAlterTableExecute(SourcePosition position, QualifiedName table) {
  Advance();  // EXECUTE
  const Token& procedure = Peek();
  Identifier name = ParseIdentifier();
  if (name.name != "optimize") {
    FailNotImplemented(procedure, "ALTER TABLE … EXECUTE " + name.ToString() +
                                      " is not supported (Sluice runs the optimize procedure only)");
  }
  auto statement = std::make_unique<OptimizeStatement>(position);
  statement->trino_form = true;
  statement->table = std::move(table);
  if (AcceptOperator("(") && !AcceptOperator(")")) {
    // One argument, by name or by position: file_size_threshold => '128MB' or '128MB'.
    const Token& argument = Peek();
    if (IsOperator("=>", 1)) {
      if (!IsWord("file_size_threshold")) {
        Fail(argument, "optimize takes one argument, file_size_threshold, not " + Describe(argument));
      }
      Advance();
      Advance();
    }
    statement->file_size_threshold = ParseTrinoString("a file size in quotes, such as '128MB'");
    if (IsOperator(",")) Fail(Peek(), "optimize takes one argument, file_size_threshold");
    ExpectOperator(")");
  }
  if (AcceptWord("where")) statement->where = ParseExpressionNode();
  if (!AtStatementEnd()) FailExpected(statement->where ? "end of statement" : "WHERE or end of statement");
  return statement;
}

}  // namespace sluice::sql
