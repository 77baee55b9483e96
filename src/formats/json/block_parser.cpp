#include "formats/json/block_parser.h"

#include <cstring>
#include <functional>
#include <unordered_map>

#include "core/error.h"
#include "formats/json/json_value.h"
#include "formats/json/type_inference.h"
#include "formats/json/value_store.h"

namespace sluice::json {

namespace {

/// Longest raw line kept in a rejects file entry.
constexpr size_t kMaxRejectedBytes = 64 * 1024;
/// More distinct keys than this are taken for a malformed file, not a table.
constexpr size_t kMaxColumns = 10000;

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

/// Equality without a memcmp call, for keys (short, and usually equal).
inline bool SameText(const std::string& a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < b.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

bool IsBlank(std::string_view line) {
  for (char c : line) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

/// Why a line whose root is not an object is bad: "found an array", or malformed.
std::string DescribeNonObject(ondemand::document& document) {
  ondemand::json_type type;
  if (document.type().get(type)) return "malformed JSON";
  bool valid = true;
  const char* kind = "";
  switch (type) {
    case ondemand::json_type::array: kind = "an array"; break;
    case ondemand::json_type::object: kind = "an object"; break;
    case ondemand::json_type::string: {
      std::string_view text;
      valid = !document.get_string().get(text);
      kind = "a string";
      break;
    }
    case ondemand::json_type::number: {
      double number;
      valid = !document.get_double().get(number);
      kind = "a number";
      break;
    }
    case ondemand::json_type::boolean: {
      bool flag;
      valid = !document.get_bool().get(flag);
      kind = "a boolean";
      break;
    }
    case ondemand::json_type::null: {
      bool is_null = false;
      valid = !document.is_null().get(is_null) && is_null;
      kind = "null";
      break;
    }
  }
  return valid ? std::string("expected a JSON object, found ") + kind : "malformed JSON";
}

/// " at column N" (1-based byte in the line) for a position in the line, else "".
std::string At(const char* location, std::string_view line) {
  if (location == nullptr || location < line.data() || location >= line.data() + line.size()) {
    return "";
  }
  return " at column " + std::to_string(location - line.data() + 1);
}

/// Where simdjson stopped in the document, or nullptr.
const char* StoppedAt(ondemand::document& document) {
  const char* location;
  return document.current_location().get(location) ? nullptr : location;
}

/// True when the line's root value closes before the line ends, with more than
/// spaces after it (simdjson reports that as an unclosed object).
bool HasContentAfterRoot(std::string_view line) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth == 0) {
      return line.find_first_not_of(" \t\r", i + 1) != std::string_view::npos;
    }
  }
  return false;
}

/// One pass over one block with one set of column types. Widening a type ends the
/// pass (Run() returns false) so that the block is parsed again with the new types.
class BlockParse {
 public:
  BlockParse(ondemand::parser& parser, const std::shared_ptr<const Block>& block,
             const ParseSettings& settings, BlockResult* result)
      : parser_(parser),
        block_(block),
        settings_(settings),
        result_(*result),
        columns_(result->columns) {
    for (size_t i = 0; i < columns_.size(); ++i) {
      index_.emplace(columns_[i].name, static_cast<int>(i));
      types_.push_back(columns_[i].type);
    }
    stamps_.assign(columns_.size(), 0);
    buffer_end_ = block->data() + block->size + kBlockPadding;
    lines_left_ = block->num_lines;
  }

  /// Parses every line; false when a column widened and the block must be parsed again.
  bool Run() {
    const char* data = block_->data();
    size_t size = block_->size;
    uint64_t line_number = block_->first_line;
    size_t position = 0;
    while (position < size) {
      const void* lf = std::memchr(data + position, '\n', size - position);
      size_t line_end =
          lf == nullptr ? size : static_cast<size_t>(static_cast<const char*>(lf) - data);
      std::string_view line(data + position, line_end - position);
      if (!IsBlank(line) && !ParseRow(line, line_number)) return false;
      position = line_end + 1;
      ++line_number;
      --lines_left_;
    }
    return true;
  }

 private:
  /// Parses one line into the next row; false when a column widened.
  bool ParseRow(std::string_view line, uint64_t line_number);

  /// A line that is not a JSON object (or not valid JSON), by the on_error policy.
  /// Returns true (the row is done, as NULLs or rejected) unless it throws.
  bool BadRow(std::string_view line, uint64_t line_number, const std::string& reason);
  /// A value that does not convert to its column's explicit type. Returns whether the
  /// row goes on (kNull) or was rejected (kSkip); throws under kFail.
  bool BadValue(std::string_view line, uint64_t line_number, size_t column, ondemand::value& value,
                Vector& vector, size_t row);
  /// Widens `column` to hold the value (or throws under strict_types); returns false.
  bool Widen(size_t column, ondemand::value& value, uint64_t line_number);
  /// Adds a column for a key first seen after the sample; returns its index.
  int AddColumn(std::string_view key, ondemand::value& value, uint64_t line_number);
  int FindColumn(std::string_view key, size_t position);
  void FinishRow(Chunk& chunk, size_t row);
  void Reject(std::string_view line, uint64_t line_number, std::string column, std::string reason);

