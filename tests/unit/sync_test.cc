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
  m.set_front(as_bytes("front"));
  EXPECT_TRUE(starts_like_ceph(msgr2::encode_message(m).flatten(), lim));
  EXPECT_TRUE(starts_like_ceph(msgr1::encode_message(m).flatten(), lim));
  EXPECT_FALSE(starts_like_ceph(as_bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), lim));
  EXPECT_FALSE(starts_like_ceph(as_bytes("ceph"), lim));  // too short to tell
  EXPECT_TRUE(is_ceph_port(6789) && is_ceph_port(3300) && is_ceph_port(7300) && !is_ceph_port(7301));
}

// A header whose CRC matches is a guess: a connection without a banner is
// claimed only where a second CRC agrees, the item's own (v1 front, msgr2
// segment 0) or the next item's, where the first one's lengths end.
TEST(Sync, ABoundaryIsConfirmedByItsOwnSecondCrc) {
  Message m;
  m.seq = 3;
  m.set_front(as_bytes("a front"));
  auto v1 = msgr1::encode_message(m).flatten();
  EXPECT_EQ(confirm_sync(v1, Protocol::V1, Limits{}), Confirm::Yes);
  for (bool rev1 : {true, false}) {
    msgr2::EncodeOptions o;
    o.rev1 = rev1;
    auto v2 = msgr2::encode_message(m, o).flatten();
    EXPECT_EQ(confirm_sync(v2, Protocol::V2, Limits{}), Confirm::Yes) << "rev1 " << rev1;
  }
  v1[1 + msgr1::MsgHeader::kSize] ^= 1;  // the front no longer matches its CRC
  EXPECT_EQ(confirm_sync(v1, Protocol::V1, Limits{}), Confirm::NeedMore);  // the next item may still
  auto junk = noise(100, 5);
  v1.insert(v1.end(), junk.begin(), junk.end());
  EXPECT_EQ(confirm_sync(v1, Protocol::V1, Limits{}), Confirm::No);
  EXPECT_FALSE(starts_like_ceph(v1, Limits{}));
}

TEST(Sync, AnItemWithoutSecondCrcIsConfirmedByTheNextOne) {
  Message m;
  m.seq = 3;  // an empty front: its CRC proves nothing
  auto one = msgr1::encode_message(m).flatten();
  EXPECT_EQ(confirm_sync(one, Protocol::V1, Limits{}), Confirm::NeedMore);
  EXPECT_FALSE(starts_like_ceph(one, Limits{}));
  std::optional<SyncMatch> pending;
  EXPECT_FALSE(find_confirmed_sync(one, Protocol::Unknown, Limits{}, &pending));
  ASSERT_TRUE(pending);
  EXPECT_EQ(item_ends(one.data(), Protocol::V1)[1], one.size());  // where the next one would begin (signed footer)
  m.seq = 4;
  auto two = one;
  auto next = msgr1::encode_message(m).flatten();
  two.insert(two.end(), next.begin(), next.end());
  EXPECT_EQ(confirm_sync(two, Protocol::V1, Limits{}), Confirm::Yes);
  EXPECT_TRUE(starts_like_ceph(two, Limits{}));
}

// Ceph 20 with `ms crc data = false` writes 0 as every segment CRC: the next
// preamble's CRC confirms instead.
TEST(Sync, ZeroSegmentCrcsAreConfirmedByTheNextPreamble) {
  Message m;
  m.seq = 3;
  m.set_front(as_bytes("a front"));
  auto one = msgr2::encode_message(m).flatten();
  const auto layout = msgr2::FrameLayout::of(msgr2::Preamble::decode(one.data()), true);
  for (size_t i = 0; i < layout.num_segments; ++i) store_le32(&one[size_t(layout.crc_offset(i))], 0);
  auto two = one;
  EXPECT_EQ(confirm_sync(one, Protocol::V2, Limits{}), Confirm::NeedMore);
  two.insert(two.end(), one.begin(), one.end());
  EXPECT_EQ(confirm_sync(two, Protocol::V2, Limits{}), Confirm::Yes);
}

TEST(Sync, ARefutedBoundaryIsPassedOverForTheNextConfirmedOne) {
  Message m;
  m.seq = 9;
  m.set_front(as_bytes("front bytes"));
  auto lone = msgr1::encode_message(m).flatten();
  lone[1 + msgr1::MsgHeader::kSize] ^= 1;  // a header that checks over bytes that do not
  auto buf = lone;
  auto junk = noise(80, 3);
  buf.insert(buf.end(), junk.begin(), junk.end());
  EXPECT_EQ(confirm_sync(buf, Protocol::V1, Limits{}), Confirm::No);
  const size_t real_at = buf.size();
  auto real = msgr1::encode_message(m).flatten();
  buf.insert(buf.end(), real.begin(), real.end());
  EXPECT_EQ(find_sync(buf, Protocol::Unknown, Limits{})->offset, 0u);
  auto found = find_confirmed_sync(buf, Protocol::Unknown, Limits{});
  ASSERT_TRUE(found);
  EXPECT_EQ(found->offset, real_at);
}

}  // namespace
}  // namespace cephwire
