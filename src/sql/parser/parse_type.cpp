// Type names: Trino's `type` rule, plus Hive's array<T> / map<K,V> / struct<a:T, …>.
#include "sql/parser/keywords.h"
#include "sql/parser/parser_impl.h"

namespace sluice::sql {

TypeName Parser::ParseType() {
  DepthGuard guard(*this, kNestingCost);
  const Token& token = Peek();
  if (token.type != TokenType::kWord || IsReservedKeyword(token.text)) FailExpected("a type name");
  TypeName type;
  type.position = token.position;
  type.name = token.text;
  Advance();
  ParseTypeRest(type);
  return type;
}

void Parser::ParseHiveStruct(TypeName& type) {
  type.name = "row";
  do {
    // Field names are names inside the type: any word will do, as in Hive.
    const Token& name_token = Peek();
    if (name_token.type != TokenType::kWord &&
        !(name_token.type == TokenType::kQuotedIdentifier && !name_token.text.empty())) {
      FailExpected("a struct field name");
    }
    Identifier field_name{name_token.text, name_token.type == TokenType::kQuotedIdentifier,
                          name_token.position};
    Advance();
    TypeName field_type;
    const Token& next = Peek();
    if (next.type == TokenType::kParameter && !next.text.empty()) {
      // `a:int` reads as the word a and the named parameter :int.
      DepthGuard guard(*this, kNestingCost);
      field_type.name = next.text;
      field_type.position = next.position;
      ++field_type.position.offset;
      ++field_type.position.column;
      Advance();
      ParseTypeRest(field_type);
    } else {
      ExpectOperator(":");
      field_type = ParseType();
    }
    type.field_names.push_back(std::move(field_name));
    type.type_parameters.push_back(std::move(field_type));
  } while (AcceptOperator(","));
  ExpectOperator(">");
}

void Parser::ParseTypeRest(TypeName& type) {
  // PostgreSQL's spellings of the character types.
  if (type.name == "character") type.name = AcceptWord("varying") ? "varchar" : "char";
  if (type.name == "double") {
    AcceptWord("precision");
    return;
  }
  if (type.name == "interval") {
    type.name += ' ';
    type.name += ParseIntervalField();
    if (AcceptWord("to")) {
      type.name += " to ";
      type.name += ParseIntervalField();
    }
    return;
  }
  if (type.name == "struct" && AcceptOperator("<")) {
    ParseHiveStruct(type);
    return;
  }
  if ((type.name == "array" || type.name == "map") && AcceptOperator("<")) {
    type.type_parameters.push_back(ParseType());
    if (type.name == "map") {
      ExpectOperator(",");
      type.type_parameters.push_back(ParseType());
    }
    ExpectOperator(">");
    return;
  }
  if (AcceptOperator("(")) {
    bool is_row = type.name == "row";
    do {
      if (!is_row && Peek().type == TokenType::kInteger) {
        if (!type.type_parameters.empty()) FailExpected("a type");
        type.numeric_parameters.push_back(ParseSmallInteger("a number"));
        continue;
      }
      if (!type.numeric_parameters.empty()) FailExpected("a number");
      Identifier field_name;
      bool named = is_row && IsIdentifier() && IsIdentifier(1) &&
                   !(IsWord("double") && IsWord("precision", 1));
      if (named) field_name = ParseIdentifier();
      type.type_parameters.push_back(ParseType());
      if (is_row) type.field_names.push_back(std::move(field_name));
    } while (AcceptOperator(","));
    ExpectOperator(")");
  }
  if ((type.name == "timestamp" || type.name == "time")) {
    if (IsWord("with") && IsWord("time", 1) && IsWord("zone", 2)) {
      Advance();
      Advance();
      Advance();
      type.with_time_zone = true;
    } else if (IsWord("without") && IsWord("time", 1) && IsWord("zone", 2)) {
      Advance();
      Advance();
      Advance();
    }
  }
}

}  // namespace sluice::sql
