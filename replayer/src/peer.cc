#include "peer.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <list>

#include "cephwire/capture/flow_writer.h"
#include "cephwire/capture/packet.h"
#include "cephwire/messages/mon_client.h"
#include "cephwire/messages/osd_op.h"
#include "cephwire/msg_types.h"
#include "wire_session.h"

namespace cephwire::replay {
namespace {

using nlohmann::json;
using namespace messages;

constexpr uint32_t kEpoch = 1;
constexpr uint32_t kPgNum = 8;

uint64_t now_usec() {
  return uint64_t(std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count());
}

capture::Endpoint endpoint_of(const EntityAddr& a) {
  capture::Endpoint e;
  if (a.family == EntityAddr::kAfInet6) {
    e.ip_version = 6;
    e.addr = a.ip;
  } else {
    std::copy(a.ip.begin(), a.ip.begin() + 4, e.addr.begin());
  }
  e.port = a.port;
  return e;
}

}  // namespace

std::optional<PeerFault> parse_peer_fault(const std::string& s) {
  static const std::map<std::string, PeerFault> names = {
      {"none", PeerFault::None},       {"close", PeerFault::Close},   {"reset", PeerFault::Reset},
      {"stall", PeerFault::Stall},     {"garbage", PeerFault::Garbage}, {"bad-crc", PeerFault::BadCrc},
      {"silent", PeerFault::Silent},   {"wrong-result", PeerFault::WrongResult}};
  auto it = names.find(s);
  if (it == names.end()) return std::nullopt;
  return it->second;
}

struct Peer::Impl : SessionHandler {
  PeerOptions opt;
  int listen_fd = -1;
  struct Conn {
    std::unique_ptr<WireSession> wire;
    std::unique_ptr<capture::Flow> flow;
    bool closing = false;  // closes when its queue is empty
  };
  std::list<Conn> conns;
  std::unique_ptr<capture::Capture> pcap;
  uint64_t next_global_id = 4100;
  uint64_t sessions = 0, sessions_v1 = 0, sessions_v2 = 0;
  std::map<std::string, uint64_t> by_type;
  uint64_t messages = 0, data_bytes = 0;
  uint64_t done_crc = 0, done_bytes = 0;  // of sessions that are over
  std::vector<std::string> errors;
  std::map<std::string, int64_t> pools;  // created on demand by `osd map`
  bool fault_done = false;

  Conn* find(WireSession& w) {
    for (auto& c : conns)
      if (c.wire.get() == &w) return &c;
    return nullptr;
  }

  void accept_all() {
    for (;;) {
      int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;
      SessionConfig c;
      c.role = Role::Server;
      c.my_type = kEntityOsd;  // one address plays the monitor and the OSD
      c.my_addr = local_entity_addr(fd, kAddrMsgr2, 0);
      c.assign_global_id = next_global_id++;
      c.server_id = opt.osd_id;
      c.cookie = sessions + 1;
      c.tap = pcap != nullptr;
      c.keep_data = false;  // the peer answers from fronts; data is checked, not kept
      if (opt.fault == PeerFault::Stall) c.read_limit = 1u << 20;  // inside the first large message
      Conn conn;
      if (pcap) {
        conn.flow = std::make_unique<capture::Flow>(*pcap, endpoint_of(peer_entity_addr(fd, kAddrNone, 0)),
                                                    endpoint_of(local_entity_addr(fd, kAddrNone, 0)),
                                                    uint32_t(1000 * (sessions + 1)), uint32_t(5000 * (sessions + 1)));
        pcap->advance_clock(now_usec());
        conn.flow->handshake();
      }
      ++sessions;
      conn.wire = std::make_unique<WireSession>(fd, c, *this, "session " + std::to_string(sessions));
      conns.push_back(std::move(conn));
    }
  }

  void on_bytes(WireSession& w, Dir from, Bytes b) override {
    Conn* c = find(w);
    if (!c || !c->flow) return;
    pcap->advance_clock(now_usec());
    c->flow->send(from, b, 65483);
  }

