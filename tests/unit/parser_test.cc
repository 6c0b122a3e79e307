// The streaming parser, rule by rule: handshakes, CRC verdicts in each field,
// negotiated footer size, secure mode, gaps, mid-stream starts, truncation and
// hostile lengths.
#include "cephwire/parser.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "cephwire/compression.h"
#include "cephwire/crc32c.h"
#include "cephwire/encoder.h"
#include "cephwire/features.h"
#include "cephwire/msg_types.h"
#include "test_util.h"

namespace cephwire {
namespace {

using test::feed;
using test::Recorder;

constexpr uint64_t kFeatures = kFeatureMsgAuth | kFeatureKeepalive2 | 0xfff;

Message make(uint16_t type, uint64_t seq, size_t front, size_t middle, size_t data) {
  return test::make_message(type, seq, front, middle, data);
}

Conversation v1_session(uint64_t client_features = kFeatures, uint64_t server_features = kFeatures) {
  msgr1::HandshakeSpec h;
  h.client_addr = EntityAddr::ipv4(kAddrLegacy, 777, {127, 0, 0, 1}, 40000);
  h.server_addr = EntityAddr::ipv4(kAddrLegacy, 0, {127, 0, 0, 1}, 6789);
  h.client_features = client_features;
  h.server_features = server_features;
  return msgr1::handshake(h);
}

Conversation v2_session(bool rev1 = true, uint32_t con_mode = msgr2::kConModeCrc) {
  msgr2::HandshakeSpec h;
  h.client_addr = EntityAddr::ipv4(kAddrMsgr2, 777, {127, 0, 0, 1}, 40000);
  h.server_addr = EntityAddr::ipv4(kAddrMsgr2, 0, {127, 0, 0, 1}, 3300);
  if (!rev1) h.server_banner.supported = 0;  // one side without REVISION_1: msgr2.0 framing
  h.con_mode = con_mode;
  return msgr2::handshake(h);
}

void add(Conversation& c, Dir d, std::vector<uint8_t> b) { c.push_back({d, std::move(b)}); }

size_t count_bad(const Recorder& r, CrcField f, int segment = -1) {
  size_t n = 0;
  for (auto& c : r.crcs)
    n += c.status == CrcStatus::Bad && c.field == f && (segment < 0 || c.segment == segment);
  return n;
}

// ---- msgr v1 -----------------------------------------------------------------

TEST(ParserV1, HandshakeThenMessagesBothWays) {
  auto c = v1_session();
  auto m1 = make(kMsgOsdOp, 1, 221, 0, 5000);
  auto m2 = make(kMsgOsdOpReply, 1, 100, 0, 0);
  add(c, Dir::ToServer, msgr1::encode_message(m1).flatten());
  add(c, Dir::ToClient, msgr1::encode_message(m2).flatten());
  Recorder r;
  Connection conn(r);
  feed(conn, c);
  conn.finish();
  EXPECT_TRUE(r.errors.empty()) << r.errors[0].reason;
  EXPECT_EQ(r.banners, 2);
  ASSERT_EQ(r.messages.size(), 2u);
  EXPECT_EQ(r.message_dirs[0], Dir::ToServer);
  EXPECT_EQ(r.messages[0].tid, 10u);
  EXPECT_EQ(r.messages[0].front, m1.front);
  EXPECT_TRUE(r.messages[0].data.equals(m1.data.to_vector()));
  EXPECT_EQ(r.messages[0].src.to_string(), "client.4100");
  EXPECT_EQ(r.message_dirs[1], Dir::ToClient);
  EXPECT_EQ(r.bad_crcs(), 0u);
  EXPECT_EQ(conn.info().protocol, Protocol::V1);
  EXPECT_EQ(conn.info().client_nonce, 777u);
  EXPECT_TRUE(conn.info().v1_footer_with_sig());
}

TEST(ParserV1, FooterIs13BytesWithoutMsgAuth) {
  // The server lacks MSG_AUTH: both directions use the old 13-byte footer.
  auto c = v1_session(kFeatures, kFeatures & ~kFeatureMsgAuth);
  msgr1::EncodeOptions old;
  old.footer_with_sig = false;
  for (int i = 1; i <= 3; ++i) add(c, Dir::ToServer, msgr1::encode_message(make(kMsgPing, i, 10, 0, 0), old).flatten());
  Recorder r;
  Connection conn(r);
  feed(conn, c);
  conn.finish();
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.messages.size(), 3u);
  EXPECT_FALSE(conn.info().v1_footer_with_sig());
}

TEST(ParserV1, SeqReplyIsFollowedByTheSeqExchange) {
  msgr1::HandshakeSpec h;
  h.client_features = h.server_features = kFeatures;
  h.reply_tag = msgr1::kTagSeq;
  h.server_seq = 41;
  h.client_seq = 17;
  auto c = msgr1::handshake(h);
  add(c, Dir::ToServer, msgr1::encode_message(make(kMsgPing, 42, 0, 0, 0)).flatten());
  Recorder r;
  Connection conn(r);
  feed(conn, c);
  conn.finish();
  EXPECT_TRUE(r.errors.empty());
  ASSERT_EQ(r.v1_tags.size(), 2u);  // the le64 from the server, then the client's
  EXPECT_EQ(r.v1_tags[0].value, 41u);
  EXPECT_EQ(r.v1_tags[1].value, 17u);
  EXPECT_EQ(r.messages.size(), 1u);
}

TEST(ParserV1, ChallengeAuthorizerThenConnectAgain) {
  // cephx on v1: the server answers the first connect with
  // CHALLENGE_AUTHORIZER (16) and a challenge; the client connects again.
  auto c = v1_session();
  msgr1::Connect con;
  con.features = kFeatures;
  con.authorizer_protocol = 2;
  std::vector<uint8_t> authorizer(174, 0xa5), challenge(30, 0x5a);
  c.erase(c.begin() + 2, c.end());  // keep the banners only
  add(c, Dir::ToServer, msgr1::encode_connect(con, authorizer));
  msgr1::ConnectReply rep;
  rep.tag = msgr1::kTagChallengeAuthorizer;
  add(c, Dir::ToClient, msgr1::encode_connect_reply(rep, challenge));
  add(c, Dir::ToServer, msgr1::encode_connect(con, authorizer));
  rep.tag = msgr1::kTagReady;
  rep.features = kFeatures;
  add(c, Dir::ToClient, msgr1::encode_connect_reply(rep, std::vector<uint8_t>(36, 1)));
  msgr1::EncodeOptions sig;
  sig.footer_flags = msgr1::kFooterComplete | msgr1::kFooterSigned;
  sig.sig = 0x1122334455667788ull;
  add(c, Dir::ToServer, msgr1::encode_message(make(kMsgOsdOp, 1, 200, 0, 4096), sig).flatten());
  Recorder r;
  Connection conn(r);
  feed(conn, c, 7);
  conn.finish();
  EXPECT_TRUE(r.errors.empty()) << r.errors[0].reason;
  ASSERT_EQ(r.replies.size(), 2u);
  EXPECT_EQ(r.replies[0].reply.tag, msgr1::kTagChallengeAuthorizer);
  EXPECT_EQ(r.replies[0].reply.authorizer_len, 30u);
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0].footer_flags, 5);
  EXPECT_EQ(r.messages[0].sig, 0x1122334455667788ull);
  EXPECT_EQ(conn.info().v1_authorizer_protocol, 2u);
}

