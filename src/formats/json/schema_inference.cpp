#include "formats/json/schema_inference.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <unordered_map>
#include <unordered_set>

#include "core/error.h"
#include "formats/json/json_value.h"
#include "formats/json/type_inference.h"

namespace sluice::json {

namespace {

/// What the sample showed for one key.
struct KeyStats {
  std::string name;
  TypeSummary summary;
};

/// The keys of the sample in first-seen order, with their summaries.
class KeyTable {
 public:
  KeyStats& Get(std::string_view name) {
    auto it = index_.find(std::string(name));
    if (it != index_.end()) return keys_[it->second];
    index_.emplace(std::string(name), keys_.size());
    keys_.push_back(KeyStats{std::string(name), {}});
    return keys_.back();
  }
  const KeyStats* Find(const std::string& name) const {
    auto it = index_.find(name);
    return it == index_.end() ? nullptr : &keys_[it->second];
  }
  const std::vector<KeyStats>& keys() const { return keys_; }

 private:
  std::vector<KeyStats> keys_;
  std::unordered_map<std::string, size_t> index_;
};

/// Adds the shapes of one line's values; false when the line is not a JSON object.
bool SampleLine(ondemand::parser& parser, std::string_view line, const char* buffer_end,
                KeyTable* keys) {
  ondemand::document document;
  size_t allocated = static_cast<size_t>(buffer_end - line.data());
  if (parser.iterate(line.data(), line.size(), allocated).get(document)) return false;
  ondemand::object object;
  if (document.get_object().get(object)) return false;
  for (auto field_result : object) {
    ondemand::field field;
    std::string_view key;
    if (std::move(field_result).get(field) || ReadKey(field, &key)) return false;
    KeyStats& stats = keys->Get(key);
    ValueShape shape;
    if (ShapeOf(field.value(), &shape)) return false;
    stats.summary.Add(shape);
  }
  return true;
}

bool IsBlankLine(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

/// Reads the sample into `keys`; returns the number of non-blank lines read and
/// counts those that were no JSON object in `bad_lines`.
uint64_t ReadSample(BlockSource& source, size_t sample_rows,
                    std::deque<std::shared_ptr<const Block>>* sampled, KeyTable* keys,
                    uint64_t* bad_lines) {
  ondemand::parser parser;
  uint64_t lines = 0;
  while (lines < sample_rows) {
    std::shared_ptr<const Block> block = source.Next();
    if (!block) break;
    sampled->push_back(block);
    const char* data = block->data();
    const char* buffer_end = data + block->size + kBlockPadding;
    size_t position = 0;
    while (position < block->size && lines < sample_rows) {
      const void* lf = std::memchr(data + position, '\n', block->size - position);
      size_t end =
          lf == nullptr ? block->size : static_cast<size_t>(static_cast<const char*>(lf) - data);
      std::string_view line(data + position, end - position);
      position = end + 1;
      if (IsBlankLine(line)) continue;
      ++lines;
      if (!SampleLine(parser, line, buffer_end, keys)) ++*bad_lines;
    }
  }
  return lines;
}

/// An inferred column, with a note when its type needs explaining.
ColumnSpec InferredColumn(const std::string& name, const KeyStats* stats,
                          std::vector<std::string>* notes) {
  if (stats == nullptr) {
    notes->push_back("key '" + name + "' does not appear in the sample: read as varchar");
    return ColumnSpec{name, DataType::Varchar(), false};
  }
  std::string reason;
  DataType type = stats->summary.Resolve(&reason);
  if (!reason.empty()) {
    notes->push_back("key '" + name + "': " + reason + ", read as " + type.ToString());
  }
  return ColumnSpec{name, type, false};
}

}  // namespace

void ValidateReadOptions(const ReadOptions& options) {
  std::unordered_set<std::string> names;
  for (const std::string& name : options.columns) {
    if (!names.insert(name).second) {
      throw InvalidArgumentError("column '" + name + "' is listed twice");
    }
  }
  std::unordered_set<std::string> typed;
  for (const auto& [name, type] : options.column_types) {
    if (!typed.insert(name).second) {
      throw InvalidArgumentError("column '" + name + "' is given two types");
    }
    if (!options.columns.empty() && names.count(name) == 0) {
      throw InvalidArgumentError("a type is given for column '" + name +
                                 "', which is not among the columns to read");
    }
    if (type.is_nested()) {
      throw NotImplementedError("column '" + name + "': JSON columns of type " + type.ToString() +
                                " are not supported yet (use varchar)");
    }
  }
}

std::vector<ColumnSpec> InferColumns(BlockSource& source, const ReadOptions& options,
                                     std::deque<std::shared_ptr<const Block>>* sampled,
                                     InferResult* result) {
  std::unordered_map<std::string, DataType> explicit_types(options.column_types.begin(),
                                                           options.column_types.end());
  bool every_column_typed = !options.columns.empty();
  for (const std::string& name : options.columns) {
    if (explicit_types.count(name) == 0) every_column_typed = false;
  }
  KeyTable keys;
  uint64_t bad_lines = 0;
  uint64_t lines = 0;
  if (!every_column_typed) {
    lines =
        ReadSample(source, std::max<size_t>(options.sample_rows, 1), sampled, &keys, &bad_lines);
  }
  result->rows_sampled = lines - bad_lines;
  if (bad_lines > 0) {
    result->notes.push_back(std::to_string(bad_lines) + " of the " + std::to_string(lines) +
                            " sampled lines are not valid JSON objects (ignored for inference)");
  }

  std::vector<ColumnSpec> columns;
  auto add = [&](const std::string& name) {
    auto it = explicit_types.find(name);
    if (it != explicit_types.end()) {
      columns.push_back(ColumnSpec{name, it->second, true});
    } else {
      columns.push_back(InferredColumn(name, keys.Find(name), &result->notes));
    }
  };
  if (!options.columns.empty()) {
    for (const std::string& name : options.columns) add(name);
  } else {
    for (const KeyStats& key : keys.keys()) add(key.name);
    for (const auto& [name, type] : options.column_types) {
      if (keys.Find(name) == nullptr) columns.push_back(ColumnSpec{name, type, true});
    }
  }
  result->schema = ToSchema(columns);
  result->only_nulls.clear();
  for (const ColumnSpec& column : columns) {
    const KeyStats* stats = column.explicit_type ? nullptr : keys.Find(column.name);
    result->only_nulls.push_back(!column.explicit_type && (stats == nullptr || stats->summary.only_nulls()));
  }
  return columns;
}

Schema ToSchema(const std::vector<ColumnSpec>& columns) {
  std::vector<Field> fields;
  fields.reserve(columns.size());
  for (const ColumnSpec& column : columns) fields.push_back(Field{column.name, column.type, true});
  return Schema(std::move(fields));
}

}  // namespace sluice::json
