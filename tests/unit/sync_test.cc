// Finding message boundaries with no context.
#include "cephwire/sync.h"

#include <gtest/gtest.h>

#include <random>

#include "cephwire/encoder.h"
#include "cephwire/ports.h"

namespace cephwire {
namespace {

std::vector<uint8_t> noise(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = uint8_t(rng());
  return v;
}

TEST(Sync, FindsV1AndV2BoundariesAfterNoise) {
  Message m;
  m.seq = 5;
  m.type = 42;
  m.set_front(as_bytes("front"));
  for (int v : {1, 2}) {
    auto buf = noise(10000, 9);
    auto frame = v == 1 ? msgr1::encode_message(m).flatten() : msgr2::encode_message(m).flatten();
    buf.insert(buf.end(), frame.begin(), frame.end());
    auto found = find_sync(buf, Protocol::Unknown, Limits{});
    ASSERT_TRUE(found);
    EXPECT_EQ(found->offset, 10000u);
    EXPECT_EQ(found->protocol, v == 1 ? Protocol::V1 : Protocol::V2);
  }
}

TEST(Sync, RandomBytesGiveNoBoundary) {
  auto buf = noise(1 << 20, 11);
  size_t ruled_out = 0;
  EXPECT_FALSE(find_sync(buf, Protocol::Unknown, Limits{}, &ruled_out));
  EXPECT_EQ(ruled_out, buf.size() - kSyncProbeV1 + 1);  // the tail may still begin a message
}

TEST(Sync, HintLimitsTheSearch) {
  Message m;
  m.seq = 1;
  auto v1 = msgr1::encode_message(m).flatten();
  EXPECT_FALSE(find_sync(v1, Protocol::V2, Limits{}));
  EXPECT_TRUE(find_sync(v1, Protocol::V1, Limits{}));
}

TEST(Sync, LengthsOverLimitsAreNoBoundary) {
  Message m;
  m.seq = 1;
  Pagelist d;
  d.append(std::vector<uint8_t>(5000, 1));
  m.set_data(std::move(d));
  auto v2 = msgr2::encode_message(m).flatten();
  Limits tight;
  tight.max_data = 4096;
  EXPECT_FALSE(find_sync(v2, Protocol::Unknown, tight));
  EXPECT_TRUE(find_sync(v2, Protocol::Unknown, Limits{}));
}

// crc32c(0, zeros) == 0: a MSG tag followed by zeros would pass as a header
// whose CRC matches. Zeros are never a boundary, in any amount of them.
TEST(Sync, ZeroBytesAfterAMsgTagAreNoBoundary) {
  std::vector<uint8_t> junk;
  for (int i = 0; i < 20; ++i) {
    junk.push_back(msgr1::kTagMsg);
    junk.insert(junk.end(), 53, 0);
    for (int k = 0; k < 21; ++k) junk.push_back(uint8_t(k * 7 + 1));
  }
  EXPECT_FALSE(find_sync(junk, Protocol::Unknown, Limits{}));
  EXPECT_FALSE(starts_like_ceph(junk, Limits{}));
  std::vector<uint8_t> zeros(4096, 0);
  EXPECT_FALSE(find_sync(zeros, Protocol::Unknown, Limits{}));
}

TEST(Sync, StartsLikeCeph) {
  const Limits lim;
  EXPECT_TRUE(starts_like_ceph(as_bytes("ceph v027"), lim));
  EXPECT_TRUE(starts_like_ceph(msgr2::encode_banner({1, 0}), lim));
  auto bad_len = msgr2::encode_banner({1, 0});
  bad_len[8] = 0xff;  // payload length 0x00ff... over 4096 with the next byte
  bad_len[9] = 0xff;
  EXPECT_FALSE(starts_like_ceph(bad_len, lim));
  Message m;
  m.seq = 1;
  EXPECT_TRUE(starts_like_ceph(msgr2::encode_message(m).flatten(), lim));
  EXPECT_TRUE(starts_like_ceph(msgr1::encode_message(m).flatten(), lim));
  EXPECT_FALSE(starts_like_ceph(as_bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), lim));
  EXPECT_FALSE(starts_like_ceph(as_bytes("ceph"), lim));  // too short to tell
  EXPECT_TRUE(is_ceph_port(6789) && is_ceph_port(3300) && is_ceph_port(7300) && !is_ceph_port(7301));
}

}  // namespace
}  // namespace cephwire
