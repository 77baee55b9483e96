#include "formats/csv/dialect_sniffer.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>

#include "core/error.h"
#include "formats/csv/tokenizer.h"

namespace sluice::csv {

namespace {

/// Records tokenized per dialect candidate.
constexpr size_t kRecordsPerCandidate = 256;
/// Fields stored per record while sniffing (more are counted, not kept).
constexpr size_t kMaxSniffColumns = 4096;
/// Lines looked at to find extra delimiter candidates.
constexpr size_t kLinesForDelimiterCandidates = 32;

std::string Describe(char c) {
  switch (c) {
    case '\t': return "tab";
    case '\0': return "none";
    case ' ': return "space";
    default: break;
  }
  if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
    static constexpr char kHex[] = "0123456789abcdef";
    return std::string("0x") + kHex[(c >> 4) & 15] + kHex[c & 15];
  }
  return std::string("'") + c + "'";
}

/// How well a dialect splits the start of the input.
struct Score {
  size_t records = 0;
  size_t fields = 0;      ///< The most common field count (ties: the larger).
  size_t consistent = 0;  ///< Records with that count and no syntax problem.
  size_t quoted = 0;      ///< Well-formed quoted fields.
  size_t key() const { return fields > 1 ? consistent : 0; }
};

Score ScoreDialect(const Dialect& dialect, std::string_view text, size_t pos, bool at_eof) {
  Tokenizer tokenizer(dialect, kMaxSniffColumns);
  std::map<size_t, size_t> counts;
  Score score;
  ForEachRecord(&tokenizer, text, pos, at_eof, kRecordsPerCandidate,
                [&](const FieldSpan* fields, const RecordSpan& record) {
                  ++score.records;
                  if (record.problem != RecordProblem::kNone) return;
                  ++counts[record.num_fields];
                  size_t n = std::min<size_t>(record.num_fields, kMaxSniffColumns);
                  for (size_t i = 0; i < n; ++i) score.quoted += fields[i].quoted() ? 1 : 0;
                });
  for (const auto& [fields, count] : counts) {
    if (count >= score.consistent) {
      score.consistent = count;
      score.fields = fields;
    }
  }
  return score;
}

/// Whether candidate `a` beats `b`: more rows agreeing on a field count (> 1); on a tie,
/// more fields, but only between delimiters (a quote or escape that splits more fields is
/// no better: the earlier, more common choice stays).
bool IsBetter(const Score& a, const Dialect& da, const Score& b, const Dialect& db) {
  if (a.key() != b.key()) return a.key() > b.key();
  return da.delimiter != db.delimiter && a.fields > b.fields && a.key() > 0;
}

/// Punctuation that appears the same number of times (>= 1) on each of the first lines:
/// more delimiter candidates.
std::vector<char> OtherDelimiterCandidates(std::string_view text, size_t pos) {
  static constexpr std::string_view kPossible = "!#$%&*+/:<=>?@^_`~\x01\x1f";
  std::vector<std::map<char, size_t>> lines;
  std::map<char, size_t> current;
  for (size_t i = pos; i < text.size() && lines.size() < kLinesForDelimiterCandidates; ++i) {
    char c = text[i];
    if (c == '\n') {
      lines.push_back(std::move(current));
      current.clear();
    } else if (kPossible.find(c) != std::string_view::npos) {
      ++current[c];
    }
  }
  if (lines.empty()) lines.push_back(std::move(current));
  std::vector<char> out;
  for (const auto& entry : lines[0]) {
    const char c = entry.first;
    const size_t count = entry.second;
    bool same = std::all_of(lines.begin(), lines.end(), [&](const std::map<char, size_t>& line) {
      auto it = line.find(c);
      return it != line.end() && it->second == count;
    });
    if (same) out.push_back(c);
  }
  return out;
}

/// Signs of Redshift UNLOAD ... ESCAPE ADDQUOTES / MySQL-style output in a sample.
struct EscapeSigns {
  size_t fields = 0;
  size_t quoted = 0;
  size_t backslash_n = 0;    ///< Fields that are exactly \N (bare or quoted).
  size_t escape_pairs = 0;   ///< '\' before '\', the quote, the delimiter, LF or CR.
  bool redshift() const {
    return fields > 0 && (backslash_n > 0 || escape_pairs > 0) &&
           quoted + backslash_n >= fields;
  }
};

EscapeSigns FindEscapeSigns(const Dialect& dialect, std::string_view text, size_t pos,
                            bool at_eof) {
  Tokenizer tokenizer(dialect, kMaxSniffColumns);
  EscapeSigns signs;
  ForEachRecord(&tokenizer, text, pos, at_eof, kRecordsPerCandidate,
                [&](const FieldSpan* fields, const RecordSpan& record) {
                  size_t n = std::min<size_t>(record.num_fields, kMaxSniffColumns);
                  for (size_t i = 0; i < n; ++i) {
                    std::string_view raw = RawFieldText(text.data(), fields[i]);
                    ++signs.fields;
                    if (fields[i].quoted()) ++signs.quoted;
                    if (raw == "\\N") {
                      ++signs.backslash_n;
                      if (fields[i].quoted()) --signs.quoted;
                      continue;
                    }
                    for (size_t k = 0; k + 1 < raw.size(); ++k) {
                      if (raw[k] != '\\') continue;
                      char next = raw[k + 1];
                      if (next == '\\' || next == dialect.quote || next == dialect.delimiter ||
                          next == '\n' || next == '\r') {
                        ++signs.escape_pairs;
                      }
                      ++k;
                    }
                  }
                });
  return signs;
}

}  // namespace



