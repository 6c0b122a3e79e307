// CRC32C in Ceph's convention, checked against the reference vectors
// (tests/data/vectors.txt), Ceph's own test_crc32c.cc values, and a bit-at-a-
// time model.
#include "cephwire/crc32c.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "test_util.h"

namespace cephwire {
namespace {

uint32_t crc(uint32_t seed, const std::string& s) { return ceph_crc32c(seed, s.data(), s.size()); }

TEST(Crc32c, ReferenceVectorsFile) {
  EXPECT_EQ(crc(0xffffffff, ""), 0xffffffffu);
  EXPECT_EQ(crc(0, ""), 0u);
  EXPECT_EQ(crc(0, "123456789"), 0x58e3fa20u);
  EXPECT_EQ(crc(0xffffffff, "123456789"), 0x1cf96d7cu);  // ~ the standard check value 0xe3069283
  std::vector<uint8_t> z(4096, 0);
  EXPECT_EQ(ceph_crc32c(0xffffffff, z), 0x6706be76u);
  EXPECT_EQ(ceph_crc32c(0, z), 0u);
  std::vector<uint8_t> ramp;
  for (int r = 0; r < 16; ++r)
    for (int i = 0; i < 256; ++i) ramp.push_back(uint8_t(i));
  EXPECT_EQ(ceph_crc32c(0xffffffff, ramp), 0x638e01cdu);
  EXPECT_EQ(crc(0, "hello ceph"), 0x8d3f9611u);
  EXPECT_EQ(crc(0xffffffff, "hello ceph"), 0x911d9985u);
}

// src/test/common/test_crc32c.cc in Ceph.
TEST(Crc32c, CephTestVectors) {
  EXPECT_EQ(crc(0, "foo bar baz"), 4119623852u);
  EXPECT_EQ(crc(1234, "foo bar baz"), 881700046u);
  EXPECT_EQ(crc(0, "whiz bang boom"), 2360230088u);
  EXPECT_EQ(crc(5678, "whiz bang boom"), 3743019208u);
  EXPECT_EQ(crc(0, std::string(5, '\x01')), 2715569182u);
  EXPECT_EQ(crc(0, std::string(35, '\x01')), 440531800u);
  std::string ones(4096000, '\x01');
  EXPECT_EQ(crc(0, ones), 31583199u);
  EXPECT_EQ(crc(1234, ones), 1400919119u);
}

TEST(Crc32c, CephBigRamp1000MiB) {
  // bytes i & 0xff for i < 1000 MiB, fed 1 MiB at a time (the pattern repeats
  // every 256 bytes, so every MiB is the same).
  std::vector<uint8_t> mib(1 << 20);
  for (size_t i = 0; i < mib.size(); ++i) mib[i] = uint8_t(i);
  uint32_t a = 0, b = 0xffffffff;
  for (int i = 0; i < 1000; ++i) {
    a = ceph_crc32c(a, mib);
    b = ceph_crc32c(b, mib);
  }
  EXPECT_EQ(a, 261108528u);
  EXPECT_EQ(b, 3895876243u);
}

TEST(Crc32c, CephRangeTables) {
  std::vector<uint8_t> ones(512, 1);
  const uint32_t check[4] = {0xcfc75c75, 0x7aa1b1a7, 0xd761a4fe, 0xd699eeb6};
  uint32_t c = 0;
  for (int i = 0; i < 4; ++i) {
    c = ceph_crc32c(c, ones.data() + i, 512 - i);
    EXPECT_EQ(c, check[i]) << i;
  }
  // RangeZero and RangeNull: zero bytes, or a null pointer meaning zeros.
  const uint32_t zero_check[4] = {0xbd6f81f8, 0x6213374d, 0x72952aeb, 0x8ecb5e52};
  std::vector<uint8_t> zeros(512, 0);
  uint32_t cz = 1, cn = 1;
  for (int i = 0; i < 4; ++i) {
    cz = ceph_crc32c(cz, zeros.data() + i, 512 - i);
    cn = ceph_crc32c(cn, nullptr, 512 - i);
    EXPECT_EQ(cz, zero_check[i]) << i;
    EXPECT_EQ(cn, zero_check[i]) << i;
  }
}

TEST(Crc32c, ZerosMatchesCeph) {
  EXPECT_EQ(crc32c_zeros(1, 1), 0xF26B8303u);
  EXPECT_EQ(crc32c_zeros(1, 512), 0xBD6F81F8u);
  EXPECT_EQ(crc32c_zeros(0, 1ull << 40), 0u);  // zero register stays zero
}

TEST(Crc32c, ZerosMatchesModelForManyLengths) {
  std::mt19937 rng(1);
  std::vector<uint8_t> zeros(70000, 0);
  for (int i = 0; i < 200; ++i) {
    uint32_t seed = rng();
    size_t len = rng() % zeros.size();
    EXPECT_EQ(crc32c_zeros(seed, len), crc32c_reference(seed, zeros.data(), len)) << len;
  }
}

TEST(Crc32c, CombineChainsTwoCrcs) {
  std::mt19937 rng(2);
  for (int i = 0; i < 200; ++i) {
    std::vector<uint8_t> a(rng() % 5000), b(rng() % 5000);
    for (auto& x : a) x = uint8_t(rng());
    for (auto& x : b) x = uint8_t(rng());
    uint32_t seed = (i % 2) ? 0xffffffff : rng();
    std::vector<uint8_t> ab = a;
    ab.insert(ab.end(), b.begin(), b.end());
    uint32_t whole = ceph_crc32c(seed, ab);
    // crc_b must be computed with seed 0: that is the contract.
    EXPECT_EQ(crc32c_combine(ceph_crc32c(seed, a), ceph_crc32c(0, b), b.size()), whole);
  }
}

TEST(Crc32c, CombineOverHugeLengthIsLogarithmic) {
  // 2^62 zero bytes after A: no loop over the length could finish this.
  uint32_t a = crc(0xffffffff, "abc");
  uint32_t c = crc32c_combine(a, 0, 1ull << 62);
  EXPECT_EQ(c, crc32c_zeros(a, 1ull << 62));
  EXPECT_NE(c, a);
}

TEST(Crc32c, IsalPathEqualsReferenceModel) {
  std::mt19937 rng(3);
  for (size_t len : {0, 1, 7, 8, 15, 16, 31, 63, 64, 255, 256, 4095, 4096, 65537}) {
    std::vector<uint8_t> v(len);
    for (auto& x : v) x = uint8_t(rng());
    for (uint32_t seed : {0u, 0xffffffffu, 0x12345678u})
      EXPECT_EQ(ceph_crc32c(seed, v), crc32c_reference(seed, v.data(), v.size())) << len;
  }
}

}  // namespace
}  // namespace cephwire
