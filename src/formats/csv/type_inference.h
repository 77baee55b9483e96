#pragma once
// Types of CSV columns from their text: what one value can be, the most specific type
// a sample of values fits, and the widening lattice a later contradicting value follows:
//   BOOLEAN → VARCHAR;  BIGINT → DECIMAL → DOUBLE → VARCHAR;  DATE → TIMESTAMP → VARCHAR;
//   TIMESTAMP WITH TIME ZONE → VARCHAR;  anything → VARCHAR.
// Inference is stricter than conversion: "00501" parses as a BIGINT but is inferred as
// VARCHAR (a code, not a number); "12.345" fits DECIMAL(10,2) only by rounding, so it is
// inferred as DECIMAL(5,3). An inferred type never loses text.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/datetime_pattern.h"
#include "core/types.h"

namespace sluice::csv {

/// A column's type as the reader converts text to it: the SQL type plus, for dates and
/// timestamps, the pattern the text follows (null: ISO 8601). ISO text is accepted by
/// every DATE / TIMESTAMP column, whatever its pattern.
struct ColumnType {
  DataType type;
  std::shared_ptr<const DateTimePattern> pattern;

  /// "decimal(10,2)", "date (format %m/%d/%Y)".
  std::string ToString() const;
  friend bool operator==(const ColumnType& a, const ColumnType& b);
  friend bool operator!=(const ColumnType& a, const ColumnType& b) { return !(a == b); }
};

/// The least type that both types' values can be read as (see the lattice above).
ColumnType JoinTypes(const ColumnType& a, const ColumnType& b);

/// The date and timestamp patterns inference tries, in order of preference: ISO first,
/// then the user's date_format / timestamp_format, then (when asked) common non-ISO
/// forms. Where two forms both fit (01/02/2024), the earlier one wins: MM/DD before DD/MM.
class InferencePatterns {
 public:
  /// Throws InvalidArgumentError for a bad user pattern.
  InferencePatterns(const std::string& date_format, const std::string& timestamp_format,
                    bool common_forms);

  using PatternList = std::vector<std::shared_ptr<const DateTimePattern>>;
  /// Index 0 is null: ISO 8601.
  const PatternList& dates() const { return dates_; }
  const PatternList& timestamps() const { return timestamps_; }
  const PatternList& zoned_timestamps() const { return zoned_timestamps_; }

 private:
  PatternList dates_;
  PatternList timestamps_;
  PatternList zoned_timestamps_;
};

/// What one non-NULL value can be read as.
struct ValueClass {
  enum Kind : uint32_t {
    kBoolean = 1,
    kBigInt = 2,
    kDecimal = 4,
    kDouble = 8,
    kDate = 16,
    kTimestamp = 32,
    kTimestampTz = 64,
  };
  uint32_t kinds = 0;
  int integer_digits = 0;   ///< For kDecimal: significant digits before the point.
  int fraction_digits = 0;  ///< For kDecimal: digits after the point.
  uint64_t date_patterns = 0;       ///< Bit i: dates()[i] reads it.
  uint64_t timestamp_patterns = 0;  ///< Bit i: timestamps()[i] reads it.
  uint64_t zoned_patterns = 0;      ///< Bit i: zoned_timestamps()[i] reads it.
};

ValueClass ClassifyValue(std::string_view text, const InferencePatterns& patterns);

/// Folds the values of one column into the most specific type that reads them all.
class TypeAccumulator {
 public:
  explicit TypeAccumulator(const InferencePatterns* patterns) : patterns_(patterns) {}
  void Add(std::string_view text) { Add(ClassifyValue(text, *patterns_)); }
  void Add(const ValueClass& value);
  /// Values added so far (NULLs are not added).
  size_t num_values() const { return num_values_; }
  /// VARCHAR when no value was added. `note`, if given, receives a remark when the
  /// choice was ambiguous (01/02/2024 read as MM/DD), else stays as it is.
  ColumnType Result(std::string* note = nullptr) const;

 private:
  const InferencePatterns* patterns_;
  size_t num_values_ = 0;
  ValueClass all_;
  bool saw_non_iso_date_ = false;
  bool saw_non_iso_timestamp_ = false;
};

/// The most specific type of one value: the type a column widens towards when the value
/// contradicts it.
ColumnType TypeOfValue(std::string_view text, const InferencePatterns& patterns);

}  // namespace sluice::csv
