// The layouts the plugin places and `inspect --fields` prints: over every PDU
// of whole v1 and msgr2 sessions (handshakes, messages, compressed frames),
// each field lies inside its bytes, nests one level at a time, and a field
// read from the wire holds what those bytes say; CRC verdicts follow the bytes.
#include "cephwire/layout.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "cephwire/encoder.h"
#include "cephwire/features.h"
#include "cephwire/messages/front_field_specs.h"
#include "test_util.h"

namespace cephwire {
namespace {

uint64_t le(const uint8_t* p, uint32_t len) {
  uint64_t v = 0;
  for (uint32_t i = len; i-- > 0;) v = v << 8 | p[i];
  return v;
}

void check_well_formed(const PduLayout& l, Bytes pdu, const char* what) {
  SCOPED_TRACE(what);
  uint8_t depth = 0;
  for (size_t i = 0; i < l.fields.size(); ++i) {
    const LaidField& f = l.fields[i];
    SCOPED_TRACE(f.name ? f.name : f.text.c_str());
    const Bytes src = f.source ? Bytes(l.inflated) : pdu;
    EXPECT_LE(uint64_t(f.off) + f.len, src.size());
    EXPECT_LE(f.depth, depth) << "a field deeper than the group before it";
    depth = f.kind == FieldKind::Note ? depth : uint8_t(f.depth + 1);
    if (f.kind == FieldKind::Note) {
      EXPECT_LT(f.target, int32_t(i));
      continue;
    }
    EXPECT_TRUE(f.name || f.kind == FieldKind::Group);
    const std::string name = f.name ? f.name : "";
    const bool sized = f.len == 1 || f.len == 2 || f.len == 4 || f.len == 8;
    if ((f.kind == FieldKind::Wire || f.kind == FieldKind::Uint) && !f.generated && sized && name != "version") {
      if (name == "addr.port")  // a sockaddr's port, in network order
        EXPECT_EQ(uint64_t(src[f.off]) << 8 | src[f.off + 1], f.u);
      else
        EXPECT_EQ(le(src.data() + f.off, f.len), f.u) << "the value is not what its bytes say";
    }
  }
}

// Lays out each PDU of a conversation with the context the parser gives there.
std::vector<PduLayout> lay_out(const Conversation& conv) {
  test::Recorder r;
  Connection conn(r);
  std::vector<PduLayout> out;
  for (const auto& ch : conv) {
    const PduContext ctx = conn.next_pdu(ch.dir);
    if (ctx.kind != PduKind::Ciphertext && ctx.kind != PduKind::Unknown) {
      out.push_back(pdu_layout(ctx, ch.bytes));
      check_well_formed(out.back(), ch.bytes, pdu_kind_name(ctx.kind));
    }
    conn.feed(ch.dir, ch.bytes);
  }
  return out;
}

const LaidField* find(const PduLayout& l, std::string_view name, size_t n = 0) {
  for (const auto& f : l.fields)
    if (f.name && f.name == name && n-- == 0) return &f;
  return nullptr;
}

TEST(Layout, V1SessionFieldsAreTheirBytes) {
  msgr1::HandshakeSpec h;
  h.client_features = h.server_features = kFeatureMsgAuth;
  h.reply_tag = msgr1::kTagSeq;
  h.authorizer = std::vector<uint8_t>(22, 1);
  auto c = msgr1::handshake(h);
  Message m = test::make_message(42, 7, 100, 0, 5000);
  m.tid = 99;
  c.push_back({Dir::ToServer, msgr1::encode_message(m).flatten()});
  c.push_back({Dir::ToClient, msgr1::encode_ack(7)});
  c.push_back({Dir::ToServer, msgr1::encode_keepalive2(msgr1::kTagKeepalive2, 1, 2)});
  auto l = lay_out(c);
  ASSERT_GE(l.size(), 6u);
  const PduLayout& msg = l[l.size() - 3];
  EXPECT_EQ(msg.summary, "osd_op(42) tid 99 seq 7 front 100 data 5000");
  ASSERT_TRUE(find(msg, "msg.seq"));
  EXPECT_EQ(find(msg, "msg.seq")->u, 7u);
  EXPECT_EQ(find(msg, "msg.tid")->u, 99u);
  for (const char* crc : {"v1.header_crc", "v1.front_crc", "v1.middle_crc", "v1.data_crc"}) {
    ASSERT_TRUE(find(msg, crc)) << crc;
    EXPECT_EQ(find(msg, crc)->status, CrcStatus::Good) << crc;
  }
  EXPECT_EQ(find(msg, "msg.data")->len, 5000u);
  EXPECT_EQ(l[l.size() - 2].summary, "ACK 7");
}

TEST(Layout, ABadCrcIsJudgedOnItsBytes) {
  Message m = test::make_message(42, 1, 100, 0, 0);
  auto pdu = msgr1::encode_message(m).flatten();
  pdu[1 + msgr1::MsgHeader::kSize + 10] ^= 1;  // a front byte
  PduContext ctx;
  ctx.kind = PduKind::V1Open;
  auto l = pdu_layout(ctx, pdu);
  EXPECT_EQ(find(l, "v1.header_crc")->status, CrcStatus::Good);
  EXPECT_EQ(find(l, "v1.front_crc")->status, CrcStatus::Bad);
  EXPECT_EQ(pdu_layout(ctx, pdu, {false, false}).fields.size(), l.fields.size());
  EXPECT_EQ(find(pdu_layout(ctx, pdu, {false, false}), "v1.front_crc")->status, CrcStatus::Unverified);
}

TEST(Layout, Msgr2SessionControlFieldsWhereTheyLie) {
  for (bool rev1 : {true, false}) {
    msgr2::HandshakeSpec h;
    if (!rev1) h.server_banner.supported = 0;
    h.client_addr = EntityAddr::ipv4(kAddrMsgr2, 7, {127, 0, 0, 1}, 40000);
    auto c = msgr2::handshake(h);
    msgr2::EncodeOptions o;
    o.rev1 = rev1;
    c.push_back({Dir::ToServer, msgr2::encode_message(test::make_message(42, 1, 100, 0, 5000), o).flatten()});
    c.push_back({Dir::ToClient, msgr2::encode_control(msgr2::Ack{1}, o).flatten()});
    msgr2::SessionReconnect sr;
    sr.addrs.addrs = {h.client_addr};
    sr.client_cookie = 0x1111;
    sr.server_cookie = 0x2222;
    sr.msg_seq = 5;
    c.push_back({Dir::ToServer, msgr2::encode_control(sr, o).flatten()});
    auto l = lay_out(c);
    bool ident = false, reconnect = false, hello = false;
    for (const auto& p : l) {
      if (p.summary == "CLIENT_IDENT") {
        ident = true;
        EXPECT_EQ(find(p, "v2.global_id")->u, h.global_id);
        EXPECT_EQ(find(p, "v2.features")->u, h.features);
        EXPECT_EQ(find(p, "v2.cookie")->u, h.client_cookie);
      }
      if (p.summary == "HELLO" && find(p, "addr.port") && find(p, "addr.port")->u == 40000) hello = true;
      if (p.summary == "SESSION_RECONNECT") {
        reconnect = true;
        EXPECT_EQ(find(p, "v2.cookie", 0)->suffix, " (client)");
        EXPECT_EQ(find(p, "v2.cookie", 1)->u, 0x2222u);
        EXPECT_EQ(find(p, "ack")->u, 5u);
      }
      for (const auto& f : p.fields) {
        if (f.kind == FieldKind::Crc) {
          EXPECT_EQ(f.status, CrcStatus::Good) << p.summary << " " << f.text;
        }
      }
    }
    EXPECT_TRUE(ident);
    EXPECT_TRUE(reconnect);
    EXPECT_TRUE(hello) << "the server's HELLO tells the client's address, port 40000";
  }
}

TEST(Layout, ACompressedFrameIsLaidOutInItsDecompressedBytes) {
  msgr2::EncodeOptions o;
  o.compress_method = 1;  // snappy
  Message m = test::make_message(42, 3, 3000, 0, 20000);
  auto pdu = msgr2::encode_message(m, o).flatten();
  PduContext ctx;
  ctx.kind = PduKind::V2Frame;
  ctx.compression = 1;
  auto l = pdu_layout(ctx, pdu);
  check_well_formed(l, pdu, "compressed");
  ASSERT_FALSE(l.inflated.empty());
  const LaidField* data = find(l, "msg.data");
  ASSERT_TRUE(data);
  EXPECT_EQ(data->source, 1);
  EXPECT_EQ(data->len, 20000u);
  EXPECT_EQ(find(l, "msg.front_len")->u, 3000u);
  ctx.compression = 0;  // no COMPRESSION_DONE seen: the frame stays opaque, and says so
  auto opaque = pdu_layout(ctx, pdu);
  EXPECT_FALSE(find(opaque, "msg.data"));
  EXPECT_TRUE(std::any_of(opaque.fields.begin(), opaque.fields.end(),
                          [](const LaidField& f) { return f.kind == FieldKind::Note && f.note == FieldNote::Compressed; }));
}

TEST(Layout, ACutMessageShowsItsHeader) {
  Message m = test::make_message(42, 9, 100, 0, 5000);
  auto pdu = msgr2::encode_message(m).flatten();
  PduContext ctx;
  ctx.kind = PduKind::V2Frame;
  auto l = cut_layout(ctx, Bytes(pdu).first(100));
  check_well_formed(l, Bytes(pdu).first(100), "cut");
  EXPECT_EQ(find(l, "msg.seq")->u, 9u);
  EXPECT_EQ(find(l, "msg.data_len")->u, 5000u);
  EXPECT_TRUE(cut_layout(ctx, Bytes(pdu).first(40)).fields.empty());
}

}  // namespace
// Every field a printer gives is declared once: a display registers each name once.
TEST(FrontFieldSpecs, EachNameIsDeclaredOnce) {
  std::vector<std::string_view> names;
  for (const auto& f : messages::front_field_specs()) names.push_back(f.name);
  std::sort(names.begin(), names.end());
  const auto dup = std::adjacent_find(names.begin(), names.end());
  EXPECT_EQ(dup, names.end()) << *dup << " is declared twice";
  EXPECT_GT(names.size(), 250u);  // the printers of every family are declared
}

}  // namespace cephwire