GivenDialect GivenFromOptions(const ReadOptions& options) {
  GivenDialect given;
  if (options.preset) {
    given.dialect = PresetDialect(*options.preset);
    given.delimiter = given.quote = given.escape = given.nulls = given.null_if_quoted =
        given.header = true;
  }
  Dialect& d = given.dialect;
  if (options.delimiter) { d.delimiter = *options.delimiter; given.delimiter = true; }
  if (options.quote) { d.quote = *options.quote; given.quote = true; }
  if (options.escape_mode) { d.escape_mode = *options.escape_mode; given.escape = true; }
  if (options.escape) {
    d.escape = *options.escape;
    if (!options.escape_mode && !options.preset) d.escape_mode = EscapeMode::kEscapeChar;
    given.escape = true;
  }
  if (options.null_strings) { d.null_strings = *options.null_strings; given.nulls = true; }
  if (options.null_if_quoted) { d.null_if_quoted = *options.null_if_quoted; given.null_if_quoted = true; }
  if (options.header) { d.header = *options.header; given.header = true; }
  d.skip_rows = options.skip_rows;
  d.comment = options.comment;
  if (d.escape_mode == EscapeMode::kEscapeChar && d.escape == d.quote) {
    d.escape_mode = EscapeMode::kDoubledQuote;  // "escape is the quote" means doubling
  }
  return given;
}

