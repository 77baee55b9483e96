#pragma once
// Output streams that stay in memory: for tests, fuzz targets, benchmarks and small
// outputs built before they are written elsewhere.

#include <cstddef>
#include <cstdint>
#include <string>

#include "io/file.h"

namespace sluice::io {

/// Appends everything written to `bytes`.
class StringOutputStream : public OutputStream {
 public:
  using OutputStream::Write;
  void Write(const void* data, size_t length) override {
    bytes.append(static_cast<const char*>(data), length);
  }
  void Finish() override {}

  std::string bytes;  ///< Everything written so far.
};

/// Counts the bytes written and discards them (benchmarks of writers).
class CountingOutputStream : public OutputStream {
 public:
  using OutputStream::Write;
  void Write(const void* /*data*/, size_t length) override { bytes += length; }
  void Finish() override {}

  uint64_t bytes = 0;  ///< Bytes written so far.
};

}  // namespace sluice::io
