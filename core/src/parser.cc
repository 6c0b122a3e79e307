// The connection parser: a state machine per direction, plus the little state
// the two directions share (the v1 connect/reply exchange, msgr2 banners and
// the auth exchange). Each state consumes what it can of the input; states
// that need the peer's handshake wait, and their bytes are held (bounded)
// until the peer's bytes arrive.
#include "cephwire/parser.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "cephwire/compression.h"
#include "cephwire/crc32c.h"
#include "cephwire/features.h"
#include "cephwire/msg_types.h"
#include "cephwire/pdu.h"
#include "cephwire/sync.h"

namespace cephwire {



// A msgr2 tag's name, or its number when it has none.
static std::string tag_label(uint8_t tag) {
  const char* n = msgr2::tag_name(tag);
  return n ? n : "tag " + std::to_string(tag);
}

const char* crc_field_name(CrcField f) {
  switch (f) {
    case CrcField::V1Header: return "v1.header";
    case CrcField::V1Front: return "v1.front";
    case CrcField::V1Middle: return "v1.middle";
    case CrcField::V1Data: return "v1.data";
    case CrcField::V2Preamble: return "v2.preamble";
    case CrcField::V2Segment: return "v2.segment";
  }
  return "?";
}

const char* crc_status_name(CrcStatus s) {
  switch (s) {
    case CrcStatus::Good: return "good";
    case CrcStatus::Bad: return "bad";
    case CrcStatus::Unverified: return "unverified";
  }
  return "?";
}

const char* skip_reason_name(SkipReason r) {
  switch (r) {
    case SkipReason::NoBanner: return "no banner (capture starts mid-connection)";
    case SkipReason::AfterError: return "after an error";
    case SkipReason::AfterGap: return "after a gap";
  }
  return "?";
}

const char* error_kind_name(ErrorKind k) {
  switch (k) {
    case ErrorKind::Malformed: return "malformed";
    case ErrorKind::LengthLimit: return "length over limit";
    case ErrorKind::UnknownTag: return "unknown tag";
    case ErrorKind::Protocol: return "protocol";
    case ErrorKind::Truncated: return "truncated";
  }
  return "?";
}

bool SessionInfo::v1_footer_with_sig() const {
  // The 21-byte footer is used when the negotiated features (both sides')
  // have MSG_AUTH; until the handshake shows otherwise, assume it.
  uint64_t f = ~uint64_t(0);
  if (v1_features[0]) f &= *v1_features[0];
  if (v1_features[1]) f &= *v1_features[1];
  return (f & kFeatureMsgAuth) != 0;
}

namespace {

enum class St : uint8_t {
  Start,         // banner expected
  V1Hello,       // banner + legacy address(es)
  V1Connect,     // client: ceph_msg_connect
  V1ConnectAuth,
  V1AwaitReply,  // client: waits for the server's connect reply
  V1Reply,       // server: ceph_msg_connect_reply
  V1ReplyAuth,
  V1SeqValue,    // le64 after a SEQ reply, either direction
  V1Tag,         // open: next tag
  V1TagBody,     // fixed payload of ACK / KEEPALIVE2(_ACK)
  V1Header,
  V1Footer,
  V2BannerLen,
  V2BannerPayload,
  V2AwaitPeerBanner,
  V2Preamble,
  V2Seg0,
  V2Crc0,
  V2Epilogue,
  Section,  // streaming front / middle / data (v1) or segments 1..3 (msgr2)
  Resync,
  Cipher,
  Closed,
};

const char* item_name(St st) {
  switch (st) {
    case St::Start: return "banner";
    case St::V1Hello: return "v1 banner address";
    case St::V1Connect:
    case St::V1ConnectAuth: return "v1 connect";
    case St::V1Reply:
    case St::V1ReplyAuth: return "v1 connect reply";
    case St::V1SeqValue: return "v1 seq exchange";
    case St::V1TagBody: return "v1 tag payload";
    case St::V1Header: return "v1 message header";
    case St::V1Footer: return "v1 message footer";
    case St::V2BannerLen:
    case St::V2BannerPayload: return "msgr2 banner";
    case St::V2Preamble: return "msgr2 preamble";
    case St::V2Seg0: return "msgr2 segment 0";
    case St::V2Crc0: return "msgr2 segment 0 crc";
    case St::V2Epilogue: return "msgr2 epilogue";
    case St::Section: return "message payload";
    default: return "item";
  }
}

}  // namespace

struct Connection::Impl {
  struct Side {
    Dir dir = Dir::ToServer;
    St st = St::Start;
    uint64_t off = 0;  // stream offset of the next byte

    // Fixed-size items are gathered here when they arrive split.
    std::vector<uint8_t> acc;
    uint64_t item_off = 0;  // where the current item (message, frame, ...) began
    uint64_t gather_off = 0;

    std::vector<uint8_t> pending;  // held while waiting for the peer
    bool assume = false;           // waited too long: go on with defaults

    // Resync.
    std::vector<uint8_t> scan;
    uint64_t skip_start = 0;
    SkipReason skip_reason = SkipReason::NoBanner;

    // Handshake: the msgr2 banner, the v1 connect exchange.
    uint32_t banner_len = 0;  // msgr2 banner payload length
    uint8_t v1_tag = 0;
    msgr1::Connect connect;
    msgr1::ConnectReply reply;
    size_t replies_used = 0;

    // The message or frame in progress.
    bool v2 = false;
    bool is_message = false;
    bool compressed = false;
    std::array<std::vector<uint8_t>, 3> zseg;  // a compressed frame's segments 1..3, as on the wire
    Message msg;
    msgr2::Preamble pre;
    msgr2::FrameLayout layout;
    std::vector<uint8_t> seg0;
    uint32_t sec = 0;  // payload section 0..2: front, middle, data
    std::array<uint32_t, 3> sec_len{};
    uint32_t sec_left = 0;
    std::array<uint32_t, 3> sec_crc{};
    std::array<uint64_t, 3> sec_gap{};
    uint32_t seg0_crc = 0;
    std::array<CrcCheck, 5> crcs{};
    size_t ncrcs = 0;

    // msgr2 auth gating (client direction).
    bool auth_done = false;
    bool cipher_started = false;
  };