void SniffDialect(GivenDialect* given_dialect, std::string_view text, size_t pos, bool at_eof,
                  std::vector<std::string>* notes) {
  GivenDialect& given = *given_dialect;
  Dialect& chosen = given.dialect;
  if (given.delimiter && given.quote && given.escape && given.nulls) return;
  std::vector<char> delimiters = {chosen.delimiter};
  if (!given.delimiter) {
    delimiters = {',', '|', ';', '\t'};
    for (char c : OtherDelimiterCandidates(text, pos)) delimiters.push_back(c);
  }

  // Per delimiter: '"' and doubled quotes unless the sample says otherwise (a single
  // broken row must not turn quoting off); then the delimiter whose rows agree best.
  Score best_score;
  bool have_best = false;
  Dialect best = chosen;
  std::map<std::pair<char, char>, Score> backslash_scores;
  for (char delimiter : delimiters) {
    auto score_of = [&](char quote, EscapeMode escape, Dialect* candidate) {
      *candidate = chosen;
      candidate->delimiter = delimiter;
      candidate->quote = quote;
      candidate->escape_mode = escape;
      if (escape == EscapeMode::kEscapeChar && !given.escape) candidate->escape = '\\';
      if (quote != '\0' && quote == delimiter) return std::optional<Score>();
      if (escape == EscapeMode::kEscapeChar &&
          (candidate->escape == delimiter || candidate->escape == quote)) {
        return std::optional<Score>();
      }
      return std::optional<Score>(ScoreDialect(*candidate, text, pos, at_eof));
    };
    const char first_quote = given.quote ? chosen.quote : '"';
    const EscapeMode first_escape = given.escape ? chosen.escape_mode : EscapeMode::kDoubledQuote;
    Dialect local;
    std::optional<Score> local_score = score_of(first_quote, first_escape, &local);
    if (!local_score) continue;
    if (!given.escape) {
      Dialect other;
      if (auto score = score_of(first_quote, EscapeMode::kEscapeChar, &other)) {
        backslash_scores[{delimiter, first_quote}] = *score;
        if (score->key() > local_score->key()) {
          local = other;
          local_score = score;
        }
      }
    }
    if (!given.quote && local_score->quoted == 0) {
      for (EscapeMode escape : {EscapeMode::kDoubledQuote, EscapeMode::kEscapeChar}) {
        if (given.escape && escape != chosen.escape_mode) continue;
        Dialect other;
        auto score = score_of('\'', escape, &other);
        if (score && score->quoted > 0 && score->key() > local_score->key()) {
          local = other;
          local_score = score;
        }
      }
    }
    if (!have_best || IsBetter(*local_score, local, best_score, best)) {
      best_score = *local_score;
      best = local;
      have_best = true;
    }
  }
  // Backslash escapes split like doubled quotes when no escaped quote or delimiter is in
  // the sample; the Redshift signature (every field quoted, \N for NULL, backslash
  // pairs) decides then.
  EscapeSigns signs;
  if (!given.escape && best.escape_mode == EscapeMode::kDoubledQuote) {
    signs = FindEscapeSigns(best, text, pos, at_eof);
    auto it = backslash_scores.find({best.delimiter, best.quote});
    if ((signs.redshift() || signs.backslash_n > 0) && it != backslash_scores.end() &&
        it->second.key() >= best_score.key()) {
      best.escape_mode = EscapeMode::kEscapeChar;
      best.escape = '\\';
      best_score = it->second;
    }
  }
  signs = FindEscapeSigns(best, text, pos, at_eof);
  if (!given.nulls && signs.backslash_n > 0) {
    best.null_strings = {"\\N"};
    if (!given.null_if_quoted) best.null_if_quoted = true;
  }
  chosen = best;

  std::string note = "delimiter " + Describe(chosen.delimiter);
  if (!given.delimiter && best_score.records > 0) {
    note += " (" + std::to_string(best_score.fields) + " fields in " +
            std::to_string(best_score.consistent) + " of " + std::to_string(best_score.records) +
            " sampled rows)";
  }
  note += ", quote " + Describe(chosen.quote) + ", escape " +
          (chosen.escape_mode == EscapeMode::kEscapeChar
               ? Describe(chosen.escape)
               : std::string(chosen.escape_mode == EscapeMode::kDoubledQuote ? "doubled quote"
                                                                              : "none"));
  if (signs.redshift() && !given.escape) {
    note += " (Redshift UNLOAD ESCAPE ADDQUOTES signature: every field quoted, backslash "
            "escapes / \\N)";
  }
  notes->push_back(note);
  if (!given.nulls && signs.backslash_n > 0) notes->push_back("NULL is \\N (seen in the sample)");
}

void ValidateDialect(const Dialect& d) {
  auto bad = [](const std::string& what) {
    throw InvalidArgumentError("invalid CSV dialect: " + what);
  };
  if (d.delimiter == '\n' || d.delimiter == '\r') bad("the delimiter cannot be a line end");
  if (d.quote == '\n' || d.quote == '\r') bad("the quote cannot be a line end");
  if (d.quote != '\0' && d.quote == d.delimiter) bad("the quote and the delimiter are the same");
  if (d.escape_mode == EscapeMode::kEscapeChar) {
    if (d.escape == d.delimiter) bad("the escape and the delimiter are the same");
    if (d.escape == '\n' || d.escape == '\r') bad("the escape cannot be a line end");
  }
  if (!d.comment.empty() && (d.comment[0] == '\n' || d.comment[0] == '\r')) {
    bad("the comment prefix cannot start with a line end");
  }
}

}  // namespace sluice::csv
