#include "cephwire/pagelist.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "cephwire/crc32c.h"

namespace cephwire {

void Pagelist::add_page() {
  if (!free_.empty()) {
    pages_.push_back(std::move(free_.back()));
    free_.pop_back();
  } else {
    pages_.push_back(std::make_unique<Page>());
  }
  room_ += kPageSize;
}

void Pagelist::append(const void* buf, size_t len) {
  auto src = static_cast<const uint8_t*>(buf);
  while (room_ < len) {
    if (room_ > 0) {  // the kernel copies 0 bytes to NULL here on a new list
      std::memcpy(pages_.back()->bytes + (length_ % kPageSize), src, room_);
      length_ += room_;
      src += room_;
      len -= room_;
      room_ = 0;
    }
    add_page();
  }
  if (len > 0) {
    // When the tail is full, length_ % kPageSize is 0 only with room_ == 0,
    // which the loop above has handled; here the tail has room.
    size_t off = kPageSize - room_;
    std::memcpy(pages_.back()->bytes + off, src, len);
    length_ += len;
    room_ -= len;
  }
}

void Pagelist::reserve(size_t space) {
  if (space <= room_) return;
  size_t need = (space - room_ + kPageSize - 1) / kPageSize;
  while (free_.size() < need) free_.push_back(std::make_unique<Page>());
}

void Pagelist::free_reserve() { free_.clear(); }

bool Pagelist::truncate(const Cursor& c) {
  if (c.owner != this || c.num_pages > pages_.size() || c.length > length_) return false;
  while (pages_.size() > c.num_pages) {
    free_.push_back(std::move(pages_.back()));
    pages_.pop_back();
  }
  length_ = c.length;
  room_ = c.room;
  return true;
}

void Pagelist::release() {
  pages_.clear();
  free_.clear();
  length_ = 0;
  room_ = 0;
}

std::vector<std::span<const uint8_t>> Pagelist::spans() const {
  std::vector<std::span<const uint8_t>> out;
  out.reserve(pages_.size());
  for_each_span([&](std::span<const uint8_t> s) { out.push_back(s); });
  return out;
}

uint32_t Pagelist::crc32c(uint32_t seed) const {
  for_each_span([&](std::span<const uint8_t> s) { seed = ceph_crc32c(seed, s); });
  return seed;
}

size_t Pagelist::copy_out(size_t offset, void* dst, size_t len) const {
  if (offset >= length_) return 0;
  len = std::min(len, length_ - offset);
  auto out = static_cast<uint8_t*>(dst);
  size_t done = 0;
  while (done < len) {
    size_t pos = offset + done;
    size_t in_page = pos % kPageSize;
    size_t n = std::min(len - done, kPageSize - in_page);
    std::memcpy(out + done, pages_[pos / kPageSize]->bytes + in_page, n);
    done += n;
  }
  return done;
}

std::vector<uint8_t> Pagelist::to_vector() const {
  std::vector<uint8_t> v(length_);
  copy_out(0, v.data(), v.size());
  return v;
}

bool Pagelist::equals(std::span<const uint8_t> b) const {
  if (b.size() != length_) return false;
  size_t pos = 0;
  bool same = true;
  for_each_span([&](std::span<const uint8_t> s) {
    if (same && std::memcmp(s.data(), b.data() + pos, s.size()) != 0) same = false;
    pos += s.size();
  });
  return same;
}

PagelistCursor::PagelistCursor(const Pagelist& pl, size_t length)
    : pl_(pl), resid_(std::min(length, pl.length())) {}

std::span<const uint8_t> PagelistCursor::next() const {
  if (resid_ == 0) return {};
  size_t page_offset = offset_ % Pagelist::kPageSize;
  size_t len = std::min(resid_, Pagelist::kPageSize - page_offset);
  return {pl_.pages_[page_]->bytes + page_offset, len};
}

bool PagelistCursor::advance(size_t bytes) {
  size_t page_offset = offset_ % Pagelist::kPageSize;
  if (bytes > resid_ || page_offset + bytes > Pagelist::kPageSize)
    throw std::out_of_range("PagelistCursor::advance past the current piece");
  resid_ -= bytes;
  offset_ += bytes;
  if (resid_ == 0 || offset_ % Pagelist::kPageSize != 0) return false;
  ++page_;
  return true;
}

}  // namespace cephwire
