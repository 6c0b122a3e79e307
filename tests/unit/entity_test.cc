// Addresses in both encodings, against the reference vectors.
#include "cephwire/entity.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "test_util.h"

namespace cephwire {
namespace {

using test::hex;
using test::vector_bytes;

TEST(EntityAddr, LegacyVector) {
  auto want = vector_bytes("legacy entity_addr (136 bytes) first 24");
  ASSERT_EQ(want.size(), 24u);
  // type 0 (legacy as userspace writes it), nonce 0x12345678, 10.0.0.1:6789
  auto a = EntityAddr::ipv4(kAddrLegacy, 0x12345678, {10, 0, 0, 1}, 6789);
  uint8_t buf[EntityAddr::kLegacySize];
  a.encode_legacy(buf);
  EXPECT_EQ(hex(Bytes(buf, 24)), hex(want));
  for (size_t i = 24; i < sizeof buf; ++i) EXPECT_EQ(buf[i], 0) << i;
  auto back = EntityAddr::decode_legacy(buf);
  EXPECT_EQ(back, a);
  EXPECT_EQ(back.to_string(), "v1:10.0.0.1:6789/305419896");
}

TEST(EntityAddr, LegacyFamilyIsBigEndian) {
  uint8_t buf[EntityAddr::kLegacySize] = {};
  buf[8] = 0x00;
  buf[9] = 0x02;  // AF_INET, big-endian
  buf[10] = 0x0c;
  buf[11] = 0xe4;  // port 3300
  auto a = EntityAddr::decode_legacy(buf);
  EXPECT_EQ(a.family, EntityAddr::kAfInet);
  EXPECT_EQ(a.port, 3300);
}

TEST(EntityAddr, VersionedVector) {
  auto want = vector_bytes("versioned entity_addr (35 bytes)");
  auto a = EntityAddr::ipv4(kAddrMsgr2, 0x12345678, {10, 0, 0, 1}, 3300);
  ByteBuffer out;
  a.encode(out);
  EXPECT_EQ(hex(out.bytes()), hex(want));
  ByteReader r(want);
  auto back = EntityAddr::decode(r);
  ASSERT_TRUE(back);
  EXPECT_TRUE(r.at_end());
  EXPECT_EQ(*back, a);
  EXPECT_EQ(back->to_string(), "v2:10.0.0.1:3300/305419896");
}

TEST(EntityAddr, VersionedIpv6Is47Bytes) {
  EntityAddr a;
  a.type = kAddrMsgr2;
  a.nonce = 7;
  a.family = EntityAddr::kAfInet6;
  a.port = 6800;
  a.ip[15] = 1;  // ::1
  a.flowinfo = 0x01020304;
  a.scope_id = 9;
  ByteBuffer out;
  a.encode(out);
  EXPECT_EQ(out.size(), 47u);
  ByteReader r(out.bytes());
  auto back = EntityAddr::decode(r);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, a);
  EXPECT_EQ(back->to_string(), "v2:[::1]:6800/7");
}

TEST(EntityAddr, DecoderHonoursStructLen) {
  // A newer sender may append fields: struct_len covers them, decoders skip them.
  auto a = EntityAddr::ipv4(kAddrMsgr2, 1, {127, 0, 0, 1}, 3300);
  ByteBuffer out;
  a.encode(out);
  auto v = out.take();
  store_le32(&v[3], load_le32(&v[3]) + 3);
  v.insert(v.end(), {0xaa, 0xbb, 0xcc});
  v.push_back(0x42);  // the next field of the stream
  ByteReader r(v);
  auto back = EntityAddr::decode(r);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, a);
  EXPECT_EQ(r.u8(), 0x42);
}

TEST(EntityAddr, TruncatedOrBadMarkerFails) {
  auto want = vector_bytes("versioned entity_addr (35 bytes)");
  for (size_t n = 0; n < want.size(); ++n) {
    ByteReader r(Bytes(want.data(), n));
    EXPECT_FALSE(EntityAddr::decode(r)) << n;
  }
  std::vector<uint8_t> bad = {7, 1, 1, 0, 0, 0, 0};
  ByteReader r(bad);
  EXPECT_FALSE(EntityAddr::decode(r));
}

TEST(EntityAddrvec, Vector) {
  auto want = vector_bytes("entity_addrvec (1 addr, 40 bytes)");
  EntityAddrvec v;
  v.addrs.push_back(EntityAddr::ipv4(kAddrMsgr2, 0x12345678, {10, 0, 0, 1}, 3300));
  ByteBuffer out;
  v.encode(out);
  EXPECT_EQ(hex(out.bytes()), hex(want));
  ByteReader r(want);
  auto back = EntityAddrvec::decode(r);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, v);
}