TEST(ParserV1, OpenStateTags) {
  auto c = v1_session();
  add(c, Dir::ToServer, msgr1::encode_keepalive2(msgr1::kTagKeepalive2, 100, 200));
  add(c, Dir::ToClient, msgr1::encode_keepalive2(msgr1::kTagKeepalive2Ack, 100, 200));
  add(c, Dir::ToServer, msgr1::encode_tag(msgr1::kTagKeepalive));
  add(c, Dir::ToClient, msgr1::encode_ack(12));
  add(c, Dir::ToServer, msgr1::encode_tag(msgr1::kTagClose));
  Recorder r;
  Connection conn(r);
  feed(conn, c, 1);
  conn.finish();
  EXPECT_TRUE(r.errors.empty());
  ASSERT_EQ(r.v1_tags.size(), 5u);
  EXPECT_EQ(r.v1_tags[0].tag, msgr1::kTagKeepalive2);
  EXPECT_EQ(r.v1_tags[0].stamp.sec, 100u);
  EXPECT_EQ(r.v1_tags[1].tag, msgr1::kTagKeepalive2Ack);
  EXPECT_EQ(r.v1_tags[3].value, 12u);
  EXPECT_EQ(r.v1_tags[4].tag, msgr1::kTagClose);
}

struct V1Corruption {
  const char* name;
  CrcField field;
};

class ParserV1Crc : public ::testing::TestWithParam<V1Corruption> {};

TEST_P(ParserV1Crc, EachDamagedCrcIsFoundInItsFieldAndNoOther) {
  const auto field = GetParam().field;
  auto m = make(kMsgOsdOp, 1, 100, 50, 9000);
  auto bytes = msgr1::encode_message(m).flatten();
  auto l = msgr1::MessageLayout::of(m, true);
  switch (field) {
    case CrcField::V1Header: bytes[msgr1::MessageLayout::kHeaderCrc] ^= 1; break;
    case CrcField::V1Front: bytes[l.footer + 0] ^= 1; break;
    case CrcField::V1Middle: bytes[l.middle + 3] ^= 0x80; break;  // damage the bytes, not the crc
    case CrcField::V1Data: bytes[l.data + 8000] ^= 0x10; break;
    default: break;
  }
  auto c = v1_session();
  add(c, Dir::ToServer, bytes);
  add(c, Dir::ToServer, msgr1::encode_message(make(kMsgPing, 2, 0, 0, 0)).flatten());
  Recorder r;
  Connection conn(r);
  feed(conn, c, 333);
  conn.finish();
  EXPECT_EQ(r.bad_crcs(), 1u);
  EXPECT_EQ(count_bad(r, field), 1u);
  EXPECT_EQ(r.messages.size(), 2u);  // the damaged message is still shown, and the next one found
  EXPECT_TRUE(r.errors.empty());
  for (auto& cc : r.crcs)
    if (cc.status == CrcStatus::Bad) {
      EXPECT_NE(cc.wire, cc.computed);
    }
}

