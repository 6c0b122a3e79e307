#include "wire_session.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>

#include "cephwire/msg_types.h"
#include "hex.h"

namespace cephwire::replay {
namespace {

constexpr int32_t kEopnotsupp = -95;
constexpr size_t kReadChunk = 256 * 1024;
constexpr int kReadsPerCall = 64;  // then let other sessions run

ParserOptions parser_options(const SessionConfig& c) {
  ParserOptions o;
  o.collect_data = c.keep_data;
  return o;
}

}  // namespace

WireSession::WireSession(int fd, SessionConfig config, SessionHandler& handler, std::string name)
    : fd_(fd),
      config_(std::move(config)),
      handler_(handler),
      name_(std::move(name)),
      parser_(*this, parser_options(config_)),
      last_progress_(Clock::now()) {
  rbuf_.resize(kReadChunk);
  if (config_.role == Role::Client) {
    if (config_.protocol == Protocol::V1)
      queue_raw(msgr1::encode_client_hello(config_.my_addr));
    else
      queue_raw(msgr2::encode_banner(msgr2::Banner{kMsgr2FeatureRevision1, 0}));
  }
}

WireSession::~WireSession() { close_now(); }

void WireSession::close_now() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

short WireSession::poll_events() const {
  if (failed_ || fd_ < 0) return 0;
  bool reading = config_.read_limit == 0 || stats_.bytes_in < config_.read_limit;
  return short((reading ? POLLIN : 0) | (out_.empty() ? 0 : POLLOUT));
}

uint64_t WireSession::unsent_bytes() const { return unsent_; }

void WireSession::fail(const std::string& why) {
  if (failed_) return;
  failed_ = true;
  error_ = why;
  out_.clear();
  held_.clear();
  unsent_ = 0;
  handler_.on_failed(*this, why);
}

void WireSession::queue_frame(WireFrame f, std::shared_ptr<OutgoingMessage> keep) {
  Pending p;
  p.size = f.size();
  unsent_ += p.size;
  p.frame = std::move(f);
  p.keep = std::move(keep);
  out_.push_back(std::move(p));
}

void WireSession::queue_raw(std::vector<uint8_t> bytes) {
  if (handshake_fed_) parser_.feed(mine(), bytes);
  WireFrame f;
  f.head = std::move(bytes);
  queue_frame(std::move(f), nullptr);
}

void WireSession::queue_control(const msgr2::ControlPayload& p) {
  msgr2::EncodeOptions o;
  o.rev1 = parser_.info().rev1;
  queue_raw(msgr2::encode_control(p, o).flatten());
}

uint64_t WireSession::send(std::shared_ptr<OutgoingMessage> m) {
  m->msg.seq = ++out_seq_;
  if (ready_) {
    encode_and_queue(std::move(m));
  } else {
    unsent_ += m->msg.front.size() + m->data().length();  // an estimate until it is encoded
    held_.push_back(std::move(m));
  }
  return out_seq_;
}

WireFrame WireSession::encode(OutgoingMessage& m) {
  if (protocol() == Protocol::V1) {
    m.msg.src = src;
    msgr1::EncodeOptions o;
    o.footer_with_sig = parser_.info().v1_footer_with_sig();
    return msgr1::encode_message(m.msg, m.data(), o);
  }
  m.msg.ack_seq = in_seq_;
  msgr2::EncodeOptions o;
  o.rev1 = parser_.info().rev1;
  return msgr2::encode_message(m.msg, m.data(), o);
}

void WireSession::encode_and_queue(std::shared_ptr<OutgoingMessage> m) {
  ++stats_.messages_out;
  WireFrame f = encode(*m);
  queue_frame(std::move(f), std::move(m));
}

std::vector<uint8_t> WireSession::encode_as_next(OutgoingMessage& m) {
  m.msg.seq = out_seq_ + 1;
  return encode(m).flatten();
}

void WireSession::become_ready() {
  if (ready_) return;
  ready_ = true;
  handshake_fed_ = false;  // from here on the parser reads the peer only
  auto held = std::move(held_);
  held_.clear();
  for (auto& m : held) {
    unsent_ -= m->msg.front.size() + m->data().length();
    encode_and_queue(std::move(m));
  }
  handler_.on_ready(*this);
}

void WireSession::send_ack_if_due() {
  if (!ready_ || failed_ || in_seq_ == acked_sent_) return;
  acked_sent_ = in_seq_;
  if (protocol() == Protocol::V1)
    queue_raw(msgr1::encode_ack(in_seq_));
  else
    queue_control(msgr2::Ack{in_seq_});
}

// ---- events from the parser -------------------------------------------------

void WireSession::on_banner(Dir d, const BannerEvent& b) {
  if (d != theirs()) return;
  if (config_.role == Role::Server) {
    if (b.protocol == Protocol::V1) {
      EntityAddr seen = peer_entity_addr(fd_, kAddrLegacy, b.v1_addr.nonce);
      queue_raw(msgr1::encode_server_hello(config_.my_addr, seen));
    } else {
      queue_raw(msgr2::encode_banner(msgr2::Banner{kMsgr2FeatureRevision1, 0}));
      queue_control(msgr2::Hello{config_.my_type, peer_entity_addr(fd_, kAddrMsgr2, 0)});
    }
    return;
  }
  if (b.protocol != config_.protocol) {
    const bool v1 = config_.protocol == Protocol::V1;
    fail(std::string("the server speaks ") + (v1 ? "msgr2" : "msgr v1") + " on this port, the capture's session " +
         (v1 ? "msgr v1: give its msgr v1 port (a monitor's is 6789 by default)"
             : "msgr2: give its msgr2 port (a monitor's is 3300 by default)"));
    return;
  }
  if (b.protocol == Protocol::V1) {
    msgr1::Connect c;
    c.features = config_.features;
    c.host_type = config_.my_type;
    c.global_seq = config_.global_seq;
    c.connect_seq = 0;
    c.protocol_version = config_.v1_protocol_version;
    c.authorizer_protocol = config_.authorizer_protocol;
    c.flags = config_.v1_connect_flags;
    queue_raw(msgr1::encode_connect(c, config_.authorizer));
  } else {
    queue_control(msgr2::Hello{config_.my_type, config_.peer_addr});
  }
}

void WireSession::on_v1_connect(Dir d, const V1ConnectEvent& e) {
  if (d != theirs() || config_.role != Role::Server) return;
  msgr1::ConnectReply r;
  if (e.connect.authorizer_protocol > kAuthNone) {
    r.tag = msgr1::kTagBadAuthorizer;  // auth none only
  } else {
    r.tag = msgr1::kTagReady;
  }
  r.features = config_.features & e.connect.features;
  r.global_seq = config_.global_seq;
  r.connect_seq = e.connect.connect_seq + 1;
  r.protocol_version = e.connect.protocol_version;
  r.flags = e.connect.flags & msgr1::kConnectLossy;
  queue_raw(msgr1::encode_connect_reply(r, {}));
  if (r.tag == msgr1::kTagReady) become_ready();
}

void WireSession::on_v1_connect_reply(Dir d, const V1ConnectReplyEvent& e) {
  if (d != theirs() || config_.role != Role::Client) return;
  peer_features_ = e.reply.features;
  switch (e.reply.tag) {
    case msgr1::kTagReady:
      become_ready();
      return;
    case msgr1::kTagSeq:
      v1_seq_pending_ = true;  // its le64 follows; we answer with ours
      return;
    default: {
      const char* t = msgr1::tag_name(e.reply.tag);
      fail(std::string("the server refused the connection: connect reply ") +
           (t ? t : std::to_string(e.reply.tag)) +
           (e.reply.tag == msgr1::kTagBadAuthorizer ? " (is the cluster configured for auth none?)" : ""));
    }
  }
}

void WireSession::on_v1_tag(Dir d, const V1TagEvent& e) {
  if (d != theirs()) return;
  switch (e.tag) {
    case 0:  // the le64 after a SEQ connect reply: what the server last received
      if (v1_seq_pending_) {
        v1_seq_pending_ = false;
        queue_raw(msgr1::encode_seq(in_seq_));
        become_ready();
      }
      return;
    case msgr1::kTagAck:
      if (e.value > acked_seq_) {
        acked_seq_ = e.value;
        handler_.on_acked(*this, acked_seq_);
      }
      return;
    case msgr1::kTagKeepalive2:
      queue_raw(msgr1::encode_keepalive2(msgr1::kTagKeepalive2Ack, e.stamp.sec, e.stamp.nsec));
      return;
    case msgr1::kTagClose:
      fail("the peer closed the session (CLOSE)");
      return;
    default:
      return;
  }
}

void WireSession::on_v2_frame(Dir d, const V2FrameEvent& e) {
  if (d != theirs()) return;
  if (!e.decoded) {
    fail("undecodable " + std::string(msgr2::tag_name(uint8_t(e.preamble.tag)) ? msgr2::tag_name(uint8_t(e.preamble.tag)) : "unknown") +
         " frame from the peer at stream offset " + std::to_string(e.offset));
    return;
  }
  const auto& p = *e.decoded;
  const bool client = config_.role == Role::Client;
  if (auto* a = std::get_if<msgr2::Ack>(&p)) {
    if (a->seq > acked_seq_) {
      acked_seq_ = a->seq;
      handler_.on_acked(*this, acked_seq_);
    }
  } else if (auto* k = std::get_if<msgr2::Keepalive2>(&p)) {
    queue_control(msgr2::Keepalive2Ack{k->timestamp});
  } else if (std::get_if<msgr2::Keepalive2Ack>(&p)) {
  } else if (std::get_if<msgr2::Hello>(&p)) {
    if (client) {
      msgr2::AuthRequest r;
      r.method = kAuthNone;
      r.preferred_modes = {msgr2::kConModeCrc};
      r.auth_payload = config_.auth_payload;
      queue_control(r);
    }
  } else if (auto* r = std::get_if<msgr2::AuthRequest>(&p); r && !client) {
    if (r->method != kAuthNone) {
      queue_control(msgr2::AuthBadMethod{r->method, kEopnotsupp, {kAuthNone}, {msgr2::kConModeCrc}});
    } else {
      assigned_global_id_ = config_.assign_global_id;
      queue_control(msgr2::AuthDone{assigned_global_id_, msgr2::kConModeCrc, {}});
      queue_control(msgr2::AuthSignature{});  // auth none: 32 zero bytes
    }
  } else if (auto* bad = std::get_if<msgr2::AuthBadMethod>(&p)) {
    std::string allowed;
    for (uint32_t m : bad->allowed_methods) {
      const char* n = auth_method_name(m);
      allowed += (allowed.empty() ? "" : ", ") + std::string(n ? n : std::to_string(m));
    }
    fail("the server refused auth none (AUTH_BAD_METHOD, it allows: " + allowed +
         "); configure the cluster with auth_*_required = none");
  } else if (auto* done = std::get_if<msgr2::AuthDone>(&p); done && client) {
    if (done->con_mode != msgr2::kConModeCrc) {
      fail("the server chose connection mode " + std::string(msgr2::con_mode_name(done->con_mode)) +
           "; the replayer speaks crc mode only (set ms_*_mode = crc)");
      return;
    }
    assigned_global_id_ = done->global_id;
    queue_control(msgr2::AuthSignature{});
  } else if (std::get_if<msgr2::AuthSignature>(&p)) {
    if (client) {
      msgr2::ClientIdent ci;
      ci.addrs.addrs = {config_.my_addr};
      ci.target_addr = config_.peer_addr;
      ci.global_id = int64_t(config_.global_id ? config_.global_id : assigned_global_id_);
      ci.global_seq = config_.global_seq;
      ci.supported_features = config_.features;
      ci.required_features = 0;
      ci.flags = 1;  // lossy, as clients are
      ci.cookie = config_.cookie;
      queue_control(ci);
    }
  } else if (auto* ci = std::get_if<msgr2::ClientIdent>(&p); ci && !client) {
    msgr2::ServerIdent si;
    si.addrs.addrs = {config_.my_addr};
    si.global_id = config_.server_id;
    si.global_seq = config_.global_seq;
    si.supported_features = config_.features;
    si.flags = ci->flags & 1;
    si.cookie = config_.cookie;
    queue_control(si);
    become_ready();
  } else if (auto* sid = std::get_if<msgr2::ServerIdent>(&p); sid && client) {
    peer_features_ = sid->supported_features;
    become_ready();
  } else if (auto* mf = std::get_if<msgr2::IdentMissingFeatures>(&p)) {
    fail("the server misses features " + hex64(mf->features) + " (IDENT_MISSING_FEATURES)");
  } else if (std::get_if<msgr2::Wait>(&p)) {
    fail("the server answered WAIT (another connection from this client races this one)");
  } else if (std::get_if<msgr2::SessionReset>(&p) || std::get_if<msgr2::SessionRetry>(&p) ||
             std::get_if<msgr2::SessionRetryGlobal>(&p)) {
    const char* t = msgr2::tag_name(uint8_t(e.preamble.tag));
    fail(std::string("the server answered ") + (t ? t : "?") + "; a replay opens fresh sessions only");
  }
}

void WireSession::on_message(Dir d, MessageEvent& e) {
  if (d != theirs()) return;
  Message& m = e.msg;
  if (!e.crc_ok()) return;  // on_crc failed the session already
  in_seq_ = m.seq;
  ++stats_.messages_in;
  if (m.msgr_version == 2 && m.ack_seq > acked_seq_) {
    acked_seq_ = m.ack_seq;
    handler_.on_acked(*this, acked_seq_);
  }
  handler_.on_message(*this, m);
}

void WireSession::on_crc(Dir d, const CrcCheck& c) {
  if (d != theirs()) return;
  ++stats_.crc_checked;
  if (c.status == CrcStatus::Bad)
    fail(std::string("bad CRC32C in ") + crc_field_name(c.field) +
         (c.field == CrcField::V2Segment ? " " + std::to_string(c.segment) : "") + " from the peer at stream offset " +
         std::to_string(c.offset) + " (wire " + hex32(c.wire) + ", computed " + hex32(c.computed) + ")");
}

void WireSession::on_error(Dir d, const ErrorEvent& e) {
  if (d != theirs()) return;
  // A banner of the other protocol: on_banner says so, with the port to use.
  if (e.kind == ErrorKind::Protocol && e.offset == 0 && config_.role == Role::Client) return;
  fail(std::string("the peer sent what does not parse (") + error_kind_name(e.kind) + ") at stream offset " +
       std::to_string(e.offset) + ": " + e.reason);
}

void WireSession::on_ciphertext(Dir d, const CiphertextEvent&) {
  if (d != theirs()) return;
  fail("the session switched to msgr2 secure mode; the replayer speaks crc mode only");
}

// ---- I/O ------------------------------------------------------------------------

void WireSession::read_some() {
  for (int i = 0; i < kReadsPerCall && !failed_; ++i) {
    size_t want = rbuf_.size();
    if (config_.read_limit) {
      if (stats_.bytes_in >= config_.read_limit) break;
      want = size_t(std::min<uint64_t>(want, config_.read_limit - stats_.bytes_in));
    }
    ssize_t n = ::read(fd_, rbuf_.data(), want);
    if (n > 0) {
      last_progress_ = Clock::now();
      stats_.bytes_in += uint64_t(n);
      Bytes b(rbuf_.data(), size_t(n));
      if (config_.tap) handler_.on_bytes(*this, theirs(), b);
      parser_.feed(theirs(), b);
      if (size_t(n) < want) break;
      continue;
    }
    if (n == 0) {
      bool mid = parser_.earliest_pending(theirs()) < parser_.offset(theirs());
      fail("the peer closed the connection" +
           (mid ? " in the middle of a frame (it began at stream offset " +
                      std::to_string(parser_.earliest_pending(theirs())) + ", " +
                      std::to_string(parser_.offset(theirs()) - parser_.earliest_pending(theirs())) +
                      " bytes of it came)"
                : std::string()));
      return;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) break;
    if (errno == EINTR) continue;
    fail(std::string("read: ") + std::strerror(errno));
    return;
  }
  send_ack_if_due();
}

void WireSession::write_some() {
  while (!out_.empty() && !failed_) {
    iovec iov[IOV_MAX];
    int n = 0;
    for (auto& p : out_) {
      uint64_t skip = p.done;
      auto add = [&](Bytes b) {
        if (n == IOV_MAX || b.empty()) return;
        if (skip >= b.size()) {
          skip -= b.size();
          return;
        }
        iov[n].iov_base = const_cast<uint8_t*>(b.data() + skip);
        iov[n].iov_len = b.size() - skip;
        skip = 0;
        ++n;
      };
      add(p.frame.head);
      for (auto& b : p.frame.body) add(b);
      add(p.frame.tail);
      if (n == IOV_MAX) break;
    }
    msghdr mh{};
    mh.msg_iov = iov;
    mh.msg_iovlen = size_t(n);
    ssize_t w = ::sendmsg(fd_, &mh, MSG_NOSIGNAL);
    if (w < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      if (errno == EINTR) continue;
      fail(std::string("write: ") + std::strerror(errno) +
           (errno == EPIPE || errno == ECONNRESET ? " (the peer closed or reset the connection)" : ""));
      return;
    }
    last_progress_ = Clock::now();
    stats_.bytes_out += uint64_t(w);
    if (config_.tap) {
      uint64_t left = uint64_t(w);
      for (int i = 0; i < n && left; ++i) {
        size_t take = size_t(std::min<uint64_t>(left, iov[i].iov_len));
        handler_.on_bytes(*this, mine(), Bytes(static_cast<const uint8_t*>(iov[i].iov_base), take));
        left -= take;
      }
    }
    uint64_t left = uint64_t(w);
    while (left && !out_.empty()) {
      Pending& p = out_.front();
      uint64_t take = std::min(left, p.size - p.done);
      p.done += take;
      left -= take;
      unsent_ -= take;
      if (p.done == p.size) out_.pop_front();
    }
  }
}

void WireSession::handle(short revents) {
  if (failed_ || fd_ < 0) return;
  if (revents & (POLLIN | POLLHUP | POLLERR)) read_some();
  if (!failed_ && !out_.empty()) write_some();
}

}  // namespace cephwire::replay