  Listener& L;
  ParserOptions opt;
  SessionInfo info;
  Side side[2];
  // Is this connection Ceph: a banner was seen, or a boundary confirmed by a
  // second CRC (sync.h)? Until then a boundary found by searching is a guess.
  bool claimed = false;
  std::vector<uint8_t> v1_reply_tags;  // connect replies in order, for the client side
  uint32_t client_auth_frames = 0;
  uint32_t server_auth_frames = 0;
  uint8_t last_server_auth_tag = 0;

  Impl(Listener& l, ParserOptions o) : L(l), opt(o) {
    side[0].dir = Dir::ToServer;
    side[1].dir = Dir::ToClient;
  }

  Side& of(Dir d) { return side[size_t(d)]; }
  Side& peer(Side& s) { return of(peer_of(s.dir)); }

  // ---- plumbing -----------------------------------------------------------

  static void consume(Side& s, Bytes& in, size_t n) {
    in = in.subspan(n);
    s.off += n;
  }

  // Collects n bytes of a fixed-size item. Returns them once complete
  // (pointing into the input when they are contiguous there), else nullptr.
  // The caller moves on with next(), which clears the buffer.
  const uint8_t* gather(Side& s, Bytes& in, size_t n) {
    static const uint8_t kNothing = 0;
    if (s.acc.empty()) s.gather_off = s.off;
    if (n == 0) return &kNothing;
    if (s.acc.empty() && in.size() >= n) {
      const uint8_t* p = in.data();
      consume(s, in, n);
      return p;
    }
    size_t take = std::min(n - s.acc.size(), in.size());
    s.acc.insert(s.acc.end(), in.data(), in.data() + take);
    consume(s, in, take);
    return s.acc.size() == n ? s.acc.data() : nullptr;
  }

  static void next(Side& s, St st) {
    s.acc.clear();
    s.st = st;
  }

  void error(Side& s, ErrorKind kind, uint64_t at, std::string why) {
    L.on_error(s.dir, ErrorEvent{kind, at, std::move(why)});
  }

  // Reports an error and searches for the next message from here on; the
  // bytes of the bad item count as skipped.
  void fail(Side& s, ErrorKind kind, uint64_t at, std::string why) {
    error(s, kind, at, std::move(why));
    start_resync(s, SkipReason::AfterError, std::min(s.item_off, at));
  }

  void start_resync(Side& s, SkipReason why, uint64_t skip_from) {
    s.acc.clear();
    s.scan.clear();
    s.msg = Message{};
    s.st = St::Resync;
    s.skip_reason = why;
    s.skip_start = std::min(skip_from, s.off);
  }

  CrcCheck check(CrcField field, uint8_t seg, uint32_t wire, uint32_t computed, uint64_t at,
                 bool verifiable = true, bool zero_means_unset = false) {
    CrcCheck c;
    c.field = field;
    c.segment = seg;
    c.wire = wire;
    c.computed = computed;
    c.offset = at;
    if (!opt.verify_crc || !verifiable || (zero_means_unset && opt.zero_crc_unset && wire == 0))
      c.status = CrcStatus::Unverified;
    else
      c.status = wire == computed ? CrcStatus::Good : CrcStatus::Bad;
    return c;
  }

  void record(Side& s, Dir d, const CrcCheck& c) {
    if (s.ncrcs < s.crcs.size()) s.crcs[s.ncrcs++] = c;
    L.on_crc(d, c);
  }

  // Is this direction waiting for the peer's handshake?
  bool waiting(Side& s) {
    if (s.assume) return false;
    switch (s.st) {
      case St::V1AwaitReply: return s.replies_used >= v1_reply_tags.size();
      case St::V2AwaitPeerBanner: {
        const Side& p = peer(s);
        return !info.v2_banner[size_t(p.dir)] && p.st != St::Resync && p.st != St::Closed &&
               !(p.st == St::Start && info.midstream);
      }
      case St::V2Preamble:
        return s.dir == Dir::ToServer && s.acc.empty() && client_auth_frames > 0 && !s.auth_done &&
               server_auth_frames < client_auth_frames;
      default: return false;
    }
  }

  void run(Side& s, Bytes in) {
    while (!in.empty()) {
      if (waiting(s)) {
        if (hold(s, in)) return;
        continue;  // waited too long: parse with defaults
      }
      step(s, in);
    }
    // Transitions that need no input (e.g. a WAIT frame that ends with its
    // preamble, or a peer that just became known).
    if (!waiting(s)) settle(s);
  }

  // Holds bytes of a direction that waits for its peer's handshake, up to
  // max_pending; past that it stops waiting, says so, and returns false.
  bool hold(Side& s, Bytes in) {
    if (s.pending.size() + in.size() > opt.max_pending) {
      error(s, ErrorKind::Protocol, s.off,
            std::string("waited for the peer's handshake over ") + std::to_string(opt.max_pending) +
                " bytes; going on with defaults (msgr2.1, crc mode, v1 READY)");
      s.assume = true;
      return false;
    }
    s.pending.insert(s.pending.end(), in.begin(), in.end());
    return true;
  }

  // The client's auth exchange is over (the server's AUTH_DONE answered its
  // last request) but its direction has not moved on from it yet.
  bool client_auth_finished(const Side& s) const {
    return s.dir == Dir::ToServer && client_auth_frames > 0 && !s.auth_done &&
           server_auth_frames >= client_auth_frames && last_server_auth_tag == uint8_t(msgr2::Tag::AuthDone);
  }

  // Drains held bytes of both directions while either makes progress.
  void pump() {
    for (bool progress = true; progress;) {
      progress = false;
      for (auto& s : side) {
        if (s.pending.empty() || waiting(s)) continue;
        std::vector<uint8_t> held = std::move(s.pending);
        s.pending.clear();
        run(s, held);
        progress = progress || s.pending.size() != held.size();
      }
    }
  }

  void feed(Dir d, Bytes in) {
    Side& s = of(d);
    if (!s.pending.empty()) {  // behind bytes already held: keep the order
      if (!hold(s, in)) s.pending.insert(s.pending.end(), in.begin(), in.end());
    } else {
      run(s, in);
    }
    pump();
  }

  // ---- dispatch -----------------------------------------------------------

  void settle(Side& s) {
    Bytes none;
    if (s.st == St::V1AwaitReply || s.st == St::V2AwaitPeerBanner) step(s, none);
  }

