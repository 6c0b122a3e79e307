// The synthetic captures: what real traffic rarely shows. Each scenario writes
// one capture and its manifest; every expectation in the manifest is derived
// here from what was written, never from what a reader reports.
#include "scenarios.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "cephwire/encoder.h"
#include "cephwire/features.h"
#include "cephwire/messages/cephfs.h"
#include "cephwire/messages/encoding.h"
#include "cephwire/messages/mon_client.h"
#include "cephwire/messages/osd_op.h"
#include "cephwire/msg_types.h"
#include "cephwire/capture/flow_writer.h"
#include "manifest.h"

namespace cephwire::gen {
namespace {

using capture::Endpoint;
using capture::PcapWriter;
using capture::Capture;
using capture::Flow;
using capture::Segment;
namespace fs = std::filesystem;

constexpr uint64_t kFeatures = kFeatureMsgAuth | kFeatureKeepalive2 | 0x3ffddff8ffacffffull;

Endpoint v4(uint16_t port) { return Endpoint::v4({127, 0, 0, 1}, port); }
Endpoint v6(uint16_t port) {
  std::array<uint8_t, 16> a{};
  a[15] = 1;  // ::1
  return Endpoint::v6(a, port);
}

// A message with recognisable contents.
Message msg(uint16_t type, uint64_t seq, size_t front, size_t middle = 0, size_t data = 0) {
  Message m;
  m.seq = seq;
  m.tid = 100 + seq;
  m.type = type;
  m.priority = kPrioDefault;
  m.version = type == 42 ? 8 : 1;
  m.compat_version = 1;
  m.src = {kEntityClient, 4100};
  std::vector<uint8_t> f(front), mid(middle);
  for (size_t i = 0; i < front; ++i) f[i] = uint8_t("cephwire front "[i % 15]);
  for (size_t i = 0; i < middle; ++i) mid[i] = uint8_t('m');
  m.set_front(f);
  m.set_middle(mid);
  Pagelist d;
  for (size_t i = 0; i < data; ++i) d.encode_8(uint8_t(i * 7 + seq));
  m.set_data(std::move(d));
  m.data_off = uint16_t(data ? 0x2000 : 0);
  return m;
}

enum class Damage { None, V1Header, V1Front, V1Middle, V1Data, V2Preamble, V2Seg0, V2Seg1, V2Seg2, V2Seg3 };

// One TCP connection of a scenario, with its manifest entry.
class Conn {
 public:
  Conn(Capture& cap, Manifest& man, Endpoint c, Endpoint s, const char* protocol, uint32_t isn_c = 1000,
       uint32_t isn_s = 5000)
      : flow(cap, c, s, isn_c, isn_s), man_(man), id(man.connection(c, s, protocol)) {}

  void conversation(const Conversation& conv, size_t mss = 65483) {
    for (auto& ch : conv) flow.send(ch.dir, ch.bytes, mss);
  }
  void raw(Dir d, Bytes b, size_t mss = 65483) { flow.send(d, b, mss); }

  // Writes a v1 message, damaging one CRC field when asked; counts it.
  void v1(Dir d, const Message& m, msgr1::EncodeOptions o = {}, Damage dmg = Damage::None, size_t mss = 65483,
          const std::string& text = {}) {
    auto bytes = msgr1::encode_message(m, o).flatten();
    auto l = msgr1::MessageLayout::of(m, o.footer_with_sig);
    const uint64_t at = flow.offset(d);
    auto flip = [&](uint64_t off, CrcField f) {
      bytes[off] ^= 0x5a;
      man_.crc_error(id, d, f, 0, at + off);
    };
    switch (dmg) {
      case Damage::V1Header: flip(msgr1::MessageLayout::kHeaderCrc, CrcField::V1Header); break;
      case Damage::V1Front: flip(l.footer, CrcField::V1Front); break;
      case Damage::V1Middle: flip(l.footer + 4, CrcField::V1Middle); break;
      case Damage::V1Data: flip(l.footer + 8, CrcField::V1Data); break;
      default: break;
    }
    flow.send(d, bytes, mss);
    man_.message(id, d, m, text);
  }
  // A v1 message and the text Ceph prints for it, in segments of mss bytes.
  void v1_said(Dir d, const Message& m, const std::string& text, size_t mss = 1448) {
    v1(d, m, {}, Damage::None, mss, text);
  }

  void v2(Dir d, const Message& m, msgr2::EncodeOptions o = {}, Damage dmg = Damage::None, size_t mss = 65483) {
    auto bytes = msgr2::encode_message(m, o).flatten();
    auto l = msgr2::FrameLayout::of(msgr2::Preamble::decode(bytes.data()), o.rev1);
    const uint64_t at = flow.offset(d);
    auto flip = [&](int64_t off, CrcField f, uint8_t seg) {
      bytes[size_t(off)] ^= 0x5a;
      man_.crc_error(id, d, f, seg, at + uint64_t(off));
    };
    switch (dmg) {
      case Damage::V2Preamble: flip(msgr2::Preamble::kCrcOffset, CrcField::V2Preamble, 0); break;
      case Damage::V2Seg0: flip(l.crc_offset(0), CrcField::V2Segment, 0); break;
      case Damage::V2Seg1: flip(l.crc_offset(1), CrcField::V2Segment, 1); break;
      case Damage::V2Seg2: flip(l.crc_offset(2), CrcField::V2Segment, 2); break;
      case Damage::V2Seg3: flip(l.crc_offset(3), CrcField::V2Segment, 3); break;
      default: break;
    }
    flow.send(d, bytes, mss);
    man_.message(id, d, m);
  }

  void control(Dir d, const msgr2::ControlPayload& p, msgr2::EncodeOptions o = {}) {
    flow.send(d, msgr2::encode_control(p, o).flatten());
  }

  Flow flow;

 private:
  Manifest& man_;

