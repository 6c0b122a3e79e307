// Captures of client processes, made with the core's encoders, for the
// replayer's tests and benchmark. CaptureBuilder writes any number of
// clients, each with a monitor session and an OSD session, and their
// requests and replies in the order the test gives (that order is the
// capture's); write_client_capture() is one client with N osd_ops of a given
// size (each with its successful osd_op_reply) and optionally a session to a
// mgr (a daemon the replayer cannot locate itself).
#pragma once

#include <filesystem>
#include <algorithm>
#include <list>
#include <memory>
#include <string>

#include "cephwire/features.h"
#include "cephwire/capture/flow_writer.h"
#include "cephwire/encoder.h"
#include "cephwire/messages/mon_client.h"
#include "cephwire/messages/osd_op.h"
#include "cephwire/msg_types.h"

namespace cephwire::testing {

inline constexpr uint16_t kMgrPort = 6810;
inline constexpr uint16_t kMgrMessageType = 0x700;  // MSG_MGR_OPEN
// The cluster the captures were "recorded" on.
inline constexpr messages::Uuid kCapturedFsid = {0xca, 0xfe, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14};

class CaptureBuilder {
 public:
  struct Client {
    uint64_t gid = 0;
    uint32_t nonce = 0;
    uint16_t port = 0;  // its first local port
    messages::AuthName name;
    std::unique_ptr<capture::Flow> mon, osd;
    uint64_t mon_seq = 0, osd_seq = 0, tid = 0;
  };

  CaptureBuilder(const std::filesystem::path& path, bool v2)
      : v2_(v2), cap_(path, capture::kLinkEthernet, capture::PcapWriter::Format::Pcap) {}

  // A client process: its monitor session (authenticated, for v1, with
  // messages) and its OSD session, both handshaken now. `midstream`: the
  // capture began later: no monitor session, and the OSD session's handshake
  // not captured (its segments are cut but not written).
  Client& client(const std::string& id, uint64_t gid, bool midstream = false) {
    clients_.emplace_back();
    Client& c = clients_.back();
    c.gid = gid;
    c.nonce = uint32_t(777 + clients_.size());
    c.port = uint16_t(40000 + 10 * clients_.size());
    c.name = messages::AuthName{kEntityClient, id};
    if (midstream) {
      c.osd = session(c, 6800, kEntityOsd, messages::AuthNoneAuthorizer{c.name, gid}.encode(), 1, false);
      return c;
    }
    c.mon = session(c, v2_ ? 3300 : 6789, kEntityMon, messages::MonAuthRequest{10, c.name, 0}.encode(), 0);
    if (!v2_) {  // v1 authenticates with messages; the auth name comes from the first one
      send(*c.mon, Dir::ToServer, kMsgAuth, 1, ++c.mon_seq, 0, EntityName{kEntityClient, 0},
           messages::MAuth{{}, 0, messages::AuthInitialRequest{{1}, c.name, 0}.encode(), 0}.encode());
      send(*c.mon, Dir::ToClient, kMsgAuthReply, 1, c.mon_seq, 0, EntityName{kEntityMon, 0},
           messages::MAuthReply{1, 0, gid, {}, ""}.encode());
    }
    c.osd = session(c, 6800, kEntityOsd, messages::AuthNoneAuthorizer{c.name, gid}.encode(), 1);
    return c;
  }

  // An osd_op with its data; returns its tid. `lost`: its segments are not captured.
  uint64_t request(Client& c, const messages::MOSDOp& op, const std::vector<uint8_t>& data = {}, bool lost = false) {
    Pagelist pl;
    pl.append(data.data(), data.size());
    const uint64_t tid = ++c.tid;
    send(*c.osd, Dir::ToServer, kMsgOsdOp, 8, ++c.osd_seq, tid, EntityName{kEntityClient, c.gid}, op.encode(),
         std::move(pl), lost);
    return tid;
  }
  // The OSD's reply to request `tid` of `op`: `result`, and the version it applied a write at.
  void reply(Client& c, uint64_t tid, const messages::MOSDOp& op, int32_t result = 0, uint64_t version = 0) {
    messages::MOSDOpReply rep;
    rep.oid = op.oid;
    rep.pool = op.pool;
    rep.seed = op.seed;
    rep.ops = op.ops;
    for (auto& o : rep.ops) o.payload_len = 0;
    rep.rvals.assign(rep.ops.size(), 0);
    rep.result = result;
    rep.replay_version = rep.user_version = version;
    send(*c.osd, Dir::ToClient, kMsgOsdOpReply, 8, tid, tid, EntityName{kEntityOsd, 0}, rep.encode());
  }
  // A message on the client's monitor session, and the monitor's answer.
  uint64_t mon_request(Client& c, uint16_t type, uint16_t version, const std::vector<uint8_t>& front) {
    const uint64_t tid = ++c.tid;
    send(*c.mon, Dir::ToServer, type, version, ++c.mon_seq, tid, EntityName{kEntityClient, c.gid}, front);
    return tid;
  }
  void mon_reply(Client& c, uint64_t tid, uint16_t type, const std::vector<uint8_t>& front) {
    send(*c.mon, Dir::ToClient, type, 1, tid, tid, EntityName{kEntityMon, 0}, front);
  }

  // One more session of the client, to a mgr, with one message.
  void mgr_session(Client& c) {
    auto mgr = session(c, kMgrPort, kEntityMgr, messages::AuthNoneAuthorizer{c.name, c.gid}.encode(), 2);
    send(*mgr, Dir::ToServer, kMgrMessageType, 1, 1, 0, EntityName{kEntityClient, c.gid}, std::vector<uint8_t>(40, 'm'));
    mgr->fin();
  }