  void step(Side& s, Bytes& in) {
    switch (s.st) {
      case St::Start: return on_start(s, in);
      case St::V1Hello: return on_v1_hello(s, in);
      case St::V1Connect: return on_v1_connect(s, in);
      case St::V1ConnectAuth: return on_v1_connect_auth(s, in);
      case St::V1AwaitReply: return on_v1_await_reply(s);
      case St::V1Reply: return on_v1_reply(s, in);
      case St::V1ReplyAuth: return on_v1_reply_auth(s, in);
      case St::V1SeqValue: return on_v1_seq_value(s, in);
      case St::V1Tag: return on_v1_tag(s, in);
      case St::V1TagBody: return on_v1_tag_body(s, in);
      case St::V1Header: return on_v1_header(s, in);
      case St::V1Footer: return on_v1_footer(s, in);
      case St::V2BannerLen: return on_v2_banner_len(s, in);
      case St::V2BannerPayload: return on_v2_banner_payload(s, in);
      case St::V2AwaitPeerBanner: return on_v2_await_peer_banner(s);
      case St::V2Preamble: return on_v2_preamble(s, in);
      case St::V2Seg0: return on_v2_seg0(s, in);
      case St::V2Crc0: return on_v2_crc0(s, in);
      case St::V2Epilogue: return on_v2_epilogue(s, in);
      case St::Section: return on_section(s, in);
      case St::Resync: return on_resync(s, in);
      case St::Cipher: return on_cipher(s, in);
      case St::Closed: return on_closed(s, in);
    }
  }

  // ---- banner ---------------------------------------------------------------

  void on_start(Side& s, Bytes& in) {
    const size_t n = msgr2::kBannerPrefix.size();  // 8: tells v1 ("ceph v02") from msgr2
    const uint8_t* p = gather(s, in, n);
    if (!p) {
      // Stop early when what has arrived can no longer be a banner.
      if (std::memcmp(s.acc.data(), msgr2::kBannerPrefix.data(), s.acc.size()) != 0 &&
          std::memcmp(s.acc.data(), msgr1::kBanner.data(), s.acc.size()) != 0)
        no_banner(s);
      return;
    }
    s.item_off = s.gather_off;
    if (std::memcmp(p, msgr2::kBannerPrefix.data(), n) == 0 || std::memcmp(p, msgr1::kBanner.data(), n) == 0)
      claimed = true;
    if (std::memcmp(p, msgr2::kBannerPrefix.data(), n) == 0) {
      set_protocol(s, Protocol::V2);
      next(s, St::V2BannerLen);
    } else if (std::memcmp(p, msgr1::kBanner.data(), n) == 0) {
      set_protocol(s, Protocol::V1);
      next(s, St::V1Hello);
    } else {
      if (s.acc.empty()) s.acc.assign(p, p + n);
      no_banner(s);
    }
  }

  void no_banner(Side& s) {
    info.midstream = true;
    std::vector<uint8_t> seen = std::move(s.acc);
    start_resync(s, SkipReason::NoBanner, s.gather_off);
    s.scan = std::move(seen);
  }

  void set_protocol(Side& s, Protocol p) {
    if (info.protocol == Protocol::Unknown) {
      info.protocol = p;
    } else if (info.protocol != p) {
      error(s, ErrorKind::Protocol, s.item_off,
            std::string("this side speaks msgr ") + (p == Protocol::V1 ? "v1" : "v2") +
                ", the other side does not");
    }
  }

  // ---- msgr v1 ---------------------------------------------------------------

  void on_v1_hello(Side& s, Bytes& in) {
    // The 8 banner bytes are in; the 9th ('7') and the address(es) follow.
    const bool server = s.dir == Dir::ToClient;
    const size_t n = 1 + EntityAddr::kLegacySize * (server ? 2 : 1);
    const uint8_t* p = gather(s, in, n);
    if (!p) return;
    if (p[0] != uint8_t(msgr1::kBanner.back()))
      return fail(s, ErrorKind::Malformed, s.item_off, "v1 banner is not \"ceph v027\"");
    BannerEvent ev;
    ev.protocol = Protocol::V1;
    ev.offset = s.item_off;
    ev.length = 8 + n;
    ev.v1_addr = EntityAddr::decode_legacy(p + 1);
    if (server) ev.v1_peer_addr = EntityAddr::decode_legacy(p + 1 + EntityAddr::kLegacySize);
    info.v1_addr[size_t(s.dir)] = ev.v1_addr;
    if (!server) info.client_nonce = ev.v1_addr.nonce;
    L.on_banner(s.dir, ev);
    next(s, server ? St::V1Reply : St::V1Connect);
  }

  void on_v1_connect(Side& s, Bytes& in) {
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
      return fail(s, ErrorKind::Protocol, at,
                  "a msgr2 banner where the v1 connect belongs: the peer answered a v1 banner with msgr2");
    }
    const uint8_t* p = gather(s, in, msgr1::Connect::kSize);
    if (!p) return;
    s.item_off = s.gather_off;
    s.connect = msgr1::Connect::decode(p);
    if (s.connect.authorizer_len > opt.limits.max_control)
      return fail(s, ErrorKind::LengthLimit, s.item_off,
                  "v1 connect authorizer_len " + std::to_string(s.connect.authorizer_len) +
                      " is over the limit of " + std::to_string(opt.limits.max_control));
    next(s, St::V1ConnectAuth);
    if (s.connect.authorizer_len == 0) {
      Bytes none;
      on_v1_connect_auth(s, none);  // complete now: the reply must not wait for more client bytes
    }
  }

  void on_v1_connect_auth(Side& s, Bytes& in) {
    const uint8_t* p = gather(s, in, s.connect.authorizer_len);
    if (!p) return;
    info.v1_features[0] = s.connect.features;
    info.entity_type[0] = uint8_t(s.connect.host_type);
    info.v1_authorizer_protocol = s.connect.authorizer_protocol;
    L.on_v1_connect(s.dir, V1ConnectEvent{s.connect, Bytes(p, s.connect.authorizer_len), s.item_off});
    next(s, St::V1AwaitReply);
    on_v1_await_reply(s);
  }

  void on_v1_await_reply(Side& s) {
    if (s.replies_used >= v1_reply_tags.size()) {
      if (!s.assume) return;  // settle() with nothing to go on
      v1_reply_tags.push_back(msgr1::kTagReady);
    }
    uint8_t tag = v1_reply_tags[s.replies_used++];
    if (tag == msgr1::kTagReady)
      next(s, St::V1Tag);
    else if (tag == msgr1::kTagSeq)
      next(s, St::V1SeqValue);
    else
      next(s, St::V1Connect);  // the client tries again
  }

