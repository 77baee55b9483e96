#include "formats/parquet/column_writer.h"

#include <algorithm>
#include <cstring>
#include <map>


#include "core/error.h"
#include "io/checksum.h"
#include "formats/parquet/codec.h"
#include "formats/parquet/encoding.h"
#include "formats/parquet/metadata_io.h"
#include "formats/parquet/rle.h"
#include "formats/parquet/statistics.h"

namespace sluice::parquet {

// ---- Type mapping ----------------------------------------------------------------

ColumnDescriptor DescribeColumn(const Field& field) {
  ColumnDescriptor column;
  column.name = field.name;
  column.type = field.type;
  column.nullable = field.nullable;
  auto set = [&](ValueKind kind, PhysicalType physical) {
    column.kind = kind;
    column.physical_type = physical;
  };
  switch (field.type.id()) {
    case TypeId::kBoolean: set(ValueKind::kBoolean, PhysicalType::kBoolean); break;
    case TypeId::kUnknown:
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kDate: set(ValueKind::kInt32, PhysicalType::kInt32); break;
    case TypeId::kBigInt:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: set(ValueKind::kInt64, PhysicalType::kInt64); break;
    case TypeId::kReal: set(ValueKind::kFloat, PhysicalType::kFloat); break;
    case TypeId::kDouble: set(ValueKind::kDouble, PhysicalType::kDouble); break;
    case TypeId::kDecimal:
      if (field.type.precision() <= 9) {
        set(ValueKind::kInt32, PhysicalType::kInt32);
      } else if (field.type.precision() <= kMaxShortDecimalPrecision) {
        set(ValueKind::kInt64, PhysicalType::kInt64);
      } else {
        set(ValueKind::kDecimal128, PhysicalType::kFixedLenByteArray);
        column.type_length = DecimalByteLength(field.type.precision());
      }
      break;
    case TypeId::kVarchar:
      set(ValueKind::kByteArray, PhysicalType::kByteArray);
      column.utf8 = true;
      break;
    case TypeId::kVarbinary: set(ValueKind::kByteArray, PhysicalType::kByteArray); break;
    case TypeId::kArray:
    case TypeId::kMap:
    case TypeId::kRow:
      throw NotImplementedError("Parquet writer: column '" + field.name + "' of type " +
                                field.type.ToString() + ": nested types are not supported yet");
  }
  return column;
}

SchemaElement MakeSchemaElement(const ColumnDescriptor& column) {
  SchemaElement element;
  element.name = column.name;
  element.type = column.physical_type;
  element.repetition_type = column.nullable ? Repetition::kOptional : Repetition::kRequired;
  if (column.type_length > 0) element.type_length = column.type_length;
  LogicalType& logical = element.logical_type;
  auto integer = [&](int bits, ConvertedType converted) {
    logical.kind = LogicalType::Kind::kInteger;
    logical.bit_width = static_cast<int8_t>(bits);
    logical.is_signed = true;
    element.converted_type = converted;
  };
  switch (column.type.id()) {
    case TypeId::kTinyInt: integer(8, ConvertedType::kInt8); break;
    case TypeId::kSmallInt: integer(16, ConvertedType::kInt16); break;
    case TypeId::kInteger: integer(32, ConvertedType::kInt32); break;
    case TypeId::kBigInt: integer(64, ConvertedType::kInt64); break;
    case TypeId::kDecimal:
      logical.kind = LogicalType::Kind::kDecimal;
      logical.precision = column.type.precision();
      logical.scale = column.type.scale();
      element.converted_type = ConvertedType::kDecimal;
      element.precision = column.type.precision();
      element.scale = column.type.scale();
      break;
    case TypeId::kVarchar:
      logical.kind = LogicalType::Kind::kString;
      element.converted_type = ConvertedType::kUtf8;
      break;
    case TypeId::kDate:
      logical.kind = LogicalType::Kind::kDate;
      element.converted_type = ConvertedType::kDate;
      break;
    case TypeId::kTimestamp:
      // The legacy TIMESTAMP_MICROS converted type means UTC-adjusted: not written here.
      logical.kind = LogicalType::Kind::kTimestamp;
      logical.is_adjusted_to_utc = false;
      logical.unit = TimeUnit::kMicros;
      break;
    case TypeId::kTimestampTz:
      logical.kind = LogicalType::Kind::kTimestamp;
      logical.is_adjusted_to_utc = true;
      logical.unit = TimeUnit::kMicros;
      element.converted_type = ConvertedType::kTimestampMicros;
      break;
    case TypeId::kUnknown: logical.kind = LogicalType::Kind::kUnknown; break;
    default: break;
  }
  return element;
}

// ---- ColumnBuffer ----------------------------------------------------------------

ColumnBuffer::ColumnBuffer(const ColumnDescriptor& column) : column_(&column) {}

size_t ColumnBuffer::num_values() const {
  return static_cast<size_t>(num_rows_ - null_count_);
}

size_t ColumnBuffer::memory_bytes() const {
  return definition_levels_.size() + booleans_.size() + int32s_.size() * 4 +
         int64s_.size() * 8 + floats_.size() * 4 + doubles_.size() * 8 + decimals_.size() * 16 +
         bytes_.size() + offsets_.size() * 4;
}

bool ColumnBuffer::AddRow(bool valid) {
  if (!valid) {
    if (!column_->nullable) {
      throw ConstraintError("Parquet writer: column '" + column_->name +
                            "' is NOT NULL but a row holds NULL");
    }
    ++null_count_;
  }
  if (column_->nullable) definition_levels_.push_back(valid ? 1 : 0);
  return valid;
}

template <typename Source, typename Target, typename Convert>
void ColumnBuffer::AppendFixed(const Vector& vector, size_t begin, size_t end,
                               std::vector<Target>* out, Convert convert) {
  const Source* source = vector.data<Source>() + begin;
  size_t count = end - begin;
  size_t first = out->size();
  out->resize(first + count);  // grows geometrically
  Target* target = out->data() + first;
  if (vector.all_valid()) {
    for (size_t i = 0; i < count; ++i) target[i] = convert(source[i]);
    if (column_->nullable) definition_levels_.resize(definition_levels_.size() + count, 1);
    return;
  }
  size_t kept = 0;
  for (size_t i = 0; i < count; ++i) {
    if (AddRow(vector.IsValid(begin + i))) target[kept++] = convert(source[i]);
  }
  out->resize(first + kept);
}

void ColumnBuffer::AppendStrings(const Vector& vector, size_t begin, size_t end) {
  const StringRef* source = vector.data<StringRef>();
  size_t total = 0;
  for (size_t row = begin; row < end; ++row) {
    if (vector.IsValid(row)) total += source[row].size();
  }
  SLUICE_ASSERT(bytes_.size() + total <= UINT32_MAX,
                "a row group's BYTE_ARRAY column holds less than 4 GiB");
  size_t position = bytes_.size();
  if (bytes_.capacity() < position + total) {
    bytes_.reserve(std::max(position + total, 2 * bytes_.capacity()));
  }
  bytes_.resize(position + total);
  char* target = bytes_.data();
  bool all_valid = vector.all_valid();
  if (all_valid && column_->nullable) {
    definition_levels_.resize(definition_levels_.size() + (end - begin), 1);
  }
  for (size_t row = begin; row < end; ++row) {
    if (!all_valid && !AddRow(vector.IsValid(row))) continue;
    const StringRef& text = source[row];
    std::memcpy(target + position, text.data(), text.size());
    position += text.size();
    offsets_.push_back(static_cast<uint32_t>(position));
  }
  SLUICE_ASSERT(position == bytes_.size(), "every valid string was copied");
}

void ColumnBuffer::Append(const Vector& vector, size_t begin, size_t end) {
  SLUICE_ASSERT(vector.type() == column_->type, "a buffered vector has its column's type");
  SLUICE_ASSERT(begin <= end && end <= vector.capacity(), "appended rows lie in the vector");
  auto same = [](auto value) { return value; };
  auto to_int32 = [](auto value) { return static_cast<int32_t>(value); };
  switch (column_->type.id()) {
    case TypeId::kUnknown:
      for (size_t row = begin; row < end; ++row) AddRow(false);
      break;
    case TypeId::kBoolean:
      AppendFixed<uint8_t>(vector, begin, end, &booleans_,
                           [](uint8_t value) { return static_cast<uint8_t>(value != 0); });
      break;
    case TypeId::kTinyInt: AppendFixed<int8_t>(vector, begin, end, &int32s_, to_int32); break;
    case TypeId::kSmallInt: AppendFixed<int16_t>(vector, begin, end, &int32s_, to_int32); break;
    case TypeId::kInteger:
    case TypeId::kDate: AppendFixed<int32_t>(vector, begin, end, &int32s_, same); break;
    case TypeId::kBigInt:
    case TypeId::kTimestamp: AppendFixed<int64_t>(vector, begin, end, &int64s_, same); break;
    case TypeId::kTimestampTz:
      AppendFixed<TimestampTz>(vector, begin, end, &int64s_,
                               [](const TimestampTz& value) { return value.micros; });
      break;
    case TypeId::kReal: AppendFixed<float>(vector, begin, end, &floats_, same); break;
    case TypeId::kDouble: AppendFixed<double>(vector, begin, end, &doubles_, same); break;
    case TypeId::kDecimal:
      if (column_->kind == ValueKind::kInt32) {
        AppendFixed<int64_t>(vector, begin, end, &int32s_, to_int32);
      } else if (column_->kind == ValueKind::kInt64) {
        AppendFixed<int64_t>(vector, begin, end, &int64s_, same);
      } else {
        AppendFixed<__int128>(vector, begin, end, &decimals_, same);
      }
      break;
    case TypeId::kVarchar:
    case TypeId::kVarbinary: AppendStrings(vector, begin, end); break;
    default: SLUICE_ASSERT(false, "DescribeColumn rejected nested types");
  }
  num_rows_ += static_cast<int64_t>(end - begin);
}

// ---- Encoding a column chunk -------------------------------------------------------

namespace {

/// The rows and values of one data page.
struct PageSpan {
  size_t row_begin;
  size_t row_end;
  size_t value_begin;
  size_t value_end;
};

/// Encodes one column chunk whose dense values are `values` (T as in encoding.h).
template <typename T>
class ChunkEncoder {
 public:
  ChunkEncoder(const ColumnBuffer& buffer, const T* values, size_t num_values,
               const ColumnChunkOptions& options)
      : buffer_(buffer),
        column_(buffer.column()),
        values_(values),
        num_values_(num_values),
        options_(options) {
    SLUICE_ASSERT(num_values == buffer.num_values(), "dense values match the rows' levels");
    format_.type_length = column_.type_length;
    format_.utf8 = column_.utf8;
  }

