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
    case St::SecureFrame: return on_secure_frame(s, in);
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
    case St::Cipher:
    case St::SecureFrame: return "msgr2 secure frame";
    case St::Payload: return "message payload";
    default: return "item";
  }
}

AtEnd V2Machine::at_end(bool partial) const {
  switch (st_) {
    case St::AwaitPeerBanner: return AtEnd::Clean;
    case St::Cipher: return partial ? AtEnd::Truncated : AtEnd::Clean;
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
      if (client_auth_finished(s) && s.info().con_mode == msgr2::kConModeSecure)
        return s.S.secure.cipher[size_t(s.dir)] ? PduKind::V2Secure : PduKind::Ciphertext;
      return PduKind::V2Frame;
    case St::Cipher:
      if (partial) return PduKind::Unknown;
      return decrypting(s) ? PduKind::V2Secure : PduKind::Ciphertext;
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
    if (s.info().con_mode == msgr2::kConModeSecure) {
      s.S.secure.switch_at[size_t(s.dir)] = s.off;
      return go(s, St::Cipher);
    }
  }
  const uint8_t* p = s.gather(in, msgr2::Preamble::kSize);
  if (!p) return;
  s.item_off = s.gather_off;
  pre_ = msgr2::Preamble::decode(p);
  decrypted_ = false;
  s.begin_crcs();
  s.record(s.S.check(CrcField::V2Preamble, 0, pre_.crc, msgr2::Preamble::compute_crc(p),
                     s.item_off + msgr2::Preamble::kCrcOffset, true, true));
  if (!accept_preamble(s)) return;
  seg0_.clear();
  seg0_crc_ = kCrcSeedSegment;
  go(s, St::Seg0);
  if (pre_.segments[0].length == 0) after_seg0(s);
}

