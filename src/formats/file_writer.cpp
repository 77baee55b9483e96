#include "formats/file_writer.h"

#include <cctype>
#include <functional>

#include "core/error.h"
#include "formats/csv/writer.h"
#include "formats/json/writer.h"

namespace sluice::formats {
namespace {

/// Counts the bytes that pass through to `sink`.
class CountingStream : public io::OutputStream {
 public:
  explicit CountingStream(io::OutputStream* sink) : sink_(sink) {}
  void Write(const void* data, size_t length) override {
    sink_->Write(data, length);
    bytes_ += length;
  }
  void Finish() override { sink_->Finish(); }
  uint64_t bytes() const { return bytes_; }

 private:
  io::OutputStream* sink_;
  uint64_t bytes_ = 0;
};

/// A text writer that owns the compressing stream between it and the file. The
/// streams on either side of the compressor count their bytes, for the size estimate.
class CompressedTextWriter : public Writer {
 public:
  CompressedTextWriter(io::OutputStream* out, io::Compression compression, int level,
                       const std::function<std::unique_ptr<Writer>(io::OutputStream*)>& make)
      : compressed_(out),
        stream_(io::MakeCompressingStream(&compressed_, compression, level)),
        text_(stream_.get()),
        writer_(make(&text_)) {}
  void Write(const Chunk& chunk) override { writer_->Write(chunk); }
  void Finish() override {
    writer_->Finish();
    stream_->Finish();
  }
  /// The text written so far at the compression ratio the compressor has shown (none
  /// before its first output: what it holds is counted uncompressed).
  uint64_t EstimatedFileBytes() const override {
    uint64_t text = writer_->EstimatedFileBytes();
    if (compressed_.bytes() == 0 || text_.bytes() == 0) return text;
    return static_cast<uint64_t>(static_cast<double>(text) * static_cast<double>(compressed_.bytes()) /
                                 static_cast<double>(text_.bytes()));
  }

 private:
  CountingStream compressed_;
  std::unique_ptr<io::OutputStream> stream_;
  CountingStream text_;
  std::unique_ptr<Writer> writer_;
};

}  // namespace

std::optional<FileFormat> FileFormatFromExtension(std::string_view path) {
  std::string_view stem = io::StripCompressionExtension(path);
  size_t dot = stem.rfind('.');
  size_t slash = stem.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) {
    return std::nullopt;
  }
  std::string extension(stem.substr(dot + 1));
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (extension == "csv" || extension == "tsv" || extension == "txt" || extension == "tbl" ||
      extension == "psv" || extension == "dat") {
    return FileFormat::kCsv;
  }
  if (extension == "json" || extension == "jsonl" || extension == "ndjson") return FileFormat::kJson;
  if (extension == "parquet" || extension == "pq") return FileFormat::kParquet;
  return std::nullopt;
}

std::unique_ptr<Writer> MakeFileWriter(io::OutputStream* out, const Schema& schema,
                                       const FileWriteOptions& options) {
  if (options.format == FileFormat::kParquet) return parquet::MakeParquetWriter(out, schema, options.parquet);
  if (options.compression == io::Compression::kAuto) {
    throw InvalidArgumentError("the compression of a written file must be resolved before it is opened");
  }
  return std::make_unique<CompressedTextWriter>(
      out, options.compression, options.compression_level,
      [&](io::OutputStream* sink) -> std::unique_ptr<Writer> {
        if (options.format == FileFormat::kJson) return json::MakeWriter(sink, schema, options.json);
        return csv::MakeWriter(sink, schema, options.csv);
      });
}

std::string DataFileExtension(const FileWriteOptions& options) {
  std::string extension = options.format == FileFormat::kParquet ? ".parquet"
                          : options.format == FileFormat::kJson  ? ".jsonl"
                                                                 : ".csv";
  if (options.format == FileFormat::kParquet) return extension;
  switch (options.compression) {
    case io::Compression::kGzip: extension += ".gz"; break;
    case io::Compression::kZstd: extension += ".zst"; break;
    case io::Compression::kBzip2: extension += ".bz2"; break;
    default: break;
  }
  return extension;
}

}  // namespace sluice::formats