  EncodedColumnChunk Encode() {
    ChooseEncoding();
    if (encoding_ == Encoding::kRleDictionary) WriteDictionaryPage();
    WriteDataPages();
    FinishMetadata();
    return std::move(result_);
  }

 private:
  static constexpr bool kIsString = std::is_same_v<T, std::string_view>;
  static constexpr bool kIsInteger = std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t>;
  static constexpr bool kIsBoolean = std::is_same_v<T, uint8_t>;

  size_t PlainValueSize(size_t i) const {
    if constexpr (kIsString) {
      return 4 + values_[i].size();
    } else if constexpr (std::is_same_v<T, __int128>) {
      (void)i;
      return static_cast<size_t>(column_.type_length);
    } else {
      (void)i;
      return sizeof(T);
    }
  }

  size_t PlainSize() const {
    if constexpr (kIsString) {
      size_t size = 0;
      for (size_t i = 0; i < num_values_; ++i) size += 4 + values_[i].size();
      return size;
    } else if constexpr (kIsBoolean) {
      return (num_values_ + 7) / 8;
    } else {
      return num_values_ * PlainValueSize(0);
    }
  }

  /// The encoding without a dictionary, and its size in bytes.
  std::pair<Encoding, size_t> Fallback() const {
    size_t plain = PlainSize();
    if (options_.writer_version < 2 || num_values_ == 0) return {Encoding::kPlain, plain};
    if constexpr (kIsInteger) {
      size_t delta = DeltaBinaryPackedSize(values_, num_values_);
      if (delta < plain) return {Encoding::kDeltaBinaryPacked, delta};
    } else if constexpr (kIsString) {
      size_t shared = 0;
      size_t total = 0;
      for (size_t i = 0; i < num_values_; ++i) {
        total += values_[i].size();
        if (i == 0) continue;
        std::string_view a = values_[i - 1];
        std::string_view b = values_[i];
        size_t limit = std::min(a.size(), b.size());
        size_t prefix = 0;
        while (prefix < limit && a[prefix] == b[prefix]) ++prefix;
        shared += prefix;
      }
      // Lengths cost about a byte each as deltas; shared prefixes cost about as much.
      if (shared * 4 > total) return {Encoding::kDeltaByteArray, total - shared + 2 * num_values_};
      return {Encoding::kDeltaLengthByteArray, total + num_values_};
    }
    return {Encoding::kPlain, plain};
  }

