#include "v2_machine.h"

#include <optional>
#include <string>

#include "cephwire/compression.h"
#include "cephwire/crc32c.h"
#include "cephwire/features.h"
#include "side.h"

namespace cephwire::parser {

void V2Machine::go(Side& s, St st) {
  s.done();
  st_ = st;
}

void V2Machine::feed(Side& s, Bytes& in) {
  do step(s, in);
  while (!in.empty() && s.phase == Phase::Machine && !waiting(s));
}

void V2Machine::step(Side& s, Bytes& in) {
  switch (st_) {
    case St::BannerLen: return on_banner_len(s, in);
    case St::BannerPayload: return on_banner_payload(s, in);
    case St::AwaitPeerBanner: return on_await_peer_banner(s);
    case St::Preamble: return on_preamble(s, in);
    case St::Seg0: return on_seg0(s, in);
    case St::Crc0: return on_crc0(s, in);
    case St::Payload: {
      s.consume(in, s.sections.take(in));
      if (!s.sections.active()) after_payload(s);
      return;
    }
    case St::Epilogue: return on_epilogue(s, in);
    case St::Cipher: return on_cipher(s, in);
  }
}

void V2Machine::settle(Side& s) {
  if (st_ == St::AwaitPeerBanner) on_await_peer_banner(s);
}

bool V2Machine::client_auth_finished(const Side& s) const {
  const auto& a = s.S.auth;
  return s.dir == Dir::ToServer && a.client_frames > 0 && !auth_done_ && a.answered() &&
         a.last_server_tag == uint8_t(msgr2::Tag::AuthDone);
}

bool V2Machine::peer_banner_lost(const Side& s) {
  const Side& peer = s.peer();
  return peer.phase == Phase::Resync || peer.phase == Phase::Closed ||
         (peer.phase == Phase::Start && s.info().midstream);
}

bool V2Machine::waiting_for_peer(const Side& s) const {
  switch (st_) {
    case St::AwaitPeerBanner: return !s.info().v2_banner[size_t(peer_of(s.dir))] && !peer_banner_lost(s);
    case St::Preamble: {
      const auto& a = s.S.auth;
      return s.dir == Dir::ToServer && s.acc.empty() && a.client_frames > 0 && !auth_done_ && !a.answered();
    }
    default: return false;
  }
}

const char* V2Machine::item_name() const {
  switch (st_) {
    case St::BannerLen:
    case St::BannerPayload: return "msgr2 banner";
    case St::Preamble: return "msgr2 preamble";
    case St::Seg0: return "msgr2 segment 0";
    case St::Crc0: return "msgr2 segment 0 crc";
    case St::Epilogue: return "msgr2 epilogue";
    case St::Payload: return "message payload";
    default: return "item";
  }
}

AtEnd V2Machine::at_end(bool partial) const {
  switch (st_) {
    case St::AwaitPeerBanner:
    case St::Cipher: return AtEnd::Clean;
    case St::Preamble: return partial ? AtEnd::Truncated : AtEnd::Clean;  // between frames when nothing is gathered
    case St::BannerLen:
    case St::BannerPayload: return AtEnd::InHandshake;
    default: return AtEnd::Truncated;
  }
}

PduKind V2Machine::next_pdu(const Side& s, bool partial) const {
  switch (st_) {
    case St::AwaitPeerBanner: return PduKind::V2Frame;
    case St::Preamble:
      if (partial) return PduKind::Unknown;
      if (client_auth_finished(s) && s.info().con_mode == msgr2::kConModeSecure) return PduKind::Ciphertext;
      return PduKind::V2Frame;
    case St::Cipher: return PduKind::Ciphertext;
    default: return PduKind::Unknown;
  }
}

void V2Machine::on_banner_len(Side& s, Bytes& in) {
  const uint8_t* p = s.gather(in, 2);
  if (!p) return;
  const uint16_t len = load_le16(p);
  if (len < msgr2::kBannerPayloadSize || len > 4096)
    return s.fail(ErrorKind::Malformed, s.item_off,
                  "msgr2 banner payload length " + std::to_string(len) + " is not plausible");
  banner_len_ = len;
  go(s, St::BannerPayload);
}

void V2Machine::on_banner_payload(Side& s, Bytes& in) {
  const uint8_t* p = s.gather(in, banner_len_);
  if (!p) return;
  BannerEvent ev;
  ev.protocol = Protocol::V2;
  ev.offset = s.item_off;
  ev.length = msgr2::kBannerFixedSize + banner_len_;
  ev.v2 = {load_le64(p + msgr2::Banner::kOffSupported - msgr2::kBannerFixedSize),
           load_le64(p + msgr2::Banner::kOffRequired - msgr2::kBannerFixedSize)};
  s.info().v2_banner[size_t(s.dir)] = ev.v2;
  s.S.L.on_banner(s.dir, ev);
  go(s, St::AwaitPeerBanner);
}

void V2Machine::on_await_peer_banner(Side& s) {
  auto& info = s.info();
  auto& mine = info.v2_banner[size_t(s.dir)];
  auto& theirs = info.v2_banner[size_t(peer_of(s.dir))];
  if (theirs) {
    info.rev1 = (mine->supported & theirs->supported & kMsgr2FeatureRevision1) != 0;
  } else if (!s.assume && !peer_banner_lost(s)) {
    return;
  }
  // Without the peer's banner (mid-stream peer, or waited too long) assume msgr2.1.
  go(s, St::Preamble);
}

void V2Machine::on_preamble(Side& s, Bytes& in) {
  if (s.acc.empty() && client_auth_finished(s)) {
    auth_done_ = true;
    if (s.info().con_mode == msgr2::kConModeSecure) return go(s, St::Cipher);
  }
  const uint8_t* p = s.gather(in, msgr2::Preamble::kSize);
  if (!p) return;
  s.item_off = s.gather_off;
  pre_ = msgr2::Preamble::decode(p);
  s.begin_crcs();
  s.record(s.S.check(CrcField::V2Preamble, 0, pre_.crc, msgr2::Preamble::compute_crc(p),
                     s.item_off + msgr2::Preamble::kCrcOffset, true, true));
  // Senders drop trailing empty segments; Ceph rejects a frame whose last
  // declared segment is empty (plausible() says no too; this says why).
  if (pre_.num_segments > 1 && pre_.num_segments <= msgr2::kMaxSegments &&
      pre_.segments[pre_.num_segments - 1].length == 0)
    return s.fail(ErrorKind::Malformed, s.item_off,
                  std::string("msgr2 ") + tag_label(pre_.tag) + " preamble declares " +
                      std::to_string(pre_.num_segments) + " segments and the last is empty");
  if (!pre_.plausible())
    return s.fail(ErrorKind::Malformed, s.item_off,
                  "msgr2 preamble with tag " + std::to_string(pre_.tag) + " and " +
                      std::to_string(pre_.num_segments) + " segments");
  s.msg = Message{};
  is_message_ = pre_.tag == uint8_t(msgr2::Tag::Message);
  compressed_ = (pre_.flags & msgr2::kFlagCompressed) != 0;
  layout_ = msgr2::FrameLayout::of(pre_, s.info().rev1);
  const auto& seg = pre_.segments;
  if (!within_limits(pre_, s.opt().limits))
    return s.fail(ErrorKind::LengthLimit, s.item_off,
                  std::string("msgr2 ") + (msgr2::tag_name(pre_.tag)) + " segment lengths " +
                      std::to_string(seg[0].length) + "/" + std::to_string(seg[1].length) + "/" +
                      std::to_string(seg[2].length) + "/" + std::to_string(seg[3].length) + " are over the limits");
  if (is_message_ && !compressed_ && seg[0].length < msgr2::MsgHeader2::kSize)
    return s.fail(ErrorKind::Malformed, s.item_off,
                  "msgr2 MESSAGE segment 0 of " + std::to_string(seg[0].length) +
                      " bytes is shorter than ceph_msg_header2");
  seg0_.clear();
  for (auto& z : zseg_) z.clear();
  seg0_crc_ = kCrcSeedSegment;
  go(s, St::Seg0);
  if (seg[0].length == 0) after_seg0(s);
}

void V2Machine::on_seg0(Side& s, Bytes& in) {
  const uint32_t len = pre_.segments[0].length;
  const uint8_t* p = s.gather(in, len);
  if (!p) return;
  seg0_.assign(p, p + len);
  after_seg0(s);
}

void V2Machine::after_seg0(Side& s) {
  if (s.opt().verify_crc) seg0_crc_ = ceph_crc32c(kCrcSeedSegment, seg0_);
  if (layout_.seg0_crc_offset >= 0) return go(s, St::Crc0);
  after_crc0(s);
}

void V2Machine::on_crc0(Side& s, Bytes& in) {
  const uint8_t* p = s.gather(in, 4);
  if (!p) return;
  s.record(s.S.check(CrcField::V2Segment, 0, load_le32(p), seg0_crc_, s.gather_off, true, true));
  after_crc0(s);
}

// The sender of this direction, as the handshake named it.
static EntityName source_of(const Side& s) {
  const size_t d = size_t(s.dir);
  return EntityName{s.info().entity_type[d], uint64_t(s.info().global_id[d].value_or(-1))};
}

void V2Machine::after_crc0(Side& s) {
  if (is_message_ && !compressed_) {
    s.msg = Message{};
    s.msg.take_header(msgr2::MsgHeader2::decode(seg0_.data()));
    s.msg.front_len = pre_.segments[1].length;
    s.msg.middle_len = pre_.segments[2].length;
    s.msg.data_len = pre_.segments[3].length;
    s.msg.src = source_of(s);
  }
  const auto& o = s.opt();
  const bool keep = o.collect_payload && is_message_ && !compressed_;
  const uint32_t n = layout_.num_segments;
  s.sections.begin({n > 1 ? pre_.segments[1].length : 0, n > 2 ? pre_.segments[2].length : 0,
                    n > 3 ? pre_.segments[3].length : 0},
                   kCrcSeedSegment, o.verify_crc,
                   {&s.msg, keep, keep && o.keeps_data_of(s.msg.type), compressed_ ? &zseg_ : nullptr});
  go(s, St::Payload);
  if (!s.sections.active()) after_payload(s);
}

void V2Machine::after_payload(Side& s) {
  if (layout_.epilogue_offset >= 0)
    go(s, St::Epilogue);
  else
    finish_frame(s, nullptr);
}

void V2Machine::on_epilogue(Side& s, Bytes& in) {
  const bool rev1 = layout_.rev1;
  const uint8_t* p = s.gather(in, msgr2::Epilogue::size(rev1));
  if (!p) return;
  auto e = msgr2::Epilogue::decode(p, rev1);
  const uint64_t at = s.item_off;
  // With `ms crc data = false` Ceph writes 0 as every segment CRC.
  if (!rev1)
    s.record(s.S.check(CrcField::V2Segment, 0, e.crc[0], seg0_crc_, at + layout_.crc_offset(0), true, true));
  for (uint32_t i = 1; i < layout_.num_segments; ++i)
    s.record(s.S.check(CrcField::V2Segment, uint8_t(i), e.crc[i], s.sections.crc(i - 1), at + layout_.crc_offset(i),
                       s.sections.complete(i - 1), true));
  finish_frame(s, &e);
}

// A compressed frame's segments back to what the sender compressed; false
// (with an error) when they do not decompress. Segment 0 goes to seg0_, the
// others to zseg_.
bool V2Machine::decompress(Side& s) {
  const uint32_t method = s.info().compression_method;
  if (method == 0) {
    s.error(ErrorKind::Protocol, s.item_off,
            std::string("compressed msgr2 ") + tag_label(pre_.tag) +
                " frame, but no COMPRESSION_DONE agreed on a method");
    return false;
  }
  std::string why;
  auto d = decompress_frame(method, {Bytes(seg0_), Bytes(zseg_[0]), Bytes(zseg_[1]), Bytes(zseg_[2])}, is_message_,
                            s.opt().limits, &why);
  if (!d) {
    s.error(ErrorKind::Malformed, s.item_off, std::string("compressed msgr2 ") + tag_label(pre_.tag) + ": " + why);
    return false;
  }
  seg0_ = std::move((*d)[0]);
  for (size_t k = 0; k < 3; ++k) zseg_[k] = std::move((*d)[k + 1]);
  return true;
}

void V2Machine::finish_frame(Side& s, const msgr2::Epilogue* e) {
  const bool aborted = e && e->aborted(layout_.rev1);
  const uint64_t length = s.off - s.item_off;
  const auto crcs = s.item_crcs();
  const bool inflated = compressed_ && !aborted && decompress(s);
  const auto& o = s.opt();
  if (is_message_ && (!compressed_ || inflated)) {
    if (inflated) {
      s.msg = Message{};
      s.msg.take_header(msgr2::MsgHeader2::decode(seg0_.data()));
      s.msg.src = source_of(s);
      s.msg.front_len = uint32_t(zseg_[0].size());
      s.msg.middle_len = uint32_t(zseg_[1].size());
      s.msg.data_len = uint32_t(zseg_[2].size());
      if (o.collect_payload) {
        s.msg.front = std::move(zseg_[0]);
        s.msg.middle = std::move(zseg_[1]);
        if (o.keeps_data_of(s.msg.type)) s.msg.data.append(zseg_[2]);
      }
    }
    s.msg.aborted = aborted;
    MessageEvent ev{s.msg, s.item_off, length, crcs, &pre_, layout_, 0, {}};
    if (inflated) {
      ev.compression = s.info().compression_method;
      ev.header2 = seg0_;
    }
    s.S.L.on_message(s.dir, ev);
    s.msg = Message{};
    return go(s, St::Preamble);
  }
  V2FrameEvent ev;
  ev.preamble = pre_;
  ev.layout = layout_;
  ev.offset = s.item_off;
  ev.payload = seg0_;
  ev.crcs = crcs;
  ev.aborted = aborted;
  std::optional<msgr2::ControlPayload> decoded;
  std::string why;
  if ((!compressed_ || inflated) && !is_message_) {
    decoded = msgr2::decode_control(msgr2::Tag(pre_.tag), seg0_, &why);
    if (!decoded) s.error(ErrorKind::Malformed, s.item_off, why);
  }
  ev.decoded = decoded ? &*decoded : nullptr;
  s.S.L.on_v2_frame(s.dir, ev);
  go(s, St::Preamble);
  if (decoded) apply_control(s, *decoded);
}

// What control frames change in the session.
void V2Machine::apply_control(Side& s, const msgr2::ControlPayload& c) {
  auto& info = s.info();
  auto& auth = s.S.auth;
  const size_t d = size_t(s.dir);
  const bool from_server = s.dir == Dir::ToClient;
  if (auto* h = std::get_if<msgr2::Hello>(&c)) {
    info.entity_type[d] = h->entity_type;
  } else if (auto* cd = std::get_if<msgr2::CompressionDone>(&c)) {
    // The server's answer sets the method both directions compress with.
    if (from_server) info.compression_method = cd->is_compress ? cd->method : 0;
  } else if (auto* a = std::get_if<msgr2::AuthRequest>(&c)) {
    info.auth_method = a->method;
    if (!from_server) ++auth.client_frames;
  } else if (std::holds_alternative<msgr2::AuthRequestMore>(c)) {
    if (!from_server) ++auth.client_frames;
  } else if (std::holds_alternative<msgr2::AuthReplyMore>(c) || std::holds_alternative<msgr2::AuthBadMethod>(c)) {
    if (from_server) {
      ++auth.server_frames;
      auth.last_server_tag = uint8_t(msgr2::tag_of(c));
    }
  } else if (auto* done = std::get_if<msgr2::AuthDone>(&c)) {
    if (from_server) {
      ++auth.server_frames;
      auth.last_server_tag = uint8_t(msgr2::Tag::AuthDone);
      info.con_mode = done->con_mode;
      info.assigned_global_id = done->global_id;
      if (done->con_mode == msgr2::kConModeSecure) go(s, St::Cipher);
    }
  } else if (auto* ci = std::get_if<msgr2::ClientIdent>(&c)) {
    info.global_id[d] = ci->global_id;
    info.v2_addrs[d] = ci->addrs;
    info.v2_features[d] = ci->supported_features;
    if (!ci->addrs.addrs.empty()) info.client_nonce = ci->addrs.addrs.front().nonce;
  } else if (auto* si = std::get_if<msgr2::ServerIdent>(&c)) {
    info.global_id[d] = si->global_id;
    info.v2_addrs[d] = si->addrs;
    info.v2_features[d] = si->supported_features;
  }
}

void V2Machine::on_cipher(Side& s, Bytes& in) {
  CiphertextEvent ev{s.off, in.size(), !cipher_started_};
  cipher_started_ = true;
  s.consume(in, in.size());
  s.S.L.on_ciphertext(s.dir, ev);
}

}  // namespace cephwire::parser
