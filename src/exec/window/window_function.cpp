#include "exec/window/window_function.h"

#include <algorithm>
#include <cctype>

#include "core/error.h"
#include "sql/expression/coercion.h"

namespace sluice::exec {
namespace {

using BoundKind = WindowFrameBound::Kind;

struct NamedKind {
  const char* name;
  WindowFunctionKind kind;
};

constexpr NamedKind kWindowFunctions[] = {
    {"row_number", WindowFunctionKind::kRowNumber},
    {"rank", WindowFunctionKind::kRank},
    {"dense_rank", WindowFunctionKind::kDenseRank},
    {"percent_rank", WindowFunctionKind::kPercentRank},
    {"cume_dist", WindowFunctionKind::kCumeDist},
    {"ntile", WindowFunctionKind::kNtile},
    {"lag", WindowFunctionKind::kLag},
    {"lead", WindowFunctionKind::kLead},
    {"first_value", WindowFunctionKind::kFirstValue},
    {"last_value", WindowFunctionKind::kLastValue},
    {"nth_value", WindowFunctionKind::kNthValue},
};

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

[[noreturn]] void ThrowArguments(WindowFunctionKind kind, const std::vector<DataType>& types,
                                 const std::string& expected) {
  std::string text = std::string(WindowFunctionName(kind)) + "(";
  for (size_t i = 0; i < types.size(); ++i) text += (i ? ", " : "") + types[i].ToString();
  throw InvalidArgumentError("function " + text + ") does not exist; expected " + expected);
}

/// An integer type (the offsets and bucket counts coerce to bigint).
bool IsIntegral(const DataType& type) {
  return type.is_integer() || type.id() == TypeId::kUnknown;
}

/// The type T of x and, for lag/lead, the default.
DataType ValueType(WindowFunctionKind kind, const std::vector<DataType>& types,
                   const std::string& expected) {
  if (types.size() < 3) return types[0];
  std::optional<DataType> common = sql::CommonSuperType(types[0], types[2]);
  if (!common) ThrowArguments(kind, types, expected);
  return *common;
}

bool IsOffsetBound(const WindowFrameBound& bound) {
  return bound.kind == BoundKind::kPreceding || bound.kind == BoundKind::kFollowing;
}

/// Order of bound kinds along the rows: a frame may not start after it ends.
int BoundRank(BoundKind kind) { return static_cast<int>(kind); }

void ValidateOffset(const WindowCall& call, const WindowFrameBound& bound) {
  if (!IsOffsetBound(bound)) return;
  if (bound.offset == nullptr) {
    throw InvalidArgumentError("window frame " + bound.ToString() + " needs an offset");
  }
  if (!bound.offset->IsFoldable()) {
    throw NotImplementedError("window frame offsets must be constant expressions: " +
                              bound.offset->ToString());
  }
  const DataType& type = bound.offset->type();
  if (type.id() == TypeId::kUnknown) return;  // NULL: rejected with its value later
  if (call.frame.mode != WindowFrame::Mode::kRange) {
    if (!type.is_integer() && !(type.id() == TypeId::kDecimal && type.scale() == 0)) {
      throw InvalidArgumentError("Window frame " +
                                 std::string(call.frame.mode == WindowFrame::Mode::kRows ? "ROWS" : "GROUPS") +
                                 " offset value type must be exact numeric type with scale 0 (actual " +
                                 type.ToString() + ")");
    }
    return;
  }
  if (call.order_by.size() != 1) {
    throw InvalidArgumentError(
        "Window frame of type RANGE PRECEDING or FOLLOWING requires single sort item in ORDER BY (actual: " +
        std::to_string(call.order_by.size()) + ")");
  }
  const DataType& key = call.order_by[0].expression->type();
  bool compatible;
  switch (key.id()) {
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: compatible = type.is_interval(); break;
    default: compatible = key.is_numeric() && type.is_numeric();
  }
  if (!compatible) {
    throw InvalidArgumentError("Window frame RANGE value type (" + type.ToString() +
                               ") not compatible with sort item type (" + key.ToString() + ")");
  }
}

void ValidateFrame(const WindowCall& call) {
  const WindowFrame& frame = call.frame;
  if (frame.start.kind == BoundKind::kUnboundedFollowing) {
    throw InvalidArgumentError("Window frame start cannot be UNBOUNDED FOLLOWING");
  }
  if (frame.end.kind == BoundKind::kUnboundedPreceding) {
    throw InvalidArgumentError("Window frame end cannot be UNBOUNDED PRECEDING");
  }
  if (BoundRank(frame.start.kind) > BoundRank(frame.end.kind)) {
    const char* start = frame.start.kind == BoundKind::kCurrentRow ? "CURRENT ROW" : "FOLLOWING";
    const char* end = frame.end.kind == BoundKind::kCurrentRow ? "CURRENT ROW" : "PRECEDING";
    throw InvalidArgumentError(std::string("Window frame starting from ") + start + " cannot end with " + end);
  }
  if (frame.mode == WindowFrame::Mode::kGroups && call.order_by.empty() &&
      (IsOffsetBound(frame.start) || IsOffsetBound(frame.end))) {
    throw InvalidArgumentError("Window frame of type GROUPS PRECEDING or FOLLOWING requires ORDER BY");
  }
  ValidateOffset(call, frame.start);
  ValidateOffset(call, frame.end);
}

}  // namespace

std::string WindowFrameBound::ToString() const {
  switch (kind) {
    case Kind::kUnboundedPreceding: return "UNBOUNDED PRECEDING";
    case Kind::kPreceding: return (offset ? offset->ToString() : "?") + " PRECEDING";
    case Kind::kCurrentRow: return "CURRENT ROW";
    case Kind::kFollowing: return (offset ? offset->ToString() : "?") + " FOLLOWING";
    case Kind::kUnboundedFollowing: return "UNBOUNDED FOLLOWING";
  }
  return "?";
}

std::string WindowFrame::ToString() const {
  std::string text = mode == Mode::kRows ? "ROWS" : mode == Mode::kRange ? "RANGE" : "GROUPS";
  return text + " BETWEEN " + start.ToString() + " AND " + end.ToString();
}

std::string WindowCall::ToString() const {
  std::string text = kind == WindowFunctionKind::kAggregate && aggregate ? aggregate->name()
                                                                         : WindowFunctionName(kind);
  text += "(";
  for (size_t i = 0; i < arguments.size(); ++i) text += (i ? ", " : "") + arguments[i]->ToString();
  text += ")";
  if (ignore_nulls) text += " IGNORE NULLS";
  text += " OVER (";
  std::string spec;
  if (!partition_by.empty()) {
    spec += "PARTITION BY ";
    for (size_t i = 0; i < partition_by.size(); ++i) spec += (i ? ", " : "") + partition_by[i]->ToString();
  }
  if (!order_by.empty()) {
    spec += spec.empty() ? "ORDER BY " : " ORDER BY ";
    for (size_t i = 0; i < order_by.size(); ++i) {
      spec += (i ? ", " : "") + order_by[i].expression->ToString();
      spec += order_by[i].descending ? " DESC" : " ASC";
      spec += order_by[i].nulls_first ? " NULLS FIRST" : " NULLS LAST";
    }
  }
  spec += spec.empty() ? "" : " ";
  spec += frame.ToString();
  return text + spec + ")";
}

std::optional<WindowFunctionKind> LookupWindowFunction(std::string_view name) {
  const std::string lower = Lower(name);
  for (const NamedKind& entry : kWindowFunctions) {
    if (lower == entry.name) return entry.kind;
  }
  return std::nullopt;
}

const char* WindowFunctionName(WindowFunctionKind kind) {
  for (const NamedKind& entry : kWindowFunctions) {
    if (entry.kind == kind) return entry.name;
  }
  return "aggregate";
}

std::vector<DataType> WindowArgumentTypes(WindowFunctionKind kind,
                                          const std::vector<DataType>& types) {
  switch (kind) {
    case WindowFunctionKind::kAggregate:
      throw InvalidArgumentError("aggregate window functions take the AggregateRegistry's argument types");
    case WindowFunctionKind::kRowNumber:
    case WindowFunctionKind::kRank:
    case WindowFunctionKind::kDenseRank:
    case WindowFunctionKind::kPercentRank:
    case WindowFunctionKind::kCumeDist:
      if (!types.empty()) ThrowArguments(kind, types, "no arguments");
      return {};
    case WindowFunctionKind::kNtile:
      if (types.size() != 1 || !IsIntegral(types[0])) ThrowArguments(kind, types, "ntile(bigint)");
      return {DataType::BigInt()};
    case WindowFunctionKind::kLag:
    case WindowFunctionKind::kLead: {
      const std::string expected = std::string(WindowFunctionName(kind)) + "(T [, bigint [, T]])";
      if (types.empty() || types.size() > 3) ThrowArguments(kind, types, expected);
      if (types.size() >= 2 && !IsIntegral(types[1])) ThrowArguments(kind, types, expected);
      const DataType value = ValueType(kind, types, expected);
      std::vector<DataType> result{value};
      if (types.size() >= 2) result.push_back(DataType::BigInt());
      if (types.size() == 3) result.push_back(value);
      return result;
    }
    case WindowFunctionKind::kFirstValue:
    case WindowFunctionKind::kLastValue:
      if (types.size() != 1) ThrowArguments(kind, types, std::string(WindowFunctionName(kind)) + "(T)");
      return {types[0]};
    case WindowFunctionKind::kNthValue:
      if (types.size() != 2 || !IsIntegral(types[1])) ThrowArguments(kind, types, "nth_value(T, bigint)");
      return {types[0], DataType::BigInt()};
  }
  return types;
}

DataType WindowResultType(WindowFunctionKind kind, const std::vector<DataType>& types) {
  const std::vector<DataType> coerced = WindowArgumentTypes(kind, types);
  switch (kind) {
    case WindowFunctionKind::kRowNumber:
    case WindowFunctionKind::kRank:
    case WindowFunctionKind::kDenseRank:
    case WindowFunctionKind::kNtile: return DataType::BigInt();
    case WindowFunctionKind::kPercentRank:
    case WindowFunctionKind::kCumeDist: return DataType::Double();
    default: return coerced[0];
  }
}

void ValidateWindowCall(const WindowCall& call) {
  const std::string display = call.DisplayName();
  if (call.kind == WindowFunctionKind::kAggregate) {
    if (call.aggregate == nullptr) throw InvalidArgumentError("aggregate window call without a function: " + display);
    if (call.arguments.size() != call.aggregate->argument_types().size()) {
      throw InvalidArgumentError("aggregate window call " + display + " has " +
                                 std::to_string(call.arguments.size()) + " arguments, its function " +
                                 call.aggregate->ToString());
    }
    for (size_t i = 0; i < call.arguments.size(); ++i) {
      if (call.arguments[i]->type() != call.aggregate->argument_types()[i]) {
        throw InvalidArgumentError("argument " + std::to_string(i + 1) + " of " + display + " is " +
                                   call.arguments[i]->type().ToString() + ", the function takes " +
                                   call.aggregate->argument_types()[i].ToString());
      }
    }
    if (call.type != call.aggregate->result_type()) {
      throw InvalidArgumentError("result type of " + display + " must be " + call.aggregate->result_type().ToString());
    }
  } else {
    if (call.aggregate != nullptr) throw InvalidArgumentError(display + " is not an aggregate call");
    std::vector<DataType> types;
    for (const auto& argument : call.arguments) types.push_back(argument->type());
    const std::vector<DataType> expected = WindowArgumentTypes(call.kind, types);
    for (size_t i = 0; i < types.size(); ++i) {
      if (types[i] != expected[i]) {
        throw InvalidArgumentError("argument " + std::to_string(i + 1) + " of " + display + " must be coerced to " +
                                   expected[i].ToString() + " (is " + types[i].ToString() + ")");
      }
    }
    if (call.type != WindowResultType(call.kind, types)) {
      throw InvalidArgumentError("result type of " + display + " must be " +
                                 WindowResultType(call.kind, types).ToString());
    }
  }
  if (call.ignore_nulls) {
    switch (call.kind) {
      case WindowFunctionKind::kLag:
      case WindowFunctionKind::kLead:
      case WindowFunctionKind::kFirstValue:
      case WindowFunctionKind::kLastValue:
      case WindowFunctionKind::kNthValue: break;
      default: throw InvalidArgumentError("IGNORE NULLS is not allowed for " + display);
    }
  }
  for (const WindowOrderKey& key : call.order_by) {
    if (key.expression == nullptr) throw InvalidArgumentError("ORDER BY item without an expression in " + display);
  }
  ValidateFrame(call);
}

}  // namespace sluice::exec
