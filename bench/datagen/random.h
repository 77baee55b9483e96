#pragma once
// Seeded pseudo-random numbers whose output is fixed by this file alone.
//
// The generator must give byte-identical data on every standard library and machine,
// so nothing here uses <random>'s distributions (their algorithms are unspecified)
// or floating point. Streams are xoshiro256** seeded through SplitMix64, the pairing
// recommended by the xoshiro authors.

#include <bit>
#include <cstdint>

namespace sluice::datagen {

/// Advances a SplitMix64 state and returns the next output. Used to expand one
/// 64-bit seed into the 256-bit xoshiro state and to derive independent seeds.
constexpr uint64_t SplitMix64(uint64_t& state) {
  state += 0x9e3779b97f4a7c15ULL;
  uint64_t mixed = state;
  mixed = (mixed ^ (mixed >> 30)) * 0xbf58476d1ce4e5b9ULL;
  mixed = (mixed ^ (mixed >> 27)) * 0x94d049bb133111ebULL;
  return mixed ^ (mixed >> 31);
}

/// Seed of the independent stream number `stream` of the run seeded with `seed`.
/// Each table (or data set) draws from its own stream, so generating a subset of
/// tables gives the same bytes for each table as generating all of them.
constexpr uint64_t DeriveSeed(uint64_t seed, uint64_t stream) {
  uint64_t state = seed ^ (stream * 0xd1342543de82ef95ULL);
  SplitMix64(state);
  return SplitMix64(state);
}

/// High 64 bits of the 128-bit product a * b, exact on every platform.
constexpr uint64_t MultiplyHigh(uint64_t a, uint64_t b) {
#if defined(__SIZEOF_INT128__)
  __extension__ using Uint128 = unsigned __int128;
  return static_cast<uint64_t>((static_cast<Uint128>(a) * b) >> 64);
#else
  const uint64_t a_low = a & 0xffffffffULL;
  const uint64_t a_high = a >> 32;
  const uint64_t b_low = b & 0xffffffffULL;
  const uint64_t b_high = b >> 32;
  const uint64_t low_low = a_low * b_low;
  const uint64_t high_low = a_high * b_low;
  const uint64_t low_high = a_low * b_high;
  const uint64_t cross = (low_low >> 32) + (high_low & 0xffffffffULL) + low_high;
  return a_high * b_high + (high_low >> 32) + (cross >> 32);
#endif
}

/// xoshiro256** stream. Not thread-safe; give each thread its own stream.
class Random {
 public:
  explicit constexpr Random(uint64_t seed) {
    uint64_t state = seed;
    for (uint64_t& word : state_) word = SplitMix64(state);
  }

  /// Next raw 64-bit output.
  constexpr uint64_t Next() {
    const uint64_t result = std::rotl(state_[1] * 5, 7) * 9;
    const uint64_t shifted = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= shifted;
    state_[3] = std::rotl(state_[3], 45);
    return result;
  }

  /// Uniform integer in [0, bound) for bound >= 1, by Lemire's multiply-high mapping
  /// without the rejection step: one draw per call (so streams stay aligned) and a
  /// bias below bound / 2^64, far under anything a test could observe.
  constexpr uint64_t Below(uint64_t bound) { return MultiplyHigh(Next(), bound); }

  /// Uniform integer in [low, high], low <= high.
  constexpr int64_t Between(int64_t low, int64_t high) {
    return low + static_cast<int64_t>(Below(static_cast<uint64_t>(high - low) + 1));
  }

 private:
  uint64_t state_[4] = {};
};

}  // namespace sluice::datagen
