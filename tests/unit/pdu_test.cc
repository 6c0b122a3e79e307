// pdu_length() agrees with the encoders and the parser: at every PDU boundary
// of a session, the context the parser gives and the bytes there tell the
// exact length; every prefix asks for more; nothing is read past the buffer.
#include "cephwire/pdu.h"

#include <gtest/gtest.h>

#include "cephwire/encoder.h"
#include "cephwire/features.h"
#include "test_util.h"

namespace cephwire {
namespace {

Message make(uint64_t seq, size_t front, size_t data) { return test::make_message(42, seq, front, 0, data); }

// Each chunk of these conversations is exactly one PDU.
void check_every_pdu(const Conversation& conv) {
  test::Recorder r;
  Connection conn(r);
  for (const auto& ch : conv) {
    PduContext ctx = conn.next_pdu(ch.dir);
    ASSERT_NE(ctx.kind, PduKind::Unknown) << dir_name(ch.dir) << " at " << conn.offset(ch.dir);
    auto whole = pdu_length(ctx, ch.bytes);
    EXPECT_EQ(whole.status, PduStatus::Complete) << pdu_kind_name(ctx.kind);
    EXPECT_EQ(whole.length, ch.bytes.size()) << pdu_kind_name(ctx.kind);
    for (size_t n = 0; n < ch.bytes.size(); n += 1 + n / 3) {
      // A copy of just the prefix: reading beyond it would be caught by ASan.
      std::vector<uint8_t> prefix(ch.bytes.begin(), ch.bytes.begin() + ptrdiff_t(n));
      auto part = pdu_length(ctx, prefix);
      if (part.status == PduStatus::NeedMore)
        EXPECT_GT(part.length, n);
      else
        EXPECT_EQ(part.status, PduStatus::Complete) << "prefix " << n;
      if (part.status == PduStatus::Complete) {
        EXPECT_EQ(part.length, ch.bytes.size());
      }
    }
    conn.feed(ch.dir, ch.bytes);
  }
  EXPECT_TRUE(r.errors.empty());
}

TEST(PduLength, EveryPduOfAV1Session) {
  for (uint8_t reply : {msgr1::kTagReady, msgr1::kTagSeq}) {
    msgr1::HandshakeSpec h;
    h.client_features = h.server_features = kFeatureMsgAuth;
    h.reply_tag = reply;
    h.authorizer = std::vector<uint8_t>(22, 1);
    auto c = msgr1::handshake(h);
    c.push_back({Dir::ToServer, msgr1::encode_message(make(1, 100, 5000)).flatten()});
    c.push_back({Dir::ToClient, msgr1::encode_ack(1)});
    c.push_back({Dir::ToServer, msgr1::encode_keepalive2(msgr1::kTagKeepalive2, 1, 2)});
    c.push_back({Dir::ToServer, msgr1::encode_tag(msgr1::kTagKeepalive)});
    check_every_pdu(c);
  }
}

TEST(PduLength, EveryPduOfAMsgr2Session) {
  for (bool rev1 : {true, false}) {
    msgr2::HandshakeSpec h;
    if (!rev1) h.server_banner.supported = 0;
    auto c = msgr2::handshake(h);
    msgr2::EncodeOptions o;
    o.rev1 = rev1;
    c.push_back({Dir::ToServer, msgr2::encode_message(make(1, 100, 5000), o).flatten()});
    c.push_back({Dir::ToClient, msgr2::encode_control(msgr2::Ack{1}, o).flatten()});
    c.push_back({Dir::ToClient, msgr2::encode_control(msgr2::Wait{}, o).flatten()});
    check_every_pdu(c);
  }
}

TEST(PduLength, SecureModeHasNoFraming) {
  msgr2::HandshakeSpec h;
  h.con_mode = msgr2::kConModeSecure;
  auto c = msgr2::handshake(h);
  test::Recorder r;
  Connection conn(r);
  test::feed(conn, c);
  EXPECT_EQ(conn.next_pdu(Dir::ToServer).kind, PduKind::Ciphertext);
  EXPECT_EQ(conn.next_pdu(Dir::ToClient).kind, PduKind::Ciphertext);
  EXPECT_EQ(pdu_length(conn.next_pdu(Dir::ToClient), c.back().bytes).status, PduStatus::Unframed);
}

TEST(PduLength, InvalidAndOverLimit) {
  PduContext v1{PduKind::V1Open};
  std::vector<uint8_t> bad_tag = {99};
  EXPECT_EQ(pdu_length(v1, bad_tag).status, PduStatus::Invalid);
  auto m = msgr1::encode_message(make(1, 10, 5000)).flatten();
  Limits tight;
  tight.max_data = 4096;
  EXPECT_EQ(pdu_length(v1, m, tight).status, PduStatus::Invalid);
  PduContext v2{PduKind::V2Frame};
  std::vector<uint8_t> zeros(32, 0);
  EXPECT_EQ(pdu_length(v2, zeros).status, PduStatus::Invalid);
  PduContext b{PduKind::Banner};
  EXPECT_EQ(pdu_length(b, as_bytes("GET / HTTP/1.1")).status, PduStatus::Invalid);
}

}  // namespace
}  // namespace cephwire