  void on_v1_reply(Side& s, Bytes& in) {
    const uint8_t* p = gather(s, in, msgr1::ConnectReply::kSize);
    if (!p) return;
    s.item_off = s.gather_off;
    s.reply = msgr1::ConnectReply::decode(p);
    if (!msgr1::tag_name(s.reply.tag) || msgr1::fixed_tag_payload(s.reply.tag) >= 0 ||
        s.reply.tag == msgr1::kTagMsg)
      return fail(s, ErrorKind::UnknownTag, s.item_off,
                  "v1 connect reply with tag " + std::to_string(s.reply.tag));
    if (s.reply.authorizer_len > opt.limits.max_control)
      return fail(s, ErrorKind::LengthLimit, s.item_off,
                  "v1 connect reply authorizer_len " + std::to_string(s.reply.authorizer_len) +
                      " is over the limit of " + std::to_string(opt.limits.max_control));
    next(s, St::V1ReplyAuth);
    if (s.reply.authorizer_len == 0) {
      Bytes none;
      on_v1_reply_auth(s, none);
    }
  }

  void on_v1_reply_auth(Side& s, Bytes& in) {
    const uint8_t* p = gather(s, in, s.reply.authorizer_len);
    if (!p) return;
    const uint8_t tag = s.reply.tag;
    if (tag == msgr1::kTagReady || tag == msgr1::kTagSeq) info.v1_features[1] = s.reply.features;
    L.on_v1_connect_reply(s.dir, V1ConnectReplyEvent{s.reply, Bytes(p, s.reply.authorizer_len), s.item_off});
    v1_reply_tags.push_back(tag);
    if (tag == msgr1::kTagReady)
      next(s, St::V1Tag);
    else if (tag == msgr1::kTagSeq)
      next(s, St::V1SeqValue);
    else
      next(s, St::V1Reply);
  }

  void on_v1_seq_value(Side& s, Bytes& in) {
    const uint8_t* p = gather(s, in, 8);
    if (!p) return;
    L.on_v1_tag(s.dir, V1TagEvent{0, load_le64(p), {}, s.gather_off, 8});
    next(s, St::V1Tag);
  }

  void on_v1_tag(Side& s, Bytes& in) {
    s.item_off = s.off;
    s.v1_tag = in[0];
    consume(s, in, 1);
    const uint8_t tag = s.v1_tag;
    if (tag == msgr1::kTagMsg) return next(s, St::V1Header);
    int body = msgr1::fixed_tag_payload(tag);
    if (body < 0) {
      const char* name = msgr1::tag_name(tag);
      return fail(s, ErrorKind::UnknownTag, s.item_off,
                  std::string("v1 tag ") + std::to_string(tag) + (name ? std::string(" (") + name + ")" : "") +
                      " is not valid in an open session");
    }
    if (body == 0) {
      L.on_v1_tag(s.dir, V1TagEvent{tag, 0, {}, s.item_off, 1});
      return next(s, St::V1Tag);
    }
    next(s, St::V1TagBody);
  }

  void on_v1_tag_body(Side& s, Bytes& in) {
    const uint8_t* p = gather(s, in, size_t(msgr1::fixed_tag_payload(s.v1_tag)));
    if (!p) return;
    V1TagEvent ev{s.v1_tag, 0, {}, s.item_off, 9};
    if (s.v1_tag == msgr1::kTagAck)
      ev.value = load_le64(p);
    else
      ev.stamp = {load_le32(p), load_le32(p + 4)};
    L.on_v1_tag(s.dir, ev);
    next(s, St::V1Tag);
  }

  void on_v1_header(Side& s, Bytes& in) {
    const uint8_t* p = gather(s, in, msgr1::MsgHeader::kSize);
    if (!p) return;
    auto h = msgr1::MsgHeader::decode(p);
    s.ncrcs = 0;
    record(s, s.dir,
           check(CrcField::V1Header, 0, h.crc, msgr1::MsgHeader::compute_crc(p),
                 s.item_off + 1 + msgr1::MsgHeader::kCrcOffset, true, true));
    if (!within_limits(h, opt.limits))
      return fail(s, ErrorKind::LengthLimit, s.item_off,
                  "v1 message seq " + std::to_string(h.seq) + " lengths front " + std::to_string(h.front_len) +
                      " middle " + std::to_string(h.middle_len) + " data " + std::to_string(h.data_len) +
                      " are over the limits");
    s.v2 = false;
    s.is_message = true;
    s.msg = Message{};
    s.msg.take_header(h);
    begin_sections(s, {h.front_len, h.middle_len, h.data_len}, kCrcSeedV1);
  }

  void on_v1_footer(Side& s, Bytes& in) {
    const bool with_sig = info.v1_footer_with_sig();
    const uint8_t* p = gather(s, in, msgr1::MsgFooter::size(with_sig));
    if (!p) return;
    const uint64_t at = s.gather_off;
    auto f = msgr1::MsgFooter::decode(p, with_sig);
    Message& m = s.msg;
    m.footer_flags = f.flags;
    m.sig = f.sig;
    m.aborted = !(f.flags & msgr1::kFooterComplete);
    record(s, s.dir, check(CrcField::V1Front, 0, f.front_crc, s.sec_crc[0], at, s.sec_gap[0] == 0, true));
    record(s, s.dir, check(CrcField::V1Middle, 0, f.middle_crc, s.sec_crc[1], at + 4, s.sec_gap[1] == 0, true));
    record(s, s.dir,
           check(CrcField::V1Data, 0, f.data_crc, s.sec_crc[2], at + 8,
                 s.sec_gap[2] == 0 && !(f.flags & msgr1::kFooterNoCrc)));
    MessageEvent ev{m, s.item_off, s.off - s.item_off, std::span(s.crcs.data(), s.ncrcs), nullptr, {}, 0, {}};
    L.on_message(s.dir, ev);
    s.msg = Message{};
    next(s, St::V1Tag);
  }

  // ---- payload sections (both versions) -------------------------------------

