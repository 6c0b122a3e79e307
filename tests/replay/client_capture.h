// A capture of one client process, made with the core's encoders, for the
// replayer's tests and benchmark: a monitor session, then an OSD session with
// N osd_ops of a given size (each with its successful osd_op_reply), and
// optionally a session to a mgr (a daemon the replayer cannot locate itself).
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "cephwire/features.h"
#include "cephwire/capture/flow_writer.h"
#include "cephwire/encoder.h"
#include "cephwire/messages/mon_client.h"
#include "cephwire/messages/osd_op.h"
#include "cephwire/msg_types.h"

namespace cephwire::testing {

struct ClientCapture {
  bool v2 = true;
  size_t ops = 1;
  size_t data = 0;               // bytes of each osd_op's data
  bool mgr_session = false;      // one more session, to a mgr at 127.0.0.1:6810, with one message
  bool lose_last_op = false;     // the last osd_op's segments are not captured (nor its reply): a gap before the FIN
  std::string nspace = "";       // the osd_ops' object namespace and locator key (as RGW sets them)
  std::string locator_key = "";
};
inline constexpr uint16_t kMgrPort = 6810;
inline constexpr uint16_t kMgrMessageType = 0x700;  // MSG_MGR_OPEN

inline void write_client_capture(const std::filesystem::path& path, const ClientCapture& spec) {
  const bool v2 = spec.v2;
  const size_t n = spec.ops, data = spec.data;
  capture::Capture cap(path, capture::kLinkEthernet, capture::PcapWriter::Format::Pcap);
  const uint32_t nonce = 777;
  messages::AuthName name{kEntityClient, "bench"};
  auto session = [&](uint16_t port, uint8_t server_type, const std::vector<uint8_t>& auth, uint32_t isn) {
    auto f = std::make_unique<capture::Flow>(cap, capture::Endpoint::v4({127, 0, 0, 1}, uint16_t(40000 + port % 1000)),
                                             capture::Endpoint::v4({127, 0, 0, 1}, port), isn, isn + 100000);
    f->handshake();
    Conversation c;
    if (v2) {
      msgr2::HandshakeSpec h;
      h.server_type = server_type;
      h.client_addr = EntityAddr::ipv4(kAddrMsgr2, nonce, {127, 0, 0, 1}, 40000);
      h.server_addr = EntityAddr::ipv4(kAddrMsgr2, 0, {127, 0, 0, 1}, port);
      h.auth_payload = auth;
      h.server_id = 0;
      c = msgr2::handshake(h);
    } else {
      msgr1::HandshakeSpec h;
      h.client_addr = EntityAddr::ipv4(kAddrLegacy, nonce, {127, 0, 0, 1}, 40000);
      h.server_addr = EntityAddr::ipv4(kAddrLegacy, 0, {127, 0, 0, 1}, port);
      h.client_features = h.server_features = kFeaturesCeph18;
      if (server_type == kEntityOsd) {
        h.authorizer_protocol = kAuthNone;
        h.authorizer = auth;
      }
      c = msgr1::handshake(h);
    }
    for (auto& item : c) f->send(item.dir, item.bytes);
    return f;
  };
  // One message with these header fields and front, written into a session.
  auto send_msg = [&](capture::Flow& f, Dir d, uint16_t type, uint16_t version, uint64_t n, EntityName src,
                      const std::vector<uint8_t>& front, Pagelist data = {}, bool lost = false) {
    Message m;
    m.msgr_version = v2 ? 2 : 1;
    m.type = type;
    m.version = version;
    m.seq = m.tid = n;
    m.src = src;
    m.set_front(front);
    m.set_data(std::move(data));
    auto bytes = v2 ? msgr2::encode_message(m).flatten() : msgr1::encode_message(m).flatten();
    for (auto& seg : f.cut(d, bytes, 65483))
      if (!lost) f.write(seg);
  };
  auto mon = session(v2 ? 3300 : 6789, kEntityMon, messages::MonAuthRequest{10, name, 0}.encode(), 1000);
  if (!v2) {  // v1 authenticates with messages; the auth name comes from the first one
    send_msg(*mon, Dir::ToServer, kMsgAuth, 1, 1, EntityName{kEntityClient, 0},
             messages::MAuth{{}, 0, messages::AuthInitialRequest{{1}, name, 0}.encode(), 0}.encode());
    send_msg(*mon, Dir::ToClient, kMsgAuthReply, 1, 1, EntityName{kEntityMon, 0},
             messages::MAuthReply{1, 0, 4100, {}, ""}.encode());
  }
  auto osd = session(6800, kEntityOsd, messages::AuthNoneAuthorizer{name, 4100}.encode(), 500000);
  std::vector<uint8_t> payload(data, 'd');
  for (size_t i = 0; i < n; ++i) {
    messages::MOSDOp op;
    op.pool = op.oloc.pool = 1;
    op.osdmap_epoch = 1;
    op.oid = "bench-" + std::to_string(i % 64);
    op.oloc.nspace = spec.nspace;
    op.oloc.key = spec.locator_key;
    op.ops.resize(1);
    op.ops[0].op = messages::kOsdOpWrite;
    op.ops[0].payload_len = uint32_t(data);
    Pagelist pl;
    pl.append(payload.data(), payload.size());
    const bool lost = spec.lose_last_op && i + 1 == n;
    send_msg(*osd, Dir::ToServer, kMsgOsdOp, 8, i + 1, EntityName{kEntityClient, 4100}, op.encode(), std::move(pl),
             lost);
    if (lost) break;
    messages::MOSDOpReply rep;
    rep.oid = op.oid;
    rep.ops = op.ops;
    rep.ops[0].payload_len = 0;
    rep.rvals = {0};
    send_msg(*osd, Dir::ToClient, kMsgOsdOpReply, 8, i + 1, EntityName{kEntityOsd, 0}, rep.encode());
  }
  if (spec.mgr_session) {
    auto mgr = session(kMgrPort, kEntityMgr, messages::AuthNoneAuthorizer{name, 4100}.encode(), 900000);
    send_msg(*mgr, Dir::ToServer, kMgrMessageType, 1, 1, EntityName{kEntityClient, 4100}, std::vector<uint8_t>(40, 'm'));
    mgr->fin();
  }
  mon->fin();
  osd->fin();
  cap.close();
}


}  // namespace cephwire::testing
