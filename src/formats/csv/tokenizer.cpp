#include "formats/csv/tokenizer.h"

#include <algorithm>
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
      quotes_(dialect.quote != '\0') {
  std::memset(delimiter_bytes_, dialect.delimiter, sizeof(delimiter_bytes_));
  std::memset(quote_bytes_, dialect.quote, sizeof(quote_bytes_));
  std::memset(escape_bytes_, dialect.escape, sizeof(escape_bytes_));
}

void Tokenizer::LoadWindow(const char* buffer, size_t base) {
  window_buffer_ = buffer;
  window_base_ = base;
  const char* p = buffer + base;
#if defined(__SSE2__)
  const __m128i* v = reinterpret_cast<const __m128i*>(p);
  const __m128i delimiter = _mm_load_si128(reinterpret_cast<const __m128i*>(delimiter_bytes_));
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  uint64_t plain = 0, delimiters = 0, quoted = 0;
  if (escapes_ || quotes_) {
    const __m128i quote = _mm_load_si128(reinterpret_cast<const __m128i*>(quote_bytes_));
    const __m128i escape = _mm_load_si128(reinterpret_cast<const __m128i*>(escape_bytes_));
    for (int i = 0; i < 4; ++i) {
      __m128i x = _mm_loadu_si128(v + i);
      __m128i d = _mm_cmpeq_epi8(x, delimiter);
      __m128i e = escapes_ ? _mm_cmpeq_epi8(x, escape) : _mm_setzero_si128();
      __m128i q = quotes_ ? _mm_cmpeq_epi8(x, quote) : _mm_setzero_si128();
      __m128i special = _mm_or_si128(_mm_or_si128(d, e), _mm_or_si128(_mm_cmpeq_epi8(x, lf),
                                                                      _mm_cmpeq_epi8(x, cr)));
      const int shift = 16 * i;
      plain |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(special))} << shift;
      delimiters |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(d))} << shift;
      quoted |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(_mm_or_si128(q, e)))} << shift;
    }
  } else {
    for (int i = 0; i < 4; ++i) {
      __m128i x = _mm_loadu_si128(v + i);
      __m128i d = _mm_cmpeq_epi8(x, delimiter);
      __m128i special =
          _mm_or_si128(d, _mm_or_si128(_mm_cmpeq_epi8(x, lf), _mm_cmpeq_epi8(x, cr)));
      const int shift = 16 * i;
      plain |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(special))} << shift;
      delimiters |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(d))} << shift;
    }
  }
  plain_mask_ = plain;
  delimiter_mask_ = delimiters;
  quoted_mask_ = quoted;
#else
  delimiter_mask_ = ByteMask(p, dialect_.delimiter);
  plain_mask_ = delimiter_mask_ | ByteMask(p, '\n') | ByteMask(p, '\r');
  quoted_mask_ = 0;
  if (escapes_) {
    uint64_t escape = ByteMask(p, dialect_.escape);
    plain_mask_ |= escape;
    quoted_mask_ |= escape;
  }
  if (quotes_) quoted_mask_ |= ByteMask(p, dialect_.quote);
#endif
}

inline void Tokenizer::SeekPlain(const char* buffer, size_t pos) {
  size_t base = pos & ~size_t{63};
  if (base != window_base_ || buffer != window_buffer_) LoadWindow(buffer, base);
  pending_ = plain_mask_ & (~uint64_t{0} << (pos & 63));
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
    // Unquoted field: walk the pending special bytes of the window bit by bit, so
    // that finding the next field costs a bit clear, not a search.
    {
      uint32_t flags = 0;
      SeekPlain(buffer, p);
      for (;;) {
        while (pending_ == 0) {
          const size_t next = window_base_ + 64;
          if (next >= end) break;
          LoadWindow(buffer, next);
          pending_ = plain_mask_;
        }
        const unsigned bit = pending_ != 0 ? static_cast<unsigned>(std::countr_zero(pending_)) : 0;
        const size_t q = pending_ != 0 ? window_base_ + bit : end;
        if (q >= end) {
          if (!at_eof) return Result::kIncomplete;
          store(p, end - p, flags);
          line_end = end;
          goto record_done;
        }
        pending_ &= pending_ - 1;
        if ((delimiter_mask_ >> bit) & 1) {
          store(p, q - p, flags);
          p = q + 1;
          if (kQuotes && p < end && buffer[p] == quote) break;  // a quoted field follows
          flags = 0;
          continue;
        }
        const char c = buffer[q];
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
        SeekPlain(buffer, q + 2);
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
  // LF + CR - (CR followed by LF), in one pass: byte lanes count matches (-1 each) for
  // at most 255 rounds, then are summed.
  uint64_t count = 0;
  size_t p = begin;
#if defined(__SSE2__)
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i zero = _mm_setzero_si128();
  // The pair test reads one byte ahead: stop a byte before `end`, so that a CR at
  // end - 1 counts as a line end whatever follows.
  while (end - p >= 17) {
    __m128i ends = _mm_setzero_si128();
    __m128i pairs = _mm_setzero_si128();
    size_t rounds = std::min<size_t>((end - p - 1) / 16, 255);
    for (size_t i = 0; i < rounds; ++i, p += 16) {
      __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(buffer + p));
      __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(buffer + p + 1));
      __m128i is_cr = _mm_cmpeq_epi8(x, cr);
      ends = _mm_sub_epi8(ends, _mm_or_si128(_mm_cmpeq_epi8(x, lf), is_cr));
      pairs = _mm_sub_epi8(pairs, _mm_and_si128(is_cr, _mm_cmpeq_epi8(next, lf)));
    }
    __m128i sums = _mm_sub_epi64(_mm_sad_epu8(ends, zero), _mm_sad_epu8(pairs, zero));
    count += static_cast<uint64_t>(_mm_cvtsi128_si64(sums)) +
             static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
  }
#endif
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
  // The bytes that need work: the escape byte, and the quote inside quoted fields.
  const char first = escapes ? dialect.escape : dialect.quote;
  const char second = quoted ? dialect.quote : first;
  char* o = out;
  while (p < end) {
    // Copy the run up to the next special byte.
    const char* run = p;
#if defined(__SSE2__)
    const __m128i a = _mm_set1_epi8(first);
    const __m128i b = _mm_set1_epi8(second);
    while (end - p >= 16) {
      __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      int mask = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, a), _mm_cmpeq_epi8(x, b)));
      if (mask != 0) {
        p += std::countr_zero(static_cast<unsigned>(mask));
        break;
      }
      p += 16;
    }
#endif
    while (p < end && *p != first && *p != second) ++p;
    std::memcpy(o, run, static_cast<size_t>(p - run));
    o += p - run;
    if (p >= end) break;
    const char c = *p;
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
