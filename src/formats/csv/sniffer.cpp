#include "formats/csv/sniffer.h"

#include <simdjson.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
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

/// Calls fn(fields, record) for each record of `text` from `pos`, up to `max_records`;
/// returns where it stopped.
template <typename Fn>
size_t ForEachRecord(Tokenizer& tokenizer, std::string_view text, size_t pos, bool at_eof,
                     size_t max_records, Fn&& fn) {
  std::vector<FieldSpan> fields(std::max<size_t>(tokenizer.num_columns(), 1));
  size_t count = 0;
  while (pos < text.size() && count < max_records) {
    RecordSpan record;
    auto result = tokenizer.Next(text.data(), pos, text.size(), at_eof, fields.data(), &record);
    if (result == Tokenizer::Result::kIncomplete) break;
    pos = record.next;
    if (result == Tokenizer::Result::kRecord) {
      ++count;
      fn(fields.data(), record);
    }
  }
  return pos;
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
  ForEachRecord(tokenizer, text, pos, at_eof, kRecordsPerCandidate,
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
  ForEachRecord(tokenizer, text, pos, at_eof, kRecordsPerCandidate,
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

/// Which dialect fields the user (or a preset) fixed.
struct GivenDialect {
  Dialect dialect;
  bool delimiter = false, quote = false, escape = false, nulls = false, null_if_quoted = false,
       header = false;
};

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

/// Chooses the dialect fields the user left open.
void SniffDialect(GivenDialect& given, std::string_view text, size_t pos, bool at_eof,
                  std::vector<std::string>* notes) {
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

/// Skips a UTF-8 BOM and `skip_rows` physical lines; returns the offset after them.
size_t SkipPrefix(std::string_view head, bool head_is_all, size_t skip_rows,
                  std::vector<std::string>* notes) {
  size_t pos = 0;
  if (head.size() >= 3 && head.substr(0, 3) == "\xEF\xBB\xBF") {
    pos = 3;
    notes->push_back("UTF-8 byte order mark skipped");
  }
  for (size_t line = 0; line < skip_rows; ++line) {
    while (pos < head.size() && head[pos] != '\n' && head[pos] != '\r') ++pos;
    if (pos >= head.size()) {
      if (head_is_all) return head.size();
      throw InvalidArgumentError("skip_rows " + std::to_string(skip_rows) +
                                 " reaches beyond the first " + std::to_string(head.size()) +
                                 " bytes that are sampled");
    }
    if (head[pos] == '\r' && pos + 1 < head.size() && head[pos + 1] == '\n') ++pos;
    ++pos;
  }
  return pos;
}

/// First line end at or after `pos` not preceded by an odd run of escape bytes; returns
/// the offset after it, or text.size().
size_t AfterFirstLineEnd(const Dialect& dialect, std::string_view text, size_t pos) {
  const bool escapes = dialect.escape_mode == EscapeMode::kEscapeChar;
  for (size_t p = pos; p < text.size(); ++p) {
    if (text[p] != '\n' && text[p] != '\r') continue;
    if (escapes) {
      size_t run = 0;
      while (p - run > pos && text[p - run - 1] == dialect.escape) ++run;
      if (run % 2 == 1) continue;
    }
    if (text[p] == '\r' && p + 1 < text.size() && text[p + 1] == '\n') ++p;
    return p + 1;
  }
  return text.size();
}

/// A value the way type inference sees it: nullopt for NULL.
std::optional<std::string> SampleValue(const Dialect& dialect, const NullMatcher& nulls,
                                       const char* buffer, FieldSpan field) {
  if (nulls.IsNull(buffer, field)) return std::nullopt;
  std::string scratch;
  return std::string(FieldValue(dialect, buffer, field, &scratch));
}

bool LooksLikeName(std::string_view text) {
  if (text.empty() || text.size() > 128) return false;
  unsigned char first = static_cast<unsigned char>(text[0]);
  return std::isalpha(first) || first == '_' || first >= 0x80;
}

std::string CleanName(std::string name, size_t index) {
  if (!simdjson::validate_utf8(name.data(), name.size())) {
    for (char& c : name) {
      if (static_cast<unsigned char>(c) >= 0x80) c = '?';
    }
  }
  if (name.empty()) name = "column" + std::to_string(index);
  return name;
}

void DeduplicateNames(std::vector<std::string>* names) {
  std::set<std::string> seen;
  for (std::string& name : *names) {
    if (seen.insert(name).second) continue;
    for (int n = 2;; ++n) {
      std::string candidate = name + "_" + std::to_string(n);
      if (seen.insert(candidate).second) {
        name = candidate;
        break;
      }
    }
  }
}

/// The sample's rows with the expected field count, as values.
struct SampleRows {
  std::vector<std::optional<std::string>> first;  ///< The first record (header candidate).
  bool has_first = false;
  std::vector<TypeAccumulator> body;  ///< Types of all rows but the first.
  std::vector<std::set<std::string>> body_values;  ///< A few values per column.
  size_t body_rows = 0;
};

}  // namespace

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

SniffOutcome SniffSample(const SampleText& sample, const ReadOptions& options) {
  SniffOutcome out;
  GivenDialect given = GivenFromOptions(options);
  const std::string_view head = sample.head;
  const bool at_eof = sample.head_is_all;
  size_t pos = SkipPrefix(head, at_eof, options.skip_rows, &out.notes);
  SniffDialect(given, head, pos, at_eof, &out.notes);
  Dialect& dialect = given.dialect;
  ValidateDialect(dialect);
  const NullMatcher nulls(dialect);

  // Field count: the most common among the sampled records.
  const size_t sample_rows = std::max<size_t>(options.sample_rows, 2);
  const size_t head_rows = sample.spread.empty() ? sample_rows : (sample_rows + 1) / 2;
  std::map<size_t, size_t> counts;
  size_t first_record_fields = 0;
  size_t header_end = pos;  // after the first record
  bool any_record = false;
  {
    Tokenizer tokenizer(dialect, 0);
    ForEachRecord(tokenizer, head, pos, at_eof, head_rows + 1,
                  [&](const FieldSpan*, const RecordSpan& record) {
                    if (!any_record) {
                      any_record = true;
                      first_record_fields = record.num_fields;
                      header_end = record.next;
                    } else if (record.problem == RecordProblem::kNone) {
                      ++counts[record.num_fields];
                    }
                  });
  }
  size_t num_columns = first_record_fields;
  size_t best = 0;
  for (const auto& [fields, count] : counts) {
    if (count >= best) {
      best = count;
      num_columns = fields;
    }
  }
  if (!options.column_names.empty()) {
    if (any_record && options.column_names.size() != num_columns) {
      throw InvalidArgumentError(std::to_string(options.column_names.size()) +
                                 " column names are given, but rows have " +
                                 std::to_string(num_columns) + " fields");
    }
    num_columns = options.column_names.size();
  }
  if (num_columns == 0) num_columns = 1;

  // Values of the sample, per column: the first record apart (it may be the header).
  const InferencePatterns patterns(options.date_format, options.timestamp_format, true);
  SampleRows rows;
  rows.body.assign(num_columns, TypeAccumulator(&patterns));
  rows.body_values.resize(num_columns);
  auto add_body = [&](const char* buffer, const FieldSpan* fields) {
    ++rows.body_rows;
    for (size_t c = 0; c < num_columns; ++c) {
      auto value = SampleValue(dialect, nulls, buffer, fields[c]);
      if (!value) continue;
      rows.body[c].Add(*value);
      if (rows.body_values[c].size() < 4096) rows.body_values[c].insert(*value);
    }
  };
  {
    Tokenizer tokenizer(dialect, num_columns);
    ForEachRecord(tokenizer, head, pos, at_eof, head_rows + 1,
                  [&](const FieldSpan* fields, const RecordSpan& record) {
                    if (!rows.has_first) {
                      rows.has_first = true;
                      for (size_t c = 0; c < num_columns; ++c) {
                        rows.first.push_back(SampleValue(dialect, nulls, head.data(), fields[c]));
                      }
                      return;
                    }
                    if (record.num_fields == num_columns && record.problem == RecordProblem::kNone) {
                      add_body(head.data(), fields);
                    }
                  });
    const size_t per_block =
        sample.spread.empty() ? 0 : (sample_rows - head_rows) / sample.spread.size() + 1;
    for (std::string_view block : sample.spread) {
      // The block starts mid-record: drop its first line, and its last (partial) record.
      size_t start = AfterFirstLineEnd(dialect, block, 0);
      ForEachRecord(tokenizer, block, start, false, per_block,
                    [&](const FieldSpan* fields, const RecordSpan& record) {
                      if (record.num_fields == num_columns &&
                          record.problem == RecordProblem::kNone) {
                        add_body(block.data(), fields);
                      }
                    });
    }
  }

  // Header: given, or decided by comparing the first record with the types below it.
  std::vector<ColumnType> body_types;
  for (size_t c = 0; c < num_columns; ++c) body_types.push_back(rows.body[c].Result());
  bool header = dialect.header;
  if (given.header) {
    out.header_reason = header ? "header given" : "no header (given)";
  } else if (!rows.has_first) {
    header = false;
    out.header_reason = "no rows to look at";
  } else {
    const InferencePatterns& iso = patterns;
    std::string typed_reason;
    bool first_fits_all = true;
    bool any_typed = false;
    for (size_t c = 0; c < num_columns && c < rows.first.size(); ++c) {
      if (body_types[c].type.id() == TypeId::kVarchar || rows.body[c].num_values() == 0) continue;
      any_typed = true;
      if (!rows.first[c]) continue;  // NULL fits any type
      ColumnType joined = JoinTypes(body_types[c], TypeOfValue(*rows.first[c], iso));
      if (joined != body_types[c] && typed_reason.empty()) {
        first_fits_all = false;
        typed_reason = "the first row has '" + rows.first[c]->substr(0, 40) + "' in column " +
                       std::to_string(c + 1) + " where the rows below have " +
                       body_types[c].ToString() + " values";
      }
    }
    if (any_typed) {
      header = !first_fits_all;
      out.header_reason = header ? typed_reason
                                 : "the first row's values fit the column types of the rows "
                                   "below";
    } else {
      // Every column is text: a header holds distinct names not seen again below.
      bool names = first_record_fields == num_columns;
      std::set<std::string> distinct;
      for (size_t c = 0; c < rows.first.size() && names; ++c) {
        const auto& value = rows.first[c];
        names = value && LooksLikeName(*value) && distinct.insert(*value).second &&
                rows.body_values[c].count(*value) == 0;
      }
      header = names;
      out.header_reason = header ? "every column is text and the first row holds distinct "
                                   "names that do not occur below"
                                 : "every column is text and the first row looks like data";
    }
  }
  dialect.header = header;
  out.header = header;

  // Names.
  std::vector<std::string> names;
  if (!options.column_names.empty()) {
    names = options.column_names;
  } else {
    for (size_t c = 0; c < num_columns; ++c) {
      names.push_back(header && c < rows.first.size() && rows.first[c]
                          ? CleanName(*rows.first[c], c)
                          : "column" + std::to_string(c));
    }
  }
  DeduplicateNames(&names);

  // Types: the first record joins the body unless it is the header.
  if (!header && rows.has_first) {
    for (size_t c = 0; c < num_columns && c < rows.first.size(); ++c) {
      if (rows.first[c]) rows.body[c].Add(*rows.first[c]);
    }
  }
  out.rows_sampled = rows.body_rows + (!header && rows.has_first ? 1 : 0);
  std::vector<std::string> explicit_names;
  for (size_t c = 0; c < num_columns; ++c) {
    ColumnSpec spec;
    spec.name = names[c];
    std::string note;
    spec.type = rows.body[c].Result(&note);
    if (!note.empty()) out.notes.push_back("column '" + spec.name + "': " + note);
    if (options.all_varchar) {
      spec.type = {DataType::Varchar(), nullptr};
      spec.inferred = false;
    }
    out.columns.push_back(std::move(spec));
  }
  Schema lookup;
  for (const ColumnSpec& spec : out.columns) lookup.AddField(Field{spec.name, DataType::Varchar()});
  for (const auto& [name, type] : options.column_types) {
    int index = lookup.FindField(name);
    if (index < 0) {
      std::string known;
      for (const ColumnSpec& spec : out.columns) known += (known.empty() ? "" : ", ") + spec.name;
      throw InvalidArgumentError("a type is given for column '" + name +
                                 "', but the file has no such column (columns: " + known + ")");
    }
    ColumnSpec& spec = out.columns[static_cast<size_t>(index)];
    std::shared_ptr<const DateTimePattern> pattern;
    const std::string& format = type.id() == TypeId::kDate ? options.date_format
                                                           : options.timestamp_format;
    if ((type.id() == TypeId::kDate || type.id() == TypeId::kTimestamp ||
         type.id() == TypeId::kTimestampTz) ) {
      if (!format.empty()) {
        pattern = std::make_shared<const DateTimePattern>(DateTimePattern::Compile(format));
      } else if (spec.type.type.id() == type.id()) {
        pattern = spec.type.pattern;  // the form the sample showed
      }
    }
    spec.type = {type, pattern};
    spec.inferred = false;
  }

  // Where data starts.
  out.data_start = header ? header_end : pos;
  if (header && !any_record) out.data_start = head.size();
  out.dialect = dialect;
  return out;
}

}  // namespace sluice::csv
