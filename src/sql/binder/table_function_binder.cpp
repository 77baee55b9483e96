#include "sql/binder/table_function_binder.h"

#include <algorithm>
#include <filesystem>

#include "exec/expression/evaluator.h"
#include "formats/csv/reader.h"
#include "formats/json/reader.h"
#include "formats/parquet/reader.h"
#include "sql/binder/expression_binder.h"
#include "sql/parser/sql_error.h"

namespace sluice::sql {
namespace {

/// One named option after constant folding.
struct Option {
  const Identifier* name;
  Value value;
};

class OptionReader {
 public:
  OptionReader(std::string_view sql, const Option& option) : sql_(sql), option_(option) {}

  std::string String() const {
    if (option_.value.is_null() || option_.value.type().id() != TypeId::kVarchar) Fail("a string");
    return option_.value.string();
  }
  bool Boolean() const {
    if (option_.value.is_null() || option_.value.type().id() != TypeId::kBoolean) Fail("a boolean");
    return option_.value.boolean();
  }
  int64_t Count() const {
    if (option_.value.is_null() || !option_.value.type().is_integer() || option_.value.int64() < 0) {
      Fail("a non-negative integer");
    }
    return option_.value.int64();
  }
  char Byte() const {
    std::string text = String();
    if (text == "\\t" || text == "tab") return '\t';
    if (text.empty() || text == "none") return '\0';
    if (text.size() != 1) Fail("one character");
    return text[0];
  }
  [[noreturn]] void Fail(std::string_view expected) const {
    ThrowBinderError(sql_, option_.name->position,
                     "option '" + option_.name->name + "' must be " + std::string(expected) + ", not " +
                         option_.value.ToSqlLiteral());
  }

 private:
  std::string_view sql_;
  const Option& option_;
};

[[noreturn]] void UnknownOption(std::string_view sql, const Option& option, std::string_view known) {
  ThrowBinderError(sql, option.name->position,
                   "unknown option '" + option.name->name + "'; options: " + std::string(known));
}

void ApplyCsvOption(std::string_view sql, const Option& option, csv::ReadOptions* options) {
  OptionReader read(sql, option);
  const std::string& name = option.name->name;
  if (name == "delimiter" || name == "delim" || name == "sep") {
    options->delimiter = read.Byte();
  } else if (name == "quote") {
    options->quote = read.Byte();
  } else if (name == "escape") {
    std::string text = read.String();
    if (text == "\"" || text == "double") {
      options->escape_mode = csv::EscapeMode::kDoubledQuote;
    } else if (text == "none" || text.empty()) {
      options->escape_mode = csv::EscapeMode::kNone;
    } else {
      options->escape_mode = csv::EscapeMode::kEscapeChar;
      options->escape = read.Byte();
    }
  } else if (name == "header") {
    options->header = read.Boolean();
  } else if (name == "preset") {
    options->preset = read.String();
  } else if (name == "null" || name == "nullstr") {
    options->null_strings = std::vector<std::string>{read.String()};
  } else if (name == "skip") {
    options->skip_rows = static_cast<size_t>(read.Count());
  } else if (name == "comment") {
    options->comment = read.String();
  } else if (name == "all_varchar") {
    options->all_varchar = read.Boolean();
  } else if (name == "sample_rows") {
    options->sample_rows = static_cast<size_t>(read.Count());
  } else if (name == "date_format") {
    options->date_format = read.String();
  } else if (name == "timestamp_format") {
    options->timestamp_format = read.String();
  } else {
    UnknownOption(sql, option,
                  "delimiter, quote, escape, header, preset, null, skip, comment, all_varchar, "
                  "sample_rows, date_format, timestamp_format");
  }
}

void ApplyJsonOption(std::string_view sql, const Option& option, json::ReadOptions* options) {
  OptionReader read(sql, option);
  if (option.name->name == "sample_rows") {
    options->sample_rows = static_cast<size_t>(read.Count());
  } else {
    UnknownOption(sql, option, "sample_rows");
  }
}

}  // namespace

std::shared_ptr<const TableSource> BindTableFunction(std::string_view sql,
                                                     const FunctionCallExpression& call,
                                                     const SessionSettings& session) {
  std::string name = call.name.ToString();
  auto source = std::make_shared<TableSource>();
  if (name == "read_csv") {
    source->format = TableFormat::kCsv;
  } else if (name == "read_json") {
    source->format = TableFormat::kJson;
  } else if (name == "read_parquet") {
    source->format = TableFormat::kParquet;
  } else {
    ThrowBinderError(sql, call.position,
                     "table function '" + name + "' does not exist; table functions: read_csv, "
                     "read_json, read_parquet");
  }
  static const BindScope kNoColumns;
  ExpressionBinder constants(sql, kNoColumns, "table function argument");
  std::vector<Option> options;
  bool have_path = false;
  for (const FunctionArgument& argument : call.arguments) {
    Value value = exec::EvaluateConstant(*constants.Bind(*argument.value), session);
    if (!argument.name) {
      if (have_path || value.is_null() || value.type().id() != TypeId::kVarchar) {
        ThrowBinderError(sql, argument.value->position,
                         name + " takes one path string, then options as name => value");
      }
      source->path = value.string();
      have_path = true;
      continue;
    }
    options.push_back({&*argument.name, value});
  }
  if (!have_path) ThrowBinderError(sql, call.position, name + " needs a path: " + name + "('file')");
  for (const Option& option : options) {
    if (source->format == TableFormat::kCsv) {
      ApplyCsvOption(sql, option, &source->csv_options);
    } else if (source->format == TableFormat::kJson) {
      ApplyJsonOption(sql, option, &source->json_options);
    } else {
      UnknownOption(sql, option, "none yet");
    }
  }
  try {
    switch (source->format) {
      case TableFormat::kCsv: source->schema = csv::Sniff(source->path, source->csv_options).schema; break;
      case TableFormat::kJson: source->schema = json::InferSchema(source->path, source->json_options).schema; break;
      case TableFormat::kParquet: {
        source->schema = parquet::OpenParquetReader(source->path, {})->schema();
        source->estimated_rows = static_cast<uint64_t>(parquet::ParquetFile::Open(source->path)->metadata().num_rows);
        break;
      }
    }
    if (source->format != TableFormat::kParquet) {
      // About 16 bytes of text per column and row.
      std::error_code error;
      uint64_t bytes = std::filesystem::file_size(source->path, error);
      if (!error) source->estimated_rows = bytes / (16 * std::max<size_t>(1, source->schema.num_fields())) + 1;
    }
  } catch (const Error& error) {
    if (error.kind() != ErrorKind::kIO && error.kind() != ErrorKind::kInvalidArgument &&
        error.kind() != ErrorKind::kFormat) {
      throw;
    }
    ThrowBinderError(sql, call.position, error.what());
  }
  source->description = call.ToString();
  return source;
}

}  // namespace sluice::sql
