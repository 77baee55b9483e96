#include "formats/csv/sniffer.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "core/error.h"
#include "formats/csv/dialect_sniffer.h"
#include "formats/csv/tokenizer.h"

namespace sluice::csv {

namespace {

/// Distinct values remembered per column to tell a header from data.
constexpr size_t kMaxRememberedValues = 4096;

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

/// The first record of the sample (perhaps the header) and the field counts below it.
struct Shape {
  bool any_record = false;
  size_t first_fields = 0;
  size_t first_end = 0;  ///< Offset after the first record.
  size_t num_columns = 0;
};

/// The column count: the most common field count of well-formed records after the
/// first (the first alone when there are none).
Shape FindShape(const Dialect& dialect, std::string_view head, size_t pos, bool at_eof,
                size_t max_records) {
  Shape shape;
  std::map<size_t, size_t> counts;
  Tokenizer tokenizer(dialect, 0);
  ForEachRecord(&tokenizer, head, pos, at_eof, max_records,
                [&](const FieldSpan*, const RecordSpan& record) {
                  if (!shape.any_record) {
                    shape.any_record = true;
                    shape.first_fields = record.num_fields;
                    shape.first_end = record.next;
                  } else if (record.problem == RecordProblem::kNone) {
                    ++counts[record.num_fields];
                  }
                });
  shape.num_columns = shape.first_fields;
  size_t best = 0;
  for (const auto& [fields, count] : counts) {
    if (count >= best) {
      best = count;
      shape.num_columns = fields;
    }
  }
  return shape;
}

/// The sample as type inference sees it: the first record apart (it may be the header),
/// the types of the records below it, and some of their values.
struct SampleRows {
  explicit SampleRows(size_t num_columns, const InferencePatterns* patterns)
      : body(num_columns, TypeAccumulator(patterns)), body_values(num_columns) {}

  std::vector<std::optional<std::string>> first;  ///< nullopt: NULL.
  bool has_first = false;
  std::vector<TypeAccumulator> body;
  std::vector<std::set<std::string>> body_values;
  size_t body_rows = 0;
};

class SampleCollector {
 public:
  SampleCollector(const Dialect& dialect, size_t num_columns, SampleRows* rows)
      : dialect_(dialect), nulls_(dialect), num_columns_(num_columns), rows_(rows),
        tokenizer_(dialect, num_columns) {}

  /// Records of the start of the input: the first is kept apart.
  void AddHead(std::string_view head, size_t pos, bool at_eof, size_t max_records) {
    ForEachRecord(&tokenizer_, head, pos, at_eof, max_records,
                  [&](const FieldSpan* fields, const RecordSpan& record) {
                    if (!rows_->has_first) {
                      rows_->has_first = true;
                      for (size_t c = 0; c < num_columns_; ++c) {
                        rows_->first.push_back(Value(head.data(), fields[c]));
                      }
                    } else {
                      AddBody(head.data(), fields, record);
                    }
                  });
  }

  /// A block from further in: it starts mid-record, so its first line and its last
  /// (partial) record are dropped.
  void AddSpread(std::string_view block, size_t max_records) {
    tokenizer_.Reset();
    size_t start = AfterFirstLineEnd(dialect_, block, 0);
    ForEachRecord(&tokenizer_, block, start, false, max_records,
                  [&](const FieldSpan* fields, const RecordSpan& record) {
                    AddBody(block.data(), fields, record);
                  });
  }

 private:
  std::optional<std::string> Value(const char* buffer, FieldSpan field) {
    if (nulls_.IsNull(buffer, field)) return std::nullopt;
    return std::string(FieldValue(dialect_, buffer, field, &scratch_));
  }

  void AddBody(const char* buffer, const FieldSpan* fields, const RecordSpan& record) {
    if (record.num_fields != num_columns_ || record.problem != RecordProblem::kNone) return;
    ++rows_->body_rows;
    for (size_t c = 0; c < num_columns_; ++c) {
      std::optional<std::string> value = Value(buffer, fields[c]);
      if (!value) continue;
      rows_->body[c].Add(*value);
      if (rows_->body_values[c].size() < kMaxRememberedValues) {
        rows_->body_values[c].insert(std::move(*value));
      }
    }
  }