  void begin_sections(Side& s, std::array<uint32_t, 3> len, uint32_t seed) {
    s.sec_len = len;
    s.sec_crc = {seed, seed, seed};
    s.sec_gap = {0, 0, 0};
    if (opt.collect_payload && s.is_message) {
      // Grow with the bytes that arrive, but avoid re-allocation for the
      // common small front.
      s.msg.front.reserve(std::min<uint32_t>(len[0], 1u << 16));
      s.msg.middle.reserve(std::min<uint32_t>(len[1], 1u << 16));
    }
    s.sec = 0;
    s.sec_left = len[0];
    next(s, St::Section);
    skip_empty_sections(s);
  }

  void skip_empty_sections(Side& s) {
    while (s.sec_left == 0 && s.sec < 3) {
      if (++s.sec < 3) s.sec_left = s.sec_len[s.sec];
    }
    if (s.sec_left == 0) end_sections(s);
  }

  void end_sections(Side& s) {
    if (!s.v2)
      next(s, St::V1Footer);
    else if (s.layout.epilogue_offset >= 0)
      next(s, St::V2Epilogue);
    else
      finish_frame(s, nullptr);
  }

  void store(Side& s, Bytes chunk) {
    if (s.compressed) {  // decompressed whole when the frame ends (lengths are within limits)
      s.zseg[s.sec].insert(s.zseg[s.sec].end(), chunk.begin(), chunk.end());
      return;
    }
    if (!opt.collect_payload || !s.is_message) return;
    switch (s.sec) {
      case 0: s.msg.front.insert(s.msg.front.end(), chunk.begin(), chunk.end()); break;
      case 1: s.msg.middle.insert(s.msg.middle.end(), chunk.begin(), chunk.end()); break;
      default:
        if (opt.collect_data) s.msg.data.append(chunk);
        break;
    }
  }

  void on_section(Side& s, Bytes& in) {
    size_t n = std::min<size_t>(in.size(), s.sec_left);
    Bytes chunk = in.first(n);
    if (opt.verify_crc) s.sec_crc[s.sec] = ceph_crc32c(s.sec_crc[s.sec], chunk);
    store(s, chunk);
    consume(s, in, n);
    s.sec_left -= uint32_t(n);
    skip_empty_sections(s);
  }

  // ---- msgr2 --------------------------------------------------------------

  void on_v2_banner_len(Side& s, Bytes& in) {
    const uint8_t* p = gather(s, in, 2);
    if (!p) return;
    uint16_t len = load_le16(p);
    if (len < msgr2::kBannerPayloadSize || len > 4096)
      return fail(s, ErrorKind::Malformed, s.item_off,
                  "msgr2 banner payload length " + std::to_string(len) + " is not plausible");
    s.banner_len = len;
    next(s, St::V2BannerPayload);
  }

  void on_v2_banner_payload(Side& s, Bytes& in) {
    const uint8_t* p = gather(s, in, s.banner_len);
    if (!p) return;
    BannerEvent ev;
    ev.protocol = Protocol::V2;
    ev.offset = s.item_off;
    ev.length = msgr2::kBannerFixedSize + s.banner_len;
    ev.v2 = {load_le64(p + msgr2::Banner::kOffSupported - msgr2::kBannerFixedSize),
             load_le64(p + msgr2::Banner::kOffRequired - msgr2::kBannerFixedSize)};
    info.v2_banner[size_t(s.dir)] = ev.v2;
    L.on_banner(s.dir, ev);
    next(s, St::V2AwaitPeerBanner);
  }

  void on_v2_await_peer_banner(Side& s) {
    auto& mine = info.v2_banner[size_t(s.dir)];
    auto& theirs = info.v2_banner[size_t(peer_of(s.dir))];
    if (theirs) {
      info.rev1 = (mine->supported & theirs->supported & kMsgr2FeatureRevision1) != 0;
    } else if (!s.assume && waiting(s)) {
      return;
    }
    // Without the peer's banner (mid-stream peer, or waited too long) assume msgr2.1.
    next(s, St::V2Preamble);
  }

  void on_v2_preamble(Side& s, Bytes& in) {
    if (s.acc.empty() && client_auth_finished(s)) {
      s.auth_done = true;
      if (info.con_mode == msgr2::kConModeSecure) return next(s, St::Cipher);
    }
    const uint8_t* p = gather(s, in, msgr2::Preamble::kSize);
    if (!p) return;
    s.item_off = s.gather_off;
    s.pre = msgr2::Preamble::decode(p);
    s.ncrcs = 0;
    record(s, s.dir,
           check(CrcField::V2Preamble, 0, s.pre.crc, msgr2::Preamble::compute_crc(p),
                 s.item_off + msgr2::Preamble::kCrcOffset, true, true));
    // Senders drop trailing empty segments; Ceph rejects a frame whose last
    // declared segment is empty (plausible() says no too; this says why).
    if (s.pre.num_segments > 1 && s.pre.num_segments <= msgr2::kMaxSegments &&
        s.pre.segments[s.pre.num_segments - 1].length == 0)
      return fail(s, ErrorKind::Malformed, s.item_off,
                  std::string("msgr2 ") + tag_label(s.pre.tag) + " preamble declares " +
                      std::to_string(s.pre.num_segments) + " segments and the last is empty");
    if (!s.pre.plausible())
      return fail(s, ErrorKind::Malformed, s.item_off,
                  "msgr2 preamble with tag " + std::to_string(s.pre.tag) + " and " +
                      std::to_string(s.pre.num_segments) + " segments");
    s.v2 = true;
    s.msg = Message{};
    s.is_message = s.pre.tag == uint8_t(msgr2::Tag::Message);
    s.compressed = (s.pre.flags & msgr2::kFlagCompressed) != 0;
    s.layout = msgr2::FrameLayout::of(s.pre, info.rev1);
    const auto& seg = s.pre.segments;
    if (!within_limits(s.pre, opt.limits))
      return fail(s, ErrorKind::LengthLimit, s.item_off,
                  std::string("msgr2 ") + (msgr2::tag_name(s.pre.tag)) + " segment lengths " +
                      std::to_string(seg[0].length) + "/" + std::to_string(seg[1].length) + "/" +
                      std::to_string(seg[2].length) + "/" + std::to_string(seg[3].length) +
                      " are over the limits");
    if (s.is_message && !s.compressed && seg[0].length < msgr2::MsgHeader2::kSize)
      return fail(s, ErrorKind::Malformed, s.item_off,
                  "msgr2 MESSAGE segment 0 of " + std::to_string(seg[0].length) + " bytes is shorter than "
                  "ceph_msg_header2");
    s.seg0.clear();
    for (auto& z : s.zseg) z.clear();
    s.seg0_crc = kCrcSeedSegment;
    next(s, St::V2Seg0);
    if (seg[0].length == 0) after_seg0(s);
  }