  void on_ready(WireSession& w) override {
    (w.protocol() == Protocol::V1 ? sessions_v1 : sessions_v2)++;
    w.src = EntityName{kEntityOsd, uint64_t(opt.osd_id)};
  }

  void on_failed(WireSession& w, const std::string& why) override {
    if (why.rfind("the peer closed the connection", 0) == 0 && why.find("middle") == std::string::npos) return;
    errors.push_back(w.name() + ": " + why);
  }

  std::shared_ptr<OutgoingMessage> reply(const Message& req, uint16_t type, std::vector<uint8_t> front,
                                         uint16_t version = 1) {
    auto m = std::make_shared<OutgoingMessage>();
    m->msg.msgr_version = req.msgr_version;
    m->msg.type = type;
    m->msg.tid = req.tid;
    m->msg.version = version;
    m->msg.compat_version = 1;
    m->msg.priority = kPrioDefault;
    m->msg.set_front(front);
    return m;
  }

  json osd_dump(const WireSession& w) const {
    EntityAddr v2 = local_entity_addr(w.fd(), kAddrMsgr2, 0), v1 = local_entity_addr(w.fd(), kAddrLegacy, 0);
    auto addr = [](const EntityAddr& a, const char* t) {
      return json{{"type", t}, {"addr", a.host_port()}, {"nonce", a.nonce}};
    };
    json pl = json::array();
    for (auto& [name, id] : pools) pl.push_back({{"pool", id}, {"pool_name", name}, {"pg_num", kPgNum}});
    return json{{"epoch", kEpoch},
                {"fsid", uuid_to_string(opt.fsid)},
                {"pools", pl},
                {"osds", json::array({{{"osd", opt.osd_id},
                                       {"up", 1},
                                       {"in", 1},
                                       {"public_addrs", {{"addrvec", json::array({addr(v2, "v2"), addr(v1, "v1")})}}}}})}};
  }

  // Answers what the replayer asks a monitor; other commands succeed with no output.
  void mon_command(WireSession& w, const Message& m) {
    std::string why;
    auto c = MMonCommand::decode(m.front, &why);
    MMonCommandAck ack;
    std::string out;
    if (!c) {
      ack.r = -22;
      ack.rs = why;
    } else {
      ack.cmd = c->cmd;
      json cmd = json::parse(c->cmd.empty() ? "{}" : c->cmd[0], nullptr, false);
      std::string prefix = cmd.is_object() ? cmd.value("prefix", "") : "";
      if (prefix == "osd dump") {
        out = osd_dump(w).dump();
      } else if (prefix == "osd map") {
        std::string pool = cmd.value("pool", "");
        auto [it, fresh] = pools.emplace(pool, int64_t(pools.size() + 1));
        (void)fresh;
        std::string obj = cmd.value("object", "");
        char pgid[64];
        std::snprintf(pgid, sizeof pgid, "%lld.%x", static_cast<long long>(it->second),
                      placement(cmd.value("nspace", ""), obj));
        out = json{{"epoch", kEpoch},      {"pool", pool},         {"pool_id", it->second}, {"objname", obj},
                   {"pgid", pgid},         {"up", {opt.osd_id}},   {"up_primary", opt.osd_id},
                   {"acting", {opt.osd_id}}, {"acting_primary", opt.osd_id}}
                  .dump();
      }
    }
    auto r = reply(m, kMsgMonCommandAck, ack.encode());
    Pagelist pl;
    pl.append(out.data(), out.size());
    r->msg.set_data(std::move(pl));
    w.send(r);
  }

  // The placement group seed of an object, as `osd map` tells it: the peer's
  // own hash (any stable one will do) of what Ceph hashes: the namespace and
  // the locator key, or the object name when the key is empty.
  static uint32_t placement(const std::string& nspace, const std::string& locator) {
    uint32_t h = 0;
    for (unsigned char ch : nspace.empty() ? locator : nspace + '\x1f' + locator) h = h * 31 + ch;
    return h % kPgNum;
  }