INSTANTIATE_TEST_SUITE_P(Fields, ParserV1Crc,
                         ::testing::Values(V1Corruption{"header", CrcField::V1Header},
                                           V1Corruption{"front", CrcField::V1Front},
                                           V1Corruption{"middle", CrcField::V1Middle},
                                           V1Corruption{"data", CrcField::V1Data}),
                         [](const auto& info) { return info.param.name; });

TEST(ParserV1, NoCrcFlagLeavesDataUnverified) {
  auto c = v1_session();
  msgr1::EncodeOptions o;
  o.crc_data = false;  // `ms crc data = false`: flags COMPLETE|NOCRC, data_crc 0
  add(c, Dir::ToServer, msgr1::encode_message(make(kMsgOsdOp, 1, 10, 0, 100), o).flatten());
  Recorder r;
  Connection conn(r);
  feed(conn, c);
  conn.finish();
  EXPECT_EQ(r.bad_crcs(), 0u);
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0].footer_flags, msgr1::kFooterComplete | msgr1::kFooterNoCrc);
  bool saw = false;
  for (auto& cc : r.crcs)
    if (cc.field == CrcField::V1Data) saw = cc.status == CrcStatus::Unverified;
  EXPECT_TRUE(saw);
}

TEST(ParserV1, ZeroCrcCanMeanNotComputed) {
  auto m = make(kMsgPing, 1, 10, 0, 0);
  auto bytes = msgr1::encode_message(m).flatten();
  store_le32(&bytes[msgr1::MessageLayout::kHeaderCrc], 0);  // `ms crc header = false`
  auto l = msgr1::MessageLayout::of(m, true);
  store_le32(&bytes[l.footer], 0);
  for (bool unset : {false, true}) {
    auto c = v1_session();
    add(c, Dir::ToServer, bytes);
    Recorder r;
    ParserOptions o;
    o.zero_crc_unset = unset;
    Connection conn(r, o);
    feed(conn, c);
    conn.finish();
    EXPECT_EQ(r.bad_crcs(), unset ? 0u : 2u);
    EXPECT_EQ(r.messages.size(), 1u);
  }
}

// `ms crc data = false` makes Ceph write 0 as every msgr2 segment CRC (and a
// sender may leave the preamble's at 0): with zero_crc_unset those are "not
// computed", never Bad; without it they are Bad.
TEST(ParserV2, ZeroCrcCanMeanNotComputed) {
  for (bool rev1 : {true, false}) {
    auto m = make(kMsgOsdOp, 1, 100, 20, 5000);
    msgr2::EncodeOptions eo;
    eo.rev1 = rev1;
    auto bytes = msgr2::encode_message(m, eo).flatten();
    auto l = msgr2::FrameLayout::of(msgr2::Preamble::decode(bytes.data()), rev1);
    for (uint32_t i = 0; i < l.num_segments; ++i) store_le32(&bytes[size_t(l.crc_offset(i))], 0);
    store_le32(&bytes[msgr2::Preamble::kCrcOffset], 0);
    for (bool unset : {false, true}) {
      auto c = v2_session(rev1);
      add(c, Dir::ToServer, bytes);
      Recorder r;
      ParserOptions o;
      o.zero_crc_unset = unset;
      Connection conn(r, o);
      feed(conn, c);
      conn.finish();
      EXPECT_EQ(r.bad_crcs(), unset ? 0u : 1u + l.num_segments) << "rev1 " << rev1;
      if (unset) {
        EXPECT_TRUE(r.errors.empty()) << r.errors[0].reason;
        ASSERT_EQ(r.messages.size(), 1u);
        EXPECT_EQ(r.messages[0].data_len, 5000u);
      }
    }
  }
}

// A preamble whose last declared segment is empty is what Ceph refuses: an
// error naming it; the next frame is found again.
TEST(ParserV2, LastDeclaredSegmentEmptyIsMalformed) {
  auto c = v2_session();
  auto bytes = msgr2::encode_message(make(kMsgOsdOp, 1, 100, 0, 0)).flatten();
  auto pre = msgr2::Preamble::decode(bytes.data());
  ASSERT_EQ(pre.num_segments, 2u);
  pre.num_segments = 3;  // a third, empty segment declared
  pre.encode(bytes.data());
  store_le32(&bytes[msgr2::Preamble::kCrcOffset], msgr2::Preamble::compute_crc(bytes.data()));
  add(c, Dir::ToServer, bytes);
  add(c, Dir::ToServer, msgr2::encode_message(make(kMsgPing, 2, 0, 0, 0)).flatten());
  Recorder r;
  Connection conn(r);
  feed(conn, c);
  conn.finish();
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].kind, ErrorKind::Malformed);
  EXPECT_NE(r.errors[0].reason.find("3 segments and the last is empty"), std::string::npos) << r.errors[0].reason;
  ASSERT_FALSE(r.messages.empty());
  EXPECT_EQ(r.messages.back().seq, 2u);
}