  void ChooseEncoding() {
    auto [fallback, fallback_size] = Fallback();
    encoding_ = fallback;
    if constexpr (!kIsBoolean) {
      if (!options_.dictionary || num_values_ == 0) return;
      // A member: the dictionary's strings live in the builder's arena.
      DictionaryBuilder<T>& builder = builder_.emplace(options_.dictionary_page_bytes);
      indices_.reserve(num_values_);
      // A prefix that is nearly all distinct values means the dictionary cannot pay
      // (each entry would cost its PLAIN size plus an index): stop early.
      size_t probe = std::min(num_values_, std::max<size_t>(4096, num_values_ / 8));
      bool fits = builder.Add(values_, probe, &indices_);
      if (fits && probe < num_values_ && builder.size() * 10 > probe * 9) fits = false;
      if (fits) fits = builder.Add(values_ + probe, num_values_ - probe, &indices_);
      if (!fits) {
        indices_ = {};
        return;
      }
      bit_width_ = std::max(1, BitWidth(builder.size() - 1));
      size_t dictionary_bytes = builder.plain_bytes();
      if constexpr (std::is_same_v<T, __int128>) {
        dictionary_bytes = builder.size() * static_cast<size_t>(column_.type_length);
      }
      size_t index_bytes = (num_values_ * static_cast<size_t>(bit_width_) + 7) / 8;
      dictionary_ = builder.values();
      size_t dictionary_size = dictionary_bytes + index_bytes;
      bool pays = dictionary_size < fallback_size;
      // Unless it is far smaller, check that it still pays after compression.
      if (pays && dictionary_size * 8 > fallback_size) pays = DictionaryPaysCompressed(fallback);
      if (!pays) {
        dictionary_ = {};
        indices_ = {};
        return;
      }
      encoding_ = Encoding::kRleDictionary;
    }
  }

