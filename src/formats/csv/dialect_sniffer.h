#pragma once
// Sniffing a CSV dialect: which delimiter, quote, escape and NULL string split the
// start of an input into rows that agree on a field count. Options the user gave (and
// presets) are never second-guessed.

#include <string>
#include <string_view>
#include <vector>

#include "formats/csv/options.h"

namespace sluice::csv {

/// The dialect the options ask for, and which of its fields they fixed.
struct GivenDialect {
  Dialect dialect;
  bool delimiter = false, quote = false, escape = false, nulls = false, null_if_quoted = false,
       header = false;
};

/// Applies a preset, then the explicit dialect options over it.
GivenDialect GivenFromOptions(const ReadOptions& options);

/// Chooses the dialect fields the user left open by tokenizing the records of `text`
/// from `pos` with each candidate: per delimiter '"' and doubled quotes unless the
/// sample says otherwise (backslash escapes, single quotes), then the delimiter whose
/// rows agree best on a field count (> 1), then the most fields. The Redshift UNLOAD
/// signature (every field quoted, \N, backslash pairs) picks backslash escapes and \N.
/// Appends a note describing the choice.
void SniffDialect(GivenDialect* given, std::string_view text, size_t pos, bool at_eof,
                  std::vector<std::string>* notes);

/// Throws InvalidArgumentError when a dialect cannot work (delimiter equal to the quote,
/// a line-end byte as delimiter...).
void ValidateDialect(const Dialect& dialect);

}  // namespace sluice::csv