// A connection a restarting daemon refuses ends inside its handshake: normal
// traffic, said on the session, never an error (v1 and msgr2 alike).
TEST(ParserV1, ConnectionClosedDuringTheHandshakeIsNoError) {
  auto c = v1_session();
  struct Cut {
    size_t client_bytes, server_bytes;
    const char* where;  // what the session says of the direction cut short
  } cuts[] = {
      {c[0].bytes.size(), 9, "inside the v1 banner address"},   // the server's banner, then RST
      {9, 0, "inside the v1 banner address"},                   // the client read nothing and hung up
      {c[0].bytes.size(), c[1].bytes.size(), ""},               // banners done, no connect: between items
  };
  for (auto& cut : cuts) {
    Recorder r;
    Connection conn(r);
    conn.feed(Dir::ToServer, Bytes(c[0].bytes).first(cut.client_bytes));
    if (cut.server_bytes) conn.feed(Dir::ToClient, Bytes(c[1].bytes).first(cut.server_bytes));
    conn.finish();
    EXPECT_TRUE(r.errors.empty()) << r.errors[0].reason;
    const auto& info = conn.info();
    const std::string seen = info.closed_in_handshake[0] + info.closed_in_handshake[1];
    if (*cut.where) {
      EXPECT_NE(seen.find(cut.where), std::string::npos) << seen;
    }
  }
}

// A client that answers the v1 banners with a msgr2 one switched protocols:
// a protocol error saying so, never a ceph_msg_connect read from banner bytes.
TEST(ParserV1, Msgr2BannerWhereTheConnectBelongsIsAProtocolError) {
  auto c = v1_session();
  Recorder r;
  Connection conn(r);
  conn.feed(Dir::ToServer, c[0].bytes);
  conn.feed(Dir::ToClient, c[1].bytes);
  auto b = msgr2::encode_banner({kMsgr2FeatureRevision1, 0});
  b.resize(b.size() + 40, 0);  // whatever follows: at least a connect's worth of bytes
  conn.feed(Dir::ToServer, b);
  conn.finish();
  ASSERT_FALSE(r.errors.empty());
  EXPECT_EQ(r.errors[0].kind, ErrorKind::Protocol);
  EXPECT_NE(r.errors[0].reason.find("msgr2 banner where the v1 connect belongs"), std::string::npos)
      << r.errors[0].reason;
  for (auto& l : r.log) EXPECT_EQ(l.find("connect auth"), std::string::npos) << l;
}

TEST(ParserV1, VerificationOffReportsUnverified) {
  auto c = v1_session();
  auto bytes = msgr1::encode_message(make(kMsgPing, 1, 10, 0, 0)).flatten();
  bytes[msgr1::MessageLayout::kHeaderCrc] ^= 1;
  add(c, Dir::ToServer, bytes);
  Recorder r;
  ParserOptions o;
  o.verify_crc = false;
  Connection conn(r, o);
  feed(conn, c);
  EXPECT_EQ(r.bad_crcs(), 0u);
  ASSERT_FALSE(r.crcs.empty());
  for (auto& cc : r.crcs) EXPECT_EQ(cc.status, CrcStatus::Unverified);
}

TEST(ParserV1, UnknownMessageTypeIsJustANumber) {
  auto c = v1_session();
  add(c, Dir::ToServer, msgr1::encode_message(make(0x7777, 1, 5, 0, 0)).flatten());
  Recorder r;
  Connection conn(r);
  feed(conn, c);
  EXPECT_TRUE(r.errors.empty());
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0].type, 0x7777);
  EXPECT_EQ(msg_type_name(0x7777), nullptr);
  EXPECT_STREQ(msg_type_name(42), "osd_op");
  EXPECT_STREQ(msg_type_name(0x704), "mgr_map");
}

TEST(ParserV1, HostileLengthsAreErrorsNotAllocations) {
  auto c = v1_session();
  auto m = make(kMsgOsdOp, 1, 0, 0, 0);
  auto bytes = msgr1::encode_message(m).flatten();
  store_le32(&bytes[1 + 30], 0x7fffffff);  // data_len 2 GiB, with a matching header CRC
  store_le32(&bytes[msgr1::MessageLayout::kHeaderCrc], msgr1::MsgHeader::compute_crc(&bytes[1]));
  add(c, Dir::ToServer, bytes);
  add(c, Dir::ToServer, msgr1::encode_message(make(kMsgPing, 2, 3, 0, 0)).flatten());
  Recorder r;
  Connection conn(r);
  feed(conn, c);
  conn.finish();
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].kind, ErrorKind::LengthLimit);
  EXPECT_EQ(r.errors[0].offset, 178u);  // the MSG tag: 145 + 33 bytes of banner and connect
  ASSERT_EQ(r.messages.size(), 1u);     // resynchronised on the next header
  EXPECT_EQ(r.messages[0].seq, 2u);
  ASSERT_EQ(r.skips.size(), 1u);
  EXPECT_EQ(r.skips[0].reason, SkipReason::AfterError);
}

TEST(ParserV1, ConnectAuthorizerOverLimit) {
  msgr1::Connect con;
  std::vector<uint8_t> b(msgr1::Connect::kSize);
  con.authorizer_len = 0xffffffff;
  con.encode(b.data());
  auto c = v1_session();
  c.erase(c.begin() + 2, c.end());
  add(c, Dir::ToServer, b);
  Recorder r;
  Connection conn(r);
  feed(conn, c);
  conn.finish();
  ASSERT_FALSE(r.errors.empty());
  EXPECT_EQ(r.errors[0].kind, ErrorKind::LengthLimit);
  EXPECT_EQ(r.errors[0].offset, 145u);
}