  void osd_op(Conn& conn, WireSession& w, const Message& m) {
    if (opt.fault == PeerFault::Silent) return;

    std::string why;
    auto op = MOSDOp::decode(m.version, m.front, &why);
    MOSDOpReply rep;
    if (op) {
      // An OSD drops an op sent to a placement group that does not hold its object.
      const std::string& locator = op->oloc.key.empty() ? op->oid : op->oloc.key;
      const uint32_t want = placement(op->oloc.nspace, locator);
      if (op->seed % kPgNum != want) {
        errors.push_back(w.name() + ": misdirected osd_op: object " + op->oid +
                         (op->oloc.key.empty() ? "" : " (locator key " + op->oloc.key + ")") + " is in pg " +
                         std::to_string(op->pool) + "." + std::to_string(want) + ", not " +
                         std::to_string(op->pool) + "." + std::to_string(op->seed) + "; dropped, as an OSD does");
        return;
      }
    }
    if (op) {
      rep.oid = op->oid;
      rep.pool = op->pool;
      rep.seed = op->seed;
      rep.osdmap_epoch = kEpoch;
      rep.flags = op->flags;
      rep.ops = op->ops;
      for (auto& o : rep.ops) o.payload_len = 0;
      rep.rvals.assign(rep.ops.size(), 0);
    } else {
      rep.result = -22;
      errors.push_back(w.name() + ": " + why);
    }
    if (!fault_done && opt.fault == PeerFault::WrongResult) {
      fault_done = true;
      rep.result = -2;  // ENOENT: a reply that arrives, well formed, and says the op failed
    }
    auto r = reply(m, kMsgOsdOpReply, rep.encode(), MOSDOpReply::kVersion);
    if (!fault_done && opt.fault != PeerFault::None) {
      fault_done = true;
      inject(conn, w, r);
      return;
    }
    w.send(r);
  }

  void inject(Conn& conn, WireSession& w, std::shared_ptr<OutgoingMessage> r) {
    int fd = w.fd();
    switch (opt.fault) {
      case PeerFault::Reset: {
        linger l{1, 0};
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
        w.close_now();  // RST
        return;
      }
      case PeerFault::Close: {
        // Write half of the reply frame straight to the socket, then close.
        auto bytes = w.encode_as_next(*r);
        [[maybe_unused]] ssize_t n = ::send(fd, bytes.data(), bytes.size() / 2, MSG_NOSIGNAL);
        w.close_now();
        return;
      }
      case PeerFault::Garbage: {
        static const char junk[] = "this is not a Ceph frame\n\x01\x02\x03\x04\x05\x06\x07\x08";
        [[maybe_unused]] ssize_t n = ::send(fd, junk, sizeof junk, MSG_NOSIGNAL);
        conn.closing = true;
        return;
      }
      case PeerFault::BadCrc: {
        auto bytes = w.encode_as_next(*r);
        // Flip a byte inside the front, after its CRC was computed.
        auto at = std::search(bytes.begin(), bytes.end(), r->msg.front.begin(), r->msg.front.end());
        if (at != bytes.end()) at[std::ptrdiff_t(r->msg.front.size() / 2)] ^= 0x5a;
        [[maybe_unused]] ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        conn.closing = true;
        return;
      }
      default:
        w.send(r);
    }
  }