  void on_v2_seg0(Side& s, Bytes& in) {
    const uint32_t len = s.pre.segments[0].length;
    const uint8_t* p = gather(s, in, len);
    if (!p) return;
    s.seg0.assign(p, p + len);
    after_seg0(s);
  }

  void after_seg0(Side& s) {
    if (opt.verify_crc) s.seg0_crc = ceph_crc32c(kCrcSeedSegment, s.seg0);
    if (s.layout.seg0_crc_offset >= 0) return next(s, St::V2Crc0);
    after_crc0(s);
  }

  void on_v2_crc0(Side& s, Bytes& in) {
    const uint8_t* p = gather(s, in, 4);
    if (!p) return;
    record(s, s.dir, check(CrcField::V2Segment, 0, load_le32(p), s.seg0_crc, s.gather_off, true, true));
    after_crc0(s);
  }

  void after_crc0(Side& s) {
    if (s.is_message && !s.compressed) {
      s.msg = Message{};
      s.msg.take_header(msgr2::MsgHeader2::decode(s.seg0.data()));
      s.msg.front_len = s.pre.segments[1].length;
      s.msg.middle_len = s.pre.segments[2].length;
      s.msg.data_len = s.pre.segments[3].length;
      s.msg.src = EntityName{info.entity_type[size_t(s.dir)],
                             uint64_t(info.global_id[size_t(s.dir)].value_or(-1))};
    }
    begin_sections(s, {s.layout.num_segments > 1 ? s.pre.segments[1].length : 0,
                       s.layout.num_segments > 2 ? s.pre.segments[2].length : 0,
                       s.layout.num_segments > 3 ? s.pre.segments[3].length : 0},
                   kCrcSeedSegment);
  }

  void on_v2_epilogue(Side& s, Bytes& in) {
    const bool rev1 = s.layout.rev1;
    const uint8_t* p = gather(s, in, msgr2::Epilogue::size(rev1));
    if (!p) return;
    auto e = msgr2::Epilogue::decode(p, rev1);
    const uint64_t at = s.item_off;
    // With `ms crc data = false` Ceph writes 0 as every segment CRC.
    if (!rev1)
      record(s, s.dir, check(CrcField::V2Segment, 0, e.crc[0], s.seg0_crc, at + s.layout.crc_offset(0), true, true));
    for (uint32_t i = 1; i < s.layout.num_segments; ++i)
      record(s, s.dir,
             check(CrcField::V2Segment, uint8_t(i), e.crc[i], s.sec_crc[i - 1], at + s.layout.crc_offset(i),
                   s.sec_gap[i - 1] == 0, true));
    finish_frame(s, &e);
  }

  // A compressed frame's segments back to what the sender compressed; false
  // (with an error) when they do not decompress. Segment 0 goes to s.seg0,
  // the others to s.zseg.
  bool decompress_frame(Side& s) {
    const uint32_t method = info.compression_method;
    if (method == 0) {
      error(s, ErrorKind::Protocol, s.item_off,
            std::string("compressed msgr2 ") + tag_label(s.pre.tag) + " frame, but no COMPRESSION_DONE agreed on a method");
      return false;
    }
    std::string why;
    auto d = cephwire::decompress_frame(method, {Bytes(s.seg0), Bytes(s.zseg[0]), Bytes(s.zseg[1]), Bytes(s.zseg[2])},
                              s.is_message, opt.limits, &why);
    if (!d) {
      error(s, ErrorKind::Malformed, s.item_off, std::string("compressed msgr2 ") + tag_label(s.pre.tag) + ": " + why);
      return false;
    }
    s.seg0 = std::move((*d)[0]);
    for (size_t k = 0; k < 3; ++k) s.zseg[k] = std::move((*d)[k + 1]);
    return true;
  }

  void finish_frame(Side& s, const msgr2::Epilogue* e) {
    const bool aborted = e && e->aborted(s.layout.rev1);
    const uint64_t length = s.off - s.item_off;
    std::span<const CrcCheck> crcs(s.crcs.data(), s.ncrcs);
    const bool inflated = s.compressed && !aborted && decompress_frame(s);
    if (s.is_message && (!s.compressed || inflated)) {
      if (inflated) {
        s.msg = Message{};
        s.msg.take_header(msgr2::MsgHeader2::decode(s.seg0.data()));
        s.msg.src = EntityName{info.entity_type[size_t(s.dir)],
                               uint64_t(info.global_id[size_t(s.dir)].value_or(-1))};
        s.msg.front_len = uint32_t(s.zseg[0].size());
        s.msg.middle_len = uint32_t(s.zseg[1].size());
        s.msg.data_len = uint32_t(s.zseg[2].size());
        if (opt.collect_payload) {
          s.msg.front = std::move(s.zseg[0]);
          s.msg.middle = std::move(s.zseg[1]);
          if (opt.collect_data) s.msg.data.append(s.zseg[2]);
        }
      }
      s.msg.aborted = aborted;
      MessageEvent ev{s.msg, s.item_off, length, crcs, &s.pre, s.layout, 0, {}};
      if (inflated) {
        ev.compression = info.compression_method;
        ev.header2 = s.seg0;
      }
      L.on_message(s.dir, ev);
      s.msg = Message{};
      return next(s, St::V2Preamble);
    }
    V2FrameEvent ev;
    ev.preamble = s.pre;
    ev.layout = s.layout;
    ev.offset = s.item_off;
    ev.payload = s.seg0;
    ev.crcs = crcs;
    ev.aborted = aborted;
    std::optional<msgr2::ControlPayload> decoded;
    std::string why;
    if ((!s.compressed || inflated) && !s.is_message) {
      decoded = msgr2::decode_control(msgr2::Tag(s.pre.tag), s.seg0, &why);
      if (!decoded) error(s, ErrorKind::Malformed, s.item_off, why);
    }
    ev.decoded = decoded ? &*decoded : nullptr;
    L.on_v2_frame(s.dir, ev);
    next(s, St::V2Preamble);
    if (decoded) apply_control(s, *decoded);
  }

