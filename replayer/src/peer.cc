#include "peer.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <list>
#include <tuple>

#include "cephwire/capture/flow_writer.h"
#include "cephwire/capture/packet.h"
#include "cephwire/crc32c.h"
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
      {"silent", PeerFault::Silent},   {"wrong-result", PeerFault::WrongResult},
      {"slow-client", PeerFault::SlowClient}};
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
  std::map<int64_t, uint64_t> snap_seq;  // per pool id: the last snapshot id given
  std::vector<int64_t> statfs_pools;     // the data pools statfs asked about
  bool fault_done = false;
  struct Object {
    std::vector<uint8_t> data;
    uint64_t version = 0;
  };
  std::map<std::tuple<int64_t, std::string, std::string>, Object> objects;  // pool, nspace, name
  std::map<std::pair<int64_t, uint32_t>, uint64_t> pg_version;  // the last version each PG gave a write
  // SlowClient: the client held back, and its ops waiting with when they are due.
  std::optional<uint64_t> slow_client;
  struct Held {
    Clock::time_point due;
    WireSession* wire;
    std::shared_ptr<Message> msg;
  };
  std::vector<Held> held;

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
      c.keep_data = opt.objects;  // without objects the peer answers from fronts; data is checked, not kept
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
    } else if (c->fsid != opt.fsid) {
      ack.cmd = c->cmd;
      ack.r = -1;  // EPERM, in a monitor's words
      ack.rs = "wrong fsid";
    } else {
      ack.cmd = c->cmd;
      json cmd = json::parse(c->cmd.empty() ? "{}" : c->cmd[0], nullptr, false);
      std::string prefix = cmd.is_object() ? cmd.value("prefix", "") : "";
      if (prefix == "osd dump") {
        out = osd_dump(w).dump();
      } else if (prefix == "pg map") {
        const std::string pgid = cmd.value("pgid", "");
        out = json{{"epoch", kEpoch}, {"raw_pgid", pgid}, {"pgid", pgid}, {"up", {opt.osd_id}}, {"acting", {opt.osd_id}}}
                  .dump();
      } else if (prefix == "osd map") {
        std::string pool = cmd.value("pool", "");
        auto [it, fresh] = pools.emplace(pool, opt.first_pool_id + int64_t(pools.size()));
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

  // Snapshots of a pool, as the monitor makes them; a pool op for another
  // cluster is dropped, as a monitor does.
  void pool_op(WireSession& w, const Message& m) {
    std::string why;
    auto op = MPoolOp::decode(m.front, &why);
    if (!op) {
      errors.push_back(w.name() + ": " + why);
      return;
    }
    if (op->fsid != opt.fsid) {
      errors.push_back(w.name() + ": poolop for another cluster (fsid " + uuid_to_string(op->fsid) + "); dropped");
      return;
    }
    MPoolOpReply r;
    r.fsid = opt.fsid;
    r.epoch = kEpoch;
    bool known = false;
    for (auto& [name, id] : pools) known |= id == int64_t(op->pool);
    if (!known) {
      r.reply_code = -2;
    } else if (op->op == MPoolOp::kCreateSnap || op->op == MPoolOp::kCreateUnmanagedSnap) {
      const uint64_t snap = ++snap_seq[op->pool];
      if (op->op == MPoolOp::kCreateUnmanagedSnap) {
        r.response_data.resize(8);
        store_le64(r.response_data.data(), snap);
      }
    }
    w.send(reply(m, kMsgPoolOpReply, r.encode()));
  }

  // Pool stats, empty: paxos header, fsid, an empty map, u8 per_pool. The
  // monitor drops a request for another cluster.
  void get_pool_stats(WireSession& w, const Message& m) {
    const size_t at = kPaxosFsidOffset;
    if (m.front.size() < at + 16 || !std::equal(opt.fsid.begin(), opt.fsid.end(), m.front.begin() + at)) {
      errors.push_back(w.name() + ": getpoolstats for another cluster; dropped");
      return;
    }
    ByteBuffer b;
    PaxosHeader{}.encode(b);
    b.append(opt.fsid.data(), opt.fsid.size());
    b.encode_32(0);
    b.encode_8(0);
    w.send(reply(m, kMsgGetPoolStatsReply, b.take()));
  }

  // A statfs is answered with an empty ceph_statfs; the data pool it names
  // is kept for the report.
  void statfs(WireSession& w, const Message& m) {
    const size_t at = MStatfs::kDataPoolOffset;
    if (m.version >= 2 && m.front.size() >= at + 9 && m.front[at])
      statfs_pools.push_back(int64_t(load_le64(m.front.data() + at + 1)));
    // MStatfsReply: fsid, ceph_statfs (le64 kb, kb_used, kb_avail, num_objects), le64 version.
    std::vector<uint8_t> front(opt.fsid.begin(), opt.fsid.end());
    front.resize(front.size() + 5 * 8);
    w.send(reply(m, kMsgStatfsReply, front));
  }

  // The placement group seed of an object, as `osd map` tells it: the peer's
  // own hash (any stable one will do) of what Ceph hashes: the namespace and
  // the locator key, or the object name when the key is empty.
  static uint32_t placement(const std::string& nspace, const std::string& locator) {
    uint32_t h = 0;
    for (unsigned char ch : nspace.empty() ? locator : nspace + '\x1f' + locator) h = h * 31 + ch;
    return h % kPgNum;
  }

  void osd_op(Conn& conn, WireSession& w, Message& m) {
    if (opt.fault == PeerFault::Silent) return;
    if (opt.fault == PeerFault::SlowClient) {
      if (!slow_client) slow_client = m.src.num;
      if (*slow_client == m.src.num) {
        held.push_back({Clock::now() + std::chrono::milliseconds(300), &w, std::make_shared<Message>(std::move(m))});
        return;
      }
    }
    answer_osd_op(conn, w, m);
  }

  // The held ops that are due, in the order they came.
  void release_held() {
    const auto now = Clock::now();
    for (auto it = held.begin(); it != held.end();) {
      if (it->due > now) break;
      Held h = std::move(*it);
      it = held.erase(it);
      if (Conn* c = find(*h.wire); c && !h.wire->failed()) answer_osd_op(*c, *h.wire, *h.msg);
    }
  }

  // Applies an op to the objects as an OSD would: its result and, for a
  // write, the PG version it was applied at.
  void apply(const MOSDOp& op, const Message& m, MOSDOpReply& rep) {
    auto key = std::make_tuple(op.pool, op.oloc.nspace, op.oid);
    auto found = objects.find(key);
    const bool exists = found != objects.end();
    if (!opt.objects) {  // versions only: a write gets the next of its PG, a read the object's
      // (data is not kept, so payloads cannot be checked)
      if (op.flags & kOsdFlagWrite) {
        rep.replay_version = rep.user_version = objects[key].version = ++pg_version[{op.pool, op.seed}];
        rep.replay_epoch = kEpoch;
      } else {
        rep.user_version = exists ? found->second.version : 0;
      }
      return;
    }
    Object obj = exists ? found->second : Object{};
    bool write = false, remove = false;
    size_t at = 0;
    for (size_t i = 0; i < op.ops.size() && rep.result == 0; ++i) {
      const OsdOp& o = op.ops[i];
      std::vector<uint8_t> payload(o.payload_len);
      if (at + o.payload_len <= m.data.length()) m.data.copy_out(at, payload.data(), payload.size());
      at += o.payload_len;
      const uint64_t off = o.extent_offset();
      switch (o.op) {
        case kOsdOpWrite:
          if (obj.data.size() < off + payload.size()) obj.data.resize(off + payload.size());
          std::copy(payload.begin(), payload.end(), obj.data.begin() + std::ptrdiff_t(off));
          write = true;
          break;
        case kOsdOpWriteFull:
          obj.data = payload;
          write = true;
          break;
        case kOsdOpAppend:
          obj.data.insert(obj.data.end(), payload.begin(), payload.end());
          write = true;
          break;
        case kOsdOpTruncate:
          obj.data.resize(off);
          write = true;
          break;
        case kOsdOpCreate:
          write = true;
          break;
        case kOsdOpDelete:
          if (!exists) rep.result = -2;
          remove = write = true;
          break;
        case kOsdOpStat:
        case kOsdOpRead:
          if (!exists) rep.result = -2;
          break;
        case kOsdOpPgls:
        case kOsdOpPgnls: {  // an OSD refuses a cursor of another pool
          auto cursor = PgListCursor::decode(payload, nullptr);
          if (!cursor || (cursor->pool >= 0 && cursor->pool != op.pool)) rep.result = -22;
          break;
        }
        case kOsdOpCopyFrom:
        case kOsdOpCopyFrom2: {
          auto src = CopyFromSource::decode(payload, nullptr);
          auto from = src ? objects.find(std::make_tuple(src->oloc.pool, src->oloc.nspace, src->oid)) : objects.end();
          if (from == objects.end()) {
            rep.result = -2;  // the OSD finds no such source in that pool
          } else {
            obj.data = from->second.data;
            write = true;
          }
          break;
        }
        default:
          write |= (op.flags & kOsdFlagWrite) != 0;
      }
    }
    if (rep.result != 0 || !write) {
      rep.user_version = exists ? obj.version : 0;
      return;
    }
    obj.version = ++pg_version[{op.pool, op.seed}];
    rep.replay_version = rep.user_version = obj.version;
    rep.replay_epoch = kEpoch;
    if (remove)
      objects.erase(key);
    else
      objects[key] = std::move(obj);
  }

  void answer_osd_op(Conn& conn, WireSession& w, const Message& m) {
    std::string why;
    auto op = MOSDOp::decode(m.version, m.front, &why);
    MOSDOpReply rep;
    if (op && !(op->flags & kOsdFlagPgOp)) {
      // An OSD drops an op sent to a placement group that does not hold its
      // object (or, placed by an explicit hash as a pgnls is, that hash's).
      const std::string& locator = op->oloc.key.empty() ? op->oid : op->oloc.key;
      const uint32_t want =
          op->oloc.hash != -1 ? uint32_t(op->oloc.hash) % kPgNum : placement(op->oloc.nspace, locator);
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
      apply(*op, m, rep);
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
      case kMsgPoolOp:
        pool_op(w, m);
        break;
      case kMsgStatfs:
        statfs(w, m);
        break;
      case kMsgGetPoolStats:
        get_pool_stats(w, m);
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
    int wait_ms = 100;
    if (!I.held.empty())
      wait_ms = int(std::clamp<int64_t>(
          std::chrono::duration_cast<std::chrono::milliseconds>(I.held.front().due - Clock::now()).count() + 1, 0, 100));
    int n = ::poll(fds.data(), fds.size(), wait_ms);
    if (n < 0 && errno != EINTR) break;
    I.release_held();
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
        const WireSession* gone = it->wire.get();
        I.held.erase(std::remove_if(I.held.begin(), I.held.end(), [&](auto& h) { return h.wire == gone; }),
                     I.held.end());
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
  json pools = json::object(), objects = json::object();
  for (auto& [name, id] : I.pools) {
    auto sq = I.snap_seq.find(id);
    pools[name] = {{"id", id}, {"snap_seq", sq == I.snap_seq.end() ? 0 : sq->second}};
  }
  for (auto& [key, o] : I.objects) {
    if (!I.opt.objects) break;
    auto& [pool, nspace, name] = key;
    objects[std::to_string(pool) + "/" + nspace + "/" + name] = {
        {"size", o.data.size()}, {"version", o.version}, {"crc32c", ceph_crc32c(0xffffffffu, o.data)}};
  }
  return json{{"sessions", I.sessions},
              {"sessions_v1", I.sessions_v1},
              {"sessions_v2", I.sessions_v2},
              {"messages", I.messages},
              {"messages_by_type", I.by_type},
              {"bytes_received", bytes},
              {"data_bytes", I.data_bytes},
              {"crc_checked", crc},
              {"errors", I.errors},
              {"pools", pools},
              {"statfs_pools", I.statfs_pools},
              {"objects", objects}};
}

}  // namespace cephwire::replay