// ---- msgr2 ---------------------------------------------------------------------

TEST(ParserV2, HandshakeAndMessagesRev1) {
  auto c = v2_session();
  add(c, Dir::ToServer, msgr2::encode_message(make(kMsgOsdOp, 1, 221, 0, 8192)).flatten());
  add(c, Dir::ToClient, msgr2::encode_message(make(kMsgOsdOpReply, 1, 100, 0, 0)).flatten());
  add(c, Dir::ToClient, msgr2::encode_control(msgr2::Ack{1}).flatten());
  Recorder r;
  Connection conn(r);
  feed(conn, c);
  conn.finish();
  EXPECT_TRUE(r.errors.empty()) << r.errors[0].reason;
  ASSERT_EQ(r.messages.size(), 2u);
  EXPECT_EQ(r.messages[0].data_len, 8192u);
  EXPECT_EQ(r.messages[0].src.to_string(), "client.4100");  // from HELLO and CLIENT_IDENT
  EXPECT_EQ(r.messages[1].src.to_string(), "mon.0");
  EXPECT_EQ(r.bad_crcs(), 0u);
  const auto& i = conn.info();
  EXPECT_TRUE(i.rev1);
  EXPECT_EQ(i.con_mode, msgr2::kConModeCrc);
  EXPECT_EQ(i.auth_method, kAuthNone);
  EXPECT_EQ(i.assigned_global_id, 4100u);
  EXPECT_EQ(i.client_nonce, 777u);
  EXPECT_EQ(r.frames.size(), 9u);  // 8 handshake frames + ACK
}

TEST(ParserV2, Rev0WhenOneSideLacksRevision1) {
  auto c = v2_session(false);
  msgr2::EncodeOptions o;
  o.rev1 = false;
  add(c, Dir::ToServer, msgr2::encode_message(make(kMsgOsdOp, 1, 221, 10, 5000), o).flatten());
  add(c, Dir::ToServer, msgr2::encode_message(make(kMsgPing, 2, 0, 0, 0), o).flatten());
  Recorder r;
  Connection conn(r);
  feed(conn, c, 5);
  conn.finish();
  EXPECT_TRUE(r.errors.empty()) << r.errors[0].reason;
  EXPECT_FALSE(conn.info().rev1);
  EXPECT_EQ(r.messages.size(), 2u);
  EXPECT_EQ(r.bad_crcs(), 0u);
}

struct V2Corruption {
  const char* name;
  bool rev1;
  int where;  // -1 preamble, else segment index
};

class ParserV2Crc : public ::testing::TestWithParam<V2Corruption> {};

TEST_P(ParserV2Crc, EachDamagedCrcIsFoundInItsPlaceAndNoOther) {
  const auto p = GetParam();
  msgr2::EncodeOptions o;
  o.rev1 = p.rev1;
  auto m = make(kMsgOsdOp, 1, 100, 50, 9000);
  auto bytes = msgr2::encode_message(m, o).flatten();
  auto layout = msgr2::FrameLayout::of(msgr2::Preamble::decode(bytes.data()), p.rev1);
  if (p.where < 0)
    bytes[msgr2::Preamble::kCrcOffset + 1] ^= 4;
  else
    bytes[size_t(layout.crc_offset(size_t(p.where)))] ^= 4;
  auto c = v2_session(p.rev1);
  add(c, Dir::ToServer, bytes);
  add(c, Dir::ToServer, msgr2::encode_message(make(kMsgPing, 2, 0, 0, 0), o).flatten());
  Recorder r;
  Connection conn(r);
  feed(conn, c, 100);
  conn.finish();
  EXPECT_EQ(r.bad_crcs(), 1u);
  if (p.where < 0)
    EXPECT_EQ(count_bad(r, CrcField::V2Preamble), 1u);
  else
    EXPECT_EQ(count_bad(r, CrcField::V2Segment, p.where), 1u);
  EXPECT_EQ(r.messages.size(), 2u);
  EXPECT_TRUE(r.errors.empty());
}

INSTANTIATE_TEST_SUITE_P(Places, ParserV2Crc,
                         ::testing::Values(V2Corruption{"rev1_preamble", true, -1}, V2Corruption{"rev1_seg0", true, 0},
                                           V2Corruption{"rev1_seg1", true, 1}, V2Corruption{"rev1_seg2", true, 2},
                                           V2Corruption{"rev1_seg3", true, 3},
                                           V2Corruption{"rev0_preamble", false, -1},
                                           V2Corruption{"rev0_seg0", false, 0}, V2Corruption{"rev0_seg1", false, 1},
                                           V2Corruption{"rev0_seg2", false, 2}, V2Corruption{"rev0_seg3", false, 3}),
                         [](const auto& info) { return info.param.name; });

