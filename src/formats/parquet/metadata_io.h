#pragma once
// Reading and writing the Parquet metadata structs (metadata.h) in the Thrift compact
// protocol, with our own decoder (thrift_compact.h): no generated code, every length
// and count checked against the bytes that remain, nesting depth bounded.
//
// Decoders throw FormatError with a message that says what is wrong ("page header:
// list of 4000000000 elements exceeds the 120 bytes left"); callers prefix the file
// name and the offset.

#include <cstddef>
#include <cstdint>
#include <string>

#include "formats/parquet/metadata.h"

namespace sluice::parquet {

/// The footer's FileMetaData from exactly `size` bytes.
FileMetaData DecodeFileMetaData(const uint8_t* data, size_t size);
/// A page header at the start of `data` (`size` bytes available, the page body may
/// follow); `*header_size` receives the bytes the header took.
PageHeader DecodePageHeader(const uint8_t* data, size_t size, size_t* header_size);
ColumnIndex DecodeColumnIndex(const uint8_t* data, size_t size);
OffsetIndex DecodeOffsetIndex(const uint8_t* data, size_t size);

/// Appends the encoded struct to `out`.
void EncodeFileMetaData(const FileMetaData& metadata, std::string* out);
void EncodePageHeader(const PageHeader& header, std::string* out);
void EncodeColumnIndex(const ColumnIndex& index, std::string* out);
void EncodeOffsetIndex(const OffsetIndex& index, std::string* out);

}  // namespace sluice::parquet