  void finish() {
    for (auto& c : clients_) {
      if (c.mon) c.mon->fin();
      c.osd->fin();
    }
    cap_.close();
  }

 private:
  std::unique_ptr<capture::Flow> session(Client& c, uint16_t port, uint8_t server_type,
                                         const std::vector<uint8_t>& auth, uint16_t n, bool captured = true) {
    const uint32_t isn = 1000 + 100000 * uint32_t(++sessions_);
    auto f = std::make_unique<capture::Flow>(cap_, capture::Endpoint::v4({127, 0, 0, 1}, uint16_t(c.port + n)),
                                             capture::Endpoint::v4({127, 0, 0, 1}, port), isn, isn + 50000);
    if (captured) f->handshake();
    Conversation conv;
    if (v2_) {
      msgr2::HandshakeSpec h;
      h.server_type = server_type;
      h.client_addr = EntityAddr::ipv4(kAddrMsgr2, c.nonce, {127, 0, 0, 1}, c.port);
      h.server_addr = EntityAddr::ipv4(kAddrMsgr2, 0, {127, 0, 0, 1}, port);
      h.auth_payload = auth;
      h.global_id = c.gid;  // each client process its own, as the monitor assigns them
      h.server_id = 0;
      conv = msgr2::handshake(h);
    } else {
      msgr1::HandshakeSpec h;
      h.client_addr = EntityAddr::ipv4(kAddrLegacy, c.nonce, {127, 0, 0, 1}, c.port);
      h.server_addr = EntityAddr::ipv4(kAddrLegacy, 0, {127, 0, 0, 1}, port);
      h.client_features = h.server_features = kFeaturesCeph18;
      if (server_type == kEntityOsd) {
        h.authorizer_protocol = kAuthNone;
        h.authorizer = auth;
      }
      conv = msgr1::handshake(h);
    }
    for (auto& item : conv)
      if (captured)
        f->send(item.dir, item.bytes);
      else
        f->cut(item.dir, item.bytes, 65483);
    return f;
  }

  // One message with these header fields and front, written into a session.
  void send(capture::Flow& f, Dir d, uint16_t type, uint16_t version, uint64_t seq, uint64_t tid, EntityName src,
            const std::vector<uint8_t>& front, Pagelist data = {}, bool lost = false) {
    Message m;
    m.msgr_version = v2_ ? 2 : 1;
    m.type = type;
    m.version = version;
    m.seq = seq;
    m.tid = tid;
    m.src = src;
    m.set_front(front);
    m.set_data(std::move(data));
    auto bytes = v2_ ? msgr2::encode_message(m).flatten() : msgr1::encode_message(m).flatten();
    for (auto& seg : f.cut(d, bytes, 65483))
      if (!lost) f.write(seg);
  }

  bool v2_;
  capture::Capture cap_;
  std::list<Client> clients_;
  size_t sessions_ = 0;
};

// An osd_op of one op on an object of pool 1.
inline messages::MOSDOp osd_op(const std::string& oid, uint16_t code, uint32_t payload_len = 0,
                               uint32_t flags = messages::kOsdFlagWrite) {
  messages::MOSDOp op;
  op.pool = op.oloc.pool = 1;
  op.osdmap_epoch = 1;
  op.flags = flags;
  op.oid = oid;
  op.ops.resize(1);
  op.ops[0].op = code;
  op.ops[0].payload_len = payload_len;
  return op;
}

struct ClientCapture {
  bool v2 = true;
  size_t ops = 1;
  size_t data = 0;               // bytes of each osd_op's data
  bool mgr_session = false;      // one more session, to a mgr at 127.0.0.1:6810, with one message
  bool lose_last_op = false;     // the last osd_op's segments are not captured (nor its reply): a gap before the FIN
  std::string nspace = "";       // the osd_ops' object namespace and locator key (as RGW sets them)
  std::string locator_key = "";
  // Requests the client keeps waiting for replies, as rados bench does: the
  // oldest is answered when this many are out, then the next goes. 1: each
  // request after the reply to the one before.
  size_t in_flight = 1;
};

inline void write_client_capture(const std::filesystem::path& path, const ClientCapture& spec) {
  CaptureBuilder b(path, spec.v2);
  auto& c = b.client("bench", 4100);
  std::vector<uint8_t> payload(spec.data, 'd');
  std::vector<std::pair<uint64_t, messages::MOSDOp>> waiting;
  for (size_t i = 0; i < spec.ops; ++i) {
    auto op = osd_op("bench-" + std::to_string(i % 64), messages::kOsdOpWrite, uint32_t(spec.data), 0);
    op.oloc.nspace = spec.nspace;
    op.oloc.key = spec.locator_key;
    const bool lost = spec.lose_last_op && i + 1 == spec.ops;
    const uint64_t tid = b.request(c, op, payload, lost);
    if (lost) break;
    waiting.emplace_back(tid, op);
    if (waiting.size() >= std::max<size_t>(spec.in_flight, 1)) {  // the oldest is answered, the next one goes
      b.reply(c, waiting.front().first, waiting.front().second);
      waiting.erase(waiting.begin());
    }
  }
  for (auto& [t, o] : waiting) b.reply(c, t, o);
  if (spec.mgr_session) b.mgr_session(c);
  b.finish();
}

}  // namespace cephwire::testing
