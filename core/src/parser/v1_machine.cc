#include "v1_machine.h"

#include <algorithm>
#include <string>

#include "cephwire/crc32c.h"
#include "side.h"

namespace cephwire::parser {

void V1Machine::go(Side& s, St st) {
  s.done();
  st_ = st;
}

void V1Machine::feed(Side& s, Bytes& in) {
  do step(s, in);
  while (!in.empty() && s.phase == Phase::Machine && !waiting(s));
}

void V1Machine::step(Side& s, Bytes& in) {
  switch (st_) {
    case St::Hello: return on_hello(s, in);
    case St::Connect: return on_connect(s, in);
    case St::ConnectAuth: return on_connect_auth(s, in);
    case St::AwaitReply: return on_await_reply(s);
    case St::Reply: return on_reply(s, in);
    case St::ReplyAuth: return on_reply_auth(s, in);
    case St::SeqValue: return on_seq_value(s, in);
    case St::Tag: return on_tag(s, in);
    case St::TagBody: return on_tag_body(s, in);
    case St::Header: return on_header(s, in);
    case St::Payload: {
      s.consume(in, s.sections.take(in));
      if (!s.sections.active()) after_payload(s);
      return;
    }
    case St::Footer: return on_footer(s, in);
  }
}

void V1Machine::settle(Side& s) {
  if (st_ == St::AwaitReply) on_await_reply(s);
}

size_t V1Machine::replies_left(const Side& s) const {
  const size_t n = s.S.v1.reply_tags.size();
  return n > replies_used_ ? n - replies_used_ : 0;
}

const char* V1Machine::item_name() const {
  switch (st_) {
    case St::Hello: return "v1 banner address";
    case St::Connect:
    case St::ConnectAuth: return "v1 connect";
    case St::Reply:
    case St::ReplyAuth: return "v1 connect reply";
    case St::SeqValue: return "v1 seq exchange";
    case St::TagBody: return "v1 tag payload";
    case St::Header: return "v1 message header";
    case St::Footer: return "v1 message footer";
    case St::Payload: return "message payload";
    default: return "item";
  }
}

AtEnd V1Machine::at_end(bool partial) const {
  switch (st_) {
    case St::Tag:
    case St::AwaitReply: return AtEnd::Clean;
    case St::Connect:
    case St::Reply:  // between items: a refused or retried connect ends here
      return partial ? AtEnd::InHandshake : AtEnd::Clean;
    case St::Hello:
    case St::ConnectAuth:
    case St::ReplyAuth:
    case St::SeqValue: return AtEnd::InHandshake;
    default: return AtEnd::Truncated;
  }
}

PduKind V1Machine::next_pdu(const Side& s, bool) const {
  switch (st_) {
    case St::Connect: return PduKind::V1Connect;
    case St::Reply: return PduKind::V1ConnectReply;
    case St::SeqValue: return PduKind::V1SeqValue;
    case St::Tag: return PduKind::V1Open;
    case St::AwaitReply: {
      const auto& tags = s.S.v1.reply_tags;
      if (replies_used_ >= tags.size()) return PduKind::Unknown;
      const uint8_t tag = tags[replies_used_];
      return tag == msgr1::kTagReady ? PduKind::V1Open
             : tag == msgr1::kTagSeq ? PduKind::V1SeqValue
                                     : PduKind::V1Connect;
    }
    default: return PduKind::Unknown;
  }
}

void V1Machine::on_hello(Side& s, Bytes& in) {
  // The 8 banner bytes are in; the 9th ('7') and the address(es) follow.
  const bool server = s.dir == Dir::ToClient;
  const size_t n = 1 + EntityAddr::kLegacySize * (server ? 2 : 1);
  const uint8_t* p = s.gather(in, n);
  if (!p) return;
  if (p[0] != uint8_t(msgr1::kBanner.back()))
    return s.fail(ErrorKind::Malformed, s.item_off, "v1 banner is not \"ceph v027\"");
  BannerEvent ev;
  ev.protocol = Protocol::V1;
  ev.offset = s.item_off;
  ev.length = 8 + n;
  ev.v1_addr = EntityAddr::decode_legacy(p + 1);
  if (server) ev.v1_peer_addr = EntityAddr::decode_legacy(p + 1 + EntityAddr::kLegacySize);
  s.info().v1_addr[size_t(s.dir)] = ev.v1_addr;
  if (!server) s.info().client_nonce = ev.v1_addr.nonce;
  s.S.L.on_banner(s.dir, ev);
  go(s, server ? St::Reply : St::Connect);
}

void V1Machine::on_connect(Side& s, Bytes& in) {
  // A peer that answers a v1 banner with a msgr2 one switched protocols; its
  // 8-byte banner prefix tells, before a connect's worth of bytes arrives.
  const auto& v2 = msgr2::kBannerPrefix;
  const size_t have = std::min(v2.size(), s.acc.size() + in.size());
  size_t same = 0;
  for (; same < have; ++same) {
    const uint8_t c = same < s.acc.size() ? s.acc[same] : in[same - s.acc.size()];
    if (c != uint8_t(v2[same])) break;
  }
  if (same == v2.size()) {
    const uint64_t at = s.off - s.acc.size();
    s.item_off = at;
    return s.fail(ErrorKind::Protocol, at,
                  "a msgr2 banner where the v1 connect belongs: the peer answered a v1 banner with msgr2");
  }
  const uint8_t* p = s.gather(in, msgr1::Connect::kSize);
  if (!p) return;
  s.item_off = s.gather_off;
  connect_ = msgr1::Connect::decode(p);
  const auto max = s.opt().limits.max_control;
  if (connect_.authorizer_len > max)
    return s.fail(ErrorKind::LengthLimit, s.item_off,
                  "v1 connect authorizer_len " + std::to_string(connect_.authorizer_len) + " is over the limit of " +
                      std::to_string(max));
  go(s, St::ConnectAuth);
  if (connect_.authorizer_len == 0) {
    Bytes none;
    on_connect_auth(s, none);  // complete now: the reply must not wait for more client bytes
  }
}

void V1Machine::on_connect_auth(Side& s, Bytes& in) {
  const uint8_t* p = s.gather(in, connect_.authorizer_len);
  if (!p) return;
  auto& info = s.info();
  info.v1_features[0] = connect_.features;
  info.entity_type[0] = uint8_t(connect_.host_type);
  info.v1_authorizer_protocol = connect_.authorizer_protocol;
  s.S.L.on_v1_connect(s.dir, V1ConnectEvent{connect_, Bytes(p, connect_.authorizer_len), s.item_off});
  go(s, St::AwaitReply);
  on_await_reply(s);
}

void V1Machine::on_await_reply(Side& s) {
  auto& tags = s.S.v1.reply_tags;
  if (replies_used_ >= tags.size()) {
    if (!s.assume) return;  // settle() with nothing to go on
    tags.push_back(msgr1::kTagReady);
  }
  const uint8_t tag = tags[replies_used_++];
  if (tag == msgr1::kTagReady)
    go(s, St::Tag);
  else if (tag == msgr1::kTagSeq)
    go(s, St::SeqValue);
  else
    go(s, St::Connect);  // the client tries again
}

void V1Machine::on_reply(Side& s, Bytes& in) {
  const uint8_t* p = s.gather(in, msgr1::ConnectReply::kSize);
  if (!p) return;
  s.item_off = s.gather_off;
  reply_ = msgr1::ConnectReply::decode(p);
  if (!msgr1::tag_name(reply_.tag) || msgr1::fixed_tag_payload(reply_.tag) >= 0 || reply_.tag == msgr1::kTagMsg)
    return s.fail(ErrorKind::UnknownTag, s.item_off, "v1 connect reply with tag " + std::to_string(reply_.tag));
  const auto max = s.opt().limits.max_control;
  if (reply_.authorizer_len > max)
    return s.fail(ErrorKind::LengthLimit, s.item_off,
                  "v1 connect reply authorizer_len " + std::to_string(reply_.authorizer_len) +
                      " is over the limit of " + std::to_string(max));
  go(s, St::ReplyAuth);
  if (reply_.authorizer_len == 0) {
    Bytes none;
    on_reply_auth(s, none);
  }
}

void V1Machine::on_reply_auth(Side& s, Bytes& in) {
  const uint8_t* p = s.gather(in, reply_.authorizer_len);
  if (!p) return;
  const uint8_t tag = reply_.tag;
  if (tag == msgr1::kTagReady || tag == msgr1::kTagSeq) s.info().v1_features[1] = reply_.features;
  s.S.L.on_v1_connect_reply(s.dir, V1ConnectReplyEvent{reply_, Bytes(p, reply_.authorizer_len), s.item_off});
  s.S.v1.reply_tags.push_back(tag);
  if (tag == msgr1::kTagReady)
    go(s, St::Tag);
  else if (tag == msgr1::kTagSeq)
    go(s, St::SeqValue);
  else
    go(s, St::Reply);
}

void V1Machine::on_seq_value(Side& s, Bytes& in) {
  const uint8_t* p = s.gather(in, 8);
  if (!p) return;
  s.S.L.on_v1_tag(s.dir, V1TagEvent{0, load_le64(p), {}, s.gather_off, 8});
  go(s, St::Tag);
}

void V1Machine::on_tag(Side& s, Bytes& in) {
  s.item_off = s.off;
  tag_ = in[0];
  s.consume(in, 1);
  if (tag_ == msgr1::kTagMsg) return go(s, St::Header);
  const int body = msgr1::fixed_tag_payload(tag_);
  if (body < 0) {
    const char* name = msgr1::tag_name(tag_);
    return s.fail(ErrorKind::UnknownTag, s.item_off,
                  std::string("v1 tag ") + std::to_string(tag_) + (name ? std::string(" (") + name + ")" : "") +
                      " is not valid in an open session");
  }
  if (body == 0) {
    s.S.L.on_v1_tag(s.dir, V1TagEvent{tag_, 0, {}, s.item_off, 1});
    return go(s, St::Tag);
  }
  go(s, St::TagBody);
}

void V1Machine::on_tag_body(Side& s, Bytes& in) {
  const uint8_t* p = s.gather(in, size_t(msgr1::fixed_tag_payload(tag_)));
  if (!p) return;
  V1TagEvent ev{tag_, 0, {}, s.item_off, 9};
  if (tag_ == msgr1::kTagAck)
    ev.value = load_le64(p);
  else
    ev.stamp = {load_le32(p), load_le32(p + 4)};
  s.S.L.on_v1_tag(s.dir, ev);
  go(s, St::Tag);
}

void V1Machine::on_header(Side& s, Bytes& in) {
  const uint8_t* p = s.gather(in, msgr1::MsgHeader::kSize);
  if (!p) return;
  auto h = msgr1::MsgHeader::decode(p);
  s.begin_crcs();
  s.record(s.S.check(CrcField::V1Header, 0, h.crc, msgr1::MsgHeader::compute_crc(p),
                     s.item_off + 1 + msgr1::MsgHeader::kCrcOffset, true, true));
  if (!within_limits(h, s.opt().limits))
    return s.fail(ErrorKind::LengthLimit, s.item_off,
                  "v1 message seq " + std::to_string(h.seq) + " lengths front " + std::to_string(h.front_len) +
                      " middle " + std::to_string(h.middle_len) + " data " + std::to_string(h.data_len) +
                      " are over the limits");
  s.msg = Message{};
  s.msg.take_header(h);
  const auto& o = s.opt();
  s.sections.begin({h.front_len, h.middle_len, h.data_len}, kCrcSeedV1, o.verify_crc,
                   {&s.msg, o.collect_payload, o.collect_payload && o.keeps_data_of(h.type), nullptr});
  go(s, St::Payload);
  if (!s.sections.active()) after_payload(s);
}

void V1Machine::after_payload(Side& s) { go(s, St::Footer); }

void V1Machine::on_footer(Side& s, Bytes& in) {
  const bool with_sig = s.info().v1_footer_with_sig();
  const uint8_t* p = s.gather(in, msgr1::MsgFooter::size(with_sig));
  if (!p) return;
  const uint64_t at = s.gather_off;
  auto f = msgr1::MsgFooter::decode(p, with_sig);
  Message& m = s.msg;
  m.footer_flags = f.flags;
  m.sig = f.sig;
  m.aborted = !(f.flags & msgr1::kFooterComplete);
  const auto& sec = s.sections;
  s.record(s.S.check(CrcField::V1Front, 0, f.front_crc, sec.crc(0), at, sec.complete(0), true));
  s.record(s.S.check(CrcField::V1Middle, 0, f.middle_crc, sec.crc(1), at + 4, sec.complete(1), true));
  s.record(s.S.check(CrcField::V1Data, 0, f.data_crc, sec.crc(2), at + 8,
                     sec.complete(2) && !(f.flags & msgr1::kFooterNoCrc)));
  MessageEvent ev{m, s.item_off, s.off - s.item_off, s.item_crcs(), nullptr, {}, 0, {}};
  s.S.L.on_message(s.dir, ev);
  s.msg = Message{};
  go(s, St::Tag);
}

}  // namespace cephwire::parser