  /// Whether the dictionary stays smaller than `fallback` after compression, judged on
  /// compressed samples: the whole dictionary page plus the first kSampleValues
  /// values each way. (Sorted ids, for example, are smaller PLAIN with snappy than as
  /// dictionary indices, which compress poorly.)
  bool DictionaryPaysCompressed(Encoding fallback) {
    if (options_.codec == Codec::kUncompressed) return true;
    constexpr size_t kSampleValues = 16384;
    size_t sample = std::min(num_values_, kSampleValues);
    PrepareDictionaryPage();
    raw_.clear();
    EncodeDictionaryIndices(indices_.data(), sample, bit_width_, &raw_);
    size_t dictionary_sample = Compressed(raw_).size();
    raw_.clear();
    Encoding chosen = encoding_;
    encoding_ = fallback;
    EncodeValues(PageSpan{0, 0, 0, sample}, &raw_);
    encoding_ = chosen;
    size_t fallback_sample = Compressed(raw_).size();
    double scale = static_cast<double>(num_values_) / static_cast<double>(sample);
    double dictionary_estimate = static_cast<double>(dictionary_page_.size()) +
                                 static_cast<double>(dictionary_sample) * scale;
    double fallback_estimate = static_cast<double>(fallback_sample) * scale;
    return dictionary_estimate < fallback_estimate;
  }

  const std::string& Compressed(const std::string& raw) {
    if (options_.codec == Codec::kUncompressed) return raw;
    compressed_.clear();
    Compress(options_.codec, reinterpret_cast<const uint8_t*>(raw.data()), raw.size(),
             options_.compression_level, &compressed_);
    return compressed_;
  }

  /// Appends the header and the (compressed) body; returns the page's start.
  size_t AppendPage(PageHeader* header, size_t uncompressed_size, const std::string& body) {
    SLUICE_ASSERT(uncompressed_size <= INT32_MAX && body.size() <= INT32_MAX,
                  "a page is smaller than 2 GiB");
    header->uncompressed_page_size = static_cast<int32_t>(uncompressed_size);
    header->compressed_page_size = static_cast<int32_t>(body.size());
    if (options_.page_checksums) {
      // CRC-32 (gzip's polynomial) of the page as stored, without its header: lets
      // readers detect corrupted pages instead of decoding garbage.
      header->crc = static_cast<int32_t>(io::Crc32(body.data(), body.size()));
    }
    size_t start = result_.bytes.size();
    EncodePageHeader(*header, &result_.bytes);
    size_t header_size = result_.bytes.size() - start;
    result_.bytes.append(body);
    total_uncompressed_ += static_cast<int64_t>(header_size + uncompressed_size);
    return start;
  }