  Chunk& CurrentChunk() {
    if (result_.chunks.empty() || result_.chunks.back().full()) {
      // Small blocks get small chunks (no 2048-row vectors for a few rows).
      result_.chunks.emplace_back(types_, std::min<uint64_t>(kChunkCapacity, lines_left_));
      KeepBlockAlive(result_.chunks.back(), 0);
    }
    return result_.chunks.back();
  }
  /// VARCHAR values may point into the block: their vectors keep it alive.
  void KeepBlockAlive(Chunk& chunk, size_t first_column) {
    for (size_t i = first_column; i < chunk.num_columns(); ++i) {
      if (types_[i].id() == TypeId::kVarchar) chunk.column(i).heap().KeepAlive(block_);
    }
  }
  std::string Where(uint64_t line_number) const {
    return settings_.file_name + ":" + std::to_string(line_number) + ": ";
  }

  ondemand::parser& parser_;
  const std::shared_ptr<const Block>& block_;
  const ParseSettings& settings_;
  BlockResult& result_;
  std::vector<ColumnSpec>& columns_;
  std::vector<DataType> types_;
  std::unordered_map<std::string, int, StringHash, std::equal_to<>> index_;
  /// Column seen at each key position of the previous row: keys usually come in the
  /// same order on every line, which saves the hash lookup.
  std::vector<int> predicted_;
  /// Row serial at which each column last got a value; others become NULL.
  std::vector<uint64_t> stamps_;
  uint64_t row_serial_ = 0;
  bool row_nulled_ = false;
  const char* buffer_end_;
  /// Lines of the block not parsed yet, the current one included.
  uint64_t lines_left_ = 0;
  ValueStore store_;
};

bool BlockParse::ParseRow(std::string_view line, uint64_t line_number) {
  Chunk* chunk = &CurrentChunk();
  size_t row = chunk->size();
  ++row_serial_;
  row_nulled_ = false;
  ondemand::document document;
  size_t allocated = static_cast<size_t>(buffer_end_ - line.data());
  if (auto error = parser_.iterate(line.data(), line.size(), allocated).get(document)) {
    return BadRow(line, line_number, DescribeJsonError(error));
  }
  ondemand::object object;
  if (auto error = document.get_object().get(object)) {
    if (error == simdjson::INCORRECT_TYPE)
      return BadRow(line, line_number, DescribeNonObject(document));
    return BadRow(
        line, line_number,
        HasContentAfterRoot(line) ? "content after the object" : DescribeJsonError(error));
  }
  // Errors inside the object name the column: of the bad value, or where simdjson stopped.
  auto malformed = [&](simdjson::error_code error, const char* where) {
    return BadRow(line, line_number, DescribeJsonError(error) + At(where, line));
  };
  size_t position = 0;
  for (auto field_result : object) {
    if (auto error = field_result.error()) return malformed(error, StoppedAt(document));
    // Bound in place: copying the field out costs a store-forwarding stall per key.
    ondemand::field&& field = std::move(field_result).value_unsafe();
    std::string_view key;
    if (auto error = ReadKey(field, &key)) return malformed(error, StoppedAt(document));
    int column = FindColumn(key, position++);
    ondemand::value& value = field.value();
    if (column < 0) {
      if (!settings_.add_new_keys) continue;
      column = AddColumn(key, value, line_number);
      chunk = &result_.chunks.back();
    }
    Vector& vector = chunk->column(static_cast<size_t>(column));
    switch (store_.Store(value, columns_[static_cast<size_t>(column)].explicit_type, vector, row)) {
      case StoreOutcome::kStored: break;
      case StoreOutcome::kInvalid: return malformed(store_.error(), store_.error_at());
      case StoreOutcome::kWiden: return Widen(static_cast<size_t>(column), value, line_number);
      case StoreOutcome::kBad:
        if (!BadValue(line, line_number, static_cast<size_t>(column), value, vector, row)) {
          return true;
        }
        break;
    }
    stamps_[static_cast<size_t>(column)] = row_serial_;
  }
  const char* trailing;
  if (!document.current_location().get(trailing)) {
    return BadRow(line, line_number, "content after the object");
  }
  FinishRow(*chunk, row);
  return true;
}

bool BlockParse::BadRow(std::string_view line, uint64_t line_number, const std::string& reason) {
  switch (settings_.on_error) {
    case formats::OnError::kFail: throw FormatError(Where(line_number) + reason);
    case formats::OnError::kSkip: Reject(line, line_number, "", reason); return true;
    case formats::OnError::kNull: {
      // A row of NULLs, counted in rows_nulled only: how many values it has depends
      // on the columns known at that point, which is no property of the line.
      Chunk& chunk = result_.chunks.back();
      size_t row = chunk.size();
      for (size_t i = 0; i < chunk.num_columns(); ++i) chunk.column(i).SetNull(row);
      row_nulled_ = true;
      ++row_serial_;  // no column counts as seen
      FinishRow(chunk, row);
      return true;
    }
  }
  return true;
}

bool BlockParse::BadValue(std::string_view line, uint64_t line_number, size_t column,
                          ondemand::value& value, Vector& vector, size_t row) {
  const ColumnSpec& spec = columns_[column];
  std::string problem = "key '" + spec.name + "': " + ValueForMessage(value) + " is not a valid " +
                        spec.type.ToString();
  switch (settings_.on_error) {
    case formats::OnError::kFail: throw FormatError(Where(line_number) + problem);
    case formats::OnError::kSkip: Reject(line, line_number, spec.name, problem); return false;
    case formats::OnError::kNull:
      vector.SetNull(row);
      ++result_.values_nulled;
      row_nulled_ = true;
      return true;
  }
  return true;
}

bool BlockParse::Widen(size_t column, ondemand::value& value, uint64_t line_number) {
  ColumnSpec& spec = columns_[column];
  TypeSummary summary = TypeSummary::Of(spec.type);
  summary.Add(store_.shape());
  DataType widened = summary.Resolve();
  SLUICE_ASSERT(widened != spec.type, "a value that does not fit a type must widen it");
  std::string what = "key '" + spec.name + "': " + ValueForMessage(value) +
                     " does not fit the type " + spec.type.ToString();
  if (settings_.strict_types) {
    throw FormatError(Where(line_number) + what +
                      " inferred from the sampled rows (strict types: give the column's type "
                      "or sample more rows)");
  }
  result_.notices.push_back(Where(line_number) + what + "; column widened to " +
                            widened.ToString());
  spec.type = widened;
  return false;
}

int BlockParse::AddColumn(std::string_view key, ondemand::value& value, uint64_t line_number) {
  if (settings_.strict_types) {
    throw FormatError(Where(line_number) + "key '" + std::string(key) +
                      "' first appears after the sampled rows (strict types: list the "
                      "columns or sample more rows)");
  }
  if (columns_.size() >= kMaxColumns) {
    throw FormatError(Where(line_number) + "more than " + std::to_string(kMaxColumns) +
                      " distinct keys; list the columns to read");
  }
  TypeSummary summary;
  summary.Add(PeekShape(value));
  columns_.push_back(ColumnSpec{std::string(key), summary.Resolve(), false});
  types_.push_back(columns_.back().type);
  size_t column = columns_.size() - 1;
  index_.emplace(columns_.back().name, static_cast<int>(column));
  stamps_.push_back(0);
  // Earlier rows of the block get NULL in the new column.
  for (Chunk& chunk : result_.chunks) {
    Chunk extended(types_, chunk.capacity());
    for (size_t i = 0; i < column; ++i) extended.column(i) = std::move(chunk.column(i));
    extended.set_size(chunk.size());
    for (size_t row = 0; row < chunk.size(); ++row) extended.column(column).SetNull(row);
    KeepBlockAlive(extended, column);
    chunk = std::move(extended);
  }
  result_.notices.push_back(Where(line_number) + "key '" + columns_.back().name +
                            "' first appears after the sampled rows; added as column " +
                            std::to_string(column + 1) + " (" + types_.back().ToString() + ")");
  return static_cast<int>(column);
}

int BlockParse::FindColumn(std::string_view key, size_t position) {
  if (position < predicted_.size()) {
    int predicted = predicted_[position];
    if (predicted >= 0 && SameText(columns_[static_cast<size_t>(predicted)].name, key)) {
      return predicted;
    }
  } else {
    predicted_.resize(position + 1, -1);
  }
  auto it = index_.find(key);
  int column = it == index_.end() ? -1 : it->second;
  predicted_[position] = column;
  return column;
}

void BlockParse::FinishRow(Chunk& chunk, size_t row) {
  for (size_t i = 0; i < stamps_.size(); ++i) {
    if (stamps_[i] != row_serial_) chunk.column(i).SetNull(row);
  }
  chunk.set_size(row + 1);
  ++result_.rows;
  if (row_nulled_) ++result_.rows_nulled;
}

void BlockParse::Reject(std::string_view line, uint64_t line_number, std::string column,
                        std::string reason) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  formats::RejectedRow rejected;
  rejected.file = settings_.file_name;
  rejected.line = line_number;
  rejected.column = std::move(column);
  rejected.reason = std::move(reason);
  rejected.raw = std::string(line.substr(0, kMaxRejectedBytes));
  result_.rejects.push_back(std::move(rejected));
}

}  // namespace

struct BlockParser::Impl {
  ondemand::parser parser;
};

BlockParser::BlockParser() : impl_(std::make_unique<Impl>()) {}

BlockParser::~BlockParser() = default;

BlockResult BlockParser::Parse(const std::shared_ptr<const Block>& block,
                               const std::vector<ColumnSpec>& columns,
                               const ParseSettings& settings) {
  BlockResult result;
  result.columns = columns;
  for (;;) {
    result.chunks.clear();
    result.rejects.clear();
    result.rows = result.rows_nulled = result.values_nulled = 0;
    BlockParse parse(impl_->parser, block, settings, &result);
    if (parse.Run()) break;
  }
  result.schema_changed = result.columns != columns;
  return result;
}

}  // namespace sluice::json