  // What control frames change in the session.
  void apply_control(Side& s, const msgr2::ControlPayload& c) {
    const size_t d = size_t(s.dir);
    const bool from_server = s.dir == Dir::ToClient;
    if (auto* h = std::get_if<msgr2::Hello>(&c)) {
      info.entity_type[d] = h->entity_type;
    } else if (auto* cd = std::get_if<msgr2::CompressionDone>(&c)) {
      // The server's answer sets the method both directions compress with.
      if (from_server) info.compression_method = cd->is_compress ? cd->method : 0;
    } else if (auto* a = std::get_if<msgr2::AuthRequest>(&c)) {
      info.auth_method = a->method;
      if (!from_server) ++client_auth_frames;
    } else if (std::holds_alternative<msgr2::AuthRequestMore>(c)) {
      if (!from_server) ++client_auth_frames;
    } else if (std::holds_alternative<msgr2::AuthReplyMore>(c) || std::holds_alternative<msgr2::AuthBadMethod>(c)) {
      if (from_server) {
        ++server_auth_frames;
        last_server_auth_tag = uint8_t(msgr2::tag_of(c));
      }
    } else if (auto* done = std::get_if<msgr2::AuthDone>(&c)) {
      if (from_server) {
        ++server_auth_frames;
        last_server_auth_tag = uint8_t(msgr2::Tag::AuthDone);
        info.con_mode = done->con_mode;
        info.assigned_global_id = done->global_id;
        if (done->con_mode == msgr2::kConModeSecure) next(s, St::Cipher);
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

  // ---- resync, ciphertext, closed -------------------------------------------

  void on_resync(Side& s, Bytes& in) {
    if (!claimed) return on_resync_unclaimed(s, in);
    // Positions that begin in the bytes carried over from the last feed are
    // probed with just enough new bytes to decide them.
    if (!s.scan.empty()) {
      const size_t old = s.scan.size();
      const uint64_t scan_off = s.off - old;
      s.scan.insert(s.scan.end(), in.begin(), in.begin() + ptrdiff_t(std::min(in.size(), kSyncProbeV1)));
      size_t ruled_out = 0;
      auto m = find_sync(s.scan, info.protocol, opt.limits, &ruled_out);
      if (m && m->offset < old) {
        std::vector<uint8_t> carried(s.scan.begin() + ptrdiff_t(m->offset), s.scan.begin() + ptrdiff_t(old));
        s.scan.clear();
        synced(s, scan_off + m->offset, m->protocol);
        run(s, carried);  // fewer than kSyncProbeV1 bytes; `in` follows in the caller's loop
        return;
      }
      if (!m && ruled_out < old) {  // too few new bytes to decide: all of `in` is in scan
        consume(s, in, in.size());
        s.scan.erase(s.scan.begin(), s.scan.begin() + ptrdiff_t(ruled_out));
        return;
      }
      s.scan.clear();  // nothing starts in the carried bytes
    }
    size_t ruled_out = 0;
    auto m = find_sync(in, info.protocol, opt.limits, &ruled_out);
    if (m) {
      consume(s, in, m->offset);
      synced(s, s.off, m->protocol);
      return;
    }
    s.scan.assign(in.begin() + ptrdiff_t(ruled_out), in.end());
    consume(s, in, in.size());
  }

  // A connection without a banner is claimed at a confirmed boundary only:
  // the bytes from the first boundary found are held until a second CRC
  // agrees or refutes it (as many as the item's lengths, within the limits).
  void on_resync_unclaimed(Side& s, Bytes& in) {
    s.scan.insert(s.scan.end(), in.begin(), in.end());
    consume(s, in, in.size());
    const uint64_t scan_off = s.off - s.scan.size();
    std::optional<SyncMatch> pending;
    auto m = find_confirmed_sync(s.scan, info.protocol, opt.limits, &pending);
    if (m) {
      std::vector<uint8_t> carried(s.scan.begin() + ptrdiff_t(m->offset), s.scan.end());
      s.scan.clear();
      claimed = true;
      synced(s, scan_off + m->offset, m->protocol);
      run(s, carried);
      return;
    }
    // Keep what may still begin a boundary: the pending one on, else the tail.
    const size_t tail = kSyncProbeV1 - 1;
    const size_t drop = pending ? pending->offset : (s.scan.size() > tail ? s.scan.size() - tail : 0);
    s.scan.erase(s.scan.begin(), s.scan.begin() + ptrdiff_t(drop));
  }

  // A boundary was found at stream offset `at`: report what was skipped.
  void synced(Side& s, uint64_t at, Protocol p) {
    if (at > s.skip_start) L.on_skipped(s.dir, SkipEvent{s.skip_start, at - s.skip_start, s.skip_reason});
    if (info.protocol == Protocol::Unknown) info.protocol = p;
    s.off = at;
    next(s, p == Protocol::V1 ? St::V1Tag : St::V2Preamble);
  }

  void on_cipher(Side& s, Bytes& in) {
    CiphertextEvent ev{s.off, in.size(), !s.cipher_started};
    s.cipher_started = true;
    consume(s, in, in.size());
    L.on_ciphertext(s.dir, ev);
  }

  void on_closed(Side& s, Bytes& in) {
    error(s, ErrorKind::Protocol, s.off, std::to_string(in.size()) + " bytes after the connection closed");
    consume(s, in, in.size());
  }

  // ---- gaps and the end -----------------------------------------------------

  void gap(Dir d, uint64_t len) {
    if (len == 0) return;
    Side& s = of(d);
    if (!s.pending.empty()) {  // the gap comes after the held bytes
      s.assume = true;
      pump();
    }
    const uint64_t at = s.off;
    // A gap inside a message's payload keeps the parser in step: the bytes
    // are zero-filled and the sections' CRCs become unverifiable.
    if (s.st == St::Section) {
      uint64_t left = s.sec_left;
      for (uint32_t i = s.sec + 1; i < 3; ++i) left += s.sec_len[i];
      if (len <= left) {
        L.on_gap(d, GapEvent{at, len, true});
        uint64_t todo = len;
        static const uint8_t kZeros[4096] = {};
        while (todo > 0) {
          uint64_t n = std::min<uint64_t>(todo, s.sec_left);
          s.sec_gap[s.sec] += n;
          s.msg.gap_bytes += n;
          for (uint64_t k = n; k > 0;) {
            size_t z = size_t(std::min<uint64_t>(k, sizeof kZeros));
            store(s, Bytes(kZeros, z));
            k -= z;
          }
          s.sec_left -= uint32_t(n);
          s.off += n;
          todo -= n;
          skip_empty_sections(s);
        }
        return;
      }
    }
    L.on_gap(d, GapEvent{at, len, false});
    const bool at_boundary = s.acc.empty() &&
                             (s.st == St::V1Tag || s.st == St::V2Preamble || s.st == St::Resync || s.st == St::Start);
    if (s.st == St::Cipher) {
      s.off += len;
      return;
    }
    if (!at_boundary && s.st != St::Resync)
      error(s, ErrorKind::Truncated, s.item_off,
            std::string("gap of ") + std::to_string(len) + " bytes inside the " + item_name(s.st) +
                " that began at offset " + std::to_string(s.item_off));
    if (s.st == St::Start) info.midstream = true;
    const uint64_t from = s.st == St::Resync ? s.skip_start : s.off + len;
    const SkipReason why = s.st == St::Resync ? s.skip_reason : SkipReason::AfterGap;
    s.off += len;
    start_resync(s, why, from);
  }

  // A connection cut off before its session began is normal traffic (a
  // restarting daemon refuses connections so): said on the session, not an error.
  void closed_in_handshake(Side& s) {
    info.closed_in_handshake[size_t(s.dir)] = std::string("inside the ") + item_name(s.st) + " (" +
                                              std::to_string(s.off - s.item_off) + " bytes of it seen)";
    s.acc.clear();
    s.st = St::Closed;
  }

  void truncated(Side& s) {
    error(s, ErrorKind::Truncated, s.item_off,
          std::string("input ends inside the ") + item_name(s.st) + " that began at offset " +
              std::to_string(s.item_off) + " (" + std::to_string(s.off - s.item_off) + " bytes of it seen)");
    s.acc.clear();
    s.st = St::Closed;
  }

  void finish() {
    for (auto& s : side) {
      if (!s.pending.empty()) {
        s.assume = true;
        std::vector<uint8_t> held = std::move(s.pending);
        s.pending.clear();
        run(s, held);
      }
    }
    for (auto& s : side) {
      switch (s.st) {
        case St::Resync: {
          if (s.off > s.skip_start) L.on_skipped(s.dir, SkipEvent{s.skip_start, s.off - s.skip_start, s.skip_reason});
          s.skip_start = s.off;
          s.scan.clear();
          break;
        }
        case St::Start:
          if (!s.acc.empty()) {
            L.on_skipped(s.dir, SkipEvent{s.gather_off, s.acc.size(), SkipReason::NoBanner});
            s.acc.clear();
          }
          break;
        case St::V1Tag:
        case St::V2AwaitPeerBanner:
        case St::V1AwaitReply:
        case St::Cipher:
        case St::Closed: break;
        case St::V2Preamble:
          if (s.acc.empty()) break;  // between frames
          truncated(s);
          break;
        case St::V1Connect:
        case St::V1Reply:  // between items: a refused or retried connect ends here
          if (s.acc.empty()) break;
          [[fallthrough]];
        case St::V1Hello:
        case St::V1ConnectAuth:
        case St::V1ReplyAuth:
        case St::V1SeqValue:
        case St::V2BannerLen:
        case St::V2BannerPayload:
          closed_in_handshake(s);
          break;
        default:
          truncated(s);
          break;
      }
    }
  }
};

PduContext Connection::next_pdu(Dir dir) const {
  const Impl& c = *impl_;
  const auto& s = c.side[size_t(dir)];
  PduContext ctx;
  ctx.server = dir == Dir::ToClient;
  ctx.v1_footer_with_sig = c.info.v1_footer_with_sig();
  ctx.rev1 = c.info.rev1;
  ctx.compression = c.info.compression_method;
  switch (s.st) {
    case St::Start: ctx.kind = s.acc.empty() ? PduKind::Banner : PduKind::Unknown; break;
    case St::V1Connect: ctx.kind = PduKind::V1Connect; break;
    case St::V1Reply: ctx.kind = PduKind::V1ConnectReply; break;
    case St::V1SeqValue: ctx.kind = PduKind::V1SeqValue; break;
    case St::V1Tag: ctx.kind = PduKind::V1Open; break;
    case St::V1AwaitReply:
      if (s.replies_used < c.v1_reply_tags.size()) {
        uint8_t tag = c.v1_reply_tags[s.replies_used];
        ctx.kind = tag == msgr1::kTagReady ? PduKind::V1Open
                   : tag == msgr1::kTagSeq ? PduKind::V1SeqValue
                                           : PduKind::V1Connect;
      }
      break;
    case St::V2AwaitPeerBanner: ctx.kind = PduKind::V2Frame; break;
    case St::V2Preamble:
      if (!s.acc.empty()) break;
      ctx.kind = PduKind::V2Frame;
      if (c.client_auth_finished(s) && c.info.con_mode == msgr2::kConModeSecure) ctx.kind = PduKind::Ciphertext;
      break;
    case St::Cipher: ctx.kind = PduKind::Ciphertext; break;
    default: break;
  }
  return ctx;
}

Connection::Connection(Listener& listener, ParserOptions options)
    : impl_(std::make_unique<Impl>(listener, options)) {}
Connection::~Connection() = default;
void Connection::feed(Dir dir, Bytes bytes) { impl_->feed(dir, bytes); }
void Connection::gap(Dir dir, uint64_t length) { impl_->gap(dir, length); }
void Connection::finish() { impl_->finish(); }
const SessionInfo& Connection::info() const { return impl_->info; }
uint64_t Connection::offset(Dir dir) const { return impl_->side[size_t(dir)].off; }
uint64_t Connection::earliest_pending(Dir dir) const {
  const auto& s = impl_->side[size_t(dir)];
  switch (s.st) {
    case St::Resync: return std::min(s.skip_start, s.off - s.scan.size());
    case St::Start: return s.acc.empty() ? s.off : s.gather_off;
    case St::V1Tag:
    case St::V2Preamble:
    case St::V2AwaitPeerBanner:
    case St::V1AwaitReply:
    case St::Cipher:
    case St::Closed: return s.acc.empty() ? s.off : s.gather_off;
    default: return std::min(s.item_off, s.acc.empty() ? s.off : s.gather_off);
  }
}
bool Connection::encrypted(Dir dir) const { return impl_->side[size_t(dir)].st == St::Cipher; }

}  // namespace cephwire
