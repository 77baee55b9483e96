#pragma once
// The free-text "note" column of the space-occupancy events: mostly plain words, but
// with every case that breaks naive CSV/JSON readers at a realistic rate.

#include <string>

#include "random.h"

namespace sluice::datagen {

/// What a note exercises. Frequencies (per mille of non-NULL notes) are in
/// event_note.cpp; with the default seed every kind occurs in the first 1000 rows.
enum class NoteKind : uint8_t {
  kPlain,           ///< ASCII words, sometimes with ',' and '.', 3..60 bytes.
  kEmpty,           ///< "" — an empty string, which is not NULL.
  kPipe,            ///< Contains '|', the UNLOAD delimiter.
  kDoubleQuote,     ///< Contains '"', also at the start or end, or only quotes.
  kApostrophe,      ///< Contains "'" (escaped by UNLOAD).
  kBackslash,       ///< Contains '\': paths, a trailing '\', a literal "\n", "\N...".
  kLineFeed,        ///< Contains LF, also leading, trailing or doubled.
  kCarriageReturn,  ///< Contains a lone CR (turned into CRLF in RFC 4180 mode).
  kCrLf,            ///< Contains CRLF line breaks.
  kTab,             ///< Contains a tab.
  kOuterSpaces,     ///< Leading and/or trailing spaces, or only spaces.
  kBackslashN,      ///< Exactly the two characters "\N", which is not NULL.
  kNullWord,        ///< Exactly "NULL", which is not NULL either.
  kUnicode,         ///< Non-ASCII UTF-8: accents, CJK, RTL, combining marks, emoji.
  kLong,            ///< 2000..6000 bytes of words and line breaks.
  kMixed,           ///< Several of the above at once, e.g. it's \|odd\ .
  kControl,         ///< A control character (BEL, BS, FF, ESC, DEL, ...) but no NUL.
};

/// Draws notes. Stateless apart from its mode; the caller owns the random stream.
class NoteGenerator {
 public:
  /// With `avoid_lone_carriage_return`, every CR is followed by LF (RFC 4180 output),
  /// while the random draws, and so all other values, stay the same.
  explicit NoteGenerator(bool avoid_lone_carriage_return)
      : avoid_lone_carriage_return_(avoid_lone_carriage_return) {}

  /// Replaces `note` with a new note; always valid UTF-8, never contains NUL.
  void Generate(Random& random, std::string& note) const;

 private:
  bool avoid_lone_carriage_return_;
};

}  // namespace sluice::datagen
