#include "formats/csv/tokenizer.h"

#include <bit>
#include <cstring>

#include "core/error.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sluice::csv {

namespace {

#if defined(__SSE2__)
inline uint64_t MaskOf(__m128i v0, __m128i v1, __m128i v2, __m128i v3, __m128i c) {
  uint64_t m0 = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v0, c)));
  uint64_t m1 = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v1, c)));
  uint64_t m2 = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v2, c)));
  uint64_t m3 = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v3, c)));
  return m0 | (m1 << 16) | (m2 << 32) | (m3 << 48);
}
#endif

/// Bit i set when byte i of the 64 at `p` equals `c`.
inline uint64_t ByteMask(const char* p, char c) {
#if defined(__SSE2__)
  const __m128i* v = reinterpret_cast<const __m128i*>(p);
  return MaskOf(_mm_loadu_si128(v), _mm_loadu_si128(v + 1), _mm_loadu_si128(v + 2),
                _mm_loadu_si128(v + 3), _mm_set1_epi8(c));
#else
  uint64_t mask = 0;
  for (int i = 0; i < 64; ++i) mask |= uint64_t{p[i] == c} << i;
  return mask;
#endif
}

}  // namespace

Tokenizer::Tokenizer(const Dialect& dialect, size_t num_columns)
    : dialect_(dialect),
      num_columns_(num_columns),
      skip_blank_lines_(num_columns != 1),
      escapes_(dialect.escape_mode == EscapeMode::kEscapeChar),
      quotes_(dialect.quote != '\0') {}

void Tokenizer::LoadWindow(const char* buffer, size_t base) {
  window_buffer_ = buffer;
  window_base_ = base;
  const char* p = buffer + base;
#if defined(__SSE2__)
  const __m128i* v = reinterpret_cast<const __m128i*>(p);
  __m128i v0 = _mm_loadu_si128(v), v1 = _mm_loadu_si128(v + 1);
  __m128i v2 = _mm_loadu_si128(v + 2), v3 = _mm_loadu_si128(v + 3);
  auto special = [&](__m128i x) {
    __m128i m = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(dialect_.delimiter)),
                     _mm_cmpeq_epi8(x, _mm_set1_epi8('\n'))),
        _mm_cmpeq_epi8(x, _mm_set1_epi8('\r')));
    if (escapes_) m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8(dialect_.escape)));
    return static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(m)));
  };
  plain_mask_ = special(v0) | (special(v1) << 16) | (special(v2) << 32) | (special(v3) << 48);
  if (quotes_) {
    quoted_mask_ = MaskOf(v0, v1, v2, v3, _mm_set1_epi8(dialect_.quote));
    if (escapes_) quoted_mask_ |= MaskOf(v0, v1, v2, v3, _mm_set1_epi8(dialect_.escape));
  }
#else
  plain_mask_ = ByteMask(p, dialect_.delimiter) | ByteMask(p, '\n') | ByteMask(p, '\r');
  if (escapes_) plain_mask_ |= ByteMask(p, dialect_.escape);
  if (quotes_) {
    quoted_mask_ = ByteMask(p, dialect_.quote);
    if (escapes_) quoted_mask_ |= ByteMask(p, dialect_.escape);
  }
#endif
}

inline size_t Tokenizer::NextPlainSpecial(const char* buffer, size_t pos, size_t end) {
  size_t base = pos & ~size_t{63};
  if (base != window_base_ || buffer != window_buffer_) LoadWindow(buffer, base);
  uint64_t mask = plain_mask_ >> (pos & 63);
  if (mask != 0) {
    size_t found = pos + static_cast<size_t>(std::countr_zero(mask));
    return found < end ? found : end;
  }
  for (base += 64; base < end; base += 64) {
    LoadWindow(buffer, base);
    if (plain_mask_ != 0) {
      size_t found = base + static_cast<size_t>(std::countr_zero(plain_mask_));
      return found < end ? found : end;
    }
  }
  return end;
}

inline size_t Tokenizer::NextQuotedSpecial(const char* buffer, size_t pos, size_t end) {
  size_t base = pos & ~size_t{63};
  if (base != window_base_ || buffer != window_buffer_) LoadWindow(buffer, base);
  uint64_t mask = quoted_mask_ >> (pos & 63);
  if (mask != 0) {
    size_t found = pos + static_cast<size_t>(std::countr_zero(mask));
    return found < end ? found : end;
  }
  for (base += 64; base < end; base += 64) {
    LoadWindow(buffer, base);
    if (quoted_mask_ != 0) {
      size_t found = base + static_cast<size_t>(std::countr_zero(quoted_mask_));
      return found < end ? found : end;
    }
  }
  return end;
}