  const Dialect& dialect_;
  NullMatcher nulls_;
  size_t num_columns_;
  SampleRows* rows_;
  Tokenizer tokenizer_;
  std::string scratch_;
};

bool LooksLikeName(std::string_view text) {
  if (text.empty() || text.size() > 128) return false;
  unsigned char first = static_cast<unsigned char>(text[0]);
  return std::isalpha(first) || first == '_' || first >= 0x80;
}

/// Whether the first record is a header, and why: a value that does not fit the type of
/// the values below it says so; when every column is text, distinct names that do not
/// occur below say so.
bool DecideHeader(const SampleRows& rows, const Shape& shape, const InferencePatterns& patterns,
                  std::string* reason) {
  if (!rows.has_first) {
    *reason = "no rows to look at";
    return false;
  }
  bool any_typed = false;
  for (size_t c = 0; c < rows.body.size(); ++c) {
    if (rows.body[c].num_values() == 0) continue;
    ColumnType type = rows.body[c].Result();
    if (type.type.id() == TypeId::kVarchar) continue;
    any_typed = true;
    if (!rows.first[c]) continue;  // NULL fits any type
    if (JoinTypes(type, TypeOfValue(*rows.first[c], patterns)) != type) {
      *reason = "the first row has '" + rows.first[c]->substr(0, 40) + "' in column " +
                std::to_string(c + 1) + " where the rows below have " + type.ToString() +
                " values";
      return true;
    }
  }
  if (any_typed) {
    *reason = "the first row's values fit the column types of the rows below";
    return false;
  }
  bool names = shape.first_fields == rows.body.size();
  std::set<std::string> distinct;
  for (size_t c = 0; c < rows.first.size() && names; ++c) {
    const auto& value = rows.first[c];
    names = value && LooksLikeName(*value) && distinct.insert(*value).second &&
            rows.body_values[c].count(*value) == 0;
  }
  *reason = names ? "every column is text and the first row holds distinct names that do "
                    "not occur below"
                  : "every column is text and the first row looks like data";
  return names;
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

/// Names from the options, the header or column0, column1...; duplicates get _2, _3.
std::vector<std::string> ColumnNames(const ReadOptions& options, const SampleRows& rows,
                                     size_t num_columns, bool header) {
  std::vector<std::string> names = options.column_names;
  if (names.empty()) {
    for (size_t c = 0; c < num_columns; ++c) {
      names.push_back(header && c < rows.first.size() && rows.first[c]
                          ? CleanName(*rows.first[c], c)
                          : "column" + std::to_string(c));
    }
  }
  std::set<std::string> seen;
  for (std::string& name : names) {
    if (seen.insert(name).second) continue;
    for (int n = 2;; ++n) {
      std::string candidate = name + "_" + std::to_string(n);
      if (seen.insert(candidate).second) {
        name = candidate;
        break;
      }
    }
  }
  return names;
}

/// Replaces inferred types by the options' column_types (by name, or columnN).
void ApplyExplicitTypes(const ReadOptions& options, std::vector<ColumnSpec>* columns) {
  Schema lookup;
  for (const ColumnSpec& spec : *columns) lookup.AddField(Field{spec.name, DataType::Varchar()});
  for (const auto& [name, type] : options.column_types) {
    int index = lookup.FindField(name);
    if (index < 0) {
      std::string known;
      for (const ColumnSpec& spec : *columns) known += (known.empty() ? "" : ", ") + spec.name;
      throw InvalidArgumentError("a type is given for column '" + name +
                                 "', but the file has no such column (columns: " + known + ")");
    }
    ColumnSpec& spec = (*columns)[static_cast<size_t>(index)];
    std::shared_ptr<const DateTimePattern> pattern;
    const bool temporal = type.id() == TypeId::kDate || type.id() == TypeId::kTimestamp ||
                          type.id() == TypeId::kTimestampTz;
    const std::string& format =
        type.id() == TypeId::kDate ? options.date_format : options.timestamp_format;
    if (temporal && !format.empty()) {
      pattern = std::make_shared<const DateTimePattern>(DateTimePattern::Compile(format));
    } else if (temporal && spec.type.type.id() == type.id()) {
      pattern = spec.type.pattern;  // the form the sample showed
    }
    spec.type = {type, pattern};
    spec.inferred = false;
  }
}

}  // namespace

SniffOutcome SniffSample(const SampleText& sample, const ReadOptions& options) {
  SniffOutcome out;
  GivenDialect given = GivenFromOptions(options);
  const std::string_view head = sample.head;
  const bool at_eof = sample.head_is_all;
  const size_t pos = SkipPrefix(head, at_eof, options.skip_rows, &out.notes);
  SniffDialect(&given, head, pos, at_eof, &out.notes);
  const Dialect& dialect = given.dialect;
  ValidateDialect(dialect);

  const size_t sample_rows = std::max<size_t>(options.sample_rows, 2);
  const size_t head_rows = sample.spread.empty() ? sample_rows : (sample_rows + 1) / 2;
  Shape shape = FindShape(dialect, head, pos, at_eof, head_rows + 1);
  if (!options.column_names.empty()) {
    if (shape.any_record && options.column_names.size() != shape.num_columns) {
      throw InvalidArgumentError(std::to_string(options.column_names.size()) +
                                 " column names are given, but rows have " +
                                 std::to_string(shape.num_columns) + " fields");
    }
    shape.num_columns = options.column_names.size();
  }
  const size_t num_columns = std::max<size_t>(shape.num_columns, 1);

  const InferencePatterns patterns(options.date_format, options.timestamp_format, true);
  SampleRows rows(num_columns, &patterns);
  SampleCollector collector(dialect, num_columns, &rows);
  collector.AddHead(head, pos, at_eof, head_rows + 1);
  for (std::string_view block : sample.spread) {
    collector.AddSpread(block, (sample_rows - head_rows) / sample.spread.size() + 1);
  }

  out.header = given.header ? dialect.header : DecideHeader(rows, shape, patterns, &out.header_reason);
  if (given.header) out.header_reason = out.header ? "header given" : "no header (given)";
  // Unless it is the header, the first record is data: its values count for the types.
  if (!out.header && rows.has_first) {
    for (size_t c = 0; c < num_columns; ++c) {
      if (rows.first[c]) rows.body[c].Add(*rows.first[c]);
    }
  }
  out.rows_sampled = rows.body_rows + (!out.header && rows.has_first ? 1 : 0);

  const std::vector<std::string> names = ColumnNames(options, rows, num_columns, out.header);
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
  ApplyExplicitTypes(options, &out.columns);

  out.dialect = dialect;
  out.dialect.header = out.header;
  out.data_start = out.header ? (shape.any_record ? shape.first_end : head.size()) : pos;
  return out;
}

}  // namespace sluice::csv
