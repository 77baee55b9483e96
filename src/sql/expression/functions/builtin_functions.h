#pragma once
// Registration of the built-in scalar functions, one call per family (each in its own
// file beside this header).

namespace sluice::sql {

class FunctionRegistry;

/// + - * / % and negate on integers, real, double and decimals.
void RegisterArithmeticFunctions(FunctionRegistry* registry);
/// abs, sign, round, truncate, ceil, floor, mod, power, sqrt, ln, log10, greatest, least,
/// random, …
void RegisterMathFunctions(FunctionRegistry* registry);
/// sin … tanh, atan2, log2, log(b, x), degrees, radians, pi, e, infinity, nan, is_nan,
/// is_finite, is_infinite (floating_functions.cpp).
void RegisterFloatingFunctions(FunctionRegistry* registry);
/// lower, upper, trim, substr, split_part, replace, concat, length, lpad, rpad, strpos,
/// starts_with, reverse, to_hex, md5, sha1, sha256, sha512, hmac_md5, hmac_sha1, hmac_sha256,
/// hmac_sha512, to_utf8, from_utf8.
void RegisterStringFunctions(FunctionRegistry* registry);
/// chr, codepoint, concat_ws, translate, levenshtein_distance, hamming_distance, from_hex,
/// to_base64, from_base64 (text_functions.cpp).
void RegisterTextFunctions(FunctionRegistry* registry);
/// like (with ESCAPE), regexp_like, regexp_extract, regexp_replace, regexp_count,
/// regexp_position (RE2).
void RegisterRegexFunctions(FunctionRegistry* registry);
/// json_extract_scalar, json_extract over JSON text in VARCHAR (json_functions.cpp).
void RegisterJsonFunctions(FunctionRegistry* registry);
/// + - * / and negate on dates, timestamps and intervals (datetime_arithmetic.cpp).
void RegisterDateTimeArithmetic(FunctionRegistry* registry);
/// year … millisecond, date_trunc, date_add, date_diff, at_timezone, with_timezone,
/// from_unixtime, current_timestamp, date_format, parse_datetime, to_iso8601, …
/// (datetime_fields.cpp, datetime_zones.cpp, datetime_text.cpp).
void RegisterDateTimeFunctions(FunctionRegistry* registry);

}  // namespace sluice::sql
