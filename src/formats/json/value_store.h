#pragma once
// Converting one JSON value into one slot of a Vector, by the rules of its column:
//  - inferred types take exactly the values their inference accepts (an integer for
//    BIGINT, an ISO date string for DATE...); anything else asks for widening;
//  - explicit types convert leniently: the text of a string or number that parses as
//    the type is accepted ("42" → 42, 1 → true, "NaN" → NaN, 1.005 → 1.01 in
//    DECIMAL(6,2)); DATE/TIMESTAMP/VARBINARY (base64) only from strings;
//  - VARCHAR takes everything: strings' contents, other values' JSON text (nested
//    values compact).
// Internal to formats/json (uses simdjson).

#include <string>
#include <string_view>

#include "core/vector.h"
#include "formats/json/json_value.h"
#include "formats/json/type_inference.h"

namespace sluice::json {

/// What storing one value did.
enum class StoreOutcome {
  kStored,   ///< Stored (or NULL).
  kBad,      ///< Does not convert to the column's explicit type.
  kWiden,    ///< Contradicts the column's inferred type; shape() tells the value's shape.
  kInvalid,  ///< Not valid JSON; error() holds simdjson's code.
};

/// Stores values into vectors. Holds only scratch state: one per thread.
class ValueStore {
 public:
  /// Stores `value` at `row` of `vector`, whose type is the column's; marks the row
  /// valid or NULL. VARCHAR values without escapes point into the input (no copy):
  /// the caller keeps the input alive as long as the vector (StringHeap::KeepAlive).
  StoreOutcome Store(ondemand::value& value, bool explicit_type, Vector& vector, size_t row);

  /// The simdjson error after kInvalid, and where the bad value starts in the input.
  simdjson::error_code error() const { return error_; }
  const char* error_at() const { return error_at_; }
  /// The value's shape after kWiden.
  const ValueShape& shape() const { return shape_; }

 private:
  StoreOutcome StoreValue(ondemand::value& value, bool explicit_type, Vector& vector,
                          size_t row);
  StoreOutcome StoreInferred(ondemand::value& value, ondemand::json_type type, Vector& vector,
                             size_t row);
  StoreOutcome StoreExplicit(ondemand::value& value, ondemand::json_type type, Vector& vector,
                             size_t row);
  StoreOutcome StoreJsonText(ondemand::value& value, ondemand::json_type type, Vector& vector,
                             size_t row);
  bool ConvertText(std::string_view text, Vector& vector, size_t row);
  static void StoreText(Vector& vector, size_t row, std::string_view text, bool in_input) {
    if (in_input) {
      vector.data<StringRef>()[row] = StringRef(text.data(), static_cast<uint32_t>(text.size()));
    } else {
      vector.SetString(row, text);
    }
  }

  simdjson::error_code error_ = simdjson::SUCCESS;
  const char* error_at_ = nullptr;
  ValueShape shape_;
  std::string scratch_;
};

}  // namespace sluice::json
