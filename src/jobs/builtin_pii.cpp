// pii: personal data hashed, masked, redacted or dropped, column by column:
//
//   pii:
//     from: users
//     columns:
//       - { column: email, action: hash, key_secret: PII_KEY }
//       - { column: phone, action: mask, keep_last: 4, mask_char: '*' }
//       - { column: ssn, action: redact, replacement: REDACTED }
//       - { column: notes, action: drop }
//
//   hash    lower(to_hex(hmac_sha256(to_utf8("email"), :secret))): HMAC-SHA256 keyed by
//           the bytes of the secret `key_secret` names (connections.h ReadSecret), as 64
//           lower-case hex digits. The secret is a parameter the run binds
//           (context.secret_parameter), never SQL text. Equal values give equal hashes,
//           so hashed columns still join; without the key they cannot be reversed by
//           hashing guesses. Non-varchar columns are hashed in their text form
//           (CAST(… AS varchar)).
//   mask    every character but the last keep_last (default 4) replaced by mask_char
//           (default *): '555-123-4567' → '********4567'. A value of keep_last characters
//           or fewer is masked whole ('1234' → '****'). Lengths count characters (code
//           points) and are kept, so the masked value shows the length.
//   redact  every non-NULL value replaced by `replacement` (default REDACTED).
//   drop    the column is left out.
//
// NULL stays NULL under hash, mask and redact. Hashed, masked and redacted columns are
// varchar; the other columns pass through unchanged, in order.

#include <map>
#include <set>

#include "core/error.h"
#include "jobs/builtin_step_options.h"

namespace sluice::jobs::builtin {

namespace {

struct PiiColumn {
  std::string column;
  std::string action;  ///< hash, mask, redact or drop.
  std::string key_secret;
  int keep_last = 4;
  std::string mask_char = "*";
  std::string replacement = "REDACTED";
  ListItem item;
  YAML::Node column_node;
};

const std::vector<std::string> kEntryKeys = {"column", "action", "key_secret", "keep_last", "mask_char", "replacement"};

/// The action each option belongs to.
const char* ActionOf(const std::string& key) {
  if (key == "key_secret") return "hash";
  if (key == "keep_last" || key == "mask_char") return "mask";
  if (key == "replacement") return "redact";
  return nullptr;
}

size_t CountCodePoints(const std::string& text) {
  size_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return count;
}

PiiColumn ReadEntry(const StepOptions& options, ListItem item) {
  const lake::YamlReader& reader = options.reader();
  PiiColumn entry;
  std::map<std::string, Option> given;
  reader.ForEachEntry(item.node, item.key, kEntryKeys,
                      [&](const std::string& key, const YAML::Node& key_node, const YAML::Node& value) {
                        given[key] = Option{value, key_node, item.key + "." + key};
                      });
  auto require = [&](const std::string& key) -> const Option& {
    auto it = given.find(key);
    if (it == given.end()) options.Fail(item.node, item.key, "missing key '" + key + "'");
    return it->second;
  };
  const Option& column = require("column");
  entry.column = reader.String(column.value, column.key, column.key_node, /*required=*/true);
  entry.column_node = column.value;
  const Option& action = require("action");
  entry.action = reader.String(action.value, action.key, action.key_node, /*required=*/true);
  if (entry.action != "hash" && entry.action != "mask" && entry.action != "redact" && entry.action != "drop") {
    options.Fail(action.value, action.key, "unknown action '" + entry.action + "' (expected hash, mask, redact or drop)");
  }
  for (const auto& [key, option] : given) {
    const char* owner = ActionOf(key);
    if (owner != nullptr && entry.action != owner) {
      options.Fail(option.key_node, option.key, "applies to action " + std::string(owner) + ", not " + entry.action);
    }
  }
  if (entry.action == "hash") {
    const Option& secret = require("key_secret");
    entry.key_secret = reader.String(secret.value, secret.key, secret.key_node, /*required=*/true);
  }
  if (auto it = given.find("keep_last"); it != given.end()) {
    entry.keep_last = reader.Int(it->second.value, it->second.key, it->second.key_node);
  }
  if (auto it = given.find("mask_char"); it != given.end()) {
    entry.mask_char = reader.String(it->second.value, it->second.key, it->second.key_node, /*required=*/true);
    if (CountCodePoints(entry.mask_char) != 1) {
      options.Fail(it->second.value, it->second.key, "expected one character, got '" + entry.mask_char + "'");
    }
  }
  if (auto it = given.find("replacement"); it != given.end()) {
    entry.replacement = reader.String(it->second.value, it->second.key, it->second.key_node);
  }
  entry.item = std::move(item);
  return entry;
}

std::vector<PiiColumn> ReadPii(const StepOptions& options) {
  const Option& columns = options.Require("columns", "[ { column: …, action: hash|mask|redact|drop }, … ]");
  std::vector<PiiColumn> entries;
  std::set<std::string> seen;
  for (ListItem& item : Items(options, columns, /*non_empty=*/true)) {
    PiiColumn entry = ReadEntry(options, std::move(item));
    if (!seen.insert(LowerName(entry.column)).second) {
      options.Fail(entry.column_node, entry.item.key + ".column", "column '" + entry.column + "' given twice");
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

/// The value of the input column as text.
std::string AsText(const Field& field) {
  const std::string column = QuoteIdentifier(field.name);
  return field.type.id() == TypeId::kVarchar ? column : "CAST(" + column + " AS varchar)";
}

std::string Protect(const PiiColumn& entry, const Field& field, const BuiltinContext& context) {
  const std::string text = AsText(field);
  if (entry.action == "hash") {
    if (!context.secret_parameter) throw InternalError("pii hash needs BuiltinContext::secret_parameter");
    return "lower(to_hex(hmac_sha256(to_utf8(" + text + "), " + context.secret_parameter(entry.key_secret) + ")))";
  }
  if (entry.action == "mask") {
    const std::string length = "length(" + text + ")", mask = QuoteLiteral(entry.mask_char);
    const std::string keep = std::to_string(entry.keep_last);
    return "CASE WHEN " + length + " > " + keep + " THEN lpad(substr(" + text + ", " + length + " - " + keep +
           " + 1), " + length + ", " + mask + ") ELSE lpad('', " + length + ", " + mask + ") END";
  }
  return "CASE WHEN " + QuoteIdentifier(field.name) + " IS NOT NULL THEN " + QuoteLiteral(entry.replacement) + " END";
}

}  // namespace

const std::vector<std::string> kPiiKeys = {"columns"};

void CheckPii(const StepOptions& options) { ReadPii(options); }

std::string CompilePii(const StepOptions& options, const BuiltinContext& context) {
  const std::vector<PiiColumn> entries = ReadPii(options);
  std::vector<const PiiColumn*> entry_of(context.input.num_fields(), nullptr);
  for (const PiiColumn& entry : entries) {
    entry_of[InputColumn(options, context, entry.column_node, entry.item.key + ".column", entry.column)] = &entry;
  }
  std::vector<std::string> items;
  for (size_t i = 0; i < context.input.num_fields(); ++i) {
    const PiiColumn* entry = entry_of[i];
    if (entry == nullptr) {
      items.push_back(PassThrough(context, i));
    } else if (entry->action != "drop") {
      items.push_back(Protect(*entry, context.input.field(i), context) + " AS " + PassThrough(context, i));
    }
  }
  if (items.empty()) {
    options.Fail(options.step().options, options.step().key, "every column is dropped: no column would be left");
  }
  return SelectFrom(items, context);
}

}  // namespace sluice::jobs::builtin
