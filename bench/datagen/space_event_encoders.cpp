#include "space_event_encoders.h"

#include <array>
#include <string>
#include <string_view>

#include "field_format.h"

namespace sluice::datagen {

namespace {

/// Room for every column but the note, in any encoding.
constexpr size_t kFixedFieldsBound = 256;
/// Worst-case growth of a note byte: "\u007f" in JSON.
constexpr size_t kMaxEscapedBytesPerByte = 6;

using ByteSet = std::array<bool, 256>;

constexpr ByteSet MakeByteSet(std::string_view members) {
  ByteSet set{};
  for (const char c : members) set[static_cast<unsigned char>(c)] = true;
  return set;
}

constexpr ByteSet kUnloadEscaped = MakeByteSet("\n\r|\\\"'");
constexpr ByteSet kRfc4180Quoted = MakeByteSet(",\"\r\n");
constexpr ByteSet kJsonEscaped = [] {
  ByteSet set = MakeByteSet("\"\\\x7f");
  for (size_t c = 0; c < 0x20; ++c) set[c] = true;
  return set;
}();

char* WriteUnloadText(char* out, std::string_view text) {
  for (const char c : text) {
    if (kUnloadEscaped[static_cast<unsigned char>(c)]) *out++ = '\\';
    *out++ = c;
  }
  return out;
}

char* WriteRfc4180Text(char* out, std::string_view text) {
  bool needs_quotes = text.empty();
  for (const char c : text) needs_quotes |= kRfc4180Quoted[static_cast<unsigned char>(c)];
  if (!needs_quotes) return WriteText(out, text);
  *out++ = '"';
  for (const char c : text) {
    if (c == '"') *out++ = '"';
    *out++ = c;
  }
  *out++ = '"';
  return out;
}

char* WriteJsonEscape(char* out, unsigned char c) {
  static constexpr char kHexDigits[] = "0123456789abcdef";
  *out++ = '\\';
  switch (c) {
    case '"':
      *out++ = '"';
      break;
    case '\\':
      *out++ = '\\';
      break;
    case '\n':
      *out++ = 'n';
      break;
    case '\r':
      *out++ = 'r';
      break;
    case '\t':
      *out++ = 't';
      break;
    case '\b':
      *out++ = 'b';
      break;
    case '\f':
      *out++ = 'f';
      break;
    default:
      out = WriteText(out, "u00");
      *out++ = kHexDigits[c >> 4];
      *out++ = kHexDigits[c & 15];
      break;
  }
  return out;
}

char* WriteJsonText(char* out, std::string_view text) {
  *out++ = '"';
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (kJsonEscaped[byte]) {
      out = WriteJsonEscape(out, byte);
    } else {
      *out++ = c;
    }
  }
  *out++ = '"';
  return out;
}

/// How one encoding spells a row. Each dialect provides:
///   Separator(out, column)  what precedes the field (delimiter, JSON key);
///   Null(out), Integer(out, value), Text(out, text)  the field itself;
///   PlainText(out, text)  a text known to need no escaping or quoting (timestamps
///     and device ids hold only [0-9a-z :.-]), skipping the per-byte scan;
///   kRowEnd  what closes the line.
struct UnloadDialect {
  static char* Separator(char* out, int column) {
    if (column > 0) *out++ = '|';
    return out;
  }
  static char* Null(char* out) { return WriteText(out, "\\N"); }
  static char* Integer(char* out, int64_t value) {
    *out++ = '"';
    out = WriteSigned(out, value);
    *out++ = '"';
    return out;
  }
  static char* Text(char* out, std::string_view text) {
    *out++ = '"';
    out = WriteUnloadText(out, text);
    *out++ = '"';
    return out;
  }
  static char* PlainText(char* out, std::string_view text) {
    *out++ = '"';
    out = WriteText(out, text);
    *out++ = '"';
    return out;
  }
  static constexpr std::string_view kRowEnd = "\n";
};

struct Rfc4180Dialect {
  static char* Separator(char* out, int column) {
    if (column > 0) *out++ = ',';
    return out;
  }
  static char* Null(char* out) { return out; }
  static char* Integer(char* out, int64_t value) { return WriteSigned(out, value); }
  static char* Text(char* out, std::string_view text) { return WriteRfc4180Text(out, text); }
  static char* PlainText(char* out, std::string_view text) { return WriteText(out, text); }
  static constexpr std::string_view kRowEnd = "\n";
};

struct JsonDialect {
  static char* Separator(char* out, int column) { return WriteText(out, kKeys[static_cast<size_t>(column)]); }
  static char* Null(char* out) { return WriteText(out, "null"); }
  static char* Integer(char* out, int64_t value) { return WriteSigned(out, value); }
  static char* Text(char* out, std::string_view text) { return WriteJsonText(out, text); }
  static char* PlainText(char* out, std::string_view text) {
    *out++ = '"';
    out = WriteText(out, text);
    *out++ = '"';
    return out;
  }
  static constexpr std::string_view kRowEnd = "}\n";