Tokenizer::Result Tokenizer::Next(const char* buffer, size_t pos, size_t end, bool at_eof,
                                  FieldSpan* fields, RecordSpan* record) {
  if (escapes_) {
    return quotes_ ? NextImpl<true, true>(buffer, pos, end, at_eof, fields, record)
                   : NextImpl<true, false>(buffer, pos, end, at_eof, fields, record);
  }
  return quotes_ ? NextImpl<false, true>(buffer, pos, end, at_eof, fields, record)
                 : NextImpl<false, false>(buffer, pos, end, at_eof, fields, record);
}

Tokenizer::Result Tokenizer::SkipLine(const char* buffer, size_t pos, size_t end, bool at_eof,
                                      RecordSpan* record) {
  size_t p = pos;
  while (p < end && buffer[p] != '\n' && buffer[p] != '\r') ++p;
  record->begin = static_cast<uint32_t>(pos);
  record->end = static_cast<uint32_t>(p);
  if (p == end) {
    if (!at_eof) return Result::kIncomplete;
    record->next = static_cast<uint32_t>(end);
  } else if (buffer[p] == '\n') {
    record->next = static_cast<uint32_t>(p + 1);
  } else if (p + 1 < end) {
    record->next = static_cast<uint32_t>(p + 1 + (buffer[p + 1] == '\n' ? 1 : 0));
  } else {
    if (!at_eof) return Result::kIncomplete;
    record->next = static_cast<uint32_t>(p + 1);
  }
  return Result::kSkipped;
}

template <bool kEscapes, bool kQuotes>
Tokenizer::Result Tokenizer::NextImpl(const char* buffer, size_t pos, size_t end, bool at_eof,
                                      FieldSpan* fields, RecordSpan* record) {
  const char delimiter = dialect_.delimiter;
  const char quote = dialect_.quote;
  const char escape = dialect_.escape;
  const size_t num_columns = num_columns_;

  if (!dialect_.comment.empty() && end - pos >= dialect_.comment.size() &&
      std::memcmp(buffer + pos, dialect_.comment.data(), dialect_.comment.size()) == 0) {
    return SkipLine(buffer, pos, end, at_eof, record);
  }
  if (skip_blank_lines_ && (buffer[pos] == '\n' || buffer[pos] == '\r')) {
    return SkipLine(buffer, pos, end, at_eof, record);
  }

  record->begin = static_cast<uint32_t>(pos);
  record->problem = RecordProblem::kNone;
  uint32_t num_fields = 0;
  auto store = [&](size_t offset, size_t size, uint32_t flags) {
    if (num_fields < num_columns) {
      fields[num_fields].offset = static_cast<uint32_t>(offset);
      fields[num_fields].size_and_flags = static_cast<uint32_t>(size) | flags;
    }
    ++num_fields;
  };
  auto problem = [&](RecordProblem kind, size_t offset) {
    if (record->problem != RecordProblem::kNone) return;
    record->problem = kind;
    record->problem_field = num_fields;
    record->problem_offset = static_cast<uint32_t>(offset);
  };

  size_t p = pos;
  size_t line_end;  // position of the LF / CR that ends the record, or end at EOF
  for (;;) {
    // One field starts at p.
    if (kQuotes && p < end && buffer[p] == quote) {
      const size_t content = p + 1;
      uint32_t flags = FieldSpan::kQuoted;
      size_t s = content;
      size_t close;
      for (;;) {
        size_t q = NextQuotedSpecial(buffer, s, end);
        if (q + 1 >= end) {
          if (!at_eof) return Result::kIncomplete;
          if (q < end && buffer[q] == quote) {  // closing quote is the last byte of input
            close = q;
            break;
          }
          problem(RecordProblem::kUnterminatedQuote, p);
          store(content, end - content, flags | FieldSpan::kMissing);
          line_end = end;
          goto record_done;
        }
        if (kEscapes && buffer[q] == escape) {
          flags |= FieldSpan::kEscaped;
          s = q + 2;
          continue;
        }
        if (buffer[q + 1] == quote) {  // doubled quote
          flags |= FieldSpan::kEscaped;
          s = q + 2;
          continue;
        }
        close = q;
        break;
      }
      p = close + 1;
      if (p >= end) {  // at_eof: the closing quote ended the input
        store(content, close - content, flags);
        line_end = end;
        goto record_done;
      }
      char c = buffer[p];
      if (c == delimiter) {
        store(content, close - content, flags);
        ++p;
        continue;
      }
      if (c == '\n' || c == '\r') {
        store(content, close - content, flags);
        line_end = p;
        goto record_done;
      }
      // Text after the closing quote: the field is broken; resynchronize on the next
      // delimiter or line end, reading what follows as unquoted bytes.
      problem(RecordProblem::kCharAfterQuote, content - 1);
      flags |= FieldSpan::kMissing;
      size_t s2 = p;
      for (;;) {
        size_t q = NextPlainSpecial(buffer, s2, end);
        if (q >= end || (kEscapes && buffer[q] == escape && q + 1 >= end)) {
          if (!at_eof) return Result::kIncomplete;
          store(content, end - content, flags);
          line_end = end;
          goto record_done;
        }
        char d = buffer[q];
        if (d == delimiter) {
          store(content, q - content, flags);
          p = q + 1;
          break;
        }
        if (d == '\n' || d == '\r') {
          store(content, q - content, flags);
          line_end = q;
          goto record_done;
        }
        s2 = q + 2;  // escape
      }
      continue;
    }
    // Unquoted field.
    {
      uint32_t flags = 0;
      size_t s = p;
      for (;;) {
        size_t q = NextPlainSpecial(buffer, s, end);
        if (q >= end) {
          if (!at_eof) return Result::kIncomplete;
          store(p, end - p, flags);
          line_end = end;
          goto record_done;
        }
        char c = buffer[q];
        if (c == delimiter) {
          store(p, q - p, flags);
          p = q + 1;
          break;
        }
        if (c == '\n' || c == '\r') {
          store(p, q - p, flags);
          line_end = q;
          goto record_done;
        }
        // The escape byte: the next byte is literal.
        if (q + 1 >= end) {
          if (!at_eof) return Result::kIncomplete;
          store(p, end - p, flags | FieldSpan::kEscaped);
          line_end = end;
          goto record_done;
        }
        flags |= FieldSpan::kEscaped;
        s = q + 2;
      }
    }
  }

record_done:
  record->end = static_cast<uint32_t>(line_end);
  if (line_end >= end) {
    record->next = static_cast<uint32_t>(end);
  } else if (buffer[line_end] == '\n') {
    record->next = static_cast<uint32_t>(line_end + 1);
  } else if (line_end + 1 < end) {  // CR, maybe CRLF
    record->next = static_cast<uint32_t>(line_end + 1 + (buffer[line_end + 1] == '\n' ? 1 : 0));
  } else {
    if (!at_eof) return Result::kIncomplete;
    record->next = static_cast<uint32_t>(line_end + 1);
  }
  for (uint32_t i = num_fields; i < num_columns; ++i) {
    fields[i].offset = 0;
    fields[i].size_and_flags = FieldSpan::kMissing;
  }
  record->num_fields = num_fields;
  return Result::kRecord;
}

