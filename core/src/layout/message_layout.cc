// The parts of a message both protocols lay out the same way, and the entry points.
#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "cephwire/messages/ceph_text.h"
#include "cephwire/msg_types.h"
#include "parts.h"

namespace cephwire {

namespace layout {

const char* type_name(uint16_t type) {
  const char* n = msg_type_name(type);
  return n ? n : "unknown";
}

std::string message_summary(uint16_t type, uint64_t tid, uint64_t seq, uint32_t front, uint32_t data) {
  return messages::header_summary(type, tid, seq, front, data);
}

std::string message_label(uint16_t type, uint64_t seq) {
  char s[120];
  std::snprintf(s, sizeof s, "Message: %s(%u) seq %" PRIu64, type_name(type), type, seq);
  return s;
}

std::string message_text(PduLayout& out, Builder& b, const MessageFacts& m, const LayoutOptions& o,
                         messages::DecodedFields* fields) {
  const Bytes front = b.src().subspan(m.front_off, m.front_len);
  out.message = LaidMessage{m.type, m.version, m.tid, m.seq, m.src,
                            messages::transaction_of({m.type, m.version, m.tid, front,
                                                      b.src().subspan(m.data_off, m.data_len)}),
                            b.source(), m.front_off, m.front_len, m.data_off, m.data_len};
  if (!o.decode_fronts) {
    const std::string s = message_summary(m.type, m.tid, m.seq, m.front_len, m.data_len);
    b.text("msg.summary", m.front_off, m.front_len, s).generated = true;
    return s;
  }
  std::string why;
  if (fields) fields->reserve(32);  // a client_caps front gives about 50, most fronts fewer
  const Bytes middle = b.src().subspan(m.middle_off, m.middle_len), data = b.src().subspan(m.data_off, m.data_len);
  auto t = messages::ceph_text({m.type, m.version, m.tid, m.src, front, middle, data}, &why, fields);
  // One summary a message, decoded or not: counting the field counts messages.
  std::string s = t ? std::move(*t) : message_summary(m.type, m.tid, m.seq, m.front_len, m.data_len);
  b.text("msg.summary", m.front_off, m.front_len, s).generated = true;
  // A type without a printer is not an error: Ceph has more than are decoded here.
  if (!t && messages::has_ceph_text(m.type))
    b.note(FieldNote::Undecoded, b.last(),
           std::string(type_name(m.type)) + " v" + std::to_string(m.version) + " front of " +
               std::to_string(m.front_len) + "+" + std::to_string(m.middle_len) + "+" + std::to_string(m.data_len) +
               " bytes not decoded: " + why);
  return s;
}

void sections(Builder& b, uint16_t type, uint16_t version, const SectionPlaces& s, uint16_t data_off_field,
              const messages::DecodedFields& front) {
  if (s.len[0]) {
    b.open(GroupKind::Front, "msg.front", s.off[0], s.len[0]).kind = FieldKind::Bytes;
    b.reserve(front.size() + 8);
    if (!front.empty()) decoded_fields(b, s.off[0], 0, type, version, front);
    b.close();
  }
  if (s.len[1]) b.bytes("msg.middle", s.off[1], s.len[1]);
  if (s.len[2]) {
    LaidField& d = b.open(GroupKind::Data, "msg.data", s.off[2], s.len[2]);
    d.kind = FieldKind::Bytes;
    d.new_source = true;
    d.text = "Data payload";  // Wireshark adds " (N bytes)"
    const uint32_t page_off = data_off_field & 0xfff;
    b.uint("msg.data_page_offset", s.off[2], 0, page_off);
    b.uint("msg.data_pages", s.off[2], 0, (page_off + uint64_t(s.len[2]) + 4095) / 4096);
    if (!front.empty()) decoded_fields(b, s.off[2], 2, type, version, front);
    b.close();
  }
}

}  // namespace layout

PduLayout pdu_layout(const PduContext& ctx, Bytes pdu, const LayoutOptions& o) {
  PduLayout out;
  const bool v2_banner = ctx.kind == PduKind::Banner && pdu.size() >= msgr2::kBannerPrefix.size() &&
                         std::memcmp(pdu.data(), msgr2::kBannerPrefix.data(), msgr2::kBannerPrefix.size()) == 0;
  if (ctx.kind == PduKind::V2Frame || ctx.kind == PduKind::V2Secure || v2_banner)
    layout::v2_pdu(out, ctx, pdu, o);
  else
    layout::v1_pdu(out, ctx, pdu, o);
  return out;
}

PduLayout cut_layout(const PduContext& ctx, Bytes have, const LayoutOptions& o) {
  PduLayout out;
  layout::Builder b(out.fields, have);
  // The message header is enough to say which message the gap cut.
  if (ctx.kind == PduKind::V1Open && have.size() >= 1 + msgr1::MsgHeader::kSize && have[0] == msgr1::kTagMsg) {
    b.uint("v1.tag", 0, 1, msgr1::kTagMsg);
    const auto h = msgr1::MsgHeader::decode(have.data() + 1);
    b.open(GroupKind::Msg, "msg", 0, uint32_t(have.size()), layout::message_label(h.type, h.seq) + " (cut short)");
    layout::v1_header(b, h, o);
    b.close();
    out.summary = layout::message_summary(h.type, h.tid, h.seq, h.front_len, h.data_len);
    return out;
  }
  if (ctx.kind != PduKind::V2Frame || have.size() < msgr2::Preamble::kSize + msgr2::MsgHeader2::kSize) return out;
  const auto pre = msgr2::Preamble::decode(have.data());
  if (pre.tag != uint8_t(msgr2::Tag::Message) || (pre.flags & msgr2::kFlagCompressed) ||
      pre.segments[0].length < msgr2::MsgHeader2::kSize)
    return out;
  const uint32_t s0 = msgr2::Preamble::kSize;
  const auto h = msgr2::MsgHeader2::decode(have.data() + s0);
  b.open(GroupKind::Msg, "msg", s0, uint32_t(have.size()) - s0, layout::message_label(h.type, h.seq) + " (cut short)");
  layout::v2_header(b, s0, msgr2::MsgHeader2::kSize);
  static const char* const kLens[3] = {"msg.front_len", "msg.middle_len", "msg.data_len"};
  for (uint32_t i = 0; i < 3; ++i) b.wire(kLens[i], 8 + 6 * i, 4);
  b.close();
  out.summary = layout::message_summary(h.type, h.tid, h.seq, pre.segments[1].length, pre.segments[3].length);
  return out;
}

}  // namespace cephwire