TEST(EntityAddrvec, SingleAddressFormsDecodeAsOne) {
  auto single = vector_bytes("versioned entity_addr (35 bytes)");
  ByteReader r(single);
  auto v = EntityAddrvec::decode(r);
  ASSERT_TRUE(v);
  ASSERT_EQ(v->addrs.size(), 1u);
  EXPECT_EQ(v->addrs[0].port, 3300);
}

TEST(EntityAddrvec, HugeCountIsRejectedBeforeAllocating) {
  std::vector<uint8_t> v = {2, 0xff, 0xff, 0xff, 0x7f};
  ByteReader r(v);
  EXPECT_FALSE(EntityAddrvec::decode(r));
}

// Where each part of an address lies, for a display that puts each on its
// own bytes: read back from those bytes, every part is what the decoder found.
TEST(AddrPlace, EachPartLiesWhereThePlaceSays) {
  EntityAddrvec v;
  v.addrs.push_back(EntityAddr::ipv4(kAddrMsgr2, 0x12345678, {10, 0, 0, 1}, 3300));
  EntityAddr six;
  six.type = kAddrLegacy;
  six.nonce = 9;
  six.family = EntityAddr::kAfInet6;
  six.port = 6800;
  six.ip[15] = 1;
  v.addrs.push_back(six);
  ByteBuffer out;
  v.encode(out);
  const auto b = out.bytes();
  auto places = addrvec_places(b);
  ASSERT_TRUE(places);
  ASSERT_EQ(places->starts.size(), 2u);
  EXPECT_EQ(places->end, b.size());
  for (size_t i = 0; i < 2; ++i) {
    const auto& a = v.addrs[i];
    const uint8_t* at = b.data() + places->starts[i];
    const auto p = AddrPlace::versioned(a.family);
    EXPECT_EQ(load_le32(at + p.type), a.type);
    EXPECT_EQ(load_le32(at + p.nonce), a.nonce);
    EXPECT_EQ(load_le16(at + p.family), a.family);
    EXPECT_EQ(load_be16(at + p.port), a.port);
    ASSERT_EQ(p.ip_len, i == 0 ? 4u : 16u);
    EXPECT_TRUE(std::equal(at + p.ip, at + p.ip + p.ip_len, a.ip.begin()));
  }
  uint8_t legacy[EntityAddr::kLegacySize];
  v.addrs[0].encode_legacy(legacy);
  const auto p = AddrPlace::legacy(EntityAddr::kAfInet);
  EXPECT_EQ(load_le32(legacy + p.nonce), 0x12345678u);
  EXPECT_EQ(load_be16(legacy + p.family), EntityAddr::kAfInet);
  EXPECT_EQ(load_be16(legacy + p.port), 3300);
  EXPECT_EQ(legacy[p.ip], 10);
  EXPECT_FALSE(addrvec_places(std::vector<uint8_t>{2, 0xff, 0xff, 0xff, 0x7f}));
}

TEST(EntityName, Printing) {
  EXPECT_EQ((EntityName{kEntityOsd, 3}).to_string(), "osd.3");
  EXPECT_EQ((EntityName{kEntityClient, 4100}).to_string(), "client.4100");
  EXPECT_EQ((EntityName{kEntityClient, ~0ull}).to_string(), "client.?");
}

}  // namespace
}  // namespace cephwire

namespace cephwire {
namespace {

TEST(EntityAddr, UnknownFamilyReadsNoPortBeyondElen) {
  // Found by control_fuzz: elen 3 with family 0 made the decoder read a port
  // past the sockaddr, which re-encoding then lost.
  std::vector<uint8_t> v = {1, 1, 1, 15, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0x55};
  ByteReader r(v);
  auto a = EntityAddr::decode(r);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->family, 0);
  EXPECT_EQ(a->port, 0);
  ByteBuffer out;
  a->encode(out);
  ByteReader r2(out.bytes());
  auto again = EntityAddr::decode(r2);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *a);
  v[20] = 1;  // family 0x0100: unknown, but kept through a round trip
  ByteReader r3(v);
  auto odd = EntityAddr::decode(r3);
  ASSERT_TRUE(odd);
  EXPECT_EQ(odd->family, 0x0100);
  ByteBuffer out2;
  odd->encode(out2);
  ByteReader r4(out2.bytes());
  EXPECT_EQ(*EntityAddr::decode(r4), *odd);
}

}  // namespace
}  // namespace cephwire