  void EncodePlain(const T* values, size_t count, std::string* out) const {
    if constexpr (kIsBoolean) {
      PlainEncodeBooleans(values, count, out);
    } else if constexpr (kIsString) {
      PlainEncodeByteArrays(values, count, out);
    } else if constexpr (std::is_same_v<T, __int128>) {
      PlainEncodeDecimals(values, count, column_.type_length, out);
    } else {
      PlainEncodeFixed(values, count, out);
    }
  }

  /// Encodes (and compresses) the dictionary page body once.
  void PrepareDictionaryPage() {
    if (dictionary_page_ready_) return;
    raw_.clear();
    EncodePlain(dictionary_.data(), dictionary_.size(), &raw_);
    dictionary_page_raw_size_ = raw_.size();
    dictionary_page_ = Compressed(raw_);
    dictionary_page_ready_ = true;
  }

  void WriteDictionaryPage() {
    PrepareDictionaryPage();
    PageHeader header;
    header.type = PageType::kDictionaryPage;
    DictionaryPageHeader dictionary_header;
    dictionary_header.num_values = static_cast<int32_t>(dictionary_.size());
    dictionary_header.encoding = DictionaryPageEncoding();
    header.dictionary_page_header = dictionary_header;
    size_t start = AppendPage(&header, dictionary_page_raw_size_, dictionary_page_);
    dictionary_page_ = std::string();
    result_.metadata.dictionary_page_offset = static_cast<int64_t>(start);
    encoding_stats_[{PageType::kDictionaryPage, DictionaryPageEncoding()}] += 1;
  }

  /// PLAIN_DICTIONARY for version 1 files, as the oldest readers expect; PLAIN after.
  Encoding DictionaryPageEncoding() const {
    return options_.writer_version < 2 ? Encoding::kPlainDictionary : Encoding::kPlain;
  }
  Encoding DataPageEncoding() const {
    if (encoding_ == Encoding::kRleDictionary && options_.writer_version < 2) {
      return Encoding::kPlainDictionary;
    }
    return encoding_;
  }

  /// Upper estimate of a value's encoded bits, for cutting pages.
  size_t ValueBits(size_t i) const {
    if (encoding_ == Encoding::kRleDictionary) return static_cast<size_t>(bit_width_);
    if constexpr (kIsBoolean) {
      (void)i;
      return 1;
    } else {
      return 8 * PlainValueSize(i);
    }
  }

  std::vector<PageSpan> SplitPages() const {
    std::vector<PageSpan> pages;
    const std::vector<uint8_t>& levels = buffer_.definition_levels();
    bool nullable = column_.nullable;
    auto num_rows = static_cast<size_t>(buffer_.num_rows());
    size_t row = 0;
    size_t value = 0;
    size_t max_bits = options_.page_bytes * 8;
    while (row < num_rows) {
      PageSpan span{row, row, value, value};
      size_t bits = 0;
      size_t row_limit = std::min(num_rows, row + std::max<size_t>(1, options_.page_rows));
      while (row < row_limit && bits < max_bits) {
        if (!nullable || levels[row] != 0) bits += ValueBits(value++);
        ++row;
      }
      span.row_end = row;
      span.value_end = value;
      pages.push_back(span);
    }
    SLUICE_ASSERT(value == num_values_, "pages cover every value");
    return pages;
  }

  void EncodeValues(const PageSpan& span, std::string* out) const {
    size_t count = span.value_end - span.value_begin;
    const T* values = values_ + span.value_begin;
    switch (encoding_) {
      case Encoding::kRleDictionary:
        EncodeDictionaryIndices(indices_.data() + span.value_begin, count, bit_width_, out);
        return;
      case Encoding::kDeltaBinaryPacked:
        if constexpr (kIsInteger) {
          DeltaBinaryPackedEncode(values, count, out);
          return;
        }
        break;
      case Encoding::kDeltaLengthByteArray:
        if constexpr (kIsString) {
          DeltaLengthByteArrayEncode(values, count, out);
          return;
        }
        break;
      case Encoding::kDeltaByteArray:
        if constexpr (kIsString) {
          DeltaByteArrayEncode(values, count, out);
          return;
        }
        break;
      case Encoding::kPlain: EncodePlain(values, count, out); return;
      default: break;
    }
    SLUICE_ASSERT(false, "the chosen encoding applies to the column's values");
  }

