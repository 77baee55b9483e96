#include "core/vector_copy.h"

#include <cstring>

#include "core/error.h"

namespace sluice {

void CopyRows(const Vector& from, std::span<const uint32_t> rows, Vector* to, size_t offset) {
  SLUICE_ASSERT(from.type() == to->type(), "CopyRows needs vectors of the same type");
  SLUICE_ASSERT(offset + rows.size() <= to->capacity(), "CopyRows target too small");
  if (from.type().is_string()) {
    const StringRef* source = from.data<StringRef>();
    StringRef* target = to->data<StringRef>();
    for (size_t i = 0; i < rows.size(); ++i) {
      const StringRef& value = source[rows[i]];
      target[offset + i] = value.is_inlined() ? value : to->heap().Add(value.view());
    }
  } else {
    const size_t width = from.type().fixed_width();
    SLUICE_ASSERT(width > 0, "CopyRows supports scalar types only");
    const uint8_t* source = from.data<uint8_t>();
    uint8_t* target = to->raw_data() + offset * width;
    switch (width) {
      case 1:
        for (size_t i = 0; i < rows.size(); ++i) target[i] = source[rows[i]];
        break;
      case 4:
        for (size_t i = 0; i < rows.size(); ++i) {
          std::memcpy(target + i * 4, source + size_t{rows[i]} * 4, 4);
        }
        break;
      case 8:
        for (size_t i = 0; i < rows.size(); ++i) {
          std::memcpy(target + i * 8, source + size_t{rows[i]} * 8, 8);
        }
        break;
      default:
        for (size_t i = 0; i < rows.size(); ++i) {
          std::memcpy(target + i * width, source + size_t{rows[i]} * width, width);
        }
    }
  }
  if (from.all_valid()) {
    for (size_t i = 0; i < rows.size(); ++i) to->SetValid(offset + i);
    return;
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    if (from.IsValid(rows[i])) {
      to->SetValid(offset + i);
    } else {
      to->SetNull(offset + i);
    }
  }
}

void AppendRows(const Chunk& from, std::span<const size_t> columns,
                std::span<const uint32_t> rows, Chunk* to) {
  SLUICE_ASSERT(columns.size() == to->num_columns(), "AppendRows column count mismatch");
  const size_t offset = to->size();
  for (size_t c = 0; c < columns.size(); ++c) {
    CopyRows(from.column(columns[c]), rows, &to->column(c), offset);
  }
  to->set_size(offset + rows.size());
}

}  // namespace sluice
