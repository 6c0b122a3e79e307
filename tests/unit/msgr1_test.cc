// msgr v1 structures against the reference layouts and vectors.
#include "cephwire/msgr1.h"

#include <gtest/gtest.h>

#include "cephwire/crc32c.h"
#include "cephwire/encoder.h"
#include "cephwire/features.h"
#include "test_util.h"

namespace cephwire {
namespace {

using test::hex;
using test::vector_bytes;

using test::mping;

TEST(Msgr1, StructSizes) {
  EXPECT_EQ(msgr1::kBanner.size(), 9u);
  EXPECT_EQ(msgr1::Connect::kSize, 33u);
  EXPECT_EQ(msgr1::ConnectReply::kSize, 26u);
  EXPECT_EQ(msgr1::MsgHeader::kSize, 53u);
  EXPECT_EQ(msgr1::MsgFooter::kSize, 21u);
  EXPECT_EQ(msgr1::MsgFooter::kOldSize, 13u);
  EXPECT_EQ(msgr1::kServerHelloSize, 281u);
}

TEST(Msgr1, MPingHeaderVector) {
  auto want = vector_bytes("v1 MPing header (53 bytes)");
  auto f = msgr1::encode_message(mping());
  ASSERT_EQ(f.head.size(), 54u);
  EXPECT_EQ(f.head[0], msgr1::kTagMsg);
  EXPECT_EQ(hex(Bytes(f.head).subspan(1)), hex(want));
  auto h = msgr1::MsgHeader::decode(want.data());
  EXPECT_EQ(h.crc, 0x123b789eu);
  EXPECT_EQ(msgr1::MsgHeader::compute_crc(want.data()), 0x123b789eu);
  EXPECT_EQ(h.src.to_string(), "client.4100");
}

TEST(Msgr1, EmptyMessageFooterVector) {
  auto want = vector_bytes("v1 footer (21 bytes) for empty msg");
  auto f = msgr1::encode_message(mping());
  EXPECT_EQ(hex(f.tail), hex(want));
  msgr1::EncodeOptions old;
  old.footer_with_sig = false;
  EXPECT_EQ(msgr1::encode_message(mping(), old).tail.size(), 13u);
}

TEST(Msgr1, FooterCrcsCoverSections) {
  Message m = mping();
  m.set_front(as_bytes("front bytes"));
  m.set_middle(as_bytes("mid"));
  Pagelist d;
  d.append(std::vector<uint8_t>(10000, 0x5a));
  m.set_data(std::move(d));
  auto bytes = msgr1::encode_message(m).flatten();
  auto l = msgr1::MessageLayout::of(m, true);
  ASSERT_EQ(bytes.size(), l.total);
  auto ft = msgr1::MsgFooter::decode(&bytes[l.footer], true);
  EXPECT_EQ(ft.front_crc, ceph_crc32c(0, as_bytes("front bytes")));
  EXPECT_EQ(ft.middle_crc, ceph_crc32c(0, as_bytes("mid")));
  EXPECT_EQ(ft.data_crc, ceph_crc32c(0, std::vector<uint8_t>(10000, 0x5a)));
  EXPECT_EQ(ft.flags, msgr1::kFooterComplete);
  msgr1::EncodeOptions nocrc;
  nocrc.crc_data = false;
  auto b2 = msgr1::encode_message(m, nocrc).flatten();
  auto f2 = msgr1::MsgFooter::decode(&b2[l.footer], true);
  EXPECT_EQ(f2.data_crc, 0u);
  EXPECT_EQ(f2.flags, msgr1::kFooterComplete | msgr1::kFooterNoCrc);
}

TEST(Msgr1, ConnectAndReplyRoundTrip) {
  msgr1::Connect c;
  c.features = 0x3ffddff8ffecffffull;
  c.host_type = kEntityClient;
  c.global_seq = 3;
  c.connect_seq = 1;
  c.protocol_version = 24;
  c.authorizer_protocol = 2;
  c.flags = msgr1::kConnectLossy;
  std::vector<uint8_t> auth = {1, 2, 3};
  auto bytes = msgr1::encode_connect(c, auth);
  ASSERT_EQ(bytes.size(), 36u);
  auto back = msgr1::Connect::decode(bytes.data());
  EXPECT_EQ(back.features, c.features);
  EXPECT_EQ(back.authorizer_len, 3u);
  EXPECT_EQ(back.flags, 1);
  EXPECT_EQ(load_le32(&bytes[28]), 3u);  // authorizer_len at offset 28

  msgr1::ConnectReply r;
  r.tag = msgr1::kTagChallengeAuthorizer;
  r.features = 42;
  r.global_seq = 9;
  auto rb = msgr1::encode_connect_reply(r, auth);
  ASSERT_EQ(rb.size(), 29u);
  auto rback = msgr1::ConnectReply::decode(rb.data());
  EXPECT_EQ(rback.tag, 16);
  EXPECT_EQ(rback.features, 42u);
  EXPECT_EQ(rback.authorizer_len, 3u);
}

TEST(Msgr1, TagNamesAndPayloads) {
  EXPECT_STREQ(msgr1::tag_name(16), "CHALLENGE_AUTHORIZER");
  EXPECT_STREQ(msgr1::tag_name(7), "MSG");
  EXPECT_EQ(msgr1::tag_name(0), nullptr);
  EXPECT_EQ(msgr1::tag_name(17), nullptr);
  EXPECT_EQ(msgr1::fixed_tag_payload(msgr1::kTagAck), 8);
  EXPECT_EQ(msgr1::fixed_tag_payload(msgr1::kTagKeepalive2), 8);
  EXPECT_EQ(msgr1::fixed_tag_payload(msgr1::kTagKeepalive), 0);
  EXPECT_EQ(msgr1::fixed_tag_payload(msgr1::kTagReady), -1);
}

TEST(Msgr1, DataOffsetIsPageMetadata) {
  Message m = mping();
  Pagelist d;
  d.append(std::vector<uint8_t>(8192, 1));
  m.set_data(std::move(d));
  m.data_off = 0x3100;  // object offset 0x3100: lands 0x100 into its page
  EXPECT_EQ(m.data_page_offset(), 0x100u);
  EXPECT_EQ(m.data_page_count(), 3u);  // 0x100 + 8192 spans three pages
  m.data_off = 0;
  EXPECT_EQ(m.data_page_count(), 2u);
}

}  // namespace
}  // namespace cephwire