uint64_t CountLineEnds(const char* buffer, size_t begin, size_t end) {
  uint64_t count = 0;
  size_t p = begin;
  // Whole 64-byte windows; the remainder byte by byte.
  while (p + 64 <= end) {
    uint64_t lf = ByteMask(buffer + p, '\n');
    uint64_t cr = ByteMask(buffer + p, '\r');
    count += static_cast<uint64_t>(std::popcount(lf));
    if (cr != 0) {
      // A CR followed by LF is one line end (the LF was counted).
      uint64_t next_lf = (lf >> 1) | (p + 64 < end && buffer[p + 64] == '\n' ? uint64_t{1} << 63 : 0);
      count += static_cast<uint64_t>(std::popcount(cr & ~next_lf));
    }
    p += 64;
  }
  for (; p < end; ++p) {
    char c = buffer[p];
    if (c == '\n') {
      ++count;
    } else if (c == '\r') {
      if (p + 1 >= end || buffer[p + 1] != '\n') ++count;
    }
  }
  return count;
}

size_t UnescapeField(const Dialect& dialect, const char* buffer, FieldSpan field, char* out) {
  const char* p = buffer + field.offset;
  const char* end = p + field.size();
  const bool escapes = dialect.escape_mode == EscapeMode::kEscapeChar;
  const bool quoted = field.quoted();
  char* o = out;
  while (p < end) {
    char c = *p;
    if (escapes && c == dialect.escape && p + 1 < end) {
      *o++ = p[1];
      p += 2;
    } else if (quoted && c == dialect.quote && p + 1 < end && p[1] == dialect.quote) {
      *o++ = c;
      p += 2;
    } else {
      *o++ = c;
      ++p;
    }
  }
  return static_cast<size_t>(o - out);
}

std::string_view FieldValue(const Dialect& dialect, const char* buffer, FieldSpan field,
                            std::string* scratch) {
  if (!field.escaped()) return RawFieldText(buffer, field);
  scratch->resize(field.size());
  size_t n = UnescapeField(dialect, buffer, field, scratch->data());
  return std::string_view(scratch->data(), n);
}

}  // namespace sluice::csv
