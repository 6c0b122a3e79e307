#include "cephwire/crc32c.h"

#include <isa-l/crc.h>

#include <array>
#include <climits>

namespace cephwire {
namespace {

constexpr uint32_t kPoly = 0x82F63B78u;  // Castagnoli, reflected

// Multiplication in GF(2)[x] / P with reflected bit order: bit 31 is x^0.
constexpr uint32_t gf_multiply(uint32_t a, uint32_t b) {
  uint32_t product = 0;
  for (uint32_t mask = 1u << 31; mask != 0; mask >>= 1) {
    if (a & mask) product ^= b;
    b = (b & 1) ? (b >> 1) ^ kPoly : b >> 1;  // b *= x
  }
  return product;
}

// kPowers[k] = x^(8 * 2^k) mod P: the operator that runs the register over
// 2^k zero bytes. 64 entries cover every uint64_t length.
constexpr std::array<uint32_t, 64> make_powers() {
  std::array<uint32_t, 64> t{};
  uint32_t p = 1u << 23;  // x^8 in reflected order (x^0 is bit 31)
  for (auto& e : t) {
    e = p;
    p = gf_multiply(p, p);
  }
  return t;
}
constexpr std::array<uint32_t, 64> kPowers = make_powers();

}  // namespace

uint32_t ceph_crc32c(uint32_t crc, const void* data, size_t len) {
  if (data == nullptr) return crc32c_zeros(crc, len);
  auto p = static_cast<const uint8_t*>(data);
  // ISA-L takes an int length: feed it in 1 GiB pieces.
  constexpr size_t kChunk = size_t(1) << 30;
  while (len > 0) {
    size_t n = len < kChunk ? len : kChunk;
    crc = crc32_iscsi(const_cast<uint8_t*>(p), int(n), crc);
    p += n;
    len -= n;
  }
  return crc;
}

uint32_t crc32c_zeros(uint32_t crc, uint64_t len) {
  for (unsigned k = 0; len != 0 && crc != 0; ++k, len >>= 1)
    if (len & 1) crc = gf_multiply(kPowers[k], crc);
  return crc;
}

uint32_t crc32c_combine(uint32_t crc_a, uint32_t crc_b, uint64_t len_b) {
  return crc32c_zeros(crc_a, len_b) ^ crc_b;
}

uint32_t crc32c_reference(uint32_t crc, const void* data, size_t len) {
  auto p = static_cast<const uint8_t*>(data);
  for (size_t i = 0; i < len; ++i) {
    crc ^= p ? p[i] : 0;
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 1) ? (crc >> 1) ^ kPoly : crc >> 1;
  }
  return crc;
}

}  // namespace cephwire