// What a preamble (crc mode, or decrypted) must be for its frame to be read.
bool V2Machine::accept_preamble(Side& s) {
  // A decrypted frame that breaks the rules ends decryption (there is no
  // searching in ciphertext); a crc-mode one starts a search.
  auto reject = [&](ErrorKind kind, std::string why) {
    if (decrypted_) {
      s.error(kind, s.item_off, why);
      stop_decrypting(s, s.item_off, "a decrypted frame breaks the rules", false);
    } else {
      s.fail(kind, s.item_off, std::move(why));
    }
    return false;
  };
  // Senders drop trailing empty segments; Ceph rejects a frame whose last
  // declared segment is empty (plausible() says no too; this says why).
  if (pre_.num_segments > 1 && pre_.num_segments <= msgr2::kMaxSegments &&
      pre_.segments[pre_.num_segments - 1].length == 0)
    return reject(ErrorKind::Malformed,
                  std::string("msgr2 ") + tag_label(pre_.tag) + " preamble declares " +
                      std::to_string(pre_.num_segments) + " segments and the last is empty");
  if (!pre_.plausible())
    return reject(ErrorKind::Malformed,
                  "msgr2 preamble with tag " + std::to_string(pre_.tag) + " and " +
                      std::to_string(pre_.num_segments) + " segments");
  s.msg = Message{};
  is_message_ = pre_.tag == uint8_t(msgr2::Tag::Message);
  compressed_ = (pre_.flags & msgr2::kFlagCompressed) != 0;
  layout_ = msgr2::FrameLayout::of(pre_, s.info().rev1);
  const auto& seg = pre_.segments;
  if (!within_limits(pre_, s.opt().limits))
    return reject(ErrorKind::LengthLimit,
                  std::string("msgr2 ") + (msgr2::tag_name(pre_.tag)) + " segment lengths " +
                      std::to_string(seg[0].length) + "/" + std::to_string(seg[1].length) + "/" +
                      std::to_string(seg[2].length) + "/" + std::to_string(seg[3].length) + " are over the limits");
  if (is_message_ && !compressed_ && seg[0].length < msgr2::MsgHeader2::kSize)
    return reject(ErrorKind::Malformed,
                  "msgr2 MESSAGE segment 0 of " + std::to_string(seg[0].length) +
                      " bytes is shorter than ceph_msg_header2");
  for (auto& z : zseg_) z.clear();
  return true;
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

// A MESSAGE frame's header is read: the message begins.
void V2Machine::begin_message(Side& s) {
  if (!is_message_ || compressed_) return;
  s.msg = Message{};
  s.msg.take_header(msgr2::MsgHeader2::decode(seg0_.data()));
  s.msg.front_len = pre_.segments[1].length;
  s.msg.middle_len = pre_.segments[2].length;
  s.msg.data_len = pre_.segments[3].length;
  s.msg.src = source_of(s);
}

void V2Machine::after_crc0(Side& s) {
  begin_message(s);
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
    learn_keys(s);
    MessageEvent ev{s.msg, s.item_off, length, crcs, &pre_, layout_, 0, {}};
    if (inflated) {
      ev.compression = s.info().compression_method;
      ev.header2 = seg0_;
    }
    ev.decrypted = decrypted_;
    s.S.L.on_message(s.dir, ev);
    s.msg = Message{};
    return go(s, decrypted_ ? St::Cipher : St::Preamble);
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
  ev.decrypted = decrypted_;
  s.S.L.on_v2_frame(s.dir, ev);
  go(s, decrypted_ ? St::Cipher : St::Preamble);
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
    if (!from_server) {
      if (auth.client_frames == 0) s.S.secure.auth_request = a->auth_payload;
      s.S.secure.last_request = a->auth_payload;
      ++auth.client_frames;
    }
  } else if (auto* m = std::get_if<msgr2::AuthRequestMore>(&c)) {
    if (!from_server) {
      s.S.secure.last_request = m->auth_payload;
      ++auth.client_frames;
    }
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
      s.S.secure.auth_done = done->auth_payload;
      s.S.secure.recorded = true;
      if (done->con_mode == msgr2::kConModeSecure) {
        go(s, St::Cipher);
        open_secure(s);
      }
      // The handshake's bytes are kept only for a secure session's signatures.
      if (!s.S.secure.keys)
        for (Dir d : {Dir::ToServer, Dir::ToClient}) s.S.secure.release(d);
    }
  } else if (auto* sig = std::get_if<msgr2::AuthSignature>(&c)) {
    if (decrypted_) check_signature(s, *sig);
  } else if (auto* ci = std::get_if<msgr2::ClientIdent>(&c)) {
    info.global_id[d] = ci->global_id;
    info.v2_addrs[d] = ci->addrs;
    info.v2_features[d] = ci->supported_features;
    if (!ci->addrs.addrs.empty()) info.client_nonce = ci->addrs.addrs.front().nonce;
  } else if (auto* si = std::get_if<msgr2::ServerIdent>(&c)) {
    info.global_id[d] = si->global_id;
    info.v2_addrs[d] = si->addrs;
    info.v2_features[d] = si->supported_features;
  } else if (auto* rc = std::get_if<msgr2::SessionReconnect>(&c)) {
    info.v2_addrs[d] = rc->addrs;  // a session resumed says who it is so, instead of CLIENT_IDENT
  }
}

// ---- secure mode ---------------------------------------------------------------

bool V2Machine::decrypting(const Side& s) const {
  return (st_ == St::Cipher || st_ == St::SecureFrame) && s.S.secure.cipher[size_t(s.dir)].has_value();
}

