#include "core/types.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "core/error.h"

namespace sluice {

namespace {

const std::vector<DataType>& EmptyChildren() {
  static const std::vector<DataType> empty;
  return empty;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// Collapses runs of whitespace to one space and trims the ends.
std::string NormalizeSpaces(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

/// Parses "(a)" or "(a,b)" after a type name; returns number of arguments read.
int ParseTypeArguments(std::string_view args, int* first, int* second, std::string_view whole) {
  if (args.empty()) return 0;
  if (args.front() != '(' || args.back() != ')') {
    throw InvalidArgumentError("unknown type '" + std::string(whole) + "'");
  }
  args = args.substr(1, args.size() - 2);
  int values[2] = {0, 0};
  int count = 0;
  size_t pos = 0;
  while (pos <= args.size()) {
    size_t comma = args.find(',', pos);
    std::string_view part =
        args.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (part.empty() || part.size() > 9 || count == 2 ||
        !std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      throw InvalidArgumentError("bad type arguments in '" + std::string(whole) +
                                 "': expected (precision) or (precision, scale)");
    }
    values[count++] = std::stoi(std::string(part));
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  *first = values[0];
  *second = values[1];
  return count;
}

}  // namespace

DataType DataType::Decimal(int precision, int scale) {
  if (precision < 1 || precision > kMaxDecimalPrecision) {
    throw InvalidArgumentError("DECIMAL precision must be between 1 and 38, got " +
                               std::to_string(precision));
  }
  if (scale < 0 || scale > precision) {
    throw InvalidArgumentError("DECIMAL scale must be between 0 and the precision (" +
                               std::to_string(precision) + "), got " + std::to_string(scale));
  }
  return DataType(TypeId::kDecimal, precision, scale);
}

DataType DataType::Parse(std::string_view text) {
  std::string norm = Lower(NormalizeSpaces(text));
  std::string name = norm;
  std::string args;
  size_t paren = norm.find('(');
  std::string suffix;
  if (paren != std::string::npos) {
    size_t close = norm.find(')', paren);
    if (close == std::string::npos) {
      throw InvalidArgumentError("unknown type '" + std::string(text) + "': missing ')'");
    }
    name = norm.substr(0, paren);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    args = norm.substr(paren, close - paren + 1);
    suffix = norm.substr(close + 1);
    while (!suffix.empty() && suffix.front() == ' ') suffix.erase(0, 1);
    if (!suffix.empty()) name += " " + suffix;
  }
  if (name == "array" || name == "map" || name == "row") {
    throw NotImplementedError("nested type '" + std::string(text) + "' is not supported yet");
  }
  int a = 0, b = 0;
  int num_args = ParseTypeArguments(args, &a, &b, text);
  auto no_args = [&](DataType type) {
    if (num_args != 0) {
      throw InvalidArgumentError("type '" + std::string(text) + "' takes no arguments");
    }
    return type;
  };
  if (name == "boolean" || name == "bool") return no_args(Boolean());
  if (name == "tinyint") return no_args(TinyInt());
  if (name == "smallint") return no_args(SmallInt());
  if (name == "integer" || name == "int") return no_args(Integer());
  if (name == "bigint") return no_args(BigInt());
  if (name == "real" || name == "float") return no_args(Real());
  if (name == "double" || name == "double precision") return no_args(Double());
  if (name == "decimal" || name == "numeric") {
    if (num_args == 0) return Decimal(38, 0);
    return Decimal(a, num_args == 2 ? b : 0);
  }
  if (name == "varchar" || name == "string" || name == "char" || name == "text") {
    return Varchar();
  }
  if (name == "varbinary" || name == "binary") return no_args(Varbinary());
  if (name == "date") return no_args(Date());
  if (name == "timestamp" || name == "timestamp without time zone") {
    if (num_args != 0 && a != kTimestampPrecision) {
      throw NotImplementedError("only timestamp(6) is supported, not '" + std::string(text) +
                                "'");
    }
    return Timestamp();
  }
  if (name == "timestamp with time zone" || name == "timestamptz") {
    if (num_args != 0 && a != kTimestampPrecision) {
      throw NotImplementedError("only timestamp(6) with time zone is supported, not '" +
                                std::string(text) + "'");
    }
    return TimestampTz();
  }
  if (name == "interval day to second") return no_args(IntervalDayTime());
  if (name == "interval year to month") return no_args(IntervalYearMonth());
  if (name == "unknown") return no_args(Unknown());
  throw InvalidArgumentError(
      "unknown type '" + std::string(text) +
      "' (expected boolean, tinyint, smallint, integer, bigint, real, double, decimal(p,s), "
      "varchar, varbinary, date, timestamp, timestamp with time zone, interval day to second "
      "or interval year to month)");
}

PhysicalType DataType::physical_type() const {
  switch (id_) {
    case TypeId::kUnknown: return PhysicalType::kBool;
    case TypeId::kBoolean: return PhysicalType::kBool;
    case TypeId::kTinyInt: return PhysicalType::kInt8;
    case TypeId::kSmallInt: return PhysicalType::kInt16;
    case TypeId::kInteger: return PhysicalType::kInt32;
    case TypeId::kDate: return PhysicalType::kInt32;
    case TypeId::kBigInt: return PhysicalType::kInt64;
    case TypeId::kTimestamp: return PhysicalType::kInt64;
    case TypeId::kReal: return PhysicalType::kFloat;
    case TypeId::kDouble: return PhysicalType::kDouble;
    case TypeId::kDecimal:
      return precision_ <= kMaxShortDecimalPrecision ? PhysicalType::kInt64
                                                     : PhysicalType::kInt128;
    case TypeId::kVarchar:
    case TypeId::kVarbinary: return PhysicalType::kString;
    case TypeId::kTimestampTz: return PhysicalType::kTimestampTz;
    case TypeId::kIntervalDayTime: return PhysicalType::kInt64;
    case TypeId::kIntervalYearMonth: return PhysicalType::kInt32;
    case TypeId::kArray:
    case TypeId::kMap:
    case TypeId::kRow: return PhysicalType::kNested;
  }
  return PhysicalType::kInvalid;
}

size_t DataType::fixed_width() const {
  switch (physical_type()) {
    case PhysicalType::kBool:
    case PhysicalType::kInt8: return 1;
    case PhysicalType::kInt16: return 2;
    case PhysicalType::kInt32:
    case PhysicalType::kFloat: return 4;
    case PhysicalType::kInt64:
    case PhysicalType::kDouble: return 8;
    case PhysicalType::kInt128:
    case PhysicalType::kString:
    case PhysicalType::kTimestampTz: return 16;
    case PhysicalType::kNested:
    case PhysicalType::kInvalid: return 0;
  }
  return 0;
}

const std::vector<DataType>& DataType::children() const {
  return children_ ? *children_ : EmptyChildren();
}

std::string DataType::ToString() const {
  switch (id_) {
    case TypeId::kUnknown: return "unknown";
    case TypeId::kBoolean: return "boolean";
    case TypeId::kTinyInt: return "tinyint";
    case TypeId::kSmallInt: return "smallint";
    case TypeId::kInteger: return "integer";
    case TypeId::kBigInt: return "bigint";
    case TypeId::kReal: return "real";
    case TypeId::kDouble: return "double";
    case TypeId::kDecimal:
      return "decimal(" + std::to_string(precision_) + "," + std::to_string(scale_) + ")";
    case TypeId::kVarchar: return "varchar";
    case TypeId::kVarbinary: return "varbinary";
    case TypeId::kDate: return "date";
    case TypeId::kTimestamp: return "timestamp(" + std::to_string(precision_) + ")";
    case TypeId::kTimestampTz:
      return "timestamp(" + std::to_string(precision_) + ") with time zone";
    case TypeId::kIntervalDayTime: return "interval day to second";
    case TypeId::kIntervalYearMonth: return "interval year to month";
    case TypeId::kArray: return "array";
    case TypeId::kMap: return "map";
    case TypeId::kRow: return "row";
  }
  return "?";
}

bool operator==(const DataType& a, const DataType& b) {
  return a.id_ == b.id_ && a.precision_ == b.precision_ && a.scale_ == b.scale_ &&
         a.children() == b.children();
}

int Schema::FindField(std::string_view name) const {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i].name == name) return static_cast<int>(i);
  }
  std::string lower = Lower(name);
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (Lower(fields_[i].name) == lower) return static_cast<int>(i);
  }
  return -1;
}

std::vector<DataType> Schema::types() const {
  std::vector<DataType> out;
  out.reserve(fields_.size());
  for (const Field& f : fields_) out.push_back(f.type);
  return out;
}

std::string Schema::ToString() const {
  std::string out;
  for (const Field& f : fields_) {
    out += f.name;
    out += ' ';
    out += f.type.ToString();
    if (!f.nullable) out += " NOT NULL";
    out += '\n';
  }
  return out;
}

}  // namespace sluice