  void on_message(WireSession& w, Message& m) override {
    Conn* conn = find(w);
    ++messages;
    ++by_type[msg_type_label(m.type)];
    data_bytes += m.data_len;
    switch (m.type) {
      case kMsgAuth: {
        MAuthReply r;
        r.protocol = 1;  // none
        r.global_id = next_global_id++;
        w.send(reply(m, kMsgAuthReply, r.encode()));
        w.src = EntityName{kEntityMon, 0};
        break;
      }
      case kMsgMonSubscribe: {
        auto s = MMonSubscribe::decode(m.front, nullptr);
        if (s && s->what.count("monmap")) w.send(reply(m, kMsgMonMap, MonMapHead{opt.fsid, 1}.encode()));
        break;
      }
      case kMsgMonGetVersion: {
        auto g = MMonGetVersion::decode(m.front, nullptr);
        MMonGetVersionReply r{g ? g->handle : 0, kEpoch, 1};
        w.send(reply(m, kMsgMonGetVersionReply, r.encode()));
        break;
      }
      case kMsgMonCommand:
        mon_command(w, m);
        break;
      case kMsgOsdOp:
        if (conn) osd_op(*conn, w, m);
        break;
      default:
        break;
    }
  }
};

Peer::Peer(PeerOptions o) : impl_(std::make_unique<Impl>()) { impl_->opt = std::move(o); }

Peer::~Peer() {
  impl_->conns.clear();
  if (impl_->listen_fd >= 0) ::close(impl_->listen_fd);
  if (impl_->pcap) impl_->pcap->close();
}

bool Peer::start(std::string* why) {
  impl_->listen_fd = listen_tcp(impl_->opt.listen, why);
  if (impl_->listen_fd < 0) return false;
  if (!impl_->opt.pcap_path.empty()) {
    try {
      impl_->pcap = std::make_unique<capture::Capture>(impl_->opt.pcap_path, capture::kLinkEthernet,
                                                       capture::PcapWriter::Format::Pcap);
    } catch (const std::exception& e) {
      if (why) *why = e.what();
      return false;
    }
  }
  return true;
}

uint16_t Peer::port() const { return local_port(impl_->listen_fd); }

void Peer::run(const std::atomic<bool>& stop, int64_t max_ms) {
  auto& I = *impl_;
  auto start = Clock::now();
  std::vector<pollfd> fds;
  std::vector<Impl::Conn*> who;
  while (!stop.load()) {
    if (max_ms > 0 && Clock::now() - start > std::chrono::milliseconds(max_ms)) break;
    fds.assign(1, pollfd{I.listen_fd, POLLIN, 0});
    who.assign(1, nullptr);
    for (auto& c : I.conns) {
      fds.push_back(pollfd{c.wire->fd(), c.wire->poll_events(), 0});
      who.push_back(&c);
    }
    int n = ::poll(fds.data(), fds.size(), 100);
    if (n < 0 && errno != EINTR) break;
    if (n <= 0) continue;
    if (fds[0].revents & POLLIN) I.accept_all();
    for (size_t i = 1; i < fds.size(); ++i) {
      Impl::Conn* c = who[i];
      if (!fds[i].revents || !c->wire || c->wire->fd() < 0) continue;
      c->wire->handle(fds[i].revents);
      if (c->closing && c->wire->unsent_bytes() == 0) c->wire->close_now();
    }
    for (auto it = I.conns.begin(); it != I.conns.end();) {
      if (it->wire->failed() || it->wire->fd() < 0) {
        I.done_crc += it->wire->stats().crc_checked;
        I.done_bytes += it->wire->stats().bytes_in;
        if (it->flow) it->flow->fin();
        it = I.conns.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& c : I.conns)
    if (c.flow) c.flow->fin();
  if (I.pcap) I.pcap->close();
}

json Peer::report() const {
  auto& I = *impl_;
  uint64_t crc = I.done_crc, bytes = I.done_bytes;
  for (auto& c : I.conns) {
    crc += c.wire->stats().crc_checked;
    bytes += c.wire->stats().bytes_in;
  }
  return json{{"sessions", I.sessions},
              {"sessions_v1", I.sessions_v1},
              {"sessions_v2", I.sessions_v2},
              {"messages", I.messages},
              {"messages_by_type", I.by_type},
              {"bytes_received", bytes},
              {"data_bytes", I.data_bytes},
              {"crc_checked", crc},
              {"errors", I.errors}};
}

}  // namespace cephwire::replay
