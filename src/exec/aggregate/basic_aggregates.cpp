// count, sum, avg, min, max, arbitrary/any_value, bool_and, bool_or, min_by, max_by,
// listagg/string_agg. Return types follow Trino's documentation: sum of integers is
// bigint, of decimal(p,s) decimal(38,s); avg of integers is double, of decimal(p,s)
// decimal(p,s) (rounded half up), of real real.

#include <string>

#include "core/error.h"
#include "core/value.h"
#include "exec/aggregate/aggregate_registry.h"
#include "exec/aggregate/simple_aggregate.h"

namespace sluice::exec {
namespace {

using sql::Operand;
using sql::ParameterType;
using Args = std::span<const Operand>;

// ---- count ----

struct CountStarOp {
  using State = int64_t;
  bool Skip(Args, uint32_t) const { return false; }
  void Add(State& s, Args, uint32_t) const { ++s; }
  void Merge(State& t, State& s) const { t += s; }
  void Final(State& s, Vector* out, size_t row) const { out->data<int64_t>()[row] = s; }
};

struct CountOp : SkipNullArguments<1> {
  using State = int64_t;
  void Add(State& s, Args, uint32_t) const { ++s; }
  void Merge(State& t, State& s) const { t += s; }
  void Final(State& s, Vector* out, size_t row) const { out->data<int64_t>()[row] = s; }
};

// count_if(boolean): counts TRUE rows.
struct CountIfOp : SkipNullArguments<1> {
  using State = int64_t;
  void Add(State& s, Args args, uint32_t row) const { s += args[0].Get<uint8_t>(row) != 0; }
  void Merge(State& t, State& s) const { t += s; }
  void Final(State& s, Vector* out, size_t row) const { out->data<int64_t>()[row] = s; }
};

// ---- sum ----

[[noreturn]] void ThrowBigintOverflow(int64_t a, int64_t b) {
  throw ConversionError("bigint addition overflow: " + std::to_string(a) + " + " +
                        std::to_string(b));
}

template <typename T>
struct SumIntegerOp : SkipNullArguments<1> {
  struct State {
    int64_t sum;
    bool seen;
  };
  void Add(State& s, Args args, uint32_t row) const {
    int64_t value = args[0].Get<T>(row);
    int64_t result;
    if (__builtin_add_overflow(s.sum, value, &result)) ThrowBigintOverflow(s.sum, value);
    s.sum = result;
    s.seen = true;
  }
  void Merge(State& t, State& s) const {
    if (!s.seen) return;
    int64_t result;
    if (__builtin_add_overflow(t.sum, s.sum, &result)) ThrowBigintOverflow(t.sum, s.sum);
    t.sum = result;
    t.seen = true;
  }
  void Final(State& s, Vector* out, size_t row) const {
    if (!s.seen) return out->SetNull(row);
    out->data<int64_t>()[row] = s.sum;
  }
};

template <typename T>
struct SumFloatOp : SkipNullArguments<1> {
  struct State {
    double sum;
    bool seen;
  };
  void Add(State& s, Args args, uint32_t row) const {
    s.sum += args[0].Get<T>(row);
    s.seen = true;
  }
  void Merge(State& t, State& s) const {
    t.sum += s.sum;
    t.seen |= s.seen;
  }
  void Final(State& s, Vector* out, size_t row) const {
    if (!s.seen) return out->SetNull(row);
    out->data<T>()[row] = static_cast<T>(s.sum);
  }
};

/// 128-bit sums may pass 10^38 on the way (and come back); only the final value must
/// fit decimal(38). Passing the int128 range is an overflow at once.
[[noreturn]] void ThrowDecimalOverflow() {
  throw ConversionError("decimal overflow: sum exceeds 38 digits");
}

void AddDecimal(__int128* sum, __int128 value) {
  if (__builtin_add_overflow(*sum, value, sum)) ThrowDecimalOverflow();
}

template <typename T>
struct SumDecimalOp : SkipNullArguments<1> {
  struct State {
    __int128 sum;
    bool seen;
  };
  void Add(State& s, Args args, uint32_t row) const {
    AddDecimal(&s.sum, args[0].Get<T>(row));
    s.seen = true;
  }
  void Merge(State& t, State& s) const {
    if (!s.seen) return;
    AddDecimal(&t.sum, s.sum);
    t.seen = true;
  }
  void Final(State& s, Vector* out, size_t row) const {
    if (!s.seen) return out->SetNull(row);
    const __int128 limit = PowerOfTen(kMaxDecimalPrecision);
    if (s.sum >= limit || s.sum <= -limit) ThrowDecimalOverflow();
    out->data<__int128>()[row] = s.sum;
  }
};

// ---- avg ----

struct AverageState {
  __int128 sum;
  int64_t count;
};

template <typename T>
struct AvgIntegerOp : SkipNullArguments<1> {
  using State = AverageState;
  void Add(State& s, Args args, uint32_t row) const {
    s.sum += args[0].Get<T>(row);
    ++s.count;
  }
  void Merge(State& t, State& s) const {
    t.sum += s.sum;
    t.count += s.count;
  }
  void Final(State& s, Vector* out, size_t row) const {
    if (s.count == 0) return out->SetNull(row);
    out->data<double>()[row] = static_cast<double>(s.sum) / static_cast<double>(s.count);
  }
};

template <typename T>
struct AvgFloatOp : SkipNullArguments<1> {
  struct State {
    double sum;
    int64_t count;
  };
  void Add(State& s, Args args, uint32_t row) const {
    s.sum += args[0].Get<T>(row);
    ++s.count;
  }
  void Merge(State& t, State& s) const {
    t.sum += s.sum;
    t.count += s.count;
  }
  void Final(State& s, Vector* out, size_t row) const {
    if (s.count == 0) return out->SetNull(row);
    out->data<T>()[row] = static_cast<T>(s.sum / static_cast<double>(s.count));
  }
};

/// Rounds sum / count half away from zero (Trino's HALF_UP for decimals).
__int128 DivideRounded(__int128 sum, int64_t count) {
  __int128 quotient = sum / count;
  __int128 remainder = sum % count;
  __int128 twice = (remainder < 0 ? -remainder : remainder) * 2;
  if (twice >= count) quotient += sum < 0 ? -1 : 1;
  return quotient;
}

template <typename T>
struct AvgDecimalOp : SkipNullArguments<1> {
  using State = AverageState;
  void Add(State& s, Args args, uint32_t row) const {
    AddDecimal(&s.sum, args[0].Get<T>(row));
    ++s.count;
  }
  void Merge(State& t, State& s) const {
    AddDecimal(&t.sum, s.sum);
    t.count += s.count;
  }
  void Final(State& s, Vector* out, size_t row) const {
    if (s.count == 0) return out->SetNull(row);
    out->data<T>()[row] = static_cast<T>(DivideRounded(s.sum, s.count));
  }
};

// ---- min, max, arbitrary ----

enum class Pick : uint8_t { kMin, kMax, kFirst };

template <typename T>
bool Less(const T& a, const T& b) {
  if constexpr (std::is_same_v<T, TimestampTz>) {
    return a.micros < b.micros;
  } else {
    return a < b;
  }
}

template <typename T, Pick kPick>
bool Replaces(const T& candidate, const T& current) {
  if constexpr (kPick == Pick::kMin) return Less(candidate, current);
  if constexpr (kPick == Pick::kMax) return Less(current, candidate);
  return false;
}

template <typename T, Pick kPick>
struct PickFixedOp : SkipNullArguments<1> {
  struct State {
    T value;
    bool seen;
  };
  void Add(State& s, Args args, uint32_t row) const { Offer(s, args[0].Get<T>(row)); }
  void Merge(State& t, State& s) const {
    if (s.seen) Offer(t, s.value);
  }
  void Offer(State& s, const T& value) const {
    if (!s.seen || Replaces<T, kPick>(value, s.value)) {
      s.value = value;
      s.seen = true;
    }
  }
  void Final(State& s, Vector* out, size_t row) const {
    if (!s.seen) return out->SetNull(row);
    out->data<T>()[row] = s.value;
  }
};

/// Strings own a copy of the current pick (input vectors do not outlive the chunk).
template <Pick kPick>
struct PickStringOp : SkipNullArguments<1> {
  struct State {
    std::string value;
    bool seen;
  };
  void Add(State& s, Args args, uint32_t row) const {
    std::string_view value = args[0].Get<StringRef>(row).view();
    if (!s.seen || Replaces<std::string_view, kPick>(value, s.value)) {
      s.value.assign(value);
      s.seen = true;
    }
  }
  void Merge(State& t, State& s) const {
    if (s.seen && (!t.seen || Replaces<std::string_view, kPick>(s.value, t.value))) {
      t.value = std::move(s.value);
      t.seen = true;
    }
  }
  void Final(State& s, Vector* out, size_t row) const {
    if (!s.seen) return out->SetNull(row);
    out->SetString(row, s.value);
  }
};

template <Pick kPick>
AggregateFunctionPtr MakePick(const std::string& name, const DataType& type) {
  std::vector<DataType> args{type};
  switch (type.physical_type()) {
    case PhysicalType::kBool: return MakeSimple<PickFixedOp<uint8_t, kPick>>(name, args, type);
    case PhysicalType::kInt8: return MakeSimple<PickFixedOp<int8_t, kPick>>(name, args, type);
    case PhysicalType::kInt16: return MakeSimple<PickFixedOp<int16_t, kPick>>(name, args, type);
    case PhysicalType::kInt32: return MakeSimple<PickFixedOp<int32_t, kPick>>(name, args, type);
    case PhysicalType::kInt64: return MakeSimple<PickFixedOp<int64_t, kPick>>(name, args, type);
    case PhysicalType::kInt128:
      return MakeSimple<PickFixedOp<__int128, kPick>>(name, args, type);
    case PhysicalType::kFloat: return MakeSimple<PickFixedOp<float, kPick>>(name, args, type);
    case PhysicalType::kDouble: return MakeSimple<PickFixedOp<double, kPick>>(name, args, type);
    case PhysicalType::kString: return MakeSimple<PickStringOp<kPick>>(name, args, type);
    case PhysicalType::kTimestampTz:
      return MakeSimple<PickFixedOp<TimestampTz, kPick>>(name, args, type);
    default:
      throw NotImplementedError(name + "(" + type.ToString() + ") is not supported yet");
  }
}

// ---- bool_and, bool_or ----

template <bool kAnd>
struct BoolOp : SkipNullArguments<1> {
  struct State {
    bool value;
    bool seen;
  };
  void Add(State& s, Args args, uint32_t row) const { Fold(s, args[0].Get<uint8_t>(row) != 0); }
  void Merge(State& t, State& s) const {
    if (s.seen) Fold(t, s.value);
  }
  void Fold(State& s, bool value) const {
    s.value = !s.seen ? value : (kAnd ? (s.value && value) : (s.value || value));
    s.seen = true;
  }
  void Final(State& s, Vector* out, size_t row) const {
    if (!s.seen) return out->SetNull(row);
    out->data<uint8_t>()[row] = s.value ? 1 : 0;
  }
};

// ---- min_by, max_by ----

/// min_by(x, y): the x of the row with the smallest y; rows with a NULL y are ignored,
/// x may be NULL. Values are held as Value (any type pair without a template each).
template <bool kMax>
struct PickByOp {
  struct State {
    Value x;
    Value y;
    bool seen;
  };
  bool Skip(Args args, uint32_t row) const { return args[1].IsNull(row); }
  void Add(State& s, Args args, uint32_t row) const {
    uint32_t y_row = args[1].constant ? 0 : row;
    Value y = Value::FromVector(*args[1].vector, y_row);
    if (s.seen && !Better(y, s.y)) return;
    s.y = std::move(y);
    s.x = Value::FromVector(*args[0].vector, args[0].constant ? 0 : row);
    s.seen = true;
  }
  bool Better(const Value& candidate, const Value& current) const {
    int c = Value::Compare(candidate, current);
    return kMax ? c > 0 : c < 0;
  }
  void Merge(State& t, State& s) const {
    if (s.seen && (!t.seen || Better(s.y, t.y))) {
      t.x = std::move(s.x);
      t.y = std::move(s.y);
      t.seen = true;
    }
  }
  void Final(State& s, Vector* out, size_t row) const {
    if (!s.seen || s.x.is_null()) return out->SetNull(row);
    s.x.WriteTo(out, row);
  }
};

// ---- listagg / string_agg ----

/// Concatenation in input order (an ORDER BY inside the call is the operator's job:
/// it feeds rows sorted). The separator is the second argument, a constant.
struct ListAggOp : SkipNullArguments<1> {
  struct State {
    std::string text;
    std::string separator;
    bool seen;
  };
  void Add(State& s, Args args, uint32_t row) const {
    if (s.seen) {
      s.text += s.separator;
    } else if (args.size() > 1 && !args[1].IsNull(row)) {
      s.separator.assign(args[1].Get<StringRef>(row).view());
    }
    s.text.append(args[0].Get<StringRef>(row).view());
    s.seen = true;
  }
  void Merge(State& t, State& s) const {
    if (!s.seen) return;
    if (!t.seen) {
      t = std::move(s);
      return;
    }
    t.text += s.separator;
    t.text += s.text;
  }
  void Final(State& s, Vector* out, size_t row) const {
    if (!s.seen) return out->SetNull(row);
    out->SetString(row, s.text);
  }
};

// ---- factories ----

template <template <typename> class Op>
AggregateFunctionPtr MakeByInteger(const std::string& name, const DataType& arg,
                                   const DataType& result) {
  switch (arg.physical_type()) {
    case PhysicalType::kInt8: return MakeSimple<Op<int8_t>>(name, {arg}, result);
    case PhysicalType::kInt16: return MakeSimple<Op<int16_t>>(name, {arg}, result);
    case PhysicalType::kInt32: return MakeSimple<Op<int32_t>>(name, {arg}, result);
    default: return MakeSimple<Op<int64_t>>(name, {arg}, result);
  }
}

AggregateFunctionPtr MakeSum(const std::vector<DataType>& types) {
  const DataType& t = types[0];
  switch (t.id()) {
    case TypeId::kReal: return MakeSimple<SumFloatOp<float>>("sum", types, t);
    case TypeId::kDouble: return MakeSimple<SumFloatOp<double>>("sum", types, t);
    case TypeId::kDecimal: {
      DataType result = DataType::Decimal(kMaxDecimalPrecision, t.scale());
      if (t.is_short_decimal()) return MakeSimple<SumDecimalOp<int64_t>>("sum", types, result);
      return MakeSimple<SumDecimalOp<__int128>>("sum", types, result);
    }
    default: return MakeByInteger<SumIntegerOp>("sum", t, DataType::BigInt());
  }
}

AggregateFunctionPtr MakeAvg(const std::vector<DataType>& types) {
  const DataType& t = types[0];
  switch (t.id()) {
    case TypeId::kReal: return MakeSimple<AvgFloatOp<float>>("avg", types, t);
    case TypeId::kDouble: return MakeSimple<AvgFloatOp<double>>("avg", types, t);
    case TypeId::kDecimal:
      if (t.is_short_decimal()) return MakeSimple<AvgDecimalOp<int64_t>>("avg", types, t);
      return MakeSimple<AvgDecimalOp<__int128>>("avg", types, t);
    default: return MakeByInteger<AvgIntegerOp>("avg", t, DataType::Double());
  }
}

void Add(AggregateRegistry* r, const std::string& name, std::vector<ParameterType> parameters,
         AggregateFactory factory) {
  r->Register({name, std::move(parameters), factory});
}

}  // namespace

void RegisterBasicAggregates(AggregateRegistry* r) {
  const ParameterType t = ParameterType::T();
  Add(r, "count", {}, [](const std::vector<DataType>&) {
    return MakeSimple<CountStarOp>("count", {}, DataType::BigInt());
  });
  Add(r, "count", {t}, [](const std::vector<DataType>& types) {
    return MakeSimple<CountOp>("count", types, DataType::BigInt());
  });
  Add(r, "count_if", {DataType::Boolean()}, [](const std::vector<DataType>& types) {
    return MakeSimple<CountIfOp>("count_if", types, DataType::BigInt());
  });
  // Exact overloads first so that ties prefer them; integers widen to bigint.
  for (DataType type : {DataType::BigInt(), DataType::Real(), DataType::Double()}) {
    Add(r, "sum", {type}, MakeSum);
    Add(r, "avg", {type}, MakeAvg);
  }
  Add(r, "sum", {ParameterType::AnyDecimal()}, MakeSum);
  Add(r, "avg", {ParameterType::AnyDecimal()}, MakeAvg);
  Add(r, "min", {t}, [](const std::vector<DataType>& types) {
    return MakePick<Pick::kMin>("min", types[0]);
  });
  Add(r, "max", {t}, [](const std::vector<DataType>& types) {
    return MakePick<Pick::kMax>("max", types[0]);
  });
  for (const char* name : {"arbitrary", "any_value"}) {
    Add(r, name, {t}, [](const std::vector<DataType>& types) {
      return MakePick<Pick::kFirst>("arbitrary", types[0]);
    });
  }
  Add(r, "bool_and", {DataType::Boolean()}, [](const std::vector<DataType>& types) {
    return MakeSimple<BoolOp<true>>("bool_and", types, DataType::Boolean());
  });
  Add(r, "every", {DataType::Boolean()}, [](const std::vector<DataType>& types) {
    return MakeSimple<BoolOp<true>>("every", types, DataType::Boolean());
  });
  Add(r, "bool_or", {DataType::Boolean()}, [](const std::vector<DataType>& types) {
    return MakeSimple<BoolOp<false>>("bool_or", types, DataType::Boolean());
  });
  Add(r, "min_by", {t, t}, [](const std::vector<DataType>& types) {
    return MakeSimple<PickByOp<false>>("min_by", types, types[0]);
  });
  Add(r, "max_by", {t, t}, [](const std::vector<DataType>& types) {
    return MakeSimple<PickByOp<true>>("max_by", types, types[0]);
  });
  for (const char* name : {"listagg", "string_agg"}) {
    Add(r, name, {DataType::Varchar(), DataType::Varchar()},
        [](const std::vector<DataType>& types) {
          return MakeSimple<ListAggOp>("listagg", types, DataType::Varchar());
        });
  }
}

}  // namespace sluice::exec
