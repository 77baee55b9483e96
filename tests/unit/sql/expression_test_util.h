#pragma once
// Helpers for the expression tests: chunks from values, evaluation to values.

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "core/chunk.h"
#include "core/value.h"
#include "exec/expression/evaluator.h"
#include "sql/expression/expression_builder.h"

namespace sluice::sql::testing {

inline SessionSettings& Session() {
  static SessionSettings session;
  return session;
}

/// A chunk whose column i holds columns[i] (all columns the same length).
inline Chunk MakeChunk(const std::vector<DataType>& types, const std::vector<std::vector<Value>>& columns) {
  Chunk chunk(types);
  size_t rows = columns.empty() ? 0 : columns[0].size();
  for (size_t c = 0; c < columns.size(); ++c) {
    for (size_t r = 0; r < rows; ++r) columns[c][r].WriteTo(&chunk.column(c), r);
  }
  chunk.set_size(rows);
  return chunk;
}

/// Evaluates `expression` over every row of `chunk` into values.
inline std::vector<Value> EvalRows(const BoundExpressionPtr& expression, const Chunk& chunk) {
  exec::ExpressionEvaluator evaluator(expression, Session(), 42);
  const Vector& result = evaluator.EvaluateToVector(chunk, nullptr, chunk.size());
  std::vector<Value> out;
  for (size_t r = 0; r < chunk.size(); ++r) out.push_back(Value::FromVector(result, r));
  return out;
}

/// Evaluates an expression without columns (constant folding path).
inline Value Eval(const BoundExpressionPtr& expression) {
  return exec::EvaluateConstant(*expression, Session());
}

/// Evaluates over one row where column 0 holds `input` (exercises the non-constant path).
inline Value EvalOnColumn(const std::function<BoundExpressionPtr(BoundExpressionPtr)>& build, const Value& input) {
  Chunk chunk = MakeChunk({input.type()}, {{input}});
  return EvalRows(build(MakeColumnRef(0, input.type(), "x")), chunk)[0];
}

inline std::string Text(const Value& v) { return v.ToString(); }

inline BoundExpressionPtr C(Value v) { return MakeConstant(std::move(v)); }
inline BoundExpressionPtr Int(int32_t v) { return C(Value::Integer(v)); }
inline BoundExpressionPtr Big(int64_t v) { return C(Value::BigInt(v)); }
inline BoundExpressionPtr Dbl(double v) { return C(Value::Double(v)); }
inline BoundExpressionPtr Str(std::string_view v) { return C(Value::Varchar(v)); }
inline BoundExpressionPtr Dec(std::string_view text) {
  // "12.345" → decimal(p, s) with p = digits.
  std::string digits;
  int scale = 0;
  bool point = false, negative = false;
  for (char c : text) {
    if (c == '-') negative = true;
    else if (c == '.') point = true;
    else {
      digits.push_back(c);
      if (point) ++scale;
    }
  }
  __int128 v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return C(Value::Decimal(negative ? -v : v, std::max<int>(1, static_cast<int>(digits.size())), scale));
}
inline BoundExpressionPtr Null() { return C(Value()); }
inline BoundExpressionPtr F(std::string_view name, std::vector<BoundExpressionPtr> args) {
  return MakeFunction(name, std::move(args));
}

/// Text of the constant-folded value, or "error: <message>".
inline std::string Try(const std::function<BoundExpressionPtr()>& build) {
  try {
    return Text(Eval(build()));
  } catch (const Error& e) {
    return std::string("error: ") + e.what();
  }
}

}  // namespace sluice::sql::testing