 public:
  const size_t id;
};

msgr1::HandshakeSpec v1_spec(uint16_t client_port, uint16_t server_port) {
  msgr1::HandshakeSpec h;
  h.client_addr = EntityAddr::ipv4(kAddrLegacy, 1000u + client_port, {127, 0, 0, 1}, client_port);
  h.server_addr = EntityAddr::ipv4(kAddrLegacy, 0, {127, 0, 0, 1}, server_port);
  h.client_features = h.server_features = kFeatures;
  return h;
}

msgr2::HandshakeSpec v2_spec(uint16_t client_port, uint16_t server_port, bool rev1 = true) {
  msgr2::HandshakeSpec h;
  h.client_addr = EntityAddr::ipv4(kAddrMsgr2, 2000u + client_port, {127, 0, 0, 1}, client_port);
  h.server_addr = EntityAddr::ipv4(kAddrMsgr2, 0, {127, 0, 0, 1}, server_port);
  if (!rev1) h.client_banner.supported = 0;
  return h;
}

// ---- scenarios ----------------------------------------------------------

// Every v1 tag: connect replies of every kind, the SEQ exchange,
// CHALLENGE_AUTHORIZER, signed and NOCRC footers, 13-byte footers, and the
// open-state tags.
void v1_tags(const std::string& dir) {
  Capture cap(dir + "/v1-tags.pcap", capture::kLinkEthernet, PcapWriter::Format::Pcap);
  Manifest man("v1-tags.pcap", "msgr v1: every connect reply tag, SEQ exchange, CHALLENGE_AUTHORIZER, signed, NOCRC "
               "and 13-byte footers, ACK, KEEPALIVE, KEEPALIVE2(_ACK), CLOSE", "pcap", capture::kLinkEthernet);

  {  // READY, then all open-state tags
    Conn c(cap, man, v4(40001), v4(6789), "msgr1");
    c.flow.handshake();
    c.conversation(msgr1::handshake(v1_spec(40001, 6789)));
    c.v1(Dir::ToServer, msg(17, 1, 60));
    c.v1(Dir::ToClient, msg(18, 1, 80));
    c.raw(Dir::ToServer, msgr1::encode_ack(1));
    c.raw(Dir::ToServer, msgr1::encode_keepalive2(msgr1::kTagKeepalive2, 1764000000, 5));
    c.raw(Dir::ToClient, msgr1::encode_keepalive2(msgr1::kTagKeepalive2Ack, 1764000000, 5));
    c.raw(Dir::ToServer, msgr1::encode_tag(msgr1::kTagKeepalive));
    c.v1(Dir::ToServer, msg(15, 2, 40, 10));  // with a middle
    c.v1(Dir::ToClient, msg(4, 2, 300));
    c.raw(Dir::ToClient, msgr1::encode_ack(2));
    c.raw(Dir::ToServer, msgr1::encode_tag(msgr1::kTagClose));
    c.flow.fin();
  }
  {  // SEQ reply: the server's le64 and the client's answer
    Conn c(cap, man, v4(40002), v4(6800), "msgr1");
    c.flow.handshake();
    auto h = v1_spec(40002, 6800);
    h.reply_tag = msgr1::kTagSeq;
    h.server_seq = 7;
    h.client_seq = 3;
    c.conversation(msgr1::handshake(h));
    c.v1(Dir::ToServer, msg(42, 8, 200, 0, 4096));
    c.v1(Dir::ToClient, msg(43, 4, 150));
    c.flow.fin();
  }
  {  // cephx: CHALLENGE_AUTHORIZER, connect again, READY; signed footers
    Conn c(cap, man, v4(40003), v4(6801), "msgr1");
    c.flow.handshake();
    auto h = v1_spec(40003, 6801);
    auto hs = msgr1::handshake(h);
    c.conversation({hs[0], hs[1]});
    msgr1::Connect con;
    con.features = kFeatures;
    con.host_type = kEntityClient;
    con.authorizer_protocol = 2;
    std::vector<uint8_t> authorizer(174, 0xa5);
    c.raw(Dir::ToServer, msgr1::encode_connect(con, authorizer));
    msgr1::ConnectReply rep;
    rep.tag = msgr1::kTagChallengeAuthorizer;
    c.raw(Dir::ToClient, msgr1::encode_connect_reply(rep, std::vector<uint8_t>(30, 0x5a)));
    c.raw(Dir::ToServer, msgr1::encode_connect(con, authorizer));
    rep.tag = msgr1::kTagReady;
    rep.features = kFeatures;
    c.raw(Dir::ToClient, msgr1::encode_connect_reply(rep, std::vector<uint8_t>(36, 0x11)));
    msgr1::EncodeOptions sig;
    sig.footer_flags = msgr1::kFooterComplete | msgr1::kFooterSigned;
    sig.sig = 0x0123456789abcdefull;
    c.v1(Dir::ToServer, msg(42, 1, 250, 0, 8192), sig);
    c.v1(Dir::ToClient, msg(43, 1, 180), sig);
    c.flow.fin();
  }
  {  // every other reply tag before READY; NOCRC footers (ms crc data = false)
    Conn c(cap, man, v4(40004), v4(6802), "msgr1");
    c.flow.handshake();
    auto hs = msgr1::handshake(v1_spec(40004, 6802));
    c.conversation({hs[0], hs[1]});
    msgr1::Connect con;
    con.features = kFeatures;
    for (uint8_t tag : {msgr1::kTagRetrySession, msgr1::kTagRetryGlobal, msgr1::kTagResetSession, msgr1::kTagWait,
                        msgr1::kTagBadAuthorizer, msgr1::kTagReady}) {
      c.raw(Dir::ToServer, msgr1::encode_connect(con, {}));
      msgr1::ConnectReply rep;
      rep.tag = tag;
      rep.features = kFeatures;
      c.raw(Dir::ToClient, msgr1::encode_connect_reply(rep, {}));
    }
    msgr1::EncodeOptions nocrc;
    nocrc.crc_data = false;
    c.v1(Dir::ToServer, msg(42, 1, 100, 0, 3000), nocrc);
    c.flow.fin();
  }
  for (uint8_t fatal : {msgr1::kTagFeatures, msgr1::kTagBadProtoVer}) {  // refused connections
    uint16_t port = fatal == msgr1::kTagFeatures ? 40005 : 40006;
    Conn c(cap, man, v4(port), v4(6803), "msgr1");
    c.flow.handshake();
    auto hs = msgr1::handshake(v1_spec(port, 6803));
    c.conversation({hs[0], hs[1], hs[2]});
    msgr1::ConnectReply rep;
    rep.tag = fatal;
    c.raw(Dir::ToClient, msgr1::encode_connect_reply(rep, {}));
    c.flow.fin();
  }
  {  // peers without MSG_AUTH: 13-byte footers both ways
    Conn c(cap, man, v4(40007), v4(6804), "msgr1");
    c.flow.handshake();
    auto h = v1_spec(40007, 6804);
    h.server_features &= ~kFeatureMsgAuth;
    c.conversation(msgr1::handshake(h));
    msgr1::EncodeOptions old;
    old.footer_with_sig = false;
    for (uint64_t i = 1; i <= 3; ++i) c.v1(Dir::ToServer, msg(2, i, 0), old);
    c.v1(Dir::ToClient, msg(43, 1, 90, 0, 100), old);
    c.flow.fin();
  }
  cap.close();
  man.write(dir + "/v1-tags.manifest.json");
}

// Every msgr2 frame tag and every MESSAGE segment combination, in one
// revision; a compressed frame (flag only) and a WAIT.
void v2_frames(const std::string& dir, bool rev1) {
  const std::string name = rev1 ? "v2-frames-rev1" : "v2-frames-rev0";
  const uint32_t link = rev1 ? capture::kLinkLinuxSll2 : capture::kLinkLinuxSll;
  const auto format = rev1 ? PcapWriter::Format::Pcapng : PcapWriter::Format::Pcap;
  Capture cap(dir + "/" + name + (rev1 ? ".pcapng" : ".pcap"), link, format);
  Manifest man(name + (rev1 ? ".pcapng" : ".pcap"),
               std::string("msgr2.") + (rev1 ? "1" : "0") +
                   " crc mode: every frame tag 1..22, MESSAGE in all 8 front/middle/data combinations, a MESSAGE "
                   "compressed with zstd, WAIT with an empty segment 0",
               rev1 ? "pcapng" : "pcap", link);
  msgr2::EncodeOptions o;
  o.rev1 = rev1;
  {
    Conn c(cap, man, v4(41001), v4(3300), "msgr2");
    c.flow.handshake();
    c.conversation(msgr2::handshake(v2_spec(41001, 3300, rev1)));
    for (int mask = 0; mask < 8; ++mask)
      c.v2(Dir::ToServer, msg(42, uint64_t(mask + 1), (mask & 1) ? 120 : 0, (mask & 2) ? 30 : 0, (mask & 4) ? 9000 : 0),
           o);
    c.v2(Dir::ToClient, msg(43, 1, 200, 0, 9000), o);
    using namespace msgr2;
    EntityAddrvec mine;
    mine.addrs.push_back(EntityAddr::ipv4(kAddrAny, 7, {127, 0, 0, 1}, 0));
    c.control(Dir::ToServer, Keepalive2{{1764000000, 1}}, o);
    c.control(Dir::ToClient, Keepalive2Ack{{1764000000, 1}}, o);
    c.control(Dir::ToClient, Ack{9}, o);
    c.control(Dir::ToServer, Ack{1}, o);
    c.control(Dir::ToServer, CompressionRequest{true, {1, 3}}, o);
    c.control(Dir::ToClient, CompressionDone{true, 3}, o);
    // A MESSAGE compressed with the method agreed on (zstd): decompressed and
    // read like any other.
    EncodeOptions comp = o;
    comp.compress_method = 3;
    c.v2(Dir::ToServer, msg(42, 9, 120, 0, 9000), comp);
    c.control(Dir::ToServer, AuthRequestMore{{1, 2, 3}}, o);
    c.control(Dir::ToClient, AuthReplyMore{{4, 5}}, o);
    c.control(Dir::ToClient, AuthBadMethod{2, -13, {1, 2}, {1}}, o);
    c.control(Dir::ToClient, IdentMissingFeatures{1ull << 58}, o);
    c.control(Dir::ToServer, SessionReconnect{mine, 1, 2, 3, 4, 5}, o);
    c.control(Dir::ToClient, SessionReconnectOk{5}, o);
    c.control(Dir::ToClient, SessionRetry{2}, o);
    c.control(Dir::ToClient, SessionRetryGlobal{9}, o);
    c.control(Dir::ToClient, SessionReset{true}, o);
    c.control(Dir::ToClient, Wait{}, o);
    c.flow.fin();
  }
  cap.close();
  man.write(dir + "/" + name + ".manifest.json");
}

// A wrong CRC in each place: v1 header, front, middle, data; msgr2 preamble and
// segments 0..3, in rev1 and rev0. Exactly one field per message.
void crc_errors(const std::string& dir) {
  Capture cap(dir + "/crc-errors.pcap", capture::kLinkEthernet, PcapWriter::Format::Pcap);
  Manifest man("crc-errors.pcap", "one damaged CRC per message: v1 header/front/middle/data, msgr2 preamble and "
               "segments 0-3 in rev1 and rev0", "pcap", capture::kLinkEthernet);
  {
    Conn c(cap, man, v4(42001), v4(6810), "msgr1");
    c.flow.handshake();
    c.conversation(msgr1::handshake(v1_spec(42001, 6810)));
    uint64_t seq = 1;
    for (Damage d : {Damage::V1Header, Damage::V1Front, Damage::V1Middle, Damage::V1Data, Damage::None})
      c.v1(Dir::ToServer, msg(42, seq++, 100, 20, 5000), {}, d);
    c.flow.fin();
  }
  for (bool rev1 : {true, false}) {
    uint16_t port = rev1 ? 42002 : 42003;
    Conn c(cap, man, v4(port), v4(6811), "msgr2");
    c.flow.handshake();
    c.conversation(msgr2::handshake(v2_spec(port, 6811, rev1)));
    msgr2::EncodeOptions o;
    o.rev1 = rev1;
    uint64_t seq = 1;
    for (Damage d : {Damage::V2Preamble, Damage::V2Seg0, Damage::V2Seg1, Damage::V2Seg2, Damage::V2Seg3, Damage::None})
      c.v2(Dir::ToServer, msg(42, seq++, 100, 20, 5000), o, d);
    c.flow.fin();
  }
  cap.close();
  man.write(dir + "/crc-errors.manifest.json");
}

// TCP trouble: reordering, retransmissions and overlaps (one with different
// bytes), a segment lost inside a large data payload, a capture that starts
// mid-connection, one that ends mid-message, sequence numbers wrapping past
// 2^32, and many connections interleaved.
void tcp_trouble(const std::string& dir) {
  Capture cap(dir + "/tcp-trouble.pcap", capture::kLinkEthernet, PcapWriter::Format::Pcap);
  Manifest man("tcp-trouble.pcap", "out-of-order, retransmitted and overlapping segments, a gap inside a data "
               "payload, a mid-connection start, a cut-off message, sequence wrap, interleaved connections",
               "pcap", capture::kLinkEthernet);
  const size_t mss = 1448;
  {  // out of order: each message's segments written last-first
    Conn c(cap, man, v4(43001), v4(6820), "msgr2");
    c.flow.handshake();
    c.conversation(msgr2::handshake(v2_spec(43001, 6820)), mss);
    for (uint64_t seq = 1; seq <= 3; ++seq) {
      Message m = msg(42, seq, 100, 0, 6000);
      auto segs = c.flow.cut(Dir::ToServer, msgr2::encode_message(m).flatten(), mss);
      for (auto it = segs.rbegin(); it != segs.rend(); ++it) c.flow.write(*it);
      man.message(c.id, Dir::ToServer, m);
    }
    c.flow.fin();
  }
  {  // retransmissions: an exact copy, and one spanning two segments with a changed byte
    Conn c(cap, man, v4(43002), v4(6821), "msgr1");
    c.flow.handshake();
    c.conversation(msgr1::handshake(v1_spec(43002, 6821)), mss);
    Message m = msg(42, 1, 100, 0, 5000);
    const uint64_t start = c.flow.offset(Dir::ToServer);
    auto segs = c.flow.cut(Dir::ToServer, msgr1::encode_message(m).flatten(), mss);
    c.flow.write(segs[0]);
    c.flow.write(segs[0]);  // exact duplicate
    c.flow.write(segs[1]);
    // Overlaps the end of segs[0] and the start of segs[1], one byte changed.
    Segment over = segs[0];
    over.payload.assign(segs[0].payload.end() - 100, segs[0].payload.end());
    over.payload.insert(over.payload.end(), segs[1].payload.begin(), segs[1].payload.begin() + 100);
    over.seq = segs[0].seq + uint32_t(segs[0].payload.size() - 100);
    over.payload[150] ^= 0xff;
    c.flow.write(over);
    man.conflict(c.id, Dir::ToServer, start + segs[0].payload.size() + 50, 1);
    for (size_t i = 2; i < segs.size(); ++i) c.flow.write(segs[i]);
    man.message(c.id, Dir::ToServer, m);
    c.flow.fin();
  }
  {  // a segment lost inside a 64 KiB data payload: the message is kept, the gap reported
    Conn c(cap, man, v4(43003), v4(6822), "msgr2");
    c.flow.handshake();
    c.conversation(msgr2::handshake(v2_spec(43003, 6822)), mss);
    Message m = msg(42, 1, 100, 0, 65536);
    const uint64_t start = c.flow.offset(Dir::ToServer);
    auto segs = c.flow.cut(Dir::ToServer, msgr2::encode_message(m).flatten(), mss);
    for (size_t i = 0; i < segs.size(); ++i) {
      if (i == 20) {  // well inside the data segment
        man.gap(c.id, Dir::ToServer, start + 20 * mss, segs[i].payload.size(), true);
        continue;
      }
      c.flow.write(segs[i]);
    }
    man.message(c.id, Dir::ToServer, m);
    c.v2(Dir::ToServer, msg(42, 2, 50), {}, Damage::None, mss);
    c.flow.fin();
  }
  {  // the capture starts in the middle of this connection (no SYN, no banners)
    Conn c(cap, man, v4(43004), v4(6823), "msgr1");
    std::vector<uint8_t> stream;
    std::vector<Message> msgs;
    for (uint64_t seq = 1; seq <= 4; ++seq) msgs.push_back(msg(43, seq, 120, 0, 2000));
    std::vector<size_t> starts;
    for (auto& m : msgs) {
      starts.push_back(stream.size());
      msgr1::encode_message(m).append_to(stream);
    }
    const size_t begin = starts[1] - 700;  // inside message seq 1's data
    c.raw(Dir::ToClient, Bytes(stream).subspan(begin), mss);
    man.skipped(c.id, Dir::ToClient, 0, starts[1] - begin, SkipReason::NoBanner);
    for (size_t i = 1; i < msgs.size(); ++i) man.message(c.id, Dir::ToClient, msgs[i]);
  }
  {  // the capture ends in the middle of a message
    Conn c(cap, man, v4(43005), v4(6824), "msgr2");
    c.flow.handshake();
    c.conversation(msgr2::handshake(v2_spec(43005, 6824)), mss);
    c.v2(Dir::ToServer, msg(42, 1, 80), {}, Damage::None, mss);
    const uint64_t at = c.flow.offset(Dir::ToServer);
    auto bytes = msgr2::encode_message(msg(42, 2, 100, 0, 10000)).flatten();
    c.raw(Dir::ToServer, Bytes(bytes).first(5000), mss);
    man.error(c.id, Dir::ToServer, ErrorKind::Truncated, at);
  }
  {  // sequence numbers wrap past 2^32 in both directions
    Conn c(cap, man, v4(43006), v4(6825), "msgr1", 0xffffd000u, 0xfffff000u);
    c.flow.handshake();
    c.conversation(msgr1::handshake(v1_spec(43006, 6825)), mss);
    for (uint64_t seq = 1; seq <= 3; ++seq) {
      c.v1(Dir::ToServer, msg(42, seq, 100, 0, 6000), {}, Damage::None, mss);
      c.v1(Dir::ToClient, msg(43, seq, 100, 0, 6000), {}, Damage::None, mss);
    }
    c.flow.fin();
  }
  {  // ten connections whose segments interleave
    std::vector<std::unique_ptr<Conn>> conns;
    std::vector<std::vector<Segment>> pending;
    for (uint16_t i = 0; i < 10; ++i) {
      auto c = std::make_unique<Conn>(cap, man, v4(uint16_t(43100 + i)), v4(uint16_t(6830 + i % 3)),
                                      i % 2 ? "msgr1" : "msgr2");
      c->flow.handshake();
      std::vector<Segment> segs;
      auto add = [&](Dir d, const std::vector<uint8_t>& b) {
        auto s = c->flow.cut(d, b, mss);
        segs.insert(segs.end(), s.begin(), s.end());
      };
      Conversation hs = i % 2 ? msgr1::handshake(v1_spec(uint16_t(43100 + i), uint16_t(6830 + i % 3)))
                              : msgr2::handshake(v2_spec(uint16_t(43100 + i), uint16_t(6830 + i % 3)));
      for (auto& ch : hs) add(ch.dir, ch.bytes);
      for (uint64_t seq = 1; seq <= 3; ++seq) {
        Message m = msg(42, seq, 60 + i, 0, 3000);
        add(Dir::ToServer, i % 2 ? msgr1::encode_message(m).flatten() : msgr2::encode_message(m).flatten());
        man.message(c->id, Dir::ToServer, m);
      }
      pending.push_back(std::move(segs));
      conns.push_back(std::move(c));
    }
    for (size_t round = 0;; ++round) {
      bool any = false;
      for (size_t i = 0; i < conns.size(); ++i)
        if (round < pending[i].size()) {
          conns[i]->flow.write(pending[i][round]);
          any = true;
        }
      if (!any) break;
    }
    for (auto& c : conns) c->flow.fin();
  }
  cap.close();
  man.write(dir + "/tcp-trouble.manifest.json");
}

// The same small v1 + msgr2 sessions over each link type, IPv4 and IPv6,
// pcap and pcapng.
void link_types(const std::string& dir) {
  struct Variant {
    const char* name;
    uint32_t link;
    bool ipv6;
    PcapWriter::Format format;
    bool vlan;
  };
  const Variant variants[] = {
      {"link-ethernet-vlan-ipv6", capture::kLinkEthernet, true, PcapWriter::Format::Pcapng, true},
      {"link-sll-ipv6", capture::kLinkLinuxSll, true, PcapWriter::Format::Pcap, false},
      {"link-sll2-ipv4", capture::kLinkLinuxSll2, false, PcapWriter::Format::Pcap, false},
      {"link-null-ipv4", capture::kLinkNull, false, PcapWriter::Format::Pcapng, false},
      {"link-null-ipv6", capture::kLinkNull, true, PcapWriter::Format::Pcap, false},
      {"link-raw-ipv4", capture::kLinkRaw, false, PcapWriter::Format::Pcap, false},
      {"link-raw-ipv6", capture::kLinkRaw, true, PcapWriter::Format::Pcapng, false},
  };
  for (const auto& v : variants) {
    const bool ng = v.format == PcapWriter::Format::Pcapng;
    const std::string file = std::string(v.name) + (ng ? ".pcapng" : ".pcap");
    Capture cap(dir + "/" + file, v.link, v.format, v.vlan);
    Manifest man(file, std::string("one msgr v1 and one msgr2 session over ") + capture::link_type_name(v.link) +
                           (v.vlan ? " with an 802.1Q tag" : "") + (v.ipv6 ? ", IPv6" : ", IPv4"),
                 ng ? "pcapng" : "pcap", v.link);
    auto ep = [&](uint16_t port) { return v.ipv6 ? v6(port) : v4(port); };
    // Over IPv6 the entity addresses are IPv6 ones too (::1).
    auto addr6 = [](EntityAddr a) {
      a.family = EntityAddr::kAfInet6;
      a.ip = {};
      a.ip[15] = 1;
      return a;
    };
    {
      Conn c(cap, man, ep(44001), ep(6789), "msgr1");
      c.flow.handshake();
      auto spec = v1_spec(44001, 6789);
      if (v.ipv6) spec.client_addr = addr6(spec.client_addr), spec.server_addr = addr6(spec.server_addr);
      c.conversation(msgr1::handshake(spec));
      c.v1(Dir::ToServer, msg(17, 1, 60));
      c.v1(Dir::ToClient, msg(18, 1, 90, 0, 1000));
      c.flow.fin();
    }
    {
      Conn c(cap, man, ep(44002), ep(3300), "msgr2");
      c.flow.handshake();
      auto spec = v2_spec(44002, 3300);
      if (v.ipv6) spec.client_addr = addr6(spec.client_addr), spec.server_addr = addr6(spec.server_addr);
      c.conversation(msgr2::handshake(spec));
      c.v2(Dir::ToServer, msg(42, 1, 60, 0, 3000));
      c.v2(Dir::ToClient, msg(43, 1, 90));
      c.flow.fin();
    }
    cap.close();
    man.write(dir + "/" + std::string(v.name) + ".manifest.json");
  }
}

// msgr2 secure mode: after AUTH_DONE(con_mode 2) only ciphertext.
void secure(const std::string& dir) {
  Capture cap(dir + "/v2-secure.pcap", capture::kLinkEthernet, PcapWriter::Format::Pcap);
  Manifest man("v2-secure.pcap", "msgr2 secure mode: plaintext handshake up to AUTH_DONE, then ciphertext", "pcap",
               capture::kLinkEthernet);
  Conn c(cap, man, v4(45001), v4(3300), "msgr2");
  man.encrypted(c.id);
  c.flow.handshake();
  auto h = v2_spec(45001, 3300);
  h.con_mode = msgr2::kConModeSecure;
  h.auth_method = kAuthCephx;
  c.conversation(msgr2::handshake(h));
  c.flow.fin();
  cap.close();
  man.write(dir + "/v2-secure.manifest.json");
}

// Ceph on ports that are not Ceph's: found by the heuristics (banners, or a
// CRC-matching message for a connection that starts mid-stream).
void other_ports(const std::string& dir) {
  Capture cap(dir + "/other-ports.pcap", capture::kLinkEthernet, PcapWriter::Format::Pcap);
  Manifest man("other-ports.pcap", "msgr v1 and msgr2 sessions on ports 5000 and 5001, and a msgr2 connection on "
               "port 5002 captured from its middle", "pcap", capture::kLinkEthernet);
  {
    Conn c(cap, man, v4(47001), v4(5000), "msgr1");
    c.flow.handshake();
    c.conversation(msgr1::handshake(v1_spec(47001, 5000)));
    c.v1(Dir::ToServer, msg(42, 1, 100, 0, 5000));
    c.v1(Dir::ToClient, msg(43, 1, 80));
    c.flow.fin();
  }
  {
    Conn c(cap, man, v4(47002), v4(5001), "msgr2");
    c.flow.handshake();
    c.conversation(msgr2::handshake(v2_spec(47002, 5001)));
    c.v2(Dir::ToServer, msg(42, 1, 100, 0, 5000));
    c.v2(Dir::ToClient, msg(43, 1, 80));
    c.flow.fin();
  }
  {  // no SYN, no banner: the first bytes are a whole MESSAGE frame
    Conn c(cap, man, v4(47003), v4(5002), "msgr2");
    c.v2(Dir::ToServer, msg(42, 7, 100, 0, 2000));
    c.v2(Dir::ToServer, msg(42, 8, 100));
  }
  cap.close();
  man.write(dir + "/other-ports.manifest.json");
}

// A file cut in the middle of a record: a reader reports the offset and keeps
// what came before.
void truncated_file(const std::string& dir) {
  const std::string whole = dir + "/.truncated-whole.pcap";
  Capture cap(whole, capture::kLinkEthernet, PcapWriter::Format::Pcap);
  Manifest man("truncated-file.pcap", "a pcap file cut 10 bytes into the record of its last frame", "pcap",
               capture::kLinkEthernet);
  Conn c(cap, man, v4(46001), v4(6789), "msgr1");
  c.flow.handshake();
  c.conversation(msgr1::handshake(v1_spec(46001, 6789)));
  c.v1(Dir::ToServer, msg(17, 1, 60));
  c.raw(Dir::ToServer, msgr1::encode_message(msg(42, 2, 100)).flatten());  // this last frame gets cut
  cap.close();
  const auto size = fs::file_size(whole);
  // The last record: 16-byte header + frame (14 + 20 + 20 + payload).
  const uint64_t last_frame_len = 14 + 20 + 20 + 1 + 53 + 100 + 21;
  const uint64_t record_start = size - 16 - last_frame_len;
  fs::copy_file(whole, dir + "/truncated-file.pcap", fs::copy_options::overwrite_existing);
  fs::resize_file(dir + "/truncated-file.pcap", record_start + 10);
  fs::remove(whole);
  man.read_error(record_start);  // the cut frame never reaches TCP: no truncated message is expected
  man.write(dir + "/truncated-file.manifest.json");
}

// Frames Ceph's receivers refuse or never see, between good messages: a
// preamble whose last declared segment is empty, a MESSAGE whose segment 0
// cannot hold ceph_msg_header2 (both errors; the frame's bytes are skipped and
// the next message is found), and an epilogue with late_status bits Ceph does
// not define (0x2e: complete, with a reserved bit; the message reads).
void v2_violations(const std::string& dir) {
  Capture cap(dir + "/v2-violations.pcap", capture::kLinkEthernet, PcapWriter::Format::Pcap);
  Manifest man("v2-violations.pcap",
               "msgr2.1 crc mode: a preamble with an empty last segment, a MESSAGE whose segment 0 is shorter than "
               "ceph_msg_header2, an epilogue with undefined late_status bits, each between good messages; a v1 "
               "connection whose client answers the banners with a msgr2 banner",
               "pcap", capture::kLinkEthernet);
  {
    Conn c(cap, man, v4(41101), v4(3300), "msgr2");
    c.flow.handshake();
    c.conversation(msgr2::handshake(v2_spec(41101, 3300)));
    c.v2(Dir::ToServer, msg(42, 1, 100));
    auto refused = [&](std::vector<uint8_t> bytes) {
      const uint64_t at = c.flow.offset(Dir::ToServer);
      man.error(c.id, Dir::ToServer, ErrorKind::Malformed, at);
      man.skipped(c.id, Dir::ToServer, at, bytes.size(), SkipReason::AfterError);
      c.raw(Dir::ToServer, bytes);
    };
    {  // three segments declared, the third empty
      auto bytes = msgr2::encode_message(msg(42, 2, 100)).flatten();
      auto pre = msgr2::Preamble::decode(bytes.data());
      pre.num_segments = 3;
      pre.encode(bytes.data());
      store_le32(&bytes[msgr2::Preamble::kCrcOffset], msgr2::Preamble::compute_crc(bytes.data()));
      refused(bytes);
    }
    c.v2(Dir::ToServer, msg(42, 3, 100));
    {  // a MESSAGE frame whose segment 0 is 20 bytes
      std::vector<uint8_t> short_header(20, 0x11), front(50, 'f');
      Bytes segs[2] = {short_header, front};
      refused(msgr2::encode_frame(msgr2::Tag::Message, segs).flatten());
    }
    c.v2(Dir::ToServer, msg(42, 4, 100));
    msgr2::EncodeOptions odd;
    odd.late_status = 0x2e;
    c.v2(Dir::ToServer, msg(42, 5, 100), odd);
    c.v2(Dir::ToClient, msg(43, 1, 80));
    c.flow.fin();
  }
  {  // v1 banners both ways, then the client switches to msgr2: no connect
    Conn c(cap, man, v4(41102), v4(6789), "msgr1");
    c.flow.handshake();
    auto hs = msgr1::handshake(v1_spec(41102, 6789));
    c.raw(Dir::ToServer, hs[0].bytes);
    c.raw(Dir::ToClient, hs[1].bytes);
    auto v2banner = msgr2::encode_banner({kMsgr2FeatureRevision1, 0});
    const uint64_t at = c.flow.offset(Dir::ToServer);
    man.error(c.id, Dir::ToServer, ErrorKind::Protocol, at);
    man.skipped(c.id, Dir::ToServer, at, v2banner.size(), SkipReason::AfterError);
    c.raw(Dir::ToServer, v2banner);
    c.flow.fin();
  }
  cap.close();
  man.write(dir + "/v2-violations.manifest.json");
}

// Connections a restarting daemon refuses, cut off inside their handshake:
// the server's v1 banner half sent; a client that sent its banner magic and
// hung up; an msgr2 server banner cut short. Normal traffic: no error, and a
// whole session beside them reads as usual.
void handshake_closed(const std::string& dir) {
  Capture cap(dir + "/handshake-closed.pcap", capture::kLinkEthernet, PcapWriter::Format::Pcap);
  Manifest man("handshake-closed.pcap",
               "connections closed during the handshake (a v1 server banner cut after its magic, a v1 client that "
               "sent only its magic, an msgr2 server banner cut short), and one whole v1 session",
               "pcap", capture::kLinkEthernet);
  {
    Conn c(cap, man, v4(43101), v4(6789), "msgr1");
    c.flow.handshake();
    auto hs = msgr1::handshake(v1_spec(43101, 6789));
    c.raw(Dir::ToServer, hs[0].bytes);
    c.raw(Dir::ToClient, Bytes(hs[1].bytes).first(9));
    c.flow.fin();
  }
  {
    Conn c(cap, man, v4(43102), v4(6789), "msgr1");
    c.flow.handshake();
    c.raw(Dir::ToServer, Bytes(msgr1::handshake(v1_spec(43102, 6789))[0].bytes).first(9));
    c.flow.fin();
  }
  {
    Conn c(cap, man, v4(43103), v4(3300), "msgr2");
    c.flow.handshake();
    auto hs = msgr2::handshake(v2_spec(43103, 3300));
    c.raw(Dir::ToServer, hs[0].bytes);
    c.raw(Dir::ToClient, Bytes(hs[1].bytes).first(12));
    c.flow.fin();
  }
  {
    Conn c(cap, man, v4(43104), v4(6789), "msgr1");
    c.flow.handshake();
    c.conversation(msgr1::handshake(v1_spec(43104, 6789)));
    c.v1(Dir::ToServer, msg(17, 1, 60));
    c.v1(Dir::ToClient, msg(18, 1, 33));
    c.flow.fin();
  }
  cap.close();
  man.write(dir + "/handshake-closed.manifest.json");
}

// A capture of two TCP connections that are not Ceph, one to a Ceph port
// (6800) and one to another (5555), each carrying `junk`: nothing may claim them.
void not_ceph(const std::string& dir, const std::string& name, const std::string& what,
              const std::vector<uint8_t>& junk, uint16_t client_base) {
  Capture cap(dir + "/" + name + ".pcap", capture::kLinkEthernet, PcapWriter::Format::Pcap);
  Manifest man(name + ".pcap", "two TCP connections that are not Ceph (port 6800 and port 5555): " + what, "pcap",
               capture::kLinkEthernet);
  for (uint16_t port : {uint16_t(6800), uint16_t(5555)}) {
    Flow f(cap, v4(uint16_t(client_base + port % 1000)), v4(port), 1000, 5000);
    f.handshake();
    f.send(Dir::ToServer, junk, 1448);
    f.fin();
  }
  cap.close();
  man.write(dir + "/" + name + ".manifest.json");
}

// A MSG tag, 53 zero bytes and 21 others, 800 times (crc32c(0, zeros) == 0
// makes the zeros look like a header whose CRC matches).
void zero_sync(const std::string& dir) {
  std::vector<uint8_t> junk;
  for (int i = 0; i < 800; ++i) {
    junk.push_back(msgr1::kTagMsg);
    junk.insert(junk.end(), 53, 0);
    for (int k = 0; k < 21; ++k) junk.push_back(uint8_t('a' + k));
  }
  not_ceph(dir, "zero-sync", "a 0x07 byte, 53 zero bytes and 21 other bytes, 800 times", junk, 48000);
}

// A v1 message header whose CRC matches (and whose fields are not zero) over
// a front that does not match its CRC, then 11 bytes where the next item would
// be, 800 times. Each header alone looks like a boundary; no second CRC agrees.
void lone_sync(const std::string& dir) {
  std::vector<uint8_t> junk;
  for (int i = 0; i < 800; ++i) {
    Message m = msg(42, uint64_t(i + 1), 0, 0, 0);
    m.set_front(std::vector<uint8_t>(21, uint8_t('f')));
    auto one = msgr1::encode_message(m).flatten();
    one[1 + msgr1::MsgHeader::kSize] ^= 0x20;  // the front no longer matches the footer's CRC
    junk.insert(junk.end(), one.begin(), one.end());
    junk.insert(junk.end(), 11, uint8_t('x'));
  }
  not_ceph(dir, "lone-sync",
           "a v1 MSG whose header CRC matches but whose front CRC does not, then 11 other bytes, 800 times", junk,
           49000);
}

// Segments out of order as real captures have them (Wireshark's TCP layer,
// with its defaults, passes the later segment on and holds the earlier one
// back): in msgr v1 and msgr2, two segments swapped where a message begins,
// inside a message, at its end, across two messages, and a retransmission
// repacketized over a lost segment and the one after it. No byte is missing.
void tcp_reorder(const std::string& dir) {
  Capture cap(dir + "/tcp-reorder.pcap", capture::kLinkEthernet, PcapWriter::Format::Pcap);
  Manifest man("tcp-reorder.pcap",
               "msgr v1 and msgr2 connections whose segments are swapped in pairs (at a message start, inside, at "
               "its end, across two messages), and a repacketized retransmission; nothing missing",
               "pcap", capture::kLinkEthernet);
  const size_t mss = 1448;
  for (const bool v2 : {false, true}) {
    const uint16_t cport = v2 ? 43011 : 43010, sport = v2 ? 6831 : 6830;
    Conn c(cap, man, v4(cport), v4(sport), v2 ? "msgr2" : "msgr1");
    c.flow.handshake();
    if (v2)
      c.conversation(msgr2::handshake(v2_spec(cport, sport)), mss);
    else
      c.conversation(msgr1::handshake(v1_spec(cport, sport)), mss);
    std::vector<Segment> segs;
    std::vector<size_t> first;  // where each message's segments begin
    for (uint64_t seq = 1; seq <= 5; ++seq) {
      Message m = msg(42, seq, 100, 0, 4000);
      first.push_back(segs.size());
      auto bytes = v2 ? msgr2::encode_message(m).flatten() : msgr1::encode_message(m).flatten();
      auto part = c.flow.cut(Dir::ToServer, bytes, mss);
      segs.insert(segs.end(), part.begin(), part.end());
      man.message(c.id, Dir::ToServer, m);
    }
    // Swapped pairs: message 1's first two, message 2's middle two, message
    // 3's last two, and message 4's last with message 5's first.
    for (size_t at : {first[0], first[1] + 1, first[3] - 2, first[4] - 1}) std::swap(segs[at], segs[at + 1]);
    for (auto& sg : segs) c.flow.write(sg);
    c.flow.fin();
  }
  {  // a lost segment retransmitted as one segment with the one after it
    Conn c(cap, man, v4(43012), v4(6832), "msgr2");
    c.flow.handshake();
    c.conversation(msgr2::handshake(v2_spec(43012, 6832)), mss);
    std::vector<Segment> segs;
    for (uint64_t seq = 1; seq <= 2; ++seq) {
      Message m = msg(42, seq, 100, 0, 4000);
      auto part = c.flow.cut(Dir::ToServer, msgr2::encode_message(m).flatten(), mss);
      segs.insert(segs.end(), part.begin(), part.end());
      man.message(c.id, Dir::ToServer, m);
    }
    Segment both = segs[1];
    both.payload.insert(both.payload.end(), segs[2].payload.begin(), segs[2].payload.end());
    c.flow.write(segs[0]);
    c.flow.write(segs[2]);  // segs[1] is lost on the way: the sender repacketizes
    c.flow.write(both);
    for (size_t i = 3; i < segs.size(); ++i) c.flow.write(segs[i]);
    c.flow.fin();
  }
  cap.close();
  man.write(dir + "/tcp-reorder.manifest.json");
}

// An object in a namespace and under a locator key (as RGW and `rados -N`
// write them): the osd_op's object locator carries both.
void osd_op_namespace(const std::string& dir) {
  Capture cap(dir + "/osd-op-namespace.pcap", capture::kLinkEthernet, PcapWriter::Format::Pcap);
  Manifest man("osd-op-namespace.pcap",
               "msgr2.1 crc mode: a writefull of an object in namespace ns1 with locator key k1, and its reply",
               "pcap", capture::kLinkEthernet);
  {
    Conn c(cap, man, v4(43201), v4(6800), "msgr2");
    c.flow.handshake();
    auto spec = v2_spec(43201, 6800);
    spec.server_type = kEntityOsd;
    c.conversation(msgr2::handshake(spec));
    messages::MOSDOp op;
    op.pool = op.oloc.pool = 1;
    op.seed = 5;
    op.osdmap_epoch = 7;
    op.oid = "obj-in-ns";
    op.oloc.nspace = "ns1";
    op.oloc.key = "k1";
    op.ops.resize(1);
    op.ops[0].op = messages::kOsdOpWriteFull;
    op.ops[0].payload_len = 9;
    Message m = msg(42, 1, 0, 0, 0);
    m.set_front(op.encode());
    Pagelist pl;
    pl.append(reinterpret_cast<const uint8_t*>("123456789"), 9);
    m.set_data(std::move(pl));
    c.v2(Dir::ToServer, m);
    messages::MOSDOpReply rep;
    rep.oid = op.oid;
    rep.pool = 1;
    rep.seed = 5;
    rep.ops = op.ops;
    rep.ops[0].payload_len = 0;
    rep.rvals = {0};
    Message r = msg(43, 1, 0);
    r.version = messages::MOSDOpReply::kVersion;
    r.tid = m.tid;
    r.set_front(rep.encode());
    c.v2(Dir::ToClient, r);
    c.flow.fin();
  }
  cap.close();
  man.write(dir + "/osd-op-namespace.manifest.json");
}

// Fronts whose fields the recorded workloads do not carry: an osd_op with an
// xattr op and a class call, refused (ENOENT), a pg listing, a monitor's
// config with two options, an OSD's beacon naming two pgs, a monitor's
// MOSDMarkMeDead. Each front in the layout Ceph encodes it.
void front_fields(const std::string& dir) {
  Capture cap(dir + "/front-fields.pcap", capture::kLinkEthernet, PcapWriter::Format::Pcap);
  Manifest man("front-fields.pcap",
               "msgr2.1 crc mode: an osd_op with setxattr and call ops and its ENOENT reply, a pgnls, a config of "
               "two options, an osd_beacon of two pgs and an osd_mark_me_dead",
               "pcap", capture::kLinkEthernet);
  auto osd_op = [](const std::string& oid, std::vector<messages::OsdOp> ops) {
    messages::MOSDOp op;
    op.pool = op.oloc.pool = 1;
    op.seed = 3;
    op.osdmap_epoch = 9;
    op.flags = 0x20 | 0x800;  // write, exec
    op.oid = oid;
    op.ops = std::move(ops);
    return op;
  };
  {
    Conn c(cap, man, v4(43401), v4(6800), "msgr2");
    c.flow.handshake();
    auto spec = v2_spec(43401, 6800);
    spec.server_type = kEntityOsd;
    c.conversation(msgr2::handshake(spec));
    // setxattr "user.a"="xyz" (le32 name_len, le32 value_len), call lock.lock (u8 class_len, u8 method_len, ...,
    // le32 indata_len at 3): the names and values are in the data section.
    messages::OsdOp xattr, call, pgnls;
    xattr.op = 0x2301;
    store_le32(xattr.args.data(), 6);
    store_le32(xattr.args.data() + 4, 3);
    xattr.payload_len = 9;
    call.op = 0x1401;
    call.args[0] = 4;
    call.args[1] = 4;
    store_le32(call.args.data() + 3, 2);
    call.payload_len = 10;
    Message m = msg(42, 1, 0, 0, 0);
    m.set_front(osd_op("obj-attrs", {xattr, call}).encode());
    Pagelist pl;
    pl.append(reinterpret_cast<const uint8_t*>("user.axyzlocklock{}"), 19);
    m.set_data(std::move(pl));
    c.v2(Dir::ToServer, m);
    // The OSD refuses it: the object is missing (ENOENT), the call not run.
    messages::MOSDOpReply rep;
    rep.oid = "obj-attrs";
    rep.pool = 1;
    rep.seed = 3;
    rep.flags = 0x4;  // ondisk
    rep.result = -2;
    rep.ops = {xattr, call};
    rep.ops[0].payload_len = rep.ops[1].payload_len = 0;
    rep.rvals = {-2, 0};
    Message r = msg(43, 1, 0);
    r.version = messages::MOSDOpReply::kVersion;
    r.tid = m.tid;
    r.set_front(rep.encode());
    c.v2(Dir::ToClient, r);
    // pgnls: le64 count, le32 start_epoch.
    pgnls.op = messages::kOsdOpPgnls;
    store_le64(pgnls.args.data(), 1024);
    store_le32(pgnls.args.data() + 8, 9);
    Message l = msg(42, 2, 0, 0, 0);
    l.set_front(osd_op("", {pgnls}).encode());
    c.v2(Dir::ToServer, l);
    c.flow.fin();
  }
  {
    Conn c(cap, man, v4(43402), v4(3300), "msgr2");
    c.flow.handshake();
    c.conversation(msgr2::handshake(v2_spec(43402, 3300)));
    ByteBuffer config;  // MConfig: map<string, string>
    config.encode_32(2);
    for (const char* kv : {"debug_ms", "1/5", "osd_pool_default_size", "1"}) config.encode_string(kv);
    Message cm = msg(kMsgConfig, 1, 0);
    cm.set_front(config.take());
    c.v2(Dir::ToClient, cm);
    ByteBuffer beacon;  // MOSDBeacon v3: paxos header, vector<pg_t>, le32 lec, utime, le32 interval
    messages::PaxosHeader{}.encode(beacon);
    beacon.encode_32(2);
    for (uint32_t seed : {0u, 7u}) {
      beacon.encode_8(1);
      beacon.encode_64(1);
      beacon.encode_32(seed);
      beacon.encode_32(uint32_t(-1));
    }
    beacon.encode_32(8);
    beacon.encode_32(1764633600);  // 2025-12-02T00:00:00Z
    beacon.encode_32(0);
    beacon.encode_32(300);
    Message bm = msg(kMsgOsdBeacon, 1, 0);
    bm.version = 3;
    bm.set_front(beacon.take());
    c.v2(Dir::ToServer, bm);
    ByteBuffer dead;  // MOSDMarkMeDead: paxos header, fsid, le32 target_osd, le32 epoch
    messages::PaxosHeader{}.encode(dead);
    for (int i = 0; i < 16; ++i) dead.encode_8(uint8_t(0xa0 + i));
    dead.encode_32(3);
    dead.encode_32(17);
    Message dm = msg(kMsgOsdMarkMeDead, 2, 0);
    dm.src = {kEntityMon, 0};
    dm.set_front(dead.take());
    c.v2(Dir::ToClient, dm);
    c.flow.fin();
  }
  cap.close();
  man.write(dir + "/front-fields.manifest.json");
}

// Requests and replies: a writefull refused for want of space (ENOSPC) after
// 250 ms; a write whose session drops before its reply and which the client
// resends on a new session, where it is answered; a mon_command refused
// (EEXIST); a statfs of a data pool and its reply; a self-managed snapshot
// made (poolop); and a stat no reply answers.
void ops(const std::string& dir) {
  Capture cap(dir + "/ops.pcap", capture::kLinkEthernet, PcapWriter::Format::Pcap);
  Manifest man("ops.pcap",
               "msgr2.1 crc mode, client.4100: a writefull refused with ENOSPC, a write resent on a new session "
               "and answered there, a mon_command refused with EEXIST, a statfs and its reply, a self-managed snapshot "
               "made, a stat without a reply",
               "pcap", capture::kLinkEthernet);
  uint64_t clock = 1764000000ull * 1000000;
  auto later = [&](uint64_t usec) { cap.advance_clock(clock += usec); };
  auto op = [](uint16_t code, uint64_t len) {
    messages::MOSDOp m;
    m.pool = m.oloc.pool = 1;
    m.seed = 5;
    m.osdmap_epoch = 12;
    m.flags = code == messages::kOsdOpStat ? 0x10 : 0x20;  // read or write
    m.oid = "obj_ops";
    m.ops.resize(1);
    m.ops[0].op = code;
    store_le64(m.ops[0].args.data() + 8, len);
    m.ops[0].payload_len = code == messages::kOsdOpStat ? 0 : uint32_t(len);
    return m;
  };
  auto request = [](uint64_t seq, uint64_t tid, const messages::MOSDOp& o) {
    Message m = msg(kMsgOsdOp, seq, 0, 0, o.ops[0].payload_len);
    m.tid = tid;
    m.set_front(o.encode());
    return m;
  };
  auto reply = [](uint64_t seq, uint64_t tid, const messages::MOSDOp& o, int32_t result) {
    messages::MOSDOpReply r;
    r.oid = o.oid;
    r.pool = 1;
    r.seed = 5;
    r.flags = 0x4;  // ondisk
    r.result = result;
    r.ops = o.ops;
    r.ops[0].payload_len = 0;
    r.rvals = {result};
    Message m = msg(kMsgOsdOpReply, seq, 0);
    m.version = messages::MOSDOpReply::kVersion;
    m.src = {kEntityOsd, 0};
    m.tid = tid;
    m.set_front(r.encode());
    return m;
  };
  const auto writefull = op(messages::kOsdOpWriteFull, 4096), write = op(messages::kOsdOpWrite, 512),
             stat = op(messages::kOsdOpStat, 0);
  {
    Conn c(cap, man, v4(43501), v4(6800), "msgr2");
    c.flow.handshake();
    auto spec = v2_spec(43501, 6800);
    spec.server_type = kEntityOsd;
    c.conversation(msgr2::handshake(spec));
    c.v2(Dir::ToServer, request(1, 1, writefull));
    later(250000);
    c.v2(Dir::ToClient, reply(1, 1, writefull, -28));
    later(1000);
    c.v2(Dir::ToServer, request(2, 2, write));
    c.flow.fin();  // the session ends before the write's reply
  }
  later(5000);
  {
    Conn c(cap, man, v4(43502), v4(6800), "msgr2");
    c.flow.handshake();
    auto spec = v2_spec(43502, 6800);
    spec.server_type = kEntityOsd;
    c.conversation(msgr2::handshake(spec));
    c.v2(Dir::ToServer, request(1, 2, write));  // resent: same client, same tid
    later(3000);
    c.v2(Dir::ToClient, reply(1, 2, write, 0));
    c.v2(Dir::ToServer, request(2, 3, stat));
    c.flow.fin();  // and no reply to the stat
  }
  {
    Conn c(cap, man, v4(43503), v4(3300), "msgr2");
    c.flow.handshake();
    c.conversation(msgr2::handshake(v2_spec(43503, 3300)));
    Message q = msg(kMsgMonCommand, 1, 0);
    q.tid = 7;
    q.set_front(messages::MMonCommand{{}, {}, {R"({"prefix": "osd pool create", "pool": "rbd"})"}}.encode());
    c.v2(Dir::ToServer, q);
    later(2000);
    Message a = msg(kMsgMonCommandAck, 1, 0);
    a.tid = 7;
    a.src = {kEntityMon, 0};
    a.set_front(messages::MMonCommandAck{{}, -17, "pool 'rbd' already exists", {R"({"prefix": "osd pool create", "pool": "rbd"})"}}.encode());
    c.v2(Dir::ToClient, a);
    // statfs (v2: paxos header, fsid, optional data pool 2) and its reply
    // (fsid, le64 version, ceph_statfs: kb, kb_used, kb_avail, num_objects).
    ByteBuffer sf;
    messages::PaxosHeader{}.encode(sf);
    for (int i = 0; i < 16; ++i) sf.encode_8(uint8_t(i));
    sf.encode_8(1);
    sf.encode_64(2);
    Message s = msg(kMsgStatfs, 2, 0);
    s.version = 2;
    s.tid = 8;
    s.set_front(sf.take());
    c.v2(Dir::ToServer, s);
    later(1500);
    ByteBuffer sr;
    for (int i = 0; i < 16; ++i) sr.encode_8(uint8_t(i));
    sr.encode_64(42);
    for (uint64_t v : {1048576ull, 4096ull, 1044480ull, 3ull}) sr.encode_64(v);
    Message sa = msg(kMsgStatfsReply, 2, 0);
    sa.tid = 8;
    sa.src = {kEntityMon, 0};
    sa.set_front(sr.take());
    c.v2(Dir::ToClient, sa);
    // A self-managed snapshot made (MPoolOp v4 and its reply with the new snap id).
    messages::MPoolOp po;
    po.paxos.version = 12;
    po.pool = 1;
    po.op = messages::MPoolOp::kCreateUnmanagedSnap;
    Message pm = msg(kMsgPoolOp, 3, 0);
    pm.version = messages::MPoolOp::kVersion;
    pm.tid = 9;
    pm.set_front(po.encode());
    c.v2(Dir::ToServer, pm);
    later(4000);
    messages::MPoolOpReply pr;
    pr.paxos.version = 13;
    pr.epoch = 13;
    pr.response_data = {2, 0, 0, 0, 0, 0, 0, 0};  // snapid 2
    Message pa = msg(kMsgPoolOpReply, 3, 0);
    pa.tid = 9;
    pa.src = {kEntityMon, 0};
    pa.set_front(pr.encode());
    c.v2(Dir::ToClient, pa);
    c.flow.fin();
  }
  cap.close();
  man.write(dir + "/ops.manifest.json");
}

// A sender that repacketizes: every segment of a message's stream after the
// first begins with the last byte of the one before (the same byte, so no
// conflict), as a retransmission that carries new bytes does. Every message
// reads, on every pass.
void tcp_overlap(const std::string& dir) {
  Capture cap(dir + "/tcp-overlap.pcap", capture::kLinkEthernet, PcapWriter::Format::Pcap);
  Manifest man("tcp-overlap.pcap",
               "msgr2.1 crc mode: a message whose segments each overlap the one before by one byte, between two "
               "messages sent plainly",
               "pcap", capture::kLinkEthernet);
  {
    Conn c(cap, man, v4(43301), v4(6800), "msgr2");
    c.flow.handshake();
    auto spec = v2_spec(43301, 6800);
    spec.server_type = kEntityOsd;
    c.conversation(msgr2::handshake(spec));
    c.v2(Dir::ToServer, msg(42, 1, 100, 0, 3000));
    Message m = msg(42, 2, 100, 0, 9000);
    auto segs = c.flow.cut(Dir::ToServer, msgr2::encode_message(m).flatten(), 1448);
    for (size_t i = 1; i < segs.size(); ++i) {
      segs[i].payload.insert(segs[i].payload.begin(), segs[i - 1].payload.back());
      segs[i].seq -= 1;
    }
    for (auto& s : segs) c.flow.write(s);
    man.message(c.id, Dir::ToServer, m);
    c.v2(Dir::ToServer, msg(42, 3, 100, 0, 3000));
    c.v2(Dir::ToClient, msg(43, 1, 80));
    c.flow.fin();
  }
  cap.close();
  man.write(dir + "/tcp-overlap.manifest.json");
}

}  // namespace

// CephFS as the Linux kernel client speaks it, which these machines cannot
// mount: a reconnect of 300 caps in the kernel's v3 form (paths from the
// primary dentry, pathbase the parent, a lock blob on each, realms uncounted
// to the end, ~25 KB of data over many TCP segments), the older v2 and v1
// forms, a reconnect split in two v5 messages (caps, then realms, as
// send_reconnect_partial does), and what the userspace captures do not show:
// a dentry lease revoked, a request forwarded, setattr, mkdir and
// setfilelock requests with a v3 head (owner uid/gid), a cap exported and
// imported, and a snap realm split. Each message's text is Ceph's print(),
// written out here by hand from its rules (messages/MClient*.h).
void cephfs_kernel(const std::string& dir) {
  Capture cap(dir + "/cephfs-kernel.pcap", capture::kLinkEthernet, PcapWriter::Format::Pcap);
  Manifest man("cephfs-kernel.pcap",
               "msgr v1, client.4200 (the Linux kernel client's message forms) and mds.0: client_reconnect v3 (300 "
               "caps, 2 realms), v2, v1 and a v5 pair (more=1, then more=0); client_lease, client_request_forward, "
               "setattr/mkdir/setfilelock requests with head version 3, client_caps export and import, client_snap "
               "split",
               "pcap", capture::kLinkEthernet);
  const EntityName kernel{kEntityClient, 4200}, mds{kEntityMds, 0};
  constexpr uint64_t kDir = 0x10000000000, kFile = 0x10000000001;
  constexpr uint32_t kStamp = 1764633600;  // 2025-12-02T00:00:00Z
  auto message = [&](uint16_t type, uint16_t version, uint64_t seq, uint64_t tid, const EntityName& src,
                     std::vector<uint8_t> front) {
    Message m = msg(type, seq, 0);
    m.version = version;
    m.tid = tid;
    m.src = src;
    m.set_front(std::move(front));
    return m;
  };
  // The kernel's records: paths from the dentry, one fcntl lock where it has one.
  auto kernel_caps = [&](uint32_t n, uint64_t first_ino) {
    std::vector<messages::CapReconnect> v;
    for (uint32_t i = 0; i < n; ++i) {
      messages::CapReconnect c;
      c.ino = first_ino + i;
      char name[32];
      std::snprintf(name, sizeof name, "dir/file%03u", i);
      c.path = name;
      c.cap_id = 100 + i;
      c.wanted = 0xd01;   // pFscr
      c.issued = 0x3f55;  // pAsLsXsFsxcrwb
      c.snaprealm = 1;
      c.pathbase = kDir;
      ByteBuffer locks;  // u32 fcntl count, its locks, u32 flock count
      const uint32_t nlocks = i % 10 == 0 ? 1 : 0;
      locks.encode_32(nlocks);
      for (uint32_t l = 0; l < nlocks; ++l) {
        locks.encode_64(0);          // start
        locks.encode_64(4096);       // length
        locks.encode_64(4200);       // client
        locks.encode_64(0xabc0 + i); // owner
        locks.encode_64(777);        // pid
        locks.encode_8(2);           // type: write
      }
      locks.encode_32(0);
      c.flock = locks.take();
      c.snap_follows = 0;
      v.push_back(std::move(c));
    }
    return v;
  };
  auto reconnect = [&](uint16_t version, uint64_t seq, const messages::ClientReconnect& rc) {
    Message m = msg(kMsgClientReconnect, seq, 0);
    m.version = version;
    m.compat_version = version >= 4 ? 4 : 0;
    m.tid = 0;
    m.src = kernel;
    Pagelist pl;
    const auto data = rc.encode(version);
    pl.append(data.data(), data.size());
    m.set_data(std::move(pl));
    return m;
  };
  {
    // The v3 reconnect after an MDS restart, and the MDS's other messages.
    Conn c(cap, man, v4(45001), v4(6804), "msgr1");
    c.flow.handshake();
    c.conversation(msgr1::handshake(v1_spec(45001, 6804)));
    messages::ClientReconnect rc;
    rc.caps = kernel_caps(300, kFile);
    rc.realms = {{1, 1, 0}, {kDir, 3, 1}};
    c.v1_said(Dir::ToServer, reconnect(3, 1, rc), "client_reconnect(300 caps 2 realms )");

    // A dentry lease revoked: ceph_mds_lease + dname.
    ByteBuffer lease;
    lease.encode_8(1);  // CEPH_MDS_LEASE_REVOKE
    lease.encode_16(1);
    lease.encode_64(kDir);
    lease.encode_64(2);
    lease.encode_64(~uint64_t(1));  // CEPH_NOSNAP: no snap range printed
    lease.encode_32(5);
    lease.encode_32(30000);
    lease.encode_string("file001");
    c.v1_said(Dir::ToClient, message(kMsgClientLease, 1, 1, 0, mds, lease.take()),
              "client_lease(a=revoke seq 5 mask 1 0x10000000000/file001)");
    ByteBuffer snaplease;  // a lease on a snapshot's dentry: its snap range is printed
    snaplease.encode_8(3);  // renew
    snaplease.encode_16(1);
    snaplease.encode_64(kDir);
    snaplease.encode_64(2);
    snaplease.encode_64(0x10);
    snaplease.encode_32(6);
    snaplease.encode_32(30000);
    snaplease.encode_string("");
    c.v1_said(Dir::ToClient, message(kMsgClientLease, 1, 2, 0, mds, snaplease.take()),
              "client_lease(a=renew seq 6 mask 1 0x10000000000 [2,10])");

    // A request forwarded to rank 1.
    ByteBuffer fwd;
    fwd.encode_32(1);
    fwd.encode_32(1);
    fwd.encode_8(1);
    c.v1_said(Dir::ToClient, message(kMsgClientRequestForward, 1, 3, 7, mds, fwd.take()),
              "client_request_forward(7 to mds.1 num_fwd=1 client_must_resend)");

    // Requests with the v3 head (owner uid/gid), header version 6.
    auto request = [&](uint32_t op, uint64_t ino, uint64_t path_ino, const std::string& path,
                       const std::vector<uint8_t>& args, const std::vector<uint64_t>& gids) {
      ByteBuffer b;
      b.encode_16(3);  // head version
      b.encode_64(1);  // oldest client tid
      b.encode_32(12); // mdsmap epoch
      b.encode_32(2);  // CEPH_MDS_FLAG_WANT_DENTRY
      b.encode_8(0);
      b.encode_8(0);
      b.encode_16(0);  // releases
      b.encode_32(op);
      b.encode_32(1000);
      b.encode_32(1000);
      b.encode_64(ino);
      std::vector<uint8_t> a = args;
      a.resize(56, 0);
      b.append(a.data(), a.size());
      b.encode_32(0);    // ext retry
      b.encode_32(0);    // ext fwd
      b.encode_32(118);  // the head's length
      b.encode_32(1000); // owner uid
      b.encode_32(1000); // owner gid
      b.encode_8(1);     // filepath
      b.encode_64(path_ino);
      b.encode_string(path);
      b.encode_8(1);  // filepath path2: empty
      b.encode_64(0);
      b.encode_string("");
      b.encode_32(kStamp);
      b.encode_32(0);
      b.encode_32(uint32_t(gids.size()));
      for (uint64_t g : gids) b.encode_64(g);
      b.encode_string("");  // alternate name
      b.encode_32(0);       // fscrypt auth
      b.encode_32(0);       // fscrypt file
      return b.take();
    };
    ByteBuffer setattr;  // mode, uid, gid, mtime, atime, size, old_size, mask, btime
    setattr.encode_32(0100644);
    setattr.encode_32(0);
    setattr.encode_32(0);
    for (int i = 0; i < 4; ++i) setattr.encode_32(0);
    setattr.encode_64(4096);
    setattr.encode_64(0);
    setattr.encode_32(1 | 32);  // CEPH_SETATTR_MODE | CEPH_SETATTR_SIZE
    c.v1_said(Dir::ToServer,
              message(kMsgClientRequest, 6, 2, 8, kernel,
                      request(messages::kMdsOpSetattr, kFile, kFile, "", setattr.take(), {1000, 27})),
              "client_request(client.4200:8 setattr mode=0100644 size=4096 #0x10000000001 "
              "2025-12-02T00:00:00.000000+0000 caller_uid=1000, caller_gid=1000{1000,27,})");
    ByteBuffer mkdir;
    mkdir.encode_32(040755);
    c.v1_said(Dir::ToServer,
              message(kMsgClientRequest, 6, 3, 9, kernel,
                      request(messages::kMdsOpMkdir, 0, kDir, "newdir", mkdir.take(), {})),
              "client_request(client.4200:9 mkdir owner_uid=1000, owner_gid=1000 #0x10000000000/newdir "
              "2025-12-02T00:00:00.000000+0000 caller_uid=1000, caller_gid=1000{})");
    ByteBuffer lock;  // rule, type, owner, pid, start, length, wait
    lock.encode_8(1);
    lock.encode_8(2);
    lock.encode_64(12345);
    lock.encode_64(678);
    lock.encode_64(0);
    lock.encode_64(0);
    lock.encode_8(1);
    c.v1_said(Dir::ToServer,
              message(kMsgClientRequest, 6, 4, 10, kernel,
                      request(messages::kMdsOpSetfilelock, kFile, kFile, "", lock.take(), {})),
              "client_request(client.4200:10 setfilelock rule 1, type 2, owner 12345, pid 678, start 0, length 0, "
              "wait 1 #0x10000000001 2025-12-02T00:00:00.000000+0000 caller_uid=1000, caller_gid=1000{})");

    // A cap exported to rank 1, and imported from it (header version 11).
    auto caps = [&](uint32_t op, uint64_t cap_id, uint32_t seq, uint32_t issued, uint32_t wanted, uint32_t mseq,
                    bool with_body, uint64_t xattr_version, uint32_t xattr_len) {
      ByteBuffer b;
      b.encode_32(op);
      b.encode_64(kFile);
      b.encode_64(1);  // realm
      b.encode_64(cap_id);
      b.encode_32(seq);
      b.encode_32(seq);  // issue seq
      b.encode_32(issued);
      b.encode_32(wanted);
      b.encode_32(0);  // dirty
      b.encode_32(mseq);
      b.encode_64(0);  // snap follows
      b.encode_32(0);  // snap trace length
      b.encode_32(0);
      b.encode_32(0);
      b.encode_32(0100644);
      b.encode_32(1);
      b.encode_32(xattr_len);
      b.encode_64(xattr_version);
      auto peer = [&](uint64_t id, uint32_t mds_rank) {
        b.encode_64(id);
        b.encode_32(1);
        b.encode_32(mseq + 1);
        b.encode_32(mds_rank);
        b.encode_8(1);
      };
      const size_t body = b.size();
      if (with_body) {
        b.encode_64(4096);
        b.encode_64(8192);
        b.encode_64(~uint64_t(0));  // truncate size
        b.encode_32(1);             // truncate seq
        for (int t = 0; t < 3; ++t) {
          b.encode_32(kStamp);
          b.encode_32(0);
        }
        for (int l = 0; l < 7; ++l) b.encode_32(0);  // layout
        b.encode_32(0);                               // time warp seq
      } else {
        peer(cap_id + 1, 1);
      }
      while (b.size() < body + 84) b.encode_8(0);
      b.encode_32(0);  // v2: flock
      if (op == messages::kCapOpImport) peer(cap_id - 1, 1);
      b.encode_64(0);  // v4: inline version
      b.encode_32(0);
      b.encode_32(0);    // v5: osd epoch barrier
      b.encode_64(0);    // v6: oldest flush tid
      b.encode_32(0);    // v7: caller uid, gid
      b.encode_32(0);
      b.encode_string("");  // v8: pool namespace
      b.encode_32(kStamp);  // v9: btime, change attr
      b.encode_32(0);
      b.encode_64(with_body ? 3 : 0);
      b.encode_32(0);  // v10: flags
      b.encode_64(uint64_t(-1));  // v11: nfiles, nsubdirs
      b.encode_64(uint64_t(-1));
      Message m = message(kMsgClientCaps, 11, 0, 0, mds, b.take());
      if (xattr_len) m.set_middle(std::vector<uint8_t>(xattr_len, 'x'));
      return m;
    };
    Message ex = caps(messages::kCapOpExport, 11, 4, 0x155, 0, 2, false, 0, 0);
    ex.seq = 4;
    c.v1_said(Dir::ToClient, ex,
              "client_caps(export ino 0x10000000001 11 seq 4 caps=pAsLsXsFs dirty=- wanted=- follows 0 mseq 2 size "
              "0/0 mtime 0.000000 ctime 0.000000 change_attr 0)");
    Message im = caps(messages::kCapOpImport, 12, 1, 0x3f55, 0xd01, 3, true, 2, 10);
    im.seq = 5;
    c.v1_said(Dir::ToClient, im,
              "client_caps(import ino 0x10000000001 12 seq 1 caps=pAsLsXsFsxcrwb dirty=- wanted=pFscr follows 0 "
              "mseq 3 size 4096/8192 ts 1/18446744073709551615 mtime 2025-12-02T00:00:00.000000+0000 ctime "
              "2025-12-02T00:00:00.000000+0000 change_attr 3 xattrs(v=2 l=10))");

    // A snap realm split off the directory: two inodes and a realm move.
    ByteBuffer snap;
    snap.encode_32(3);  // CEPH_SNAP_OP_SPLIT
    snap.encode_64(kDir);
    snap.encode_32(2);
    snap.encode_32(1);
    snap.encode_32(48);
    snap.encode_64(kFile);
    snap.encode_64(kFile + 1);
    snap.encode_64(0x10000000100);
    for (int i = 0; i < 48; ++i) snap.encode_8(0);
    Message sn = message(kMsgClientSnap, 1, 6, 0, mds, snap.take());
    c.v1_said(Dir::ToClient, sn, "client_snap(split split=0x10000000000 tracelen=48)");
    c.flow.fin();
  }
  // Older kernels: v2 (locks, no struct headers) and v1 (the 56-byte record),
  // each on a connection of its own.
  auto lone_reconnect = [&](uint16_t port, uint16_t version, const messages::ClientReconnect& rc,
                            const std::string& text) {
    Conn c(cap, man, v4(port), v4(6804), "msgr1");
    c.flow.handshake();
    c.conversation(msgr1::handshake(v1_spec(port, 6804)));
    c.v1_said(Dir::ToServer, reconnect(version, 1, rc), text);
    c.flow.fin();
  };
  messages::ClientReconnect rc2;
  rc2.caps = kernel_caps(3, kFile);
  rc2.realms = {{1, 1, 0}};
  lone_reconnect(45002, 2, rc2, "client_reconnect(3 caps 1 realms )");
  messages::ClientReconnect rc1;
  rc1.caps = kernel_caps(2, kFile);
  for (auto& cp : rc1.caps) {
    cp.flock.clear();
    cp.size = 4096;
    cp.mtime_sec = cp.atime_sec = kStamp;
  }
  rc1.realms = {{1, 1, 0}};
  lone_reconnect(45003, 1, rc1, "client_reconnect(2 caps 1 realms )");
  {
    // A reconnect too big for one message: the caps with more = 1 (and a
    // realm count of 0), then the realms alone with more = 0.
    Conn c(cap, man, v4(45004), v4(6804), "msgr1");
    c.flow.handshake();
    c.conversation(msgr1::handshake(v1_spec(45004, 6804)));
    messages::ClientReconnect first, last;
    first.caps = kernel_caps(200, kFile);
    first.more = true;
    last.realms = {{1, 1, 0}, {kDir, 3, 1}};
    c.v1_said(Dir::ToServer, reconnect(5, 1, first), "client_reconnect(200 caps 0 realms )");
    c.v1_said(Dir::ToServer, reconnect(5, 2, last), "client_reconnect(0 caps 2 realms )");
    c.flow.fin();
  }
  cap.close();
  man.write(dir + "/cephfs-kernel.manifest.json");
}

// What RBD and `rados df` bring that the committed recordings do not: watch,
// notify, copy-get, copy-from and set-alloc-hint ops in replies, the OSD's
// watch-notify events, and getpoolstats with its per-pool reply; each with
// the text a Ceph 16 daemon logged for the same message in a recording of
// the replay-rbd-v1 and replay-ops-v2 scenarios (docs/osd-op-texts.md).
void osd_watch(const std::string& dir) {
  Capture cap(dir + "/osd-watch.pcap", capture::kLinkEthernet, PcapWriter::Format::Pcap);
  Manifest man("osd-watch.pcap",
               "msgr v1, client.4300 with osd.0 and mon.a: osd_op_reply of watch, notify, set-alloc-hint+write, "
               "copy-get and copy-from ops, watch-notify notify and notify_complete, getpoolstats and its per-pool "
               "reply",
               "pcap", capture::kLinkEthernet);
  const EntityName osd{kEntityOsd, 0}, mon{kEntityMon, 0};
  auto op = [](uint16_t code) {
    messages::OsdOp o;
    o.op = code;
    return o;
  };
  auto reply = [&](uint64_t seq, uint64_t tid, const std::string& oid, std::vector<messages::OsdOp> ops,
                   uint32_t epoch, uint64_t version, uint64_t uv) {
    messages::MOSDOpReply rep;
    rep.oid = oid;
    rep.pool = 2;
    rep.seed = 5;
    rep.flags = 0x4;  // ondisk
    rep.osdmap_epoch = epoch;
    rep.ops = std::move(ops);
    rep.rvals.assign(rep.ops.size(), 0);
    rep.replay_epoch = version ? epoch : 0;  // a read: v0'0
    rep.replay_version = version;
    rep.user_version = uv;
    Message m = msg(kMsgOsdOpReply, seq, 0);
    m.version = messages::MOSDOpReply::kVersion;
    m.tid = tid;
    m.src = osd;
    m.set_front(rep.encode());
    uint64_t out = 0;
    for (auto& o : rep.ops) out += o.payload_len;
    if (out) {
      Pagelist pl;
      const std::vector<uint8_t> zeros(size_t(out), 0);
      pl.append(zeros.data(), zeros.size());
      m.set_data(std::move(pl));
    }
    return m;
  };
  {
    Conn c(cap, man, v4(46001), v4(6800), "msgr1");
    c.flow.handshake();
    c.conversation(msgr1::handshake(v1_spec(46001, 6800)));
    auto watch = op(0x220f);  // le64 cookie, le64 ver, u8 op (3: watch, 0: unwatch), le32 gen, le32 timeout
    store_le64(watch.args.data(), 140697558584768ull);
    watch.args[16] = 3;
    c.v1_said(Dir::ToClient, reply(1, 13, "rbd_header.1011c9533fbc", {watch}, 8, 9, 7),
              "osd_op_reply(13 rbd_header.1011c9533fbc [watch watch cookie 140697558584768] v8'9 uv7 ondisk = 0)");
    auto notify = op(0x1206);  // le64 cookie
    store_le64(notify.args.data(), 140697558584769ull);
    notify.payload_len = 8;
    c.v1_said(Dir::ToClient, reply(2, 14, "rbd_header.1011c9533fbc", {notify}, 8, 0, 7),
              "osd_op_reply(14 rbd_header.1011c9533fbc [notify cookie 140697558584769 out=8b] v0'0 uv7 ondisk = 0)");
    auto hint = op(0x2223), write = op(messages::kOsdOpWrite);  // object size, write size; an extent
    store_le64(hint.args.data(), 4194304);
    store_le64(hint.args.data() + 8, 4194304);
    store_le64(write.args.data() + 8, 4096);
    write.flags = 0x4;  // fadvise_random
    c.v1_said(Dir::ToClient, reply(3, 15, "rbd_data.1011c9533fbc.0000000000000000", {hint, write}, 8, 10, 10),
              "osd_op_reply(15 rbd_data.1011c9533fbc.0000000000000000 [set-alloc-hint object_size 4194304 "
              "write_size 4194304,write 0~4096 [fadvise_random]] v8'10 uv10 ondisk = 0)");
    auto get = op(0x121e);  // le64 max
    store_le64(get.args.data(), 8388608);
    get.payload_len = 4356;
    c.v1_said(Dir::ToClient, reply(4, 1, "o1", {get}, 0, 0, 6),
              "osd_op_reply(1 o1 [copy-get max 8388608 out=4356b] v0'0 uv6 ondisk = 0)");
    auto from = op(messages::kOsdOpCopyFrom);  // le64 snapid, le64 src_version
    store_le64(from.args.data() + 8, 6);
    c.v1_said(Dir::ToClient, reply(5, 16, "o3", {from}, 12, 3, 3), "osd_op_reply(16 o3 [copy-from ver 6] v12'3 uv3 ondisk = 0)");
    auto unwatch = op(0x220f);
    store_le64(unwatch.args.data(), 140697558584768ull);
    c.v1_said(Dir::ToClient, reply(6, 17, "rbd_header.1011c9533fbc", {unwatch}, 8, 11, 8),
              "osd_op_reply(17 rbd_header.1011c9533fbc [watch unwatch cookie 140697558584768] v8'11 uv8 ondisk = 0)");
    // MWatchNotify v3: u8 msg_ver, u8 opcode, le64 cookie, le64 ver, le64 notify_id, blob, le32 ret, le64 gid.
    for (uint8_t opcode : {1, 2}) {
      ByteBuffer w;
      w.encode_8(1);
      w.encode_8(opcode);
      w.encode_64(139714145362944ull);
      w.encode_64(0);
      w.encode_64(34359738371ull);
      w.encode_string(opcode == 1 ? std::string(12, 'x') : std::string());
      w.encode_32(0);
      w.encode_64(4300);
      Message m = msg(kMsgWatchNotify, 7 + opcode, 0);
      m.version = 3;
      m.src = osd;
      m.set_front(w.take());
      c.v1_said(Dir::ToClient, m,
                std::string("watch-notify(") + (opcode == 1 ? "notify (1)" : "notify_complete (2)") +
                    " cookie 139714145362944 notify 34359738371 ret 0)");
    }
    c.flow.fin();
  }
  {
    Conn c(cap, man, v4(46002), v4(6789), "msgr1");
    c.flow.handshake();
    c.conversation(msgr1::handshake(v1_spec(46002, 6789)));
    // MGetPoolStats: paxos header, fsid, list<string>; the reply: paxos
    // header, fsid, map<string, pool_stat_t>, u8 per_pool (v2).
    ByteBuffer q;
    messages::PaxosHeader{1}.encode(q);
    for (int i = 0; i < 16; ++i) q.encode_8(uint8_t(0xb0 + i));
    q.encode_32(1);
    q.encode_string("cephwire");
    Message m = msg(kMsgGetPoolStats, 1, 0);
    m.tid = 1;
    m.set_front(q.take());
    c.v1_said(Dir::ToServer, m, "getpoolstats(1 [cephwire] v1)");
    ByteBuffer a;
    messages::PaxosHeader{1}.encode(a);
    for (int i = 0; i < 16; ++i) a.encode_8(uint8_t(0xb0 + i));
    a.encode_32(1);
    a.encode_string("cephwire");
    const size_t h = messages::begin_struct(a, 2, 1);  // a pool_stat_t, its inside left out
    a.encode_64(0);
    messages::finish_struct(a, h);
    a.encode_8(1);
    Message r = msg(kMsgGetPoolStatsReply, 1, 0);
    r.version = 2;
    r.tid = 1;
    r.src = mon;
    r.set_front(a.take());
    c.v1_said(Dir::ToClient, r, "getpoolstatsreply(1 per_pool v1)");
    c.flow.fin();
  }
  cap.close();
  man.write(dir + "/osd-watch.manifest.json");
}

void write_all(const std::string& dir) {
  fs::create_directories(dir);
  v1_tags(dir);
  v2_frames(dir, true);
  v2_frames(dir, false);
  v2_violations(dir);
  handshake_closed(dir);
  zero_sync(dir);
  lone_sync(dir);
  osd_op_namespace(dir);
  front_fields(dir);
  ops(dir);
  cephfs_kernel(dir);
  osd_watch(dir);
  tcp_overlap(dir);
  crc_errors(dir);
  tcp_trouble(dir);
  tcp_reorder(dir);
  link_types(dir);
  secure(dir);
  other_ports(dir);
  truncated_file(dir);
}

}  // namespace cephwire::gen
