// CRC32C in Ceph's convention: ceph_crc32c(crc, data, len) takes the register
// as it is (no inversion on the way in or out), reflected Castagnoli
// polynomial 0x82F63B78. So crc(0, "") == 0 and crc(s, A||B) == crc(crc(s, A), B).
// msgr v1 CRCs and the msgr2 preamble CRC use seed 0; msgr2 segment CRCs use
// seed 0xffffffff.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace cephwire {

inline constexpr uint32_t kCrcSeedV1 = 0;
inline constexpr uint32_t kCrcSeedPreamble = 0;
inline constexpr uint32_t kCrcSeedSegment = 0xffffffffu;

// CRC of len bytes at data, starting from register crc. As in Ceph, a null
// data pointer stands for len zero bytes. Bulk work goes to ISA-L.
uint32_t ceph_crc32c(uint32_t crc, const void* data, size_t len);
inline uint32_t ceph_crc32c(uint32_t crc, std::span<const uint8_t> b) {
  return ceph_crc32c(crc, b.data(), b.size());
}

// CRC register after len zero bytes, in O(log len).
uint32_t crc32c_zeros(uint32_t crc, uint64_t len);

// Contract: crc_a = crc(s, A) with any seed s, crc_b = crc(0, B) computed with
// seed 0, len_b = |B|. Returns crc(s, A||B), in O(log len_b). (Ceph's register
// is linear: crc(s, A||B) == zeros(crc(s, A), |B|) ^ crc(0, B).)
uint32_t crc32c_combine(uint32_t crc_a, uint32_t crc_b, uint64_t len_b);

// Bit-at-a-time reference model, for tests only: slow and obviously right.
uint32_t crc32c_reference(uint32_t crc, const void* data, size_t len);

}  // namespace cephwire
