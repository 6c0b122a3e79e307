// msgr2 framing against the reference vectors: banners, preamble CRC (seed 0),
// segment CRCs (seed -1), rev0 and rev1 epilogues, ceph_msg_header2.
#include "cephwire/msgr2.h"

#include <gtest/gtest.h>

#include <set>

#include "cephwire/features.h"
#include "cephwire/encoder.h"
#include "cephwire/frames_v2.h"
#include "test_util.h"

namespace cephwire {
namespace {

using test::hex;
using test::vector_bytes;
using namespace msgr2;

using test::mping;

TEST(Msgr2, Banners) {
  EXPECT_EQ(hex(encode_banner({3, 0})), hex(vector_bytes("v2 banner userspace with compression")));
  EXPECT_EQ(hex(encode_banner({1, 1})), hex(vector_bytes("v2 banner kernel(sup=1,req=1)")));
  EXPECT_EQ(hex(encode_banner({1, 0})), hex(vector_bytes("v2 banner Pacific 16.2 as captured")));
}

TEST(Msgr2, AckRev1Vector) {
  auto want = vector_bytes("v2.1 crc ACK(seq=5) frame 44 bytes");
  auto got = encode_control(Ack{5}).flatten();
  EXPECT_EQ(hex(got), hex(want));
  auto p = Preamble::decode(want.data());
  EXPECT_EQ(p.crc, 0x5bbc7473u);
  EXPECT_EQ(Preamble::compute_crc(want.data()), 0x5bbc7473u);
  EXPECT_EQ(load_le32(&want[40]), 0x1bf6b23fu);
}

TEST(Msgr2, AckRev0Vector) {
  EncodeOptions o;
  o.rev1 = false;
  EXPECT_EQ(hex(encode_control(Ack{5}, o).flatten()), hex(vector_bytes("v2.0 crc ACK(seq=5) frame 57 bytes")));
}

TEST(Msgr2, Keepalive2Vector) {
  auto want = vector_bytes("v2.1 crc KEEPALIVE2 frame");
  ASSERT_EQ(want.size(), 44u);
  auto got = encode_control(Keepalive2{{0x6553f100, 0x075bcd15}}).flatten();
  EXPECT_EQ(hex(got), hex(want));
}

TEST(Msgr2, MessageMPingVector) {
  auto want = vector_bytes("v2.1 crc MESSAGE(MPing seq=1, ack_seq=0, no payload) 77 bytes");
  EXPECT_EQ(hex(msgr2::encode_message(mping()).flatten()), hex(want));
}

TEST(Msgr2, MessageWithFrontVector) {
  auto want = vector_bytes("v2.1 crc MESSAGE with front='hello ceph' 100 bytes");
  Message m = mping();
  m.set_front(as_bytes("hello ceph"));
  auto f = msgr2::encode_message(m);
  EXPECT_EQ(hex(f.flatten()), hex(want));
  auto p = Preamble::decode(want.data());
  auto l = FrameLayout::of(p, true);
  EXPECT_EQ(l.total, 100u);
  EXPECT_EQ(l.seg0_crc_offset, 32 + 41);
  EXPECT_EQ(l.epilogue_offset, 100 - 13);
  EXPECT_EQ(l.crc_offset(1), 100 - 12);
}

TEST(Msgr2, DataOnlyMessageVector) {
  auto pre = vector_bytes("v2.1 crc MESSAGE data-only(4096 zeros)", "preamble");
  auto epi = vector_bytes("epilogue(13)");
  Message m = mping();
  Pagelist d;
  d.append(std::vector<uint8_t>(4096, 0));
  m.set_data(std::move(d));
  auto f = msgr2::encode_message(m);
  EXPECT_EQ(hex(Bytes(f.head).first(32)), hex(pre));
  EXPECT_EQ(hex(f.tail), hex(epi));  // empty used segments carry crc -1
  auto p = Preamble::decode(pre.data());
  EXPECT_EQ(p.num_segments, 4);
  EXPECT_EQ(p.segments[3].alignment, 4096);
}

TEST(Msgr2, HelloVector) {
  auto want = vector_bytes("v2.1 crc HELLO(type=4, addr above) 72 bytes");
  auto got = encode_control(Hello{4, EntityAddr::ipv4(kAddrMsgr2, 0x12345678, {10, 0, 0, 1}, 3300)}).flatten();
  EXPECT_EQ(hex(got), hex(want));
}

TEST(Msgr2, WaitFrameRev1IsOnlyAPreamble) {
  auto f = encode_control(Wait{}).flatten();
  EXPECT_EQ(f.size(), 32u);
  auto p = Preamble::decode(f.data());
  EXPECT_EQ(p.num_segments, 1);
  EXPECT_EQ(p.segments[0].length, 0u);
  EXPECT_EQ(FrameLayout::of(p, true).total, 32u);
  EncodeOptions o;
  o.rev1 = false;
  EXPECT_EQ(encode_control(Wait{}, o).flatten().size(), 32u + 17u);  // rev0 always has the epilogue
}

TEST(Msgr2, UnusedSegmentsHaveZeroCrcInRev0) {
  EncodeOptions o;
  o.rev1 = false;
  auto f = encode_control(Ack{1}, o).flatten();
  auto e = Epilogue::decode(&f[f.size() - 17], false);
  EXPECT_EQ(e.late, 0);
  EXPECT_NE(e.crc[0], 0u);
  EXPECT_EQ(e.crc[1], 0u);
  EXPECT_EQ(e.crc[3], 0u);
}

TEST(Msgr2, Header2RoundTrip) {
  MsgHeader2 h;
  h.seq = 9;
  h.tid = 77;
  h.type = 42;
  h.priority = 196;
  h.version = 8;
  h.data_off = 0x1000;
  h.ack_seq = 8;
  h.compat_version = 3;
  uint8_t b[MsgHeader2::kSize];
  h.encode(b);
  auto back = MsgHeader2::decode(b);
  EXPECT_EQ(back.tid, 77u);
  EXPECT_EQ(back.ack_seq, 8u);
  EXPECT_EQ(back.compat_version, 3);
  EXPECT_EQ(load_le64(b + 28), 8u);  // ack_seq at offset 28
}

TEST(Msgr2, EveryControlPayloadRoundTrips) {
  auto addr = EntityAddr::ipv4(kAddrMsgr2, 5, {127, 0, 0, 1}, 6800);
  EntityAddrvec vec;
  vec.addrs = {addr, EntityAddr::ipv4(kAddrLegacy, 5, {127, 0, 0, 1}, 6801)};
  std::vector<ControlPayload> all = {
      Hello{8, addr},
      AuthRequest{2, {2, 1}, {1, 2, 3}},
      AuthBadMethod{2, -13, {1, 2}, {1}},
      AuthReplyMore{{9, 9}},
      AuthRequestMore{{8}},
      AuthDone{4100, 2, {7, 7, 7}},
      AuthSignature{{1, 2, 3}},
      ClientIdent{vec, addr, 4100, 3, 0x3f, 0, 1, 99},
      ServerIdent{vec, 2, 4, 0x3f, 0, 0, 77},
      IdentMissingFeatures{1ull << 40},
      SessionReconnect{vec, 1, 2, 3, 4, 5},
      SessionReset{true},
      SessionRetry{6},
      SessionRetryGlobal{7},
      SessionReconnectOk{8},
      Wait{},
      Keepalive2{{10, 11}},
      Keepalive2Ack{{12, 13}},
      Ack{14},
      CompressionRequest{true, {1, 3}},
      CompressionDone{true, 3},
  };
  ASSERT_EQ(all.size(), 21u);  // every tag 1..22 but MESSAGE
  std::set<int> tags;
  for (const auto& p : all) {
    ByteBuffer b;
    encode_control(p, b);
    std::string why;
    auto back = decode_control(tag_of(p), b.bytes(), &why);
    ASSERT_TRUE(back) << tag_name(uint8_t(tag_of(p))) << ": " << why;
    EXPECT_EQ(*back, p) << tag_name(uint8_t(tag_of(p)));
    tags.insert(int(tag_of(p)));
    // Every strict prefix of a non-empty payload is rejected, never misread.
    for (size_t n = 0; n < b.size(); ++n) {
      auto cut = decode_control(tag_of(p), b.bytes().first(n), &why);
      if (cut) {  // only payloads whose tail is optional data may decode when cut
        ADD_FAILURE() << tag_name(uint8_t(tag_of(p))) << " decoded from " << n << " of " << b.size() << " bytes";
        break;
      }
    }
  }
  EXPECT_EQ(tags.size(), 21u);
  EXPECT_FALSE(tags.count(17));
}

}  // namespace
}  // namespace cephwire
