#include "formats/format.h"

#include <string>

#include "core/error.h"
#include "core/value_format.h"

namespace sluice::formats {

namespace {

/// Minimal JSON string escaping for the rejects file.
void AppendJsonString(std::string* out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (unsigned char c : text) {
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        if (c < 0x20 || c == 0x7f || c >= 0x80) {
          // Raw bytes may be invalid UTF-8: keep the file valid JSON by escaping
          // non-ASCII bytes as \u00XX (one per byte, so the bytes can be recovered).
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 15]);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

}  // namespace

OnError ParseOnError(std::string_view text) {
  if (text == "fail") return OnError::kFail;
  if (text == "skip") return OnError::kSkip;
  if (text == "null") return OnError::kNull;
  throw InvalidArgumentError("unknown --on-error policy '" + std::string(text) +
                             "' (expected fail, skip or null)");
}

std::string_view OnErrorName(OnError policy) {
  switch (policy) {
    case OnError::kFail: return "fail";
    case OnError::kSkip: return "skip";
    case OnError::kNull: return "null";
  }
  return "?";
}

RejectsWriter::RejectsWriter(std::string path) : path_(std::move(path)) {}

RejectsWriter::~RejectsWriter() = default;

void RejectsWriter::Add(const RejectedRow& row) {
  std::string line;
  line.append("{\"file\":");
  AppendJsonString(&line, row.file);
  line.append(",\"line\":");
  AppendInt64(&line, static_cast<int64_t>(row.line));
  line.append(",\"column\":");
  if (row.column.empty()) {
    line.append("null");
  } else {
    AppendJsonString(&line, row.column);
  }
  line.append(",\"reason\":");
  AppendJsonString(&line, row.reason);
  line.append(",\"raw\":");
  AppendJsonString(&line, row.raw);
  line.append("}\n");
  std::lock_guard lock(mutex_);
  ++count_;
  if (examples_.size() < kMaxExamples) examples_.push_back(row);
  if (path_.empty()) return;
  if (!file_) file_ = std::make_unique<io::AtomicFileWriter>(path_);
  file_->Write(line);
}

void RejectsWriter::Commit() {
  std::lock_guard lock(mutex_);
  if (file_) file_->Commit();
}

uint64_t RejectsWriter::count() const {
  std::lock_guard lock(mutex_);
  return count_;
}

std::vector<RejectedRow> RejectsWriter::examples() const {
  std::lock_guard lock(mutex_);
  return examples_;
}

}  // namespace sluice::formats
