#pragma once
// Shared helpers of the JSON (and CSV writer) tests: an in-memory output stream,
// chunks built from value texts, and readers drained into text rows.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "io/memory_streams.h"
#include "core/chunk.h"
#include "core/time_zone.h"
#include "core/value_format.h"
#include "core/value_parse.h"
#include "formats/format.h"
#include "io/file.h"

namespace sluice::test_support {

using TextRow = std::vector<std::optional<std::string>>;

using StringOutput = io::StringOutputStream;

/// Parses `text` into row `row` of `vector`; VARCHAR/VARBINARY take the bytes as they are.
inline bool SetFromText(Vector& vector, size_t row, const std::string& text) {
  const DataType& type = vector.type();
  switch (type.id()) {
    case TypeId::kBoolean: {
      bool b = false;
      if (!ParseBoolean(text, &b)) return false;
      vector.data<uint8_t>()[row] = b ? 1 : 0;
      return true;
    }
    case TypeId::kTinyInt: return ParseInt8(text, &vector.data<int8_t>()[row]);
    case TypeId::kSmallInt: return ParseInt16(text, &vector.data<int16_t>()[row]);
    case TypeId::kInteger: return ParseInt32(text, &vector.data<int32_t>()[row]);
    case TypeId::kBigInt: return ParseInt64(text, &vector.data<int64_t>()[row]);
    case TypeId::kReal: return ParseFloat(text, &vector.data<float>()[row]);
    case TypeId::kDouble: return ParseDouble(text, &vector.data<double>()[row]);
    case TypeId::kDecimal: {
      __int128 v = 0;
      if (!ParseDecimal(text, type.precision(), type.scale(), &v)) return false;
      if (type.is_short_decimal()) {
        vector.data<int64_t>()[row] = static_cast<int64_t>(v);
      } else {
        vector.data<__int128>()[row] = v;
      }
      return true;
    }
    case TypeId::kDate: return ParseDate(text, &vector.data<int32_t>()[row]);
    case TypeId::kTimestamp: return ParseTimestamp(text, &vector.data<int64_t>()[row]);
    case TypeId::kTimestampTz:
      return ParseTimestampTz(text, kUtcZoneId, false, &vector.data<TimestampTz>()[row]);
    case TypeId::kVarchar:
    case TypeId::kVarbinary: vector.SetString(row, text); return true;
    default: return false;
  }
}

/// A chunk of `schema` from value texts (std::nullopt is NULL).
inline Chunk MakeChunk(const Schema& schema, const std::vector<TextRow>& rows) {
  Chunk chunk(schema.types(), std::max<size_t>(rows.size(), 1));
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < schema.num_fields(); ++c) {
      const std::optional<std::string>& text = rows[r][c];
      if (!text) {
        chunk.column(c).SetNull(r);
      } else {
        EXPECT_TRUE(SetFromText(chunk.column(c), r, *text))
            << *text << " as " << schema.field(c).type.ToString();
      }
    }
  }
  chunk.set_size(rows.size());
  return chunk;
}

/// Text of every value of every row ("NULL" for NULL; value_format.h's text else).
inline std::vector<std::vector<std::string>> ChunkText(const Chunk& chunk) {
  std::vector<std::vector<std::string>> rows;
  TextStyle style;
  for (size_t r = 0; r < chunk.size(); ++r) {
    std::vector<std::string> row;
    for (size_t c = 0; c < chunk.num_columns(); ++c) {
      if (chunk.column(c).IsNull(r)) {
        row.push_back("NULL");
      } else {
        std::string text;
        AppendValue(&text, chunk.column(c), r, style);
        row.push_back(text);
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

/// Drains a reader; every chunk's rows as text.
inline std::vector<std::vector<std::string>> ReadAllText(formats::Reader& reader) {
  std::vector<std::vector<std::string>> rows;
  Chunk chunk;
  while (reader.Next(&chunk)) {
    for (auto& row : ChunkText(chunk)) rows.push_back(std::move(row));
  }
  return rows;
}

/// Drains a reader into its chunks.
inline std::vector<Chunk> ReadAllChunks(formats::Reader& reader) {
  std::vector<Chunk> chunks;
  Chunk chunk;
  while (reader.Next(&chunk)) chunks.push_back(std::move(chunk));
  return chunks;
}

}  // namespace sluice::test_support
