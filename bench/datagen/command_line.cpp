#include "command_line.h"

#include <set>
#include <string>

namespace sluice::datagen {

namespace {

constexpr std::string_view kUsage =
    R"(sluice-datagen: deterministic generator of test and benchmark data.

Usage:
  sluice-datagen tpch --sf SF --out DIR [--tables T1,T2,...] [--seed N] [--header]
  sluice-datagen space-events --out FILE.csv [--json FILE.jsonl] (--rows N | --bytes SIZE)
                 [--seed N] [--null-share P] [--rfc4180]
  sluice-datagen --help

tpch
  Writes DIR/<table>.tbl for the TPC-H tables region, nation, supplier, customer,
  part, partsupp, orders and lineitem: '|' between fields, no trailing '|', LF line
  ends. SF may be fractional (0.01, at most 6 decimals). --tables selects a subset;
  --header adds a first line of column names.

space-events
  Writes space-occupancy events (event_id, company_id, building_id, space_id,
  event_ts, people_count, device_id, note) as Redshift UNLOAD output
  (DELIMITER '|' NULL AS '\N' ESCAPE ADDQUOTES), or with --rfc4180 as RFC 4180 CSV
  with a header. --json also writes the same rows as canonical JSON lines.
  --rows N writes exactly N rows; --bytes SIZE writes rows until the CSV file has
  at least SIZE bytes (suffixes K, M, G are powers of 1024). --null-share P
  (default 0.05) is the probability that each column but event_id is NULL.

Output is byte-identical for the same arguments on every machine. The default
seed is 42. Exit codes: 0 success, 1 I/O error, 2 bad command line.
)";

constexpr uint64_t kMillion = 1'000'000;
constexpr uint64_t kBillion = 1'000'000'000;

/// Walks the arguments after the subcommand; accepts "--flag value" and
/// "--flag=value".
class ArgumentReader {
 public:
  ArgumentReader(int argc, const char* const* argv, int first)
      : argc_(argc), argv_(argv), next_(first) {}

  bool Done() const { return next_ >= argc_ && !pending_value_; }

  /// The next flag, including its dashes. Throws UsageError on a stray value and on
  /// a flag given twice.
  std::string NextFlag() {
    if (pending_value_) throw UsageError("option " + flag_ + " takes no value");
    std::string argument = argv_[next_++];
    if (argument.size() < 3 || argument.compare(0, 2, "--") != 0) {
      if (argument == "-h") return "--help";
      throw UsageError("unexpected argument '" + argument + "'");
    }
    const size_t equals = argument.find('=');
    if (equals != std::string::npos) {
      value_ = argument.substr(equals + 1);
      pending_value_ = true;
      argument.resize(equals);
    }
    if (!seen_.insert(argument).second) throw UsageError("option " + argument + " given twice");
    flag_ = argument;
    return argument;
  }

  /// The value of the flag just read. Throws UsageError if there is none.
  std::string Value() {
    if (pending_value_) {
      pending_value_ = false;
      return value_;
    }
    if (next_ >= argc_) throw UsageError("option " + flag_ + " needs a value");
    return argv_[next_++];
  }

  bool Seen(const std::string& flag) const { return seen_.count(flag) != 0; }

