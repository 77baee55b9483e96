#pragma once
// Helpers for the aggregate tests: run a function ungrouped, grouped, and as two
// partial passes combined, over columns given as Values.

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "core/value.h"
#include "exec/aggregate/aggregate_registry.h"

namespace sluice::exec::testing {

/// A column of `type` holding `values` (any length: vectors are sized to fit).
inline Vector MakeVector(const DataType& type, const std::vector<Value>& values) {
  Vector v(type, std::max<size_t>(values.size(), 1));
  for (size_t r = 0; r < values.size(); ++r) values[r].WriteTo(&v, r);
  return v;
}

/// `count` states of `function` in one aligned buffer, destroyed with the object.
class StateArray {
 public:
  StateArray(const AggregateFunction& function, size_t count) : function_(function) {
    size_t align = function.state_alignment();
    stride_ = (function.state_size() + align - 1) / align * align;
    buffer_.reset(new uint8_t[stride_ * count + 16]);
    auto base = reinterpret_cast<uintptr_t>(buffer_.get());
    uint8_t* first = buffer_.get() + (16 - base % 16) % 16;
    for (size_t i = 0; i < count; ++i) {
      pointers_.push_back(first + i * stride_);
      function.Initialize(pointers_.back());
    }
  }
  ~StateArray() { function_.Destroy(pointers_.data(), pointers_.size()); }
  uint8_t* operator[](size_t i) const { return pointers_[i]; }
  uint8_t* const* data() const { return pointers_.data(); }
  size_t size() const { return pointers_.size(); }

  std::vector<Value> Finalize() const {
    Vector out(function_.result_type(), std::max<size_t>(size(), 1));
    function_.Finalize(data(), size(), &out, 0);
    std::vector<Value> values;
    for (size_t i = 0; i < size(); ++i) values.push_back(Value::FromVector(out, i));
    return values;
  }

 private:
  const AggregateFunction& function_;
  size_t stride_ = 0;
  std::unique_ptr<uint8_t[]> buffer_;
  std::vector<uint8_t*> pointers_;
};

inline std::vector<sql::Operand> Operands(const std::vector<Vector>& columns) {
  std::vector<sql::Operand> operands;
  for (const Vector& v : columns) operands.push_back({&v, false});
  return operands;
}

inline AggregateFunctionPtr Resolve(const std::string& name, std::vector<DataType> types,
                                    bool distinct = false) {
  return AggregateRegistry::Builtins().Resolve(name, types, distinct).function;
}

/// The ungrouped result over rows 0..num_rows of `columns` (UpdateSingle).
inline Value RunUngrouped(const AggregateFunction& f, const std::vector<Vector>& columns,
                          size_t num_rows) {
  StateArray state(f, 1);
  auto operands = Operands(columns);
  f.UpdateSingle(state[0], operands, sql::Rows{nullptr, num_rows});
  return state.Finalize()[0];
}

/// `value` as the argument type a resolved function expects (integers widen to bigint
/// or double, as the binder's casts would).
inline Value Coerce(const Value& value, const DataType& to) {
  if (value.type() == to) return value;
  if (value.is_null()) return Value::Null(to);
  if (to.id() == TypeId::kBigInt && value.type().is_integer()) return Value::BigInt(value.int64());
  if (to.id() == TypeId::kDouble) {
    return Value::Double(value.type().is_integer() ? static_cast<double>(value.int64())
                                                   : value.float64());
  }
  ADD_FAILURE() << "no test coercion from " << value.type().ToString() << " to " << to.ToString();
  return value;
}

/// `values` as a column of `to`.
inline Vector MakeCoerced(const DataType& to, const std::vector<Value>& values) {
  std::vector<Value> coerced;
  for (const Value& v : values) coerced.push_back(Coerce(v, to));
  return MakeVector(to, coerced);
}

/// Per-group results; `groups[r]` is row r's group. With `split`, rows before and
/// after `split` go to two partial state arrays that are then combined.
inline std::vector<Value> RunGrouped(const AggregateFunction& f,
                                     const std::vector<Vector>& columns,
                                     const std::vector<uint32_t>& groups, size_t num_groups,
                                     size_t split = 0) {
  auto operands = Operands(columns);
  StateArray final_states(f, num_groups);
  StateArray partial(f, num_groups);
  std::vector<uint8_t*> row_states(groups.size());
  std::vector<uint32_t> first, second;
  for (uint32_t r = 0; r < groups.size(); ++r) {
    (split > 0 && r < split ? first : second).push_back(r);
  }
  // Later rows go to the partial states, which are combined into the earlier ones, so
  // order-sensitive functions (listagg) see input order.
  for (uint32_t r = 0; r < groups.size(); ++r) {
    row_states[r] = (split > 0 && r >= split ? partial : final_states)[groups[r]];
  }
  f.Update(row_states.data(), operands, sql::Rows{first.data(), first.size()});
  f.Update(row_states.data(), operands, sql::Rows{second.data(), second.size()});
  if (split > 0) f.Combine(partial.data(), final_states.data(), num_groups);
  return final_states.Finalize();
}

}  // namespace sluice::exec::testing
