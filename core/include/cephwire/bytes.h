// Little-endian loads and stores, a bounded reader for Ceph's encode() streams
// and a growable byte buffer. Ceph puts every multi-byte integer on the wire
// little-endian; the only big-endian field is the legacy sockaddr family.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cephwire {

using Bytes = std::span<const uint8_t>;

inline uint16_t load_le16(const uint8_t* p) { return uint16_t(p[0] | p[1] << 8); }
inline uint32_t load_le32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;  // the project builds for little-endian hosts only (checked in CMake)
}
inline uint64_t load_le64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
inline uint16_t load_be16(const uint8_t* p) { return uint16_t(p[0] << 8 | p[1]); }

inline void store_le16(uint8_t* p, uint16_t v) { std::memcpy(p, &v, 2); }
inline void store_le32(uint8_t* p, uint32_t v) { std::memcpy(p, &v, 4); }
inline void store_le64(uint8_t* p, uint64_t v) { std::memcpy(p, &v, 8); }
inline void store_be16(uint8_t* p, uint16_t v) {
  p[0] = uint8_t(v >> 8);
  p[1] = uint8_t(v);
}

// Reads a Ceph encode() stream without ever reading past its end: a read that
// does not fit sets the failure flag, returns zero, and every later read fails
// too, so a decoder checks ok() once at the end.
class ByteReader {
 public:
  explicit ByteReader(Bytes b) : buf_(b) {}

  bool ok() const { return ok_; }
  size_t pos() const { return pos_; }
  size_t remaining() const { return ok_ ? buf_.size() - pos_ : 0; }
  bool at_end() const { return ok_ && pos_ == buf_.size(); }
  void fail() { ok_ = false; }

  uint8_t u8() { return fits(1) ? buf_[pos_++] : 0; }
  uint16_t le16() { return fits(2) ? advance(2, load_le16(&buf_[pos_])) : 0; }
  uint32_t le32() { return fits(4) ? advance(4, load_le32(&buf_[pos_])) : 0; }
  uint64_t le64() { return fits(8) ? advance(8, load_le64(&buf_[pos_])) : 0; }
  Bytes bytes(size_t n) {
    if (!fits(n)) return {};
    Bytes r = buf_.subspan(pos_, n);
    pos_ += n;
    return r;
  }
  bool skip(size_t n) {
    if (!fits(n)) return false;
    pos_ += n;
    return true;
  }
  // bufferlist / string: le32 length then that many bytes.
  Bytes blob() { return bytes(le32()); }
  std::string string() {
    Bytes b = blob();
    return std::string(reinterpret_cast<const char*>(b.data()), b.size());
  }
  // vector<u32>: le32 count then count values; count is checked against what
  // is left before anything is allocated.
  std::vector<uint32_t> u32_vector() {
    uint32_t n = le32();
    if (!fits(size_t(n) * 4)) return {};
    std::vector<uint32_t> v(n);
    for (auto& x : v) x = le32();
    return v;
  }

 private:
  bool fits(size_t n) {
    if (ok_ && n <= buf_.size() - pos_) return true;
    ok_ = false;
    return false;
  }
  template <class T>
  T advance(size_t n, T v) {
    pos_ += n;
    return v;
  }

  Bytes buf_;
  size_t pos_ = 0;
  bool ok_ = true;
};

// A byte vector with Ceph's encode helpers; control payloads are built in it.
class ByteBuffer {
 public:
  void append(const void* p, size_t n) {
    if (n == 0) return;
    auto b = static_cast<const uint8_t*>(p);
    data_.insert(data_.end(), b, b + n);
  }
  void append(Bytes b) { append(b.data(), b.size()); }
  void encode_8(uint8_t v) { data_.push_back(v); }
  void encode_16(uint16_t v) { put(v); }
  void encode_32(uint32_t v) { put(v); }
  void encode_64(uint64_t v) { put(v); }
  void encode_blob(Bytes b) {
    encode_32(uint32_t(b.size()));
    append(b);
  }
  void encode_string(std::string_view s) {
    encode_32(uint32_t(s.size()));
    append(s.data(), s.size());
  }
  void encode_u32_vector(const std::vector<uint32_t>& v) {
    encode_32(uint32_t(v.size()));
    for (uint32_t x : v) encode_32(x);
  }

  size_t size() const { return data_.size(); }
  uint8_t* data() { return data_.data(); }
  const uint8_t* data() const { return data_.data(); }
  Bytes bytes() const { return data_; }
  std::vector<uint8_t>& vec() { return data_; }
  std::vector<uint8_t> take() { return std::move(data_); }

 private:
  template <class T>
  void put(T v) {
    uint8_t b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    data_.insert(data_.end(), b, b + sizeof(T));
  }
  std::vector<uint8_t> data_;
};

inline Bytes as_bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

}  // namespace cephwire