  /// `"key":` prefixes of the object, the first one with the opening brace.
  static constexpr std::array<std::string_view, kNumEventColumns> kKeys = {
      "{\"event_id\":", ",\"company_id\":", ",\"building_id\":", ",\"space_id\":",
      ",\"event_ts\":", ",\"people_count\":", ",\"device_id\":", ",\"note\":"};
};

template <typename Dialect>
char* WriteIntegerField(char* out, const SpaceEvent& event, EventColumn column, int64_t value) {
  out = Dialect::Separator(out, static_cast<int>(column));
  return event.IsNull(column) ? Dialect::Null(out) : Dialect::Integer(out, value);
}

template <typename Dialect>
char* WriteTextField(char* out, const SpaceEvent& event, EventColumn column,
                     std::string_view text) {
  out = Dialect::Separator(out, static_cast<int>(column));
  return event.IsNull(column) ? Dialect::Null(out) : Dialect::Text(out, text);
}

template <typename Dialect>
char* WritePlainTextField(char* out, const SpaceEvent& event, EventColumn column,
                          std::string_view text) {
  out = Dialect::Separator(out, static_cast<int>(column));
  return event.IsNull(column) ? Dialect::Null(out) : Dialect::PlainText(out, text);
}

/// Writes one line of `event` in the given dialect.
template <typename Dialect>
void WriteRow(const SpaceEvent& event, OutputFile& file) {
  char* out = file.Reserve(kFixedFieldsBound + kMaxEscapedBytesPerByte * event.note.size());
  out = WriteIntegerField<Dialect>(out, event, EventColumn::kEventId, event.event_id);
  out = WriteIntegerField<Dialect>(out, event, EventColumn::kCompanyId, event.company_id);
  out = WriteIntegerField<Dialect>(out, event, EventColumn::kBuildingId, event.building_id);
  out = WriteIntegerField<Dialect>(out, event, EventColumn::kSpaceId, event.space_id);
  out = WritePlainTextField<Dialect>(out, event, EventColumn::kEventTs, event.timestamp_text());
  out = WriteIntegerField<Dialect>(out, event, EventColumn::kPeopleCount, event.people_count);
  out = WritePlainTextField<Dialect>(out, event, EventColumn::kDeviceId, event.device_id_text());
  out = WriteTextField<Dialect>(out, event, EventColumn::kNote, event.note);
  out = WriteText(out, Dialect::kRowEnd);
  file.Commit(out);
}

}  // namespace

void WriteUnloadRow(const SpaceEvent& event, OutputFile& file) {
  WriteRow<UnloadDialect>(event, file);
}

void WriteRfc4180Header(OutputFile& file) {
  std::string header;
  for (const std::string_view name : kEventColumnNames) {
    if (!header.empty()) header += ',';
    header += name;
  }
  header += '\n';
  file.Append(header);
}

void WriteRfc4180Row(const SpaceEvent& event, OutputFile& file) {
  WriteRow<Rfc4180Dialect>(event, file);
}

void WriteJsonLine(const SpaceEvent& event, OutputFile& file) {
  WriteRow<JsonDialect>(event, file);
}

}  // namespace sluice::datagen
