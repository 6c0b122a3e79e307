// A pagelist: a chain of whole 4 KiB pages that grows as bytes are appended,
// so a buffer of unknown size is encoded without a large up-front allocation
// (after the Linux kernel's struct ceph_pagelist). Invariant, as in the kernel:
//   length() + room() == num_pages() * kPageSize
// and the write position is length() within the tail page.
//
// A Pagelist is a move-only value. Where a message and a sender both hold one,
// share it as std::shared_ptr<const Pagelist> (the kernel's refcount).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace cephwire {

class Pagelist {
 public:
  static constexpr size_t kPageSize = 4096;

  // A saved write position; truncate() goes back to it.
  struct Cursor {
    const Pagelist* owner = nullptr;
    size_t num_pages = 0;
    size_t length = 0;  // the kernel's cursor forgot this; see truncate()
    size_t room = 0;
  };

  Pagelist() = default;
  Pagelist(Pagelist&&) noexcept = default;
  Pagelist& operator=(Pagelist&&) noexcept = default;
  Pagelist(const Pagelist&) = delete;
  Pagelist& operator=(const Pagelist&) = delete;

  size_t length() const { return length_; }
  size_t room() const { return room_; }
  size_t num_pages() const { return pages_.size(); }
  size_t num_pages_free() const { return free_.size(); }
  bool empty() const { return length_ == 0; }

  // Appends len bytes. A piece that exactly fills the tail page does not
  // allocate; the next non-empty append adds a page (reserved ones first).
  void append(const void* buf, size_t len);
  void append(std::span<const uint8_t> b) { append(b.data(), b.size()); }

  // Little-endian encoders, as the kernel's ceph_pagelist_encode_*.
  void encode_8(uint8_t v) { append(&v, 1); }
  void encode_16(uint16_t v) { append_le(v); }
  void encode_32(uint32_t v) { append_le(v); }
  void encode_64(uint64_t v) { append_le(v); }
  // le32 length then the bytes (the length is written even when it is 0).
  void encode_string(std::string_view s) {
    encode_32(uint32_t(s.size()));
    append(s.data(), s.size());
  }

  // Makes sure that appending `space` more bytes needs no allocation: pages
  // beyond room() are put on the free list until it holds enough of them.
  void reserve(size_t space);
  // Frees the reserved, unused pages.
  void free_reserve();

  Cursor set_cursor() const { return Cursor{this, pages_.size(), length_, room_}; }
  // Drops everything appended since the cursor was taken; whole pages go back
  // to the free list. Returns false (and changes nothing) for a cursor taken
  // from another pagelist or one that lies beyond the current end.
  bool truncate(const Cursor& c);

  // Frees every page, reserved ones too; the list is empty afterwards.
  void release();

  // The bytes as one span per page, the last one cut at length(); for
  // writev()/sendmsg() without copying.
  std::vector<std::span<const uint8_t>> spans() const;
  template <class F>
  void for_each_span(F&& f) const {
    size_t left = length_;
    for (const auto& p : pages_) {
      if (left == 0) break;
      size_t n = left < kPageSize ? left : kPageSize;
      f(std::span<const uint8_t>(p->bytes, n));
      left -= n;
    }
  }

  // CRC32C (Ceph's convention) of all bytes, starting from `seed`.
  uint32_t crc32c(uint32_t seed) const;

  // Copies len bytes starting at offset out; returns how many were copied.
  size_t copy_out(size_t offset, void* dst, size_t len) const;
  std::vector<uint8_t> to_vector() const;
  bool equals(std::span<const uint8_t> b) const;

 private:
  struct alignas(kPageSize) Page {
    uint8_t bytes[kPageSize];
  };
  template <class T>
  void append_le(T v) {
    append(&v, sizeof v);  // little-endian host, checked at build time
  }
  void add_page();

  std::vector<std::unique_ptr<Page>> pages_;
  std::vector<std::unique_ptr<Page>> free_;
  size_t length_ = 0;
  size_t room_ = 0;

  friend class PagelistCursor;
};

using PagelistRef = std::shared_ptr<const Pagelist>;

// Walks a pagelist the way the messenger does (CEPH_MSG_DATA_PAGELIST): one
// piece per page, never crossing a page boundary. The first page's offset is
// always 0 in a pagelist.
class PagelistCursor {
 public:
  PagelistCursor(const Pagelist& pl, size_t length);
  size_t resid() const { return resid_; }
  // The current piece: at most to the end of the current page.
  std::span<const uint8_t> next() const;
  // Moves on by `bytes` (which must not pass the current piece); returns true
  // when that crossed into a new page and there is more to walk.
  bool advance(size_t bytes);

 private:
  const Pagelist& pl_;
  size_t resid_;
  size_t offset_ = 0;
  size_t page_ = 0;
};

}  // namespace cephwire