 private:
  int argc_;
  const char* const* argv_;
  int next_;
  std::string flag_;
  std::string value_;
  bool pending_value_ = false;
  std::set<std::string> seen_;
};

[[noreturn]] void ThrowBadValue(const std::string& flag, const std::string& text,
                                const std::string& expected) {
  throw UsageError("invalid value '" + text + "' for " + flag + ": expected " + expected);
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

/// Decimal number with up to `max_fraction_digits` decimals, as an integer scaled by
/// 10^max_fraction_digits ("0.05", 9 -> 50'000'000). Exact: no floating point.
uint64_t ParseScaledDecimal(const std::string& flag, const std::string& text,
                            int max_fraction_digits, uint64_t max_scaled) {
  const std::string expected =
      max_fraction_digits == 0
          ? std::string("a non-negative integer")
          : "a decimal number with at most " + std::to_string(max_fraction_digits) + " decimals";
  uint64_t value = 0;
  int fraction_digits = -1;  // -1: no '.' seen yet.
  bool any_digit = false;
  for (const char c : text) {
    if (c == '.' && fraction_digits < 0) {
      fraction_digits = 0;
      continue;
    }
    if (!IsDigit(c)) ThrowBadValue(flag, text, expected);
    if (fraction_digits >= 0 && ++fraction_digits > max_fraction_digits) {
      ThrowBadValue(flag, text, expected);
    }
    if (value > (max_scaled - static_cast<uint64_t>(c - '0')) / 10) {
      ThrowBadValue(flag, text, "a smaller number");
    }
    value = value * 10 + static_cast<uint64_t>(c - '0');
    any_digit = true;
  }
  if (!any_digit || fraction_digits == 0) ThrowBadValue(flag, text, expected);
  for (int i = fraction_digits < 0 ? 0 : fraction_digits; i < max_fraction_digits; ++i) {
    if (value > max_scaled / 10) ThrowBadValue(flag, text, "a smaller number");
    value *= 10;
  }
  return value;
}

uint64_t ParseUnsigned(const std::string& flag, const std::string& text) {
  return ParseScaledDecimal(flag, text, 0, UINT64_MAX);
}

/// Byte count with an optional K, M or G suffix (powers of 1024).
uint64_t ParseSize(const std::string& flag, const std::string& text) {
  std::string digits = text;
  uint64_t unit = 1;
  if (!digits.empty()) {
    switch (digits.back()) {
      case 'K':
      case 'k':
        unit = uint64_t{1} << 10;
        break;
      case 'M':
      case 'm':
        unit = uint64_t{1} << 20;
        break;
      case 'G':
      case 'g':
        unit = uint64_t{1} << 30;
        break;
      default:
        break;
    }
    if (unit != 1) digits.pop_back();
  }
  for (const char c : digits) {
    if (!IsDigit(c)) ThrowBadValue(flag, text, "a byte count such as 1000, 64K, 100M or 1G");
  }
  return ParseScaledDecimal(flag, digits, 0, UINT64_MAX / unit) * unit;
}

uint32_t ParseTableList(const std::string& flag, const std::string& text) {
  uint32_t mask = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    const std::string name = text.substr(start, end - start);
    const std::optional<TpchTable> table = FindTpchTable(name);
    if (!table) {
      ThrowBadValue(flag, name,
                    "a comma-separated list of region, nation, supplier, customer, part, "
                    "partsupp, orders, lineitem");
    }
    mask |= 1u << static_cast<int>(*table);
    start = end + 1;
  }
  return mask;
}

void RequireFlag(const ArgumentReader& reader, const std::string& flag,
                 const std::string& command) {
  if (!reader.Seen(flag)) throw UsageError(command + " needs " + flag);
}

Command ParseTpch(ArgumentReader& reader) {
  Command command;
  command.kind = Command::Kind::kTpch;
  TpchOptions& options = command.tpch;
  options.seed = kDefaultSeed;
  while (!reader.Done()) {
    const std::string flag = reader.NextFlag();
    if (flag == "--help") return Command{};
    if (flag == "--sf") {
      const std::string text = reader.Value();
      options.scale_millionths = ParseScaledDecimal(flag, text, 6, 100'000 * kMillion);
      if (options.scale_millionths == 0) ThrowBadValue(flag, text, "a scale factor above 0");
    } else if (flag == "--out") {
      options.out_dir = reader.Value();
    } else if (flag == "--tables") {
      options.table_mask = ParseTableList(flag, reader.Value());
    } else if (flag == "--seed") {
      options.seed = ParseUnsigned(flag, reader.Value());
    } else if (flag == "--header") {
      options.header = true;
    } else {
      throw UsageError("unknown option " + flag + " for tpch");
    }
  }
  RequireFlag(reader, "--sf", "tpch");
  RequireFlag(reader, "--out", "tpch");
  return command;
}

Command ParseSpaceEvents(ArgumentReader& reader) {
  Command command;
  command.kind = Command::Kind::kSpaceEvents;
  SpaceEventsOptions& options = command.space_events;
  options.seed = kDefaultSeed;
  while (!reader.Done()) {
    const std::string flag = reader.NextFlag();
    if (flag == "--help") return Command{};
    if (flag == "--out") {
      options.csv_path = reader.Value();
    } else if (flag == "--json") {
      options.json_path = reader.Value();
    } else if (flag == "--rows") {
      options.num_rows = ParseUnsigned(flag, reader.Value());
    } else if (flag == "--bytes") {
      options.min_csv_bytes = ParseSize(flag, reader.Value());
      options.size_by_bytes = true;
    } else if (flag == "--seed") {
      options.seed = ParseUnsigned(flag, reader.Value());
    } else if (flag == "--null-share") {
      const std::string text = reader.Value();
      const uint64_t share_ppb = ParseScaledDecimal(flag, text, 9, UINT64_MAX);
      if (share_ppb > kBillion) ThrowBadValue(flag, text, "a probability between 0 and 1");
      options.null_share_ppb = static_cast<uint32_t>(share_ppb);
    } else if (flag == "--rfc4180") {
      options.rfc4180 = true;
    } else {
      throw UsageError("unknown option " + flag + " for space-events");
    }
  }
  RequireFlag(reader, "--out", "space-events");
  if (reader.Seen("--rows") == reader.Seen("--bytes")) {
    throw UsageError("space-events needs exactly one of --rows and --bytes");
  }
  return command;
}

}  // namespace

Command ParseCommandLine(int argc, const char* const* argv) {
  if (argc < 2) throw UsageError("missing command: tpch or space-events");
  const std::string_view subcommand = argv[1];
  if (subcommand == "--help" || subcommand == "-h" || subcommand == "help") return Command{};
  ArgumentReader reader(argc, argv, 2);
  if (subcommand == "tpch") return ParseTpch(reader);
  if (subcommand == "space-events") return ParseSpaceEvents(reader);
  throw UsageError("unknown command '" + std::string(subcommand) +
                   "': expected tpch or space-events");
}

std::string_view UsageText() { return kUsage; }

}  // namespace sluice::datagen