void V2Machine::open_secure(Side& s) {
  auto& sec = s.S.secure;
  secure::KeyStore* keys = s.opt().keys;
  if (!keys) return;
  const auto& info = s.info();
  // The switch points: after AUTH_DONE here, after the request it answered in
  // the client's direction (which waits there for this answer).
  sec.switch_at[size_t(Dir::ToClient)] = s.off;
  sec.switch_at[size_t(Dir::ToServer)] = s.peer().off;
  secure::Handshake h{sec.auth_request,
                      sec.last_request,
                      sec.auth_done,
                      info.auth_method,
                      info.entity_type[size_t(Dir::ToServer)],
                      info.entity_type[size_t(Dir::ToClient)]};
  auto r = keys->open(h);
  SecureEvent ev;
  ev.offset = s.item_off;
  if (r.keys && r.keys->connection_secret.size() < secure::kMinConnectionSecret) {
    r.why = "the connection secret has " + std::to_string(r.keys->connection_secret.size()) +
            " bytes (secure mode needs 40)";
    r.keys.reset();
  }
  if (!r.keys) {
    ev.kind = SecureEvent::Kind::NotOpened;
    ev.text = r.why;
    ev.had_key = r.had_key;
    s.S.L.on_secure(s.dir, ev);
    return;
  }
  sec.keys.emplace(std::move(*r.keys));
  for (Dir d : {Dir::ToServer, Dir::ToClient})
    sec.cipher[size_t(d)] = secure::FrameCipher::of(sec.keys->connection_secret, d, info.rev1);
  ev.kind = SecureEvent::Kind::Opened;
  ev.text = sec.keys->opened_with;
  ev.how = sec.keys->how;
  s.S.L.on_secure(s.dir, ev);
}

void V2Machine::stop_decrypting(Side& s, uint64_t at, std::string why, bool is_error) {
  auto& c = s.S.secure.cipher[size_t(s.dir)];
  if (!c) return;
  c.reset();
  if (is_error) s.error(ErrorKind::Malformed, at, "msgr2 secure frame: " + why + "; the rest of this direction stays encrypted");
  SecureEvent ev;
  ev.kind = SecureEvent::Kind::Stopped;
  ev.offset = at;
  ev.text = std::move(why);
  s.S.L.on_secure(s.dir, ev);
}

void V2Machine::cipher_gap(Side& s, uint64_t length) {
  if (!decrypting(s)) return;
  st_ = St::Cipher;
  s.done();
  stop_decrypting(s, s.off, "a gap of " + std::to_string(length) + " bytes: the frames after it cannot be decrypted",
                  false);
}

void V2Machine::check_signature(Side& s, const msgr2::AuthSignature& sig) {
  auto& sec = s.S.secure;
  if (!sec.keys) return;
  const size_t peer = size_t(peer_of(s.dir));
  SecureEvent ev;
  ev.kind = SecureEvent::Kind::Signature;
  ev.offset = s.item_off;
  if (sec.raw_lost[peer] || sec.raw[peer].size() < sec.switch_at[peer]) {
    ev.text = "not verified: the handshake bytes it signs are not all in the capture";
    s.S.L.on_secure(s.dir, ev);
    return;
  }
  const auto mac = secure::hmac_sha256(sec.keys->session_key.secret, Bytes(sec.raw[peer]).first(sec.switch_at[peer]));
  sec.release(peer_of(s.dir));  // each direction's bytes are signed once
  ev.good = mac == sig.sha256;
  if (!ev.good) {
    ev.text = "AUTH_SIGNATURE does not match the HMAC-SHA256 of the handshake it signs";
    s.error(ErrorKind::Protocol, s.item_off, ev.text);
  }
  s.S.L.on_secure(s.dir, ev);
}

// A decrypted MAuthReply on a monitor login teaches the key store.
void V2Machine::learn_keys(Side& s) {
  const auto& sec = s.S.secure;
  if (decrypted_ && s.dir == Dir::ToClient && sec.keys && sec.keys->mon_login && s.opt().keys &&
      s.msg.type == secure::cephx::kMsgAuthReply && !s.msg.front.empty())
    s.opt().keys->learn_auth_reply(*sec.keys, s.msg.front);
}