TEST(ParserV2, SecureModeIsCiphertextNeverFrames) {
  auto c = v2_session(true, msgr2::kConModeSecure);
  Recorder r;
  Connection conn(r);
  feed(conn, c, 3);
  conn.finish();
  EXPECT_TRUE(r.errors.empty()) << r.errors[0].reason;
  EXPECT_EQ(r.messages.size(), 0u);
  EXPECT_EQ(r.frames.size(), 4u);  // HELLO x2, AUTH_REQUEST, AUTH_DONE: the plaintext ones
  EXPECT_EQ(conn.info().con_mode, msgr2::kConModeSecure);
  EXPECT_EQ(r.ciphertext[0], 144u);
  EXPECT_EQ(r.ciphertext[1], 144u);
  EXPECT_TRUE(conn.encrypted(Dir::ToServer));
  EXPECT_TRUE(conn.encrypted(Dir::ToClient));
  EXPECT_EQ(r.bad_crcs(), 0u);
}

TEST(ParserV2, ClientBytesFedBeforeTheServersWaitForThem) {
  // Whole directions one after the other (not interleaved): the client's
  // frames after AUTH_REQUEST wait until the server's AUTH_DONE is known.
  auto c = v2_session(true, msgr2::kConModeSecure);
  std::vector<uint8_t> to_server, to_client;
  for (auto& ch : c) (ch.dir == Dir::ToServer ? to_server : to_client).insert(
      (ch.dir == Dir::ToServer ? to_server : to_client).end(), ch.bytes.begin(), ch.bytes.end());
  Recorder r;
  Connection conn(r);
  conn.feed(Dir::ToServer, to_server);
  conn.feed(Dir::ToClient, to_client);
  conn.finish();
  EXPECT_TRUE(r.errors.empty()) << r.errors[0].reason;
  EXPECT_EQ(r.ciphertext[0], 144u);
  EXPECT_EQ(r.frames.size(), 4u);
}

TEST(ParserV2, WaitFrameWithEmptySegment0) {
  auto c = v2_session();
  c.pop_back();  // no SERVER_IDENT: the server answers WAIT
  add(c, Dir::ToClient, msgr2::encode_control(msgr2::Wait{}).flatten());
  Recorder r;
  Connection conn(r);
  feed(conn, c, 1);
  conn.finish();
  EXPECT_TRUE(r.errors.empty());
  ASSERT_FALSE(r.frames.empty());
  EXPECT_TRUE(std::holds_alternative<msgr2::Wait>(r.frames.back().second));
}

// On-wire compression: after COMPRESSION_DONE, a frame with the compressed
// flag carries each segment compressed on its own; it reads as the message
// the sender compressed, whichever method was agreed on.
class ParserCompression : public ::testing::TestWithParam<uint32_t> {};

TEST_P(ParserCompression, CompressedMessageReadsAsTheMessageSent) {
  const uint32_t method = GetParam();
  auto c = v2_session();
  add(c, Dir::ToServer, msgr2::encode_control(msgr2::CompressionRequest{true, {method}}).flatten());
  add(c, Dir::ToClient, msgr2::encode_control(msgr2::CompressionDone{true, method}).flatten());
  Message sent = make(kMsgOsdOp, 1, 300, 20, 20000);
  msgr2::EncodeOptions z;
  z.compress_method = method;
  auto wire = msgr2::encode_message(sent, z).flatten();
  ASSERT_TRUE(msgr2::Preamble::decode(wire.data()).flags & msgr2::kFlagCompressed);
  EXPECT_LT(wire.size(), 20000u);  // the test payload compresses
  add(c, Dir::ToServer, wire);
  add(c, Dir::ToServer, msgr2::encode_message(make(kMsgPing, 2, 0, 0, 0)).flatten());
  Recorder r;
  Connection conn(r);
  feed(conn, c);
  conn.finish();
  EXPECT_TRUE(r.errors.empty()) << r.errors[0].reason;
  EXPECT_EQ(r.bad_crcs(), 0u);  // CRCs cover the compressed bytes
  EXPECT_EQ(conn.info().compression_method, method);
  ASSERT_EQ(r.messages.size(), 2u);
  EXPECT_EQ(r.messages[0].seq, 1u);
  EXPECT_EQ(r.messages[0].front, sent.front);
  EXPECT_EQ(r.messages[0].middle, sent.middle);
  EXPECT_EQ(r.messages[0].data_len, 20000u);
  EXPECT_EQ(r.messages[0].data.to_vector(), sent.data.to_vector());
  EXPECT_EQ(r.messages[1].seq, 2u);
}

INSTANTIATE_TEST_SUITE_P(EveryMethod, ParserCompression, ::testing::Values(1u, 2u, 3u, 4u),
                         [](const auto& i) { return std::string(compression_method_name(i.param)); });

TEST(ParserV2, CompressedFrameWithoutAgreementIsAnErrorAndTheNextOneReads) {
  auto c = v2_session();
  msgr2::EncodeOptions z;
  z.compress_method = 1;
  add(c, Dir::ToServer, msgr2::encode_message(make(kMsgOsdOp, 1, 300, 0, 0), z).flatten());
  add(c, Dir::ToServer, msgr2::encode_message(make(kMsgPing, 2, 0, 0, 0)).flatten());
  Recorder r;
  Connection conn(r);
  feed(conn, c);
  conn.finish();
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].reason.find("no COMPRESSION_DONE"), std::string::npos) << r.errors[0].reason;
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0].seq, 2u);
}

