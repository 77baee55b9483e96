#pragma once
// SQL LIKE patterns compiled once: '%' any sequence, '_' one code point, an optional
// escape character. Common shapes (exact, 'abc%', '%abc', '%abc%') match with one
// comparison or search; the rest by a greedy two-pointer match with backtracking to
// the last '%' (linear for patterns without '_' runs, never exponential).

#include <string>
#include <string_view>
#include <vector>

namespace sluice::sql {

/// Position of `needle` in `text` at or after `from`, or npos (an SSE2 first/last-byte
/// filter over texts of 64 bytes or more; the library's search below that).
size_t FindSubstring(std::string_view text, std::string_view needle, size_t from);

class LikePattern {
 public:
  /// Throws InvalidArgumentError for an escape that is not one character or a pattern
  /// ending in the escape / escaping something other than %, _ or itself (as Trino).
  static LikePattern Compile(std::string_view pattern, std::string_view escape = {},
                             bool has_escape = false);

  bool Matches(std::string_view text) const;

 private:
  enum class Shape : uint8_t { kExact, kPrefix, kSuffix, kContains, kGeneral };
  enum class TokenKind : uint8_t { kLiteral, kAny, kOne };
  struct Token {
    TokenKind kind;
    std::string literal;
  };

  bool MatchGeneral(std::string_view text) const;

  Shape shape_ = Shape::kGeneral;
  std::string literal_;  ///< For the simple shapes.
  std::vector<Token> tokens_;
};

}  // namespace sluice::sql