  /// Definition levels of the page's rows in the RLE hybrid (no length prefix).
  void EncodeLevels(const PageSpan& span, std::string* out) {
    size_t rows = span.row_end - span.row_begin;
    size_t values = span.value_end - span.value_begin;
    if (values == rows || values == 0) {
      AppendRleRun(values == 0 ? 0 : 1, rows, 1, out);
      return;
    }
    const uint8_t* levels = buffer_.definition_levels().data() + span.row_begin;
    levels_.assign(levels, levels + rows);
    RleBitPackedEncoder encoder(1);
    encoder.PutBatch(levels_.data(), rows);
    encoder.Flush(out);
  }

  void WriteDataPage(const PageSpan& span) {
    size_t rows = span.row_end - span.row_begin;
    size_t values = span.value_end - span.value_begin;
    auto nulls = static_cast<int32_t>(rows - values);
    MinMax<T> page_minmax;
    page_minmax.Update(values_ + span.value_begin, values);

    PageHeader header;
    std::optional<Statistics> statistics;
    if (!options_.page_index) {
      statistics = MakeStatistics(EncodeBounds(page_minmax, format_), nulls);
    }
    size_t start;
    if (options_.writer_version < 2) {
      raw_.clear();
      if (column_.nullable) {
        raw_.append(4, '\0');
        EncodeLevels(span, &raw_);
        auto length = static_cast<uint32_t>(raw_.size() - 4);
        std::memcpy(raw_.data(), &length, 4);
      }
      EncodeValues(span, &raw_);
      header.type = PageType::kDataPage;
      DataPageHeader data;
      data.num_values = static_cast<int32_t>(rows);
      data.encoding = DataPageEncoding();
      data.definition_level_encoding = Encoding::kRle;
      data.repetition_level_encoding = Encoding::kRle;
      data.statistics = statistics;
      header.data_page_header = data;
      start = AppendPage(&header, raw_.size(), Compressed(raw_));
    } else {
      std::string levels;
      if (column_.nullable) EncodeLevels(span, &levels);
      raw_.clear();
      EncodeValues(span, &raw_);
      bool compress = options_.codec != Codec::kUncompressed;
      std::string body = levels;
      body.append(compress ? Compressed(raw_) : raw_);
      header.type = PageType::kDataPageV2;
      DataPageHeaderV2 data;
      data.num_values = static_cast<int32_t>(rows);
      data.num_nulls = nulls;
      data.num_rows = static_cast<int32_t>(rows);
      data.encoding = encoding_;
      data.definition_levels_byte_length = static_cast<int32_t>(levels.size());
      data.repetition_levels_byte_length = 0;
      data.is_compressed = compress;
      data.statistics = statistics;
      header.data_page_header_v2 = data;
      start = AppendPage(&header, levels.size() + raw_.size(), body);
    }
    if (!first_data_page_.has_value()) first_data_page_ = start;
    encoding_stats_[{header.type, DataPageEncoding()}] += 1;

    PageLocation location;
    location.offset = static_cast<int64_t>(start);
    location.compressed_page_size = static_cast<int32_t>(result_.bytes.size() - start);
    location.first_row_index = static_cast<int64_t>(span.row_begin);
    result_.offset_index.page_locations.push_back(location);
    page_null_counts_.push_back(nulls);
    page_has_values_.push_back(values > 0);
    chunk_minmax_.Merge(page_minmax);
    page_minmax_.push_back(page_minmax);
  }

  void WriteDataPages() {
    for (const PageSpan& span : SplitPages()) WriteDataPage(span);
  }

  void BuildColumnIndex() {
    ColumnIndex index;
    for (size_t page = 0; page < page_minmax_.size(); ++page) {
      bool null_page = !page_has_values_[page];
      std::optional<EncodedBounds> bounds = EncodeBounds(page_minmax_[page], format_);
      if (!null_page && !bounds.has_value()) return;  // only NaN: no usable index
      index.null_pages.push_back(null_page);
      index.min_values.push_back(null_page ? std::string() : bounds->min);
      index.max_values.push_back(null_page ? std::string() : bounds->max);
      index.null_counts.push_back(page_null_counts_[page]);
    }
    index.boundary_order = ComputeBoundaryOrder(page_minmax_);
    result_.column_index = std::move(index);
  }

