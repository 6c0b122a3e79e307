// msgr v1 PDUs: the banner with its address(es), connect and connect_reply,
// the SEQ exchange, and the open session's tags, a MSG with its
// ceph_msg_header, sections and footer.
#include <cinttypes>
#include <cstdio>

#include "cephwire/crc32c.h"
#include "parts.h"

namespace cephwire::layout {

namespace {

using msgr1::kTagMsg;

void banner(PduLayout& out, Builder& b, const PduContext& ctx) {
  b.uint("version", 0, 9, 1);
  b.text("banner", 0, 9, "ceph v027");
  const uint32_t L = EntityAddr::kLegacySize;
  const auto a = EntityAddr::decode_legacy(b.src().data() + 9);
  b.addrs("addr", 9, L, {a}, a.to_string(), true);
  b.uint("nonce", 13, 4, a.nonce);
  if (ctx.server) {
    const auto p = EntityAddr::decode_legacy(b.src().data() + 9 + L);
    b.addrs("peer_addr", 9 + L, L, {p}, p.to_string(), true);
  }
  out.summary = "banner msgr v1 " + a.to_string();
}

void connect(PduLayout& out, Builder& b) {
  const auto c = msgr1::Connect::decode(b.src().data());
  fixed_fields(b, c, 0);
  if (c.authorizer_len) b.bytes("v1.authorizer", msgr1::Connect::kSize, c.authorizer_len);
  out.summary = "connect";
}

void reply(PduLayout& out, Builder& b) {
  constexpr uint32_t end = msgr1::ConnectReply::kSize;
  const auto r = msgr1::ConnectReply::decode(b.src().data());
  fixed_fields(b, r, 0);
  if (r.authorizer_len) b.bytes("v1.authorizer", end, r.authorizer_len);
  if (r.tag == msgr1::kTagSeq) b.wire("v1.seq", end + r.authorizer_len, 8);
  const char* n = msgr1::tag_name(r.tag);
  out.summary = std::string("connect_reply ") + (n ? n : "?");
}

void message(PduLayout& out, Builder& b, const PduContext& ctx, const LayoutOptions& o) {
  const Bytes pdu = b.src();
  b.uint("v1.tag", 0, 1, kTagMsg);
  const auto h = msgr1::MsgHeader::decode(pdu.data() + 1);
  b.open(GroupKind::Msg, "msg", 0, uint32_t(pdu.size()), message_label(h.type, h.seq));
  messages::DecodedFields front;
  const uint32_t front_off = 1 + msgr1::MsgHeader::kSize;
  out.summary = message_text(out, b,
                             {h.type, h.version, h.tid, h.seq, h.src, front_off, h.front_len,
                              front_off + h.front_len + h.middle_len, h.data_len, front_off + h.front_len,
                              h.middle_len},
                             o, &front);
  v1_header(b, h, o);
  SectionPlaces s;
  s.off[0] = 1 + msgr1::MsgHeader::kSize;
  s.len[0] = h.front_len;
  s.off[1] = s.off[0] + h.front_len;
  s.len[1] = h.middle_len;
  s.off[2] = s.off[1] + h.middle_len;
  s.len[2] = h.data_len;
  sections(b, h.type, h.version, s, h.data_off, front);

  const bool with_sig = ctx.v1_footer_with_sig;
  const uint32_t footer = s.off[2] + h.data_len;
  const uint32_t flen = uint32_t(msgr1::MsgFooter::size(with_sig));
  const auto ft = msgr1::MsgFooter::decode(pdu.data() + footer, with_sig);
  b.open(GroupKind::Footer, nullptr, footer, flen, with_sig ? "ceph_msg_footer" : "ceph_msg_footer_old");
  using F = msgr1::MsgFooter::Off;
  auto crc_of = [&](int i) { return ceph_crc32c(kCrcSeedV1, pdu.subspan(s.off[i], s.len[i])); };
  b.crc("v1.front_crc", footer + F::front_crc, crc_of(0), true, true, "front", o);
  b.crc("v1.middle_crc", footer + F::middle_crc, crc_of(1), true, true, "middle", o);
  b.crc("v1.data_crc", footer + F::data_crc, crc_of(2), !(ft.flags & msgr1::kFooterNoCrc), false, "data", o);
  if (with_sig) b.wire("v1.footer.sig", footer + F::sig, 8);
  b.wire("v1.footer.flags", footer + uint32_t(F::flags(with_sig)), 1);
  if (!(ft.flags & msgr1::kFooterComplete)) b.note(FieldNote::Aborted, b.last());
  b.close();
  b.close();
}

void open_tag(PduLayout& out, Builder& b, const PduContext& ctx, const LayoutOptions& o) {
  const uint8_t tag = b.src()[0];
  if (tag == kTagMsg) return message(out, b, ctx, o);
  b.wire("v1.tag", 0, 1);
  if (tag == msgr1::kTagAck) {
    const uint64_t seq = b.wire("ack", 1, 8).u;
    out.summary = "ACK " + std::to_string(seq);
    return;
  }
  if (tag == msgr1::kTagKeepalive2 || tag == msgr1::kTagKeepalive2Ack) {
    b.wire("keepalive.sec", 1, 4);
    b.wire("keepalive.nsec", 5, 4);
  }
  const char* n = msgr1::tag_name(tag);
  out.summary = n ? n : "";
}

}  // namespace

void v1_header(Builder& b, const msgr1::MsgHeader& h, const LayoutOptions& o) {
  constexpr uint32_t at = 1;  // after the tag
  b.open(GroupKind::Header, nullptr, at, msgr1::MsgHeader::kSize, "ceph_msg_header");
  fixed_fields(b, h, at);
  b.crc("v1.header_crc", at + msgr1::MsgHeader::Off::crc, msgr1::MsgHeader::compute_crc(b.src().data() + at), true, true, "header", o);
  b.close();
}

void v1_pdu(PduLayout& out, const PduContext& ctx, Bytes pdu, const LayoutOptions& o) {
  Builder b(out.fields, pdu);
  if (ctx.kind != PduKind::Banner) b.uint("version", 0, 0, 1).generated = true;
  switch (ctx.kind) {
    case PduKind::Banner: return banner(out, b, ctx);
    case PduKind::V1Connect: return connect(out, b);
    case PduKind::V1ConnectReply: return reply(out, b);
    case PduKind::V1SeqValue:
      b.wire("v1.seq", 0, 8);
      out.summary = "seq";
      return;
    case PduKind::V1Open: return open_tag(out, b, ctx, o);
    default: return;
  }
}

}  // namespace cephwire::layout