TEST(ParserV2, CompressedSegmentThatDoesNotDecompressIsMalformedNotACrash) {
  auto c = v2_session();
  add(c, Dir::ToClient, msgr2::encode_control(msgr2::CompressionDone{true, 3}).flatten());
  msgr2::EncodeOptions o;
  o.preamble_flags = msgr2::kFlagCompressed;
  std::vector<uint8_t> junk(300, 0x77);  // zstd would read 0x77777777 bytes from its prefix
  Bytes segs[4] = {junk, junk, {}, junk};
  add(c, Dir::ToServer, msgr2::encode_frame(msgr2::Tag::Message, segs, o).flatten());
  add(c, Dir::ToServer, msgr2::encode_message(make(kMsgPing, 2, 0, 0, 0)).flatten());
  Recorder r;
  Connection conn(r);
  feed(conn, c);
  conn.finish();
  EXPECT_EQ(r.bad_crcs(), 0u);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].kind, ErrorKind::Malformed);
  EXPECT_NE(r.errors[0].reason.find("does not decompress with zstd"), std::string::npos) << r.errors[0].reason;
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0].seq, 2u);
}

TEST(ParserV2, AbortedLateStatus) {
  auto c = v2_session();
  msgr2::EncodeOptions o;
  o.aborted = true;
  add(c, Dir::ToServer, msgr2::encode_message(make(kMsgOsdOp, 1, 10, 0, 100), o).flatten());
  Recorder r;
  Connection conn(r);
  feed(conn, c);
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_TRUE(r.messages[0].aborted);
}

TEST(ParserV2, HostileSegmentLength) {
  auto c = v2_session();
  msgr2::Preamble p;
  p.tag = uint8_t(msgr2::Tag::Message);
  p.num_segments = 4;
  p.segments = {{{41, 8}, {0, 8}, {0, 8}, {0xfffffff0u, 4096}}};
  uint8_t b[32];
  p.encode(b);
  store_le32(b + 28, msgr2::Preamble::compute_crc(b));
  add(c, Dir::ToServer, std::vector<uint8_t>(b, b + 32));
  add(c, Dir::ToServer, msgr2::encode_message(make(kMsgPing, 2, 0, 0, 0)).flatten());
  Recorder r;
  ParserOptions small;
  small.limits.max_data = 1 << 20;
  Connection conn(r, small);
  feed(conn, c);
  conn.finish();
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].kind, ErrorKind::LengthLimit);
  EXPECT_EQ(r.errors[0].offset, 377u);
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0].seq, 2u);
}

TEST(ParserV2, CollectPayloadOffStillVerifies) {
  auto c = v2_session();
  auto bytes = msgr2::encode_message(make(kMsgOsdOp, 1, 100, 0, 9000)).flatten();
  bytes[bytes.size() - 100] ^= 1;
  add(c, Dir::ToServer, bytes);
  Recorder r;
  ParserOptions o;
  o.collect_payload = false;
  Connection conn(r, o);
  feed(conn, c);
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0].data_len, 9000u);
  EXPECT_EQ(r.messages[0].data.length(), 0u);
  EXPECT_EQ(count_bad(r, CrcField::V2Segment, 3), 1u);
}

// A sink that needs no data (the test peer) keeps fronts and middles, checks
// the data's CRC, and keeps none of its bytes.
TEST(ParserV2, CollectDataOffKeepsFrontsAndStillVerifies) {
  for (bool damage : {false, true}) {
    auto c = v2_session();
    auto bytes = msgr2::encode_message(make(kMsgOsdOp, 1, 100, 20, 9000)).flatten();
    if (damage) bytes[bytes.size() - 100] ^= 1;  // inside the data
    add(c, Dir::ToServer, bytes);
    Recorder r;
    ParserOptions o;
    o.collect_data = false;
    Connection conn(r, o);
    feed(conn, c);
    ASSERT_EQ(r.messages.size(), 1u);
    EXPECT_EQ(r.messages[0].front.size(), 100u);
    EXPECT_EQ(r.messages[0].middle.size(), 20u);
    EXPECT_EQ(r.messages[0].data_len, 9000u);
    EXPECT_EQ(r.messages[0].data.length(), 0u);
    EXPECT_EQ(count_bad(r, CrcField::V2Segment, 3), damage ? 1u : 0u);
  }
}

// ---- gaps, mid-stream starts, truncation ------------------------------------------

TEST(ParserGaps, GapInsideDataKeepsSync) {
  auto c = v2_session();
  auto big = make(kMsgOsdOp, 1, 200, 0, 64 * 1024);
  auto bytes = msgr2::encode_message(big).flatten();
  auto next = msgr2::encode_message(make(kMsgPing, 2, 0, 0, 0)).flatten();
  Recorder r;
  Connection conn(r);
  feed(conn, c);
  const size_t cut = 32 + 41 + 4 + 200 + 10000, lost = 1448;
  conn.feed(Dir::ToServer, Bytes(bytes).first(cut));
  conn.gap(Dir::ToServer, lost);
  conn.feed(Dir::ToServer, Bytes(bytes).subspan(cut + lost));
  conn.feed(Dir::ToServer, next);
  conn.finish();
  ASSERT_EQ(r.gaps.size(), 1u);
  EXPECT_TRUE(r.gaps[0].inside_payload);
  EXPECT_EQ(r.gaps[0].length, lost);
  EXPECT_EQ(r.gaps[0].offset, 377 + cut);
  ASSERT_EQ(r.messages.size(), 2u);
  EXPECT_EQ(r.messages[0].gap_bytes, lost);
  EXPECT_EQ(r.messages[0].data.length(), 64u * 1024);
  EXPECT_EQ(r.bad_crcs(), 0u);  // the damaged segment is unverified, not bad
  EXPECT_EQ(r.messages[1].seq, 2u);
  EXPECT_TRUE(r.skips.empty());
}

