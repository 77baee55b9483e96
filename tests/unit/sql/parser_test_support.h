#pragma once
// Helpers shared by the parser tests: print/re-parse round trips and the messages of
// the errors parsing throws.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "core/error.h"
#include "sql/parser/parser.h"

namespace sluice::sql::parser_testing {

/// Parses, prints, parses the print and prints again: the two prints must agree.
inline std::string RoundTrip(std::string_view sql) {
  std::string printed = ParseStatement(sql)->ToString();
  std::string reprinted;
  try {
    reprinted = ParseStatement(printed)->ToString();
  } catch (const Error& error) {
    ADD_FAILURE() << "printed SQL does not parse: " << printed << "\n" << error.what();
    return printed;
  }
  EXPECT_EQ(printed, reprinted) << "from: " << sql;
  return printed;
}

/// The message of the `ErrorType` that parsing `sql` throws, "wrong error kind: …" for
/// another error, "no error" when it parses.
template <class ErrorType>
std::string ErrorOf(std::string_view sql) {
  try {
    ParseStatements(sql);
  } catch (const ErrorType& error) {
    return error.what();
  } catch (const Error& error) {
    return std::string("wrong error kind: ") + error.what();
  }
  return "no error";
}

inline std::string ParseErrorOf(std::string_view sql) { return ErrorOf<ParseError>(sql); }
inline std::string NotImplementedOf(std::string_view sql) { return ErrorOf<NotImplementedError>(sql); }

/// The first line of an error message ("line L:C: …").
inline std::string FirstLine(const std::string& message) { return message.substr(0, message.find('\n')); }

/// `statement` as a T, after checking that it is one.
template <class T>
const T& Parsed(const StatementPtr& statement) {
  EXPECT_EQ(statement->kind(), T::kKind);
  return statement->As<T>();
}

}  // namespace sluice::sql::parser_testing