  void FinishMetadata() {
    ColumnMetaData& metadata = result_.metadata;
    metadata.type = column_.physical_type;
    metadata.path_in_schema = {column_.name};
    metadata.codec = options_.codec;
    metadata.num_values = buffer_.num_rows();
    metadata.total_uncompressed_size = total_uncompressed_;
    metadata.total_compressed_size = static_cast<int64_t>(result_.bytes.size());
    SLUICE_ASSERT(first_data_page_.has_value(), "a column chunk has a data page");
    metadata.data_page_offset = static_cast<int64_t>(*first_data_page_);
    metadata.statistics = MakeStatistics(EncodeBounds(chunk_minmax_, format_),
                                         buffer_.null_count());
    for (const auto& [key, count] : encoding_stats_) {
      PageEncodingStats stats;
      stats.page_type = key.first;
      stats.encoding = key.second;
      stats.count = count;
      metadata.encoding_stats.push_back(stats);
      if (std::find(metadata.encodings.begin(), metadata.encodings.end(), key.second) ==
          metadata.encodings.end()) {
        metadata.encodings.push_back(key.second);
      }
    }
    if (column_.nullable) metadata.encodings.push_back(Encoding::kRle);
    if (options_.page_index) BuildColumnIndex();
  }

  const ColumnBuffer& buffer_;
  const ColumnDescriptor& column_;
  const T* values_;
  size_t num_values_;
  const ColumnChunkOptions& options_;
  StatisticsFormat format_;

  Encoding encoding_ = Encoding::kPlain;
  std::optional<DictionaryBuilder<T>> builder_;
  std::vector<T> dictionary_;
  std::vector<uint32_t> indices_;
  std::string dictionary_page_;  ///< The dictionary page body as written.
  size_t dictionary_page_raw_size_ = 0;
  bool dictionary_page_ready_ = false;
  int bit_width_ = 0;

  EncodedColumnChunk result_;
  std::string raw_;
  std::string compressed_;
  std::vector<uint32_t> levels_;
  int64_t total_uncompressed_ = 0;
  std::optional<size_t> first_data_page_;
  std::map<std::pair<PageType, Encoding>, int32_t> encoding_stats_;
  MinMax<T> chunk_minmax_;
  std::vector<MinMax<T>> page_minmax_;
  std::vector<int64_t> page_null_counts_;
  std::vector<bool> page_has_values_;
};

template <typename T>
EncodedColumnChunk EncodeWith(const ColumnBuffer& buffer, const std::vector<T>& values,
                              const ColumnChunkOptions& options) {
  return ChunkEncoder<T>(buffer, values.data(), values.size(), options).Encode();
}

}  // namespace

EncodedColumnChunk EncodeColumnChunk(const ColumnBuffer& buffer,
                                     const ColumnChunkOptions& options) {
  SLUICE_ASSERT(buffer.num_rows() > 0, "a column chunk has rows");
  switch (buffer.column().kind) {
    case ValueKind::kBoolean: return EncodeWith(buffer, buffer.booleans(), options);
    case ValueKind::kInt32: return EncodeWith(buffer, buffer.int32s(), options);
    case ValueKind::kInt64: return EncodeWith(buffer, buffer.int64s(), options);
    case ValueKind::kFloat: return EncodeWith(buffer, buffer.floats(), options);
    case ValueKind::kDouble: return EncodeWith(buffer, buffer.doubles(), options);
    case ValueKind::kDecimal128: return EncodeWith(buffer, buffer.decimals(), options);
    case ValueKind::kByteArray: {
      const std::vector<uint32_t>& offsets = buffer.offsets();
      std::vector<std::string_view> views(offsets.size() - 1);
      for (size_t i = 0; i + 1 < offsets.size(); ++i) {
        views[i] = std::string_view(buffer.bytes()).substr(offsets[i], offsets[i + 1] - offsets[i]);
      }
      return EncodeWith(buffer, views, options);
    }
  }
  SLUICE_ASSERT(false, "every value kind is handled");
  return {};
}

}  // namespace sluice::parquet
