#include "core/vector.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <new>

#include "core/error.h"

namespace sluice {

namespace {
constexpr std::align_val_t kVectorAlignment{64};
}

char* StringHeap::Allocate(size_t size) {
  if (size > remaining_) {
    size_t block_size = std::max(size, next_block_size_);
    if (blocks_.size() == 1 && block_sizes_[0] >= size && cursor_ == nullptr) {
      // First block kept by Clear(): reuse it.
      cursor_ = blocks_[0].get();
      remaining_ = block_sizes_[0];
    } else {
      blocks_.emplace_back(new char[block_size]);
      block_sizes_.push_back(block_size);
      allocated_bytes_ += block_size;
      cursor_ = blocks_.back().get();
      remaining_ = block_size;
      next_block_size_ = std::min(next_block_size_ * 2, kMaxBlockSize);
    }
  }
  char* out = cursor_;
  cursor_ += size;
  remaining_ -= size;
  return out;
}

StringRef StringHeap::Add(std::string_view text) {
  if (text.size() <= StringRef::kInlineLength) return StringRef(text);
  SLUICE_ASSERT(text.size() <= UINT32_MAX, "string longer than 4 GiB");
  char* bytes = Allocate(text.size());
  std::memcpy(bytes, text.data(), text.size());
  return StringRef(bytes, static_cast<uint32_t>(text.size()));
}

void StringHeap::KeepAlive(std::shared_ptr<const void> buffer) {
  if (!kept_alive_.empty() && kept_alive_.back() == buffer) return;
  kept_alive_.push_back(std::move(buffer));
}

void StringHeap::Clear() {
  kept_alive_.clear();
  if (blocks_.empty()) return;
  blocks_.resize(1);
  block_sizes_.resize(1);
  allocated_bytes_ = block_sizes_[0];
  cursor_ = nullptr;
  remaining_ = 0;
  next_block_size_ = kFirstBlockSize;
}

void Vector::AlignedDelete::operator()(uint8_t* p) const {
  ::operator delete[](p, kVectorAlignment);
}

Vector::Vector(DataType type, size_t capacity) : type_(std::move(type)), capacity_(capacity) {
  size_t width = type_.fixed_width();
  if (width > 0 && capacity > 0) {
    size_t bytes = width * capacity;
    data_.reset(static_cast<uint8_t*>(::operator new[](bytes, kVectorAlignment)));
    std::memset(data_.get(), 0, bytes);
  }
}

void Vector::AllocateValidity() {
  size_t words = (capacity_ + 63) / 64;
  validity_.reset(new uint64_t[words]);
  std::fill_n(validity_.get(), words, ~uint64_t{0});
}

size_t Vector::CountNulls(size_t num_rows) const {
  if (validity_ == nullptr) return 0;
  size_t valid = 0;
  size_t full_words = num_rows / 64;
  for (size_t i = 0; i < full_words; ++i) valid += std::popcount(validity_[i]);
  size_t rest = num_rows % 64;
  if (rest != 0) valid += std::popcount(validity_[full_words] & ((uint64_t{1} << rest) - 1));
  return num_rows - valid;
}

void Vector::Reset() {
  validity_.reset();
  heap_.Clear();
  for (Vector& child : children_) child.Reset();
}

}  // namespace sluice