TEST(ParserGaps, GapAcrossMessagesResyncsAtTheNextOne) {
  auto c = v1_session();
  std::vector<std::vector<uint8_t>> msgs;
  for (int i = 1; i <= 4; ++i) msgs.push_back(msgr1::encode_message(make(kMsgOsdOp, i, 300, 0, 2000)).flatten());
  Recorder r;
  Connection conn(r);
  feed(conn, c);
  conn.feed(Dir::ToServer, msgs[0]);
  conn.feed(Dir::ToServer, Bytes(msgs[1]).first(40));  // into the header of seq 2
  conn.gap(Dir::ToServer, msgs[1].size() - 40 + 100);  // the rest of it and 100 bytes of seq 3
  conn.feed(Dir::ToServer, Bytes(msgs[2]).subspan(100));
  conn.feed(Dir::ToServer, msgs[3]);
  conn.finish();
  ASSERT_EQ(r.messages.size(), 2u);
  EXPECT_EQ(r.messages[0].seq, 1u);
  EXPECT_EQ(r.messages[1].seq, 4u);
  ASSERT_EQ(r.gaps.size(), 1u);
  EXPECT_FALSE(r.gaps[0].inside_payload);
  ASSERT_EQ(r.errors.size(), 1u);  // the header that the gap cut
  EXPECT_EQ(r.errors[0].kind, ErrorKind::Truncated);
  ASSERT_EQ(r.skips.size(), 1u);  // what is left of seq 3
  EXPECT_EQ(r.skips[0].length, msgs[2].size() - 100);
  EXPECT_EQ(r.skips[0].reason, SkipReason::AfterGap);
}

TEST(ParserGaps, MidStreamStartV1AndV2) {
  for (int v : {1, 2}) {
    std::vector<uint8_t> stream;
    for (int i = 1; i <= 3; ++i) {
      auto m = make(kMsgOsdOp, i, 100, 0, 3000);
      auto b = v == 1 ? msgr1::encode_message(m).flatten() : msgr2::encode_message(m).flatten();
      stream.insert(stream.end(), b.begin(), b.end());
    }
    const size_t start = 1000;  // inside the first message
    Recorder r;
    Connection conn(r);
    feed(conn, {{Dir::ToServer, {stream.begin() + start, stream.end()}}}, 1);
    conn.finish();
    EXPECT_TRUE(r.errors.empty()) << v;
    ASSERT_EQ(r.messages.size(), 2u) << v;
    EXPECT_EQ(r.messages[0].seq, 2u);
    ASSERT_EQ(r.skips.size(), 1u);
    EXPECT_EQ(r.skips[0].reason, SkipReason::NoBanner);
    EXPECT_EQ(r.skips[0].offset, 0u);
    EXPECT_EQ(r.skips[0].length, stream.size() / 3 - start);
    EXPECT_TRUE(conn.info().midstream);
    EXPECT_EQ(conn.info().protocol, v == 1 ? Protocol::V1 : Protocol::V2);
  }
}

TEST(ParserGaps, TruncatedMidMessageIsReported) {
  auto c = v1_session();
  auto b = msgr1::encode_message(make(kMsgOsdOp, 1, 100, 0, 5000)).flatten();
  Recorder r;
  Connection conn(r);
  feed(conn, c);
  conn.feed(Dir::ToServer, Bytes(b).first(3000));
  conn.finish();
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].kind, ErrorKind::Truncated);
  EXPECT_EQ(r.errors[0].offset, 178u);
  EXPECT_NE(r.errors[0].reason.find("3000 bytes of it seen"), std::string::npos) << r.errors[0].reason;
  EXPECT_TRUE(r.messages.empty());
}

TEST(ParserGaps, GarbageIsSkippedAndReported) {
  auto c = v2_session();
  std::vector<uint8_t> junk(5000);
  for (size_t i = 0; i < junk.size(); ++i) junk[i] = uint8_t(i * 7 + 3);
  junk[0] = 0xff;  // not a valid tag
  add(c, Dir::ToServer, junk);
  add(c, Dir::ToServer, msgr2::encode_message(make(kMsgPing, 1, 0, 0, 0)).flatten());
  Recorder r;
  Connection conn(r);
  feed(conn, c, 13);
  conn.finish();
  ASSERT_GE(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].offset, 377u);
  ASSERT_EQ(r.messages.size(), 1u);
  ASSERT_EQ(r.skips.size(), 1u);
  EXPECT_EQ(r.skips[0].offset, 377u);
  EXPECT_EQ(r.skips[0].length, junk.size());
}

}  // namespace
}  // namespace cephwire