void V2Machine::on_cipher(Side& s, Bytes& in) {
  if (!decrypting(s)) {
    CiphertextEvent ev{s.off, in.size(), !cipher_started_};
    cipher_started_ = true;
    s.consume(in, in.size());
    s.S.L.on_ciphertext(s.dir, ev);
    return;
  }
  const auto& c = *s.S.secure.cipher[size_t(s.dir)];
  const size_t head = c.rev1 ? secure::kFirstOpSize : msgr2::Preamble::kSize;
  const uint8_t* p = s.gather(in, head);
  if (!p) return;
  s.item_off = s.gather_off;
  const auto l = secure::secure_frame_length(c, Bytes(p, head), s.opt().limits);
  if (l.status != secure::SecureStatus::Complete) {
    s.done();
    stop_decrypting(s, s.item_off, l.why, true);
    CiphertextEvent ev{s.item_off, head, !cipher_started_};
    cipher_started_ = true;
    s.S.L.on_ciphertext(s.dir, ev);
    return;
  }
  secure_len_ = l.length;
  // The frame is decrypted whole: its room at once (not grown piece by piece).
  s.acc.reserve(secure_len_);
  if (s.acc.empty()) s.acc.assign(p, p + head);
  st_ = St::SecureFrame;
  on_secure_frame(s, in);
}

void V2Machine::on_secure_frame(Side& s, Bytes& in) {
  const uint8_t* p = s.gather(in, secure_len_);
  if (!p) return;
  auto& c = *s.S.secure.cipher[size_t(s.dir)];
  std::string why;
  // The frame is gathered whole into acc (on_cipher put its first block
  // there) and decrypted where it lies.
  if (p != s.acc.data()) s.acc.assign(p, p + secure_len_);
  const bool ok = secure::decrypt_frame_in_place(c, std::span<uint8_t>(s.acc.data(), secure_len_), plain_, &why,
                                                 s.opt().limits);
  st_ = St::Cipher;
  if (!ok) {
    s.done();
    stop_decrypting(s, s.item_off, why, true);
    CiphertextEvent ev{s.item_off, secure_len_, !cipher_started_};
    cipher_started_ = true;
    s.S.L.on_ciphertext(s.dir, ev);
    return;
  }
  c.advance(plain_.ops);
  read_decrypted(s, plain_);
  s.done();  // (after reading: the views are into acc)
}

// A decrypted frame read as crc mode reads one, without segment CRCs (the
// GCM tags were its integrity check).
void V2Machine::read_decrypted(Side& s, const secure::DecryptedFrame& f) {
  decrypted_ = true;
  pre_ = f.preamble;
  s.begin_crcs();
  s.record(s.S.check(CrcField::V2Preamble, 0, pre_.crc, msgr2::Preamble::compute_crc(f.preamble_bytes.data()),
                     s.item_off + msgr2::Preamble::kCrcOffset, true, false));
  if (!accept_preamble(s)) return;
  seg0_.assign(f.seg[0].begin(), f.seg[0].end());
  seg0_.insert(seg0_.end(), f.seg0_rest.begin(), f.seg0_rest.end());
  begin_message(s);
  const auto& o = s.opt();
  // MAuthReply fronts are kept for the key store even when payloads are not.
  const bool wanted = o.collect_payload || (o.keys && s.msg.type == secure::cephx::kMsgAuthReply);
  const bool keep = wanted && is_message_ && !compressed_;
  const uint32_t n = pre_.num_segments;
  s.sections.begin({n > 1 ? pre_.segments[1].length : 0, n > 2 ? pre_.segments[2].length : 0,
                    n > 3 ? pre_.segments[3].length : 0},
                   kCrcSeedSegment, false,
                   {&s.msg, keep, keep && o.keeps_data_of(s.msg.type), compressed_ ? &zseg_ : nullptr});
  for (uint32_t i = 1; i < n; ++i) s.sections.take(f.seg[i]);
  msgr2::Epilogue e;
  e.late = f.late();
  finish_frame(s, f.late_status >= 0 ? &e : nullptr);
}

}  // namespace cephwire::parser
