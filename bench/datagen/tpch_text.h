#pragma once
// TPC-H comment text (clause 4.2.2.10): sentences of the specification's grammar.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "random.h"

namespace sluice::datagen {

/// A block of grammar-generated text from which every comment column is cut, as
/// dbgen does: a comment is the substring of random length at a random offset.
/// Built once per run (its seed is derived from the run seed); immutable afterwards.
class TextPool {
 public:
  /// Size used by the TPC-H generator (dbgen uses 300 MB): built in ~60 ms, yet
  /// large enough that comments seldom repeat within a compressor's window. Larger
  /// than the caches, which Pick() hides by prefetching.
  static constexpr size_t kDefaultSize = size_t{1} << 24;

  TextPool(uint64_t seed, size_t size);

  /// A random substring whose length is uniform in [min_length, max_length];
  /// max_length must not exceed the pool size. Draws exactly two numbers.
  std::string_view Pick(Random& random, int min_length, int max_length) const {
    const auto length = static_cast<size_t>(random.Between(min_length, max_length));
    const size_t offset = random.Below(text_.size() - static_cast<size_t>(max_length) + 1);
    const std::string_view text = std::string_view(text_).substr(offset, length);
    Prefetch(text);
    return text;
  }

 private:
  /// Asks the CPU to start loading `text`: the pool is bigger than the caches, and
  /// callers draw a row well before they copy its comments.
  static void Prefetch(std::string_view text) {
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(text.data());
    __builtin_prefetch(text.data() + text.size());
#else
    static_cast<void>(text);
#endif
  }

  std::string text_;
};

}  // namespace sluice::datagen
