#include "event_note.h"

#include <array>
#include <string_view>

namespace sluice::datagen {

namespace {

struct NoteKindWeight {
  NoteKind kind;
  uint32_t per_mille;
};

constexpr std::array<NoteKindWeight, 17> kNoteKindWeights = {{
    {NoteKind::kPlain, 766},
    {NoteKind::kEmpty, 40},
    {NoteKind::kPipe, 15},
    {NoteKind::kDoubleQuote, 15},
    {NoteKind::kApostrophe, 20},
    {NoteKind::kBackslash, 15},
    {NoteKind::kLineFeed, 15},
    {NoteKind::kCarriageReturn, 8},
    {NoteKind::kCrLf, 10},
    {NoteKind::kTab, 10},
    {NoteKind::kOuterSpaces, 15},
    {NoteKind::kBackslashN, 8},
    {NoteKind::kNullWord, 8},
    {NoteKind::kUnicode, 30},
    {NoteKind::kLong, 5},
    {NoteKind::kMixed, 12},
    {NoteKind::kControl, 8},
}};

constexpr uint32_t TotalWeight() {
  uint32_t total = 0;
  for (const NoteKindWeight& weight : kNoteKindWeights) total += weight.per_mille;
  return total;
}
static_assert(TotalWeight() == 1000);

constexpr std::array<std::string_view, 128> kWords = {
    "meeting",   "room",      "desk",       "booked",    "cancelled", "cleaning",  "sensor",
    "recalibrated", "floor",  "kitchen",    "standup",   "workshop",  "visitors",  "quiet",
    "zone",      "after",     "hours",      "maintenance", "projector", "broken",  "team",
    "lunch",     "training",  "occupancy",  "peak",      "low",       "HVAC",      "check",
    "badge",     "reader",    "offline",    "window",    "side",      "north",     "south",
    "east",      "wing",      "lobby",      "reception", "phone",     "booth",     "focus",
    "huddle",    "board",     "all-hands",  "review",    "interview", "client",    "demo",
    "townhall",  "event",     "catering",   "setup",     "teardown",  "chairs",    "moved",
    "extra",     "missing",   "reported",   "by",        "facilities", "ticket",   "open",
    "closed",    "pending",   "follow-up",  "needed",    "light",     "flicker",   "too",
    "warm",      "cold",      "noisy",      "crowded",   "empty",     "double",    "recurring",
    "weekly",    "daily",     "ad-hoc",     "overflow",  "from",      "to",        "the",
    "a",         "and",       "for",        "with",      "on",        "in",        "at",
    "of",        "no",        "show",       "late",      "early",     "checkout",  "Monday",
    "Friday",    "Q3",        "planning",   "sprint",    "retro",     "offsite",   "hybrid",
    "remote",    "guests",    "contractor", "delivery",  "parcel",    "fire",      "drill",
    "alarm",     "test",      "elevator",   "service",   "whiteboard", "markers",  "screen",
    "HDMI",      "Wi-Fi",     "slow",       "coffee",    "spill",     "2",         "4",
    "10:30",     "3rd",
};
static_assert(!kWords.back().empty(), "kWords must be filled completely");
static_assert((kWords.size() & (kWords.size() - 1)) == 0, "AppendWords uses the low bits as index");

// The source file is UTF-8; a compiler reading it in another charset would silently
// change the output, so refuse to build instead.
static_assert(std::string_view("é").size() == 2 && std::string_view("🚀").size() == 4,
              "compile with a UTF-8 source and execution character set");

constexpr std::array<std::string_view, 22> kUnicodeWords = {
    "café", "Zürich", "東京", "🚀", "naïve", "São Paulo", "Москва", "日本語のメモ",
    "😀👍", "€100", "Straße", "niño", "Ω", "한국어", "שלום", "e\u0301", "👩\u200d💻",
    "Ærøskøbing", "crème brûlée", "Kraków", "½ day", "™"};

/// Characters that readers confuse; a mixed note strings several together.
constexpr std::array<std::string_view, 14> kTrickyFragments = {
    "it's", "|", "\"", "\\", "\n", "'", "\r\n", "\t", "é", "\\N", "\"\"", "||", ",", "\\\\"};

constexpr std::array<std::string_view, 9> kControlCharacters = {
    "\x01", "\x02", "\x07", "\b", "\f", "\v", "\x1b", "\x1f", "\x7f"};

template <size_t N>
std::string_view Pick(Random& random, const std::array<std::string_view, N>& choices) {
  return choices[random.Below(N)];
}

NoteKind DrawKind(Random& random) {
  uint64_t point = random.Below(1000);
  for (const NoteKindWeight& weight : kNoteKindWeights) {
    if (point < weight.per_mille) return weight.kind;
    point -= weight.per_mille;
  }
  return NoteKind::kPlain;
}

/// Appends words (with the odd ',' or '.') until the next one would pass a length
/// drawn in [3, max_length]; always at least one word.
void AppendWords(Random& random, std::string& note, size_t max_length) {
  const size_t start = note.size();
  const auto target = static_cast<size_t>(random.Between(3, static_cast<int64_t>(max_length)));
  while (true) {
    // One draw per word: 7 bits pick the word, the rest decide on a comma.
    const uint64_t bits = random.Next();
    const std::string_view word = kWords[bits % kWords.size()];
    const size_t length = note.size() - start;
    if (length > 0 && length + 1 + word.size() > target) break;
    if (length > 0) note += (bits / kWords.size()) % 12 == 0 ? ", " : " ";
    note += word;
  }
  if (random.Below(4) == 0) note += '.';
}

/// `before` + separator + `after` in one of three shapes: between words, at the
/// end, or at the start.
void AppendAround(Random& random, std::string& note, std::string_view separator) {
  switch (random.Below(3)) {
    case 0:
      AppendWords(random, note, 30);
      note += separator;
      AppendWords(random, note, 30);
      break;
    case 1:
      AppendWords(random, note, 40);
      note += separator;
      break;
    default:
      note += separator;
      AppendWords(random, note, 40);
      break;
  }
}

void AppendDoubleQuote(Random& random, std::string& note) {
  switch (random.Below(5)) {
    case 0:
      AppendWords(random, note, 20);
      note += " \"";
      AppendWords(random, note, 15);
      note += "\" ";
      AppendWords(random, note, 20);
      break;
    case 1:
      note += '"';
      AppendWords(random, note, 40);
      note += '"';
      break;
    case 2:
      note += "27\" monitor ";
      AppendWords(random, note, 30);
      break;
    case 3:
      note += "\"\"";
      break;
    default:
      AppendAround(random, note, "\"");
      break;
  }
}

void AppendApostrophe(Random& random, std::string& note) {
  switch (random.Below(4)) {
    case 0:
      note += "it's ";
      AppendWords(random, note, 40);
      break;
    case 1:
      note += "O'Brien's ";
      AppendWords(random, note, 40);
      break;
    case 2:
      note += '\'';
      AppendWords(random, note, 30);
      note += '\'';
      break;
    default:
      AppendWords(random, note, 40);
      note += " can't";
      break;
  }
}

void AppendBackslash(Random& random, std::string& note) {
  switch (random.Below(7)) {
    case 0:
      note += "C:\\Users\\";
      AppendWords(random, note, 20);
      break;
    case 1:
      AppendWords(random, note, 40);
      note += '\\';  // A trailing backslash, right before the closing quote.
      break;
    case 2:
      AppendAround(random, note, " \\n ");  // Literal backslash + n, not a newline.
      break;
    case 3:
      AppendAround(random, note, "\\\\");
      break;
    case 4:
      note += "\\N ";
      AppendWords(random, note, 30);
      break;
    case 5:
      note += '\\';
      break;
    default:
      AppendAround(random, note, "\\\"");
      break;
  }
}

void AppendOuterSpaces(Random& random, std::string& note) {
  switch (random.Below(5)) {
    case 0:
      note += ' ';
      AppendWords(random, note, 40);
      break;
    case 1:
      AppendWords(random, note, 40);
      note += ' ';
      break;
    case 2:
      note += "  ";
      AppendWords(random, note, 40);
      note += "  ";
      break;
    case 3:
      note += ' ';
      break;
    default:
      note += "   ";
      break;
  }
}

void AppendUnicode(Random& random, std::string& note) {
  const int64_t num_tokens = random.Between(1, 4);
  for (int64_t i = 0; i < num_tokens; ++i) {
    if (i > 0) note += ' ';
    if (random.Below(2) == 0) {
      note += Pick(random, kUnicodeWords);
    } else {
      AppendWords(random, note, 15);
    }
  }
}

void AppendLong(Random& random, std::string& note) {
  const auto target = static_cast<size_t>(random.Between(2000, 6000));
  while (note.size() < target) {
    AppendWords(random, note, 60);
    const uint64_t separator = random.Below(20);
    if (separator == 0) {
      note += '\n';
    } else if (separator == 1) {
      note += ' ';
      note += Pick(random, kUnicodeWords);
      note += ' ';
    } else {
      note += ' ';
    }
  }
}

void AppendMixed(Random& random, std::string& note) {
  const int64_t num_fragments = random.Between(3, 5);
  for (int64_t i = 0; i < num_fragments; ++i) {
    note += Pick(random, kTrickyFragments);
    if (random.Below(3) == 0) {
      note += ' ';
      AppendWords(random, note, 10);
    }
  }
}

/// Makes every CR part of a CRLF pair.
void ReplaceLoneCarriageReturns(std::string& note) {
  for (size_t i = note.find('\r'); i != std::string::npos; i = note.find('\r', i + 1)) {
    if (i + 1 == note.size() || note[i + 1] != '\n') note.insert(i + 1, 1, '\n');
  }
}

}  // namespace

void NoteGenerator::Generate(Random& random, std::string& note) const {
  note.clear();
  switch (DrawKind(random)) {
    case NoteKind::kPlain:
      AppendWords(random, note, 60);
      return;  // The common case: no special characters to fix up.
    case NoteKind::kEmpty:
      break;
    case NoteKind::kPipe:
      AppendAround(random, note, random.Below(2) == 0 ? "|" : " | ");
      break;
    case NoteKind::kDoubleQuote:
      AppendDoubleQuote(random, note);
      break;
    case NoteKind::kApostrophe:
      AppendApostrophe(random, note);
      break;
    case NoteKind::kBackslash:
      AppendBackslash(random, note);
      break;
    case NoteKind::kLineFeed:
      AppendAround(random, note, random.Below(4) == 0 ? "\n\n" : "\n");
      break;
    case NoteKind::kCarriageReturn:
      AppendAround(random, note, "\r");
      break;
    case NoteKind::kCrLf:
      AppendAround(random, note, "\r\n");
      break;
    case NoteKind::kTab:
      AppendAround(random, note, "\t");
      break;
    case NoteKind::kOuterSpaces:
      AppendOuterSpaces(random, note);
      break;
    case NoteKind::kBackslashN:
      note = "\\N";
      break;
    case NoteKind::kNullWord:
      note = "NULL";
      break;
    case NoteKind::kUnicode:
      AppendUnicode(random, note);
      break;
    case NoteKind::kLong:
      AppendLong(random, note);
      break;
    case NoteKind::kMixed:
      AppendMixed(random, note);
      break;
    case NoteKind::kControl:
      AppendAround(random, note, Pick(random, kControlCharacters));
      break;
  }
  if (avoid_lone_carriage_return_) ReplaceLoneCarriageReturns(note);
}

}  // namespace sluice::datagen
