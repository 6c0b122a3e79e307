#include "send.h"

#include <poll.h>
#include <sys/random.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <list>
#include <set>
#include <thread>

#include "cephwire/messages/mon_client.h"
#include "cephwire/messages/osd_op.h"
#include "cephwire/messages/result.h"
#include "cephwire/msg_types.h"
#include "rewrite.h"
#include "wire_session.h"

namespace cephwire::replay {
namespace {

using nlohmann::json;
using namespace messages;

constexpr uint64_t kOwnTidBase = 1ull << 48;       // the replayer's own monitor commands
constexpr uint64_t kHighWater = 64ull << 20;       // unsent bytes a session may hold
constexpr uint64_t kLowWater = 16ull << 20;

uint32_t random_nonce() {
  uint32_t v = 0;
  while (v == 0)
    if (getrandom(&v, sizeof v, 0) != sizeof v) v = uint32_t(::getpid()) * 2654435761u;
  return v;
}

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

std::string result_str(std::optional<int32_t> r) {
  if (!r) return "-";
  return std::to_string(*r) + (*r < 0 ? " (" + std::string(strerror(-*r)) + ")" : "");
}

// Captured replies by request: for each client session, tid -> first reply.
struct CapturedReply {
  uint16_t type = 0;
  std::optional<int32_t> result;
};

// A live address in `osd dump` JSON: "IP:PORT" and its nonce.
std::optional<HostPort> addr_from_json(const json& a) {
  if (!a.is_object() || !a.contains("addr") || !a["addr"].is_string()) return std::nullopt;
  auto hp = parse_host_port(a["addr"].get<std::string>(), nullptr);
  if (hp) hp->nonce = a.value("nonce", 0u);
  return hp;
}

struct Percentiles {
  std::vector<double> v;
  json to_json() {
    if (v.empty()) return json::object();
    std::sort(v.begin(), v.end());
    auto at = [&](double p) { return v[std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5))]; };
    return json{{"p50", at(0.5)}, {"p90", at(0.9)}, {"p99", at(0.99)}, {"max", v.back()}, {"count", v.size()}};
  }
};

class Replayer : public SessionHandler {
 public:
  Replayer(const RecordedCapture& cap, const Plan& plan, const SendOptions& o, std::ostream& err)
      : cap_(cap), plan_(plan), o_(o), err_(err) {
    for (auto& s : cap_.sessions) {
      auto& replies = captured_replies_[&s];
      std::set<uint64_t> asked;
      for (auto& r : s.messages)
        if (r.dir == Dir::ToServer && r.msg->tid) asked.insert(r.msg->tid);
      for (auto& r : s.messages)
        if (r.dir == Dir::ToClient && r.msg->tid && asked.count(r.msg->tid) && !replies.count(r.msg->tid))
          replies[r.msg->tid] = CapturedReply{r.msg->type, reply_result(r.msg->type, r.msg->version, r.msg->front)};
    }
  }

  void run_loop(int loop);
  json report(double elapsed_s);
  bool ok() const { return failures_.empty() && mismatches_.empty() && missing_ == 0; }

 private:
  struct Client {
    size_t plan_index = 0;
    bool failed = false;
    std::string failure;
    uint32_t nonce = 0;
    uint64_t global_id = 0;
    std::unique_ptr<WireSession> mon;
    const RecordedSession* mon_session = nullptr;
    LiveFacts facts;
    uint32_t epoch = 0;
    std::map<int64_t, std::pair<std::optional<HostPort>, std::optional<HostPort>>> osd_addrs;  // v1, v2
    std::map<std::string, std::unique_ptr<WireSession>> osds;  // "osd.N/v1", "map:IP:PORT"
    std::map<std::tuple<std::string, std::string, std::string>, Placement> placements;
    std::map<const PlanStep*, LiveOsdOp> osd_ops;  // this client's osd_ops, decoded once and placed
    std::map<uint64_t, Message> command_replies;  // own tids
    std::optional<Message> auth_reply, mon_map;
    uint64_t unsent() const {
      uint64_t n = mon ? mon->unsent_bytes() : 0;
      for (auto& [k, s] : osds) n += s->unsent_bytes();
      return n;
    }
  };
  struct Outstanding {
    const PlanStep* step = nullptr;  // described when reported
    CapturedReply expected;
    Clock::time_point sent;
  };

  // SessionHandler
  void on_message(WireSession& w, Message& m) override;
  void on_failed(WireSession& w, const std::string& why) override;

  void poll_round(int wait_ms);
  bool pump(const std::function<bool()>& done, Clock::time_point deadline);
  bool wait_for(const std::function<bool()>& done, WireSession* w, const std::string& what);
  std::vector<WireSession*> all_sessions();
  bool setup(Client& c);
  bool resolve_placements(Client& c);
  std::optional<json> command(Client& c, const json& cmd, std::string* why);
  WireSession* osd_session(Client& c, int64_t osd, Protocol p, const RecordedSession& captured, std::string* why);
  WireSession* mapped_session(Client& c, const RecordedSession& captured, std::string* why);
  WireSession* open_session(Client& c, const std::string& key, const HostPort& to, Protocol p,
                            const RecordedSession& captured, const std::string& label, std::string* why);
  SessionConfig client_config(const Client& c, int fd, const RecordedSession& captured, const HostPort& to) const;
  void fail_client(Client& c, const std::string& why);
  void send_step(Client& c, const PlanStep& st);
  std::string describe(const PlanStep& st) const;  // "session 17 (...) frame 631 osd_op tid 1"
  Clock::time_point due(const PlanStep& st);
  void show_progress(bool final = false);

  const RecordedCapture& cap_;
  const Plan& plan_;
  const SendOptions& o_;
  std::ostream& err_;
  std::map<const RecordedSession*, std::map<uint64_t, CapturedReply>> captured_replies_;
  std::list<Client> clients_;
  std::map<WireSession*, Client*> owner_;
  // By (live session, tid); a tid a client used twice waits twice, answered in order.
  std::multimap<std::pair<WireSession*, uint64_t>, Outstanding> outstanding_;
  std::vector<std::pair<WireSession*, uint64_t>> sent_seqs_;  // this loop's replayed messages
  uint64_t own_tid_ = kOwnTidBase;
  bool closing_ = false;
  std::vector<pollfd> fds_;
  std::vector<WireSession*> who_;

  // Report.
  RewriteLog rewrites_;
  std::vector<std::string> failures_, mismatches_;
  uint64_t sent_ = 0, sent_bytes_ = 0, acked_ = 0, matched_ = 0, expected_ = 0, missing_ = 0;
  std::map<uint16_t, uint64_t> sent_by_type_, received_by_type_;  // named in the report
  Percentiles latency_;
  std::vector<json> live_clients_;
  Clock::time_point start_{}, last_progress_print_{};
  bool started_ = false;
  double sending_s_ = 0;  // from each loop's first message to its last reply, summed
  uint64_t steps_done_ = 0;
};

std::vector<WireSession*> Replayer::all_sessions() {
  std::vector<WireSession*> v;
  for (auto& c : clients_) {
    if (c.mon) v.push_back(c.mon.get());
    for (auto& [k, s] : c.osds) v.push_back(s.get());
  }
  return v;
}

// One round of every session's I/O: waits at most wait_ms for something to
// happen. A session that has bytes to write and makes no progress for the
// timeout fails.
void Replayer::poll_round(int wait_ms) {
  auto now = Clock::now();
  fds_.clear();
  who_.clear();
  for (WireSession* w : all_sessions()) {
    if (w->failed() || w->fd() < 0) continue;
    if (w->unsent_bytes() && now - w->last_progress() > std::chrono::milliseconds(o_.timeout_ms)) {
      w->close_now();
      on_failed(*w, "the peer stopped reading: " + std::to_string(w->unsent_bytes()) + " bytes unsent after " +
                        std::to_string(o_.timeout_ms) + " ms without progress");
      continue;
    }
    fds_.push_back(pollfd{w->fd(), w->poll_events(), 0});
    who_.push_back(w);
  }
  if (fds_.empty()) {
    if (wait_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
    return;
  }
  int n = ::poll(fds_.data(), fds_.size(), wait_ms);
  if (n > 0)
    for (size_t i = 0; i < fds_.size(); ++i)
      if (fds_[i].revents) who_[i]->handle(fds_[i].revents);
  if (o_.progress) show_progress();
}

// Runs every session's I/O until done() or the deadline.
bool Replayer::pump(const std::function<bool()>& done, Clock::time_point deadline) {
  for (;;) {
    if (done()) return true;
    auto now = Clock::now();
    if (now >= deadline) return false;
    poll_round(int(std::clamp<int64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count(), 1, 50)));
  }
}

bool Replayer::wait_for(const std::function<bool()>& done, WireSession* w, const std::string& what) {
  auto deadline = Clock::now() + std::chrono::milliseconds(o_.timeout_ms);
  bool ok = pump([&] { return done() || (w && w->failed()); }, deadline);
  if (ok && w && w->failed() && !done()) return false;
  if (!ok && w && !w->failed()) {
    w->close_now();
    on_failed(*w, "timed out after " + std::to_string(o_.timeout_ms) + " ms waiting for " + what);
  }
  return ok && done();
}

void Replayer::fail_client(Client& c, const std::string& why) {
  if (!c.failed) failures_.push_back(why);
  c.failed = true;
  c.failure = why;
}

void Replayer::on_failed(WireSession& w, const std::string& why) {
  if (closing_) return;  // the replay is over; the peer closing is what was asked for
  auto it = owner_.find(&w);
  std::string msg = w.name() + ": " + why;
  // Requests that were waiting on it will get no reply.
  for (auto o = outstanding_.begin(); o != outstanding_.end();) {
    if (o->first.first == &w) {
      failures_.push_back(msg + " (" + describe(*o->second.step) + " got no reply)");
      ++missing_;
      o = outstanding_.erase(o);
    } else {
      ++o;
    }
  }
  if (it != owner_.end() && it->second->mon.get() == &w && !it->second->failed)
    fail_client(*it->second, msg);
  else if (std::find(failures_.begin(), failures_.end(), msg) == failures_.end())
    failures_.push_back(msg);
}

void Replayer::on_message(WireSession& w, Message& m) {
  ++received_by_type_[m.type];
  auto own = owner_.find(&w);
  Client* c = own == owner_.end() ? nullptr : own->second;
  if (c && &w == c->mon.get()) {
    if (m.tid >= kOwnTidBase && m.type == kMsgMonCommandAck) {
      c->command_replies[m.tid] = std::move(m);
      return;
    }
    if (m.type == kMsgAuthReply && !c->auth_reply) {
      c->auth_reply = std::move(m);
      return;
    }
    if (m.type == kMsgMonMap && !c->mon_map) {
      c->mon_map = Message();
      c->mon_map->set_front(m.front);
    }
  }
  auto it = outstanding_.find({&w, m.tid});
  if (m.tid == 0 || it == outstanding_.end()) return;
  Outstanding& o = it->second;
  latency_.v.push_back(ms_since(o.sent));
  auto got = reply_result(m.type, m.version, m.front);
  if (m.type != o.expected.type || got != o.expected.result) {
    mismatches_.push_back(describe(*o.step) + ": captured " + msg_type_label(o.expected.type) + " result " +
                          result_str(o.expected.result) + ", live " + msg_type_label(m.type) + " result " + result_str(got));
  } else {
    ++matched_;
  }
  outstanding_.erase(it);
}

std::optional<json> Replayer::command(Client& c, const json& cmd, std::string* why) {
  MMonCommand mc;
  mc.fsid = c.facts.fsid;
  mc.cmd = {cmd.dump()};
  auto m = std::make_shared<OutgoingMessage>();
  m->msg.type = kMsgMonCommand;
  m->msg.tid = ++own_tid_;
  m->msg.version = MMonCommand::kVersion;
  m->msg.compat_version = 1;
  m->msg.priority = kPrioDefault;
  m->msg.set_front(mc.encode());
  uint64_t tid = m->msg.tid;
  c.mon->send(m);
  if (!wait_for([&] { return c.command_replies.count(tid) > 0; }, c.mon.get(), "the monitor's answer to " + cmd.dump())) {
    if (why) *why = "no answer from the monitor to " + cmd.dump();
    return std::nullopt;
  }
  Message& r = c.command_replies[tid];
  auto ack = MMonCommandAck::decode(r.front, why);
  if (!ack) return std::nullopt;
  if (ack->r != 0) {
    if (why) *why = "the monitor answered " + cmd.dump() + " with " + result_str(ack->r) + ": " + ack->rs;
    return std::nullopt;
  }
  std::vector<uint8_t> data(r.data.length());
  r.data.copy_out(0, data.data(), data.size());
  json j = json::parse(data.begin(), data.end(), nullptr, false);
  if (j.is_discarded()) {
    if (why) *why = "the monitor's answer to " + cmd.dump() + " is not JSON";
    return std::nullopt;
  }
  return j;
}

bool Replayer::setup(Client& c) {
  const PlanClient& pc = plan_.clients[c.plan_index];
  const RecordedClient& rc = cap_.clients[pc.client];
  for (auto& ps : pc.sessions)
    if (ps.role == SessionRole::Monitor && ps.refused.empty()) {
      c.mon_session = &cap_.sessions[ps.session];
      break;
    }
  const RecordedSession& ms = *c.mon_session;
  AuthName name = rc.auth_name ? *rc.auth_name : AuthName{kEntityClient, "admin"};
  std::string why;
  int fd = connect_tcp(o_.to, o_.timeout_ms, &why);
  if (fd < 0) {
    fail_client(c, "client " + std::to_string(pc.client + 1) + ": monitor: " + why);
    return false;
  }
  c.nonce = random_nonce();
  SessionConfig cfg = client_config(c, fd, ms, o_.to);
  // A monitor takes no authorizer: v1 authenticates with MAuth messages once
  // connected, msgr2 with the monitor's form of AUTH_REQUEST.
  if (cfg.protocol == Protocol::V2) cfg.auth_payload = MonAuthRequest{MonAuthRequest::kModeMon, name, 0}.encode();
  std::string label = "client " + std::to_string(pc.client + 1) + " monitor session (" + o_.to.to_string() + ")";
  c.mon = std::make_unique<WireSession>(fd, cfg, *this, label);
  owner_[c.mon.get()] = &c;
  if (!wait_for([&] { return c.mon->ready(); }, c.mon.get(), "the monitor's handshake")) return false;

  if (cfg.protocol == Protocol::V1) {
    auto m = std::make_shared<OutgoingMessage>();
    m->msg.type = kMsgAuth;
    m->msg.version = MAuth::kVersion;
    m->msg.compat_version = 1;
    m->msg.priority = kPrioDefault;
    MAuth a;
    a.protocol = 0;
    a.auth_payload = AuthInitialRequest{{kAuthNone}, name, 0}.encode();
    m->msg.set_front(a.encode());
    c.mon->src = EntityName{kEntityClient, uint64_t(-1)};  // client.? until the monitor names it
    c.mon->send(m);
    if (!wait_for([&] { return c.auth_reply.has_value(); }, c.mon.get(), "the monitor's auth reply")) return false;
    auto r = MAuthReply::decode(c.auth_reply->front, &why);
    if (!r || r->result != 0) {
      fail_client(c, label + ": the monitor refused auth none: " +
                         (r ? result_str(r->result) + " " + r->result_msg : why) +
                         " (configure the cluster with auth_*_required = none)");
      return false;
    }
    c.global_id = r->global_id;
  } else {
    c.global_id = c.mon->assigned_global_id();
  }
  c.mon->src = EntityName{kEntityClient, c.global_id};
  if (rc.global_id && *rc.global_id != c.global_id)
    rewrites_.note("client entity number (message source, authorizer, CLIENT_IDENT)",
                   "client." + std::to_string(*rc.global_id) + " -> client." + std::to_string(c.global_id));

  // The monitor map gives the live fsid (monitor commands carry it).
  MMonSubscribe sub;
  sub.what["monmap"] = MMonSubscribe::Item{0, MMonSubscribe::kOnetime};
  auto sm = std::make_shared<OutgoingMessage>();
  sm->msg.type = kMsgMonSubscribe;
  sm->msg.version = MMonSubscribe::kVersion;
  sm->msg.compat_version = 1;
  sm->msg.priority = kPrioDefault;
  sm->msg.set_front(sub.encode());
  c.mon->send(sm);
  if (!wait_for([&] { return c.mon_map.has_value(); }, c.mon.get(), "the monitor map")) return false;
  auto mm = MonMapHead::decode(c.mon_map->front, &why);
  if (!mm) {
    fail_client(c, label + ": " + why);
    return false;
  }
  c.facts.fsid = mm->fsid;
  c.facts.have_fsid = true;
  c.facts.features = c.mon->peer_features();

  auto dump = command(c, json{{"prefix", "osd dump"}, {"format", "json"}}, &why);
  if (!dump) {
    fail_client(c, label + ": " + why);
    return false;
  }
  c.epoch = dump->value("epoch", 0u);
  for (auto& osd : dump->value("osds", json::array())) {
    int64_t id = osd.value("osd", -1);
    auto& slot = c.osd_addrs[id];
    for (auto& a : osd["public_addrs"].value("addrvec", json::array())) {
      std::string t = a.value("type", "");
      if (t == "v1") slot.first = addr_from_json(a);
      if (t == "v2") slot.second = addr_from_json(a);
    }
  }
  live_clients_.push_back({{"client", pc.client + 1},
                           {"captured", rc.describe()},
                           {"live_global_id", c.global_id},
                           {"fsid", uuid_to_string(c.facts.fsid)},
                           {"osdmap_epoch", c.epoch}});
  return resolve_placements(c);
}

// Every object this client's OSD ops name, placed in the live cluster by name
// (pool name, namespace, object) through `osd map`.
bool Replayer::resolve_placements(Client& c) {
  for (auto& st : plan_.steps) {
    if (st.client != c.plan_index) continue;
    const RecordedMessage& r = cap_.sessions[st.session].messages[st.message];
    if (r.msg->type != kMsgOsdOp) continue;
    std::string why;
    auto op = MOSDOp::decode(r.msg->version, r.msg->front, &why);
    if (!op) {
      failures_.push_back(describe(st) + ": " + why);
      continue;
    }
    std::string pool;
    if (auto pn = o_.pool_names.find(op->pool); pn != o_.pool_names.end())
      pool = pn->second;
    else if (auto cn = cap_.pools.names.find(op->pool); cn != cap_.pools.names.end())
      pool = cn->second;
    if (pool.empty()) {
      failures_.push_back(describe(st) + ": the capture never names pool " + std::to_string(op->pool) +
                          " (no osd map with it); give --pool " + std::to_string(op->pool) + "=NAME");
      continue;
    }
    auto key = std::make_tuple(pool, op->oloc.nspace, op->oid);
    auto placed = c.placements.find(key);
    if (placed == c.placements.end()) {
      json cmd{{"prefix", "osd map"}, {"pool", pool}, {"object", op->oid}, {"format", "json"}};
      if (!op->oloc.nspace.empty()) cmd["nspace"] = op->oloc.nspace;
      auto j = command(c, cmd, &why);
      if (!j) {
        if (c.mon->failed()) return false;
        failures_.push_back("client " + std::to_string(plan_.clients[c.plan_index].client + 1) + ": object " +
                            op->oid + " in pool " + pool + ": " + why);
        continue;
      }
      Placement p;
      p.pool_id = j->value("pool_id", int64_t(-1));
      std::string pgid = j->value("pgid", "");
      auto dot = pgid.find('.');
      p.seed = dot == std::string::npos ? 0 : uint32_t(std::strtoul(pgid.c_str() + dot + 1, nullptr, 16));
      p.primary = j->value("acting_primary", int64_t(-1));
      p.epoch = j->value("epoch", c.epoch);
      placed = c.placements.emplace(key, p).first;
    }
    c.osd_ops[&st] = LiveOsdOp{std::move(*op), &placed->second};
  }
  return true;
}

WireSession* Replayer::osd_session(Client& c, int64_t osd, Protocol p, const RecordedSession& captured,
                                   std::string* why) {
  std::string key = "osd." + std::to_string(osd) + (p == Protocol::V1 ? "/v1" : "/v2");
  if (auto it = c.osds.find(key); it != c.osds.end()) return it->second->failed() ? nullptr : it->second.get();
  auto a = c.osd_addrs.find(osd);
  std::optional<HostPort> addr;
  if (a != c.osd_addrs.end()) addr = p == Protocol::V1 ? a->second.first : a->second.second;
  if (!addr) {
    if (why) *why = "the live OSD map has no " + std::string(p == Protocol::V1 ? "v1" : "v2") + " address for osd." + std::to_string(osd);
    return nullptr;
  }
  const auto live = entity_addr_of(*addr, p == Protocol::V1 ? kAddrLegacy : kAddrMsgr2);
  const std::string shown = live ? live->to_string() : addr->to_string();
  std::string label = "client " + std::to_string(plan_.clients[c.plan_index].client + 1) + " osd." +
                      std::to_string(osd) + " session (" + shown + ")";
  WireSession* w = open_session(c, key, *addr, p, captured, label, why);
  if (!w) return nullptr;
  if (captured.server_id && *captured.server_id != osd)
    rewrites_.note("osd session target", "osd." + std::to_string(*captured.server_id) + " -> osd." + std::to_string(osd));
  rewrites_.note("osd address", captured.server.to_string() + " -> " + shown);
  return w;
}

// A session to a daemon the replayer does not locate itself (a mgr, an MDS):
// where --map sends it.
WireSession* Replayer::mapped_session(Client& c, const RecordedSession& captured, std::string* why) {
  std::string from = captured.server.to_string();
  std::string key = "map:" + from;
  if (auto it = c.osds.find(key); it != c.osds.end()) return it->second->failed() ? nullptr : it->second.get();
  auto m = o_.maps.find(from);
  if (m == o_.maps.end()) {
    if (why) *why = "no --map for " + from;
    return nullptr;
  }
  std::string label = "client " + std::to_string(plan_.clients[c.plan_index].client + 1) + " session to " +
                      m->second.to_string() + " (captured " + from + ")";
  WireSession* w = open_session(c, key, m->second, captured.info.protocol, captured, label, why);
  if (w) rewrites_.note("mapped session (--map)", from + " -> " + m->second.to_string());
  return w;
}

// What a replayed client's session says about itself: the captured
// session's features and form of address, this replay's nonce, and the live
// peer's address as connected (msgr2 servers check target_addr exactly).
SessionConfig Replayer::client_config(const Client& c, int fd, const RecordedSession& captured,
                                      const HostPort& to) const {
  SessionConfig cfg;
  cfg.protocol = captured.info.protocol;
  cfg.my_type = kEntityClient;
  if (cfg.protocol == Protocol::V1) {
    cfg.my_addr = local_entity_addr(fd, kAddrLegacy, c.nonce);
    if (captured.v1_connect) {
      cfg.features = captured.v1_connect->features;
      cfg.v1_protocol_version = captured.v1_connect->protocol_version;
    }
  } else {
    cfg.my_addr = captured.v2_client_ident && !captured.v2_client_ident->addrs.addrs.empty()
                      ? captured.v2_client_ident->addrs.addrs[0]
                      : local_entity_addr(fd, kAddrAny, 0);
    cfg.my_addr.nonce = c.nonce;
    cfg.peer_addr = peer_entity_addr(fd, kAddrMsgr2, to.nonce);
    cfg.cookie = c.nonce + (c.mon ? c.osds.size() + 1 : 0);  // the monitor session's, then one per session
  }
  return cfg;
}

// A session to an OSD or a mapped daemon: auth none with an authorizer.
WireSession* Replayer::open_session(Client& c, const std::string& key, const HostPort& to, Protocol p,
                                    const RecordedSession& captured, const std::string& label, std::string* why) {
  int fd = connect_tcp(to, o_.timeout_ms, why);
  if (fd < 0) return nullptr;
  const RecordedClient& rc = cap_.clients[plan_.clients[c.plan_index].client];
  AuthName name = rc.auth_name ? *rc.auth_name : AuthName{kEntityClient, "admin"};
  SessionConfig cfg = client_config(c, fd, captured, to);
  cfg.protocol = p;
  auto authorizer = AuthNoneAuthorizer{name, c.global_id}.encode();
  if (p == Protocol::V1) {
    cfg.authorizer_protocol = kAuthNone;
    cfg.authorizer = authorizer;
  } else {
    cfg.auth_payload = authorizer;
    cfg.global_id = c.global_id;
  }
  auto w = std::make_unique<WireSession>(fd, cfg, *this, label);
  w->src = EntityName{kEntityClient, c.global_id};
  WireSession* raw = w.get();
  owner_[raw] = &c;
  c.osds[key] = std::move(w);
  if (!wait_for([&] { return raw->ready(); }, raw, "the handshake")) {
    if (why) *why = raw->error();
    return nullptr;
  }
  return raw;
}

Clock::time_point Replayer::due(const PlanStep& st) {
  if (!started_) {
    started_ = true;
    start_ = Clock::now();
  }
  switch (o_.timing) {
    case Timing::Captured:
    case Timing::Speed: {
      double dt = double(st.ts_usec - plan_.steps.front().ts_usec) / std::max(o_.speed, 1e-9);
      return start_ + std::chrono::microseconds(int64_t(dt));
    }
    case Timing::Mbps:
      return start_ + std::chrono::microseconds(int64_t(double(sent_bytes_) * 8.0 / o_.mbps));
    case Timing::Top:
      return Clock::now();
  }
  return Clock::now();
}

std::string Replayer::describe(const PlanStep& st) const {
  const RecordedSession& s = cap_.sessions[st.session];
  const RecordedMessage& r = s.messages[st.message];
  return s.describe() + " frame " + std::to_string(r.frame) + " " + msg_type_label(r.msg->type) + " tid " +
         std::to_string(r.msg->tid);
}

void Replayer::send_step(Client& c, const PlanStep& st) {
  const RecordedSession& s = cap_.sessions[st.session];
  const RecordedMessage& r = s.messages[st.message];
  const Message& cm = *r.msg;
  std::string why;
  const PlanSession* ps = nullptr;
  for (auto& x : plan_.clients[c.plan_index].sessions)
    if (x.session == st.session) ps = &x;
  WireSession* w = nullptr;
  const LiveOsdOp* osd_op = nullptr;
  if (ps->role == SessionRole::Monitor) {
    w = c.mon.get();
  } else if (ps->role == SessionRole::Other) {
    w = mapped_session(c, s, &why);
    if (!w) {
      failures_.push_back(describe(st) + ": " + why);
      return;
    }
  } else {
    int64_t osd = s.server_id.value_or(0);
    if (cm.type == kMsgOsdOp) {
      auto it = c.osd_ops.find(&st);
      if (it == c.osd_ops.end()) return;  // the failure was reported when preparing it
      osd_op = &it->second;
      osd = osd_op->placement->primary;
    }
    w = osd_session(c, osd, s.info.protocol, s, &why);
    if (!w) {
      failures_.push_back(describe(st) + ": cannot reach osd." + std::to_string(osd) + ": " + why);
      return;
    }
  }
  if (!w || w->failed()) {
    failures_.push_back(describe(st) + ": its session failed before it could be sent");
    return;
  }
  auto out = rewrite_for_live(r, c.facts, osd_op, rewrites_, &why);
  if (!out) {
    failures_.push_back(describe(st) + ": " + why);
    return;
  }
  uint64_t bytes = out->msg.front.size() + out->msg.middle.size() + out->data().length();
  auto replies = captured_replies_.find(&s);
  if (cm.tid && replies != captured_replies_.end()) {
    auto rep = replies->second.find(cm.tid);
    if (rep != replies->second.end()) {
      ++expected_;
      outstanding_.emplace(std::make_pair(w, cm.tid), Outstanding{&st, rep->second, Clock::now()});
    }
  }
  sent_seqs_.emplace_back(w, w->send(out));
  ++sent_;
  sent_bytes_ += bytes;
  ++sent_by_type_[cm.type];
  if (w->unsent_bytes() > kHighWater)
    pump([&] { return w->failed() || w->unsent_bytes() < kLowWater; },
         Clock::now() + std::chrono::hours(24));  // pump() fails a session that stops reading
}

void Replayer::show_progress(bool final) {
  auto now = Clock::now();
  if (!final && now - last_progress_print_ < std::chrono::milliseconds(200)) return;
  last_progress_print_ = now;
  double secs = started_ ? std::chrono::duration<double>(now - start_).count() : 0;
  size_t total = plan_.steps.size() * size_t(std::max(o_.loops, 1));
  int width = 30;
  int filled = total ? int(double(steps_done_) / double(total) * width) : width;
  char line[256];
  std::snprintf(line, sizeof line, "\r[%-*s] %llu/%zu messages, %.1f MB, %.1f MB/s, %zu awaiting reply ", width,
                std::string(size_t(filled), '#').c_str(), static_cast<unsigned long long>(steps_done_), total,
                double(sent_bytes_) / 1e6, secs > 0 ? double(sent_bytes_) / 1e6 / secs : 0.0, outstanding_.size());
  err_ << line << (final ? "\n" : "") << std::flush;
}

void Replayer::run_loop(int loop) {
  (void)loop;
  clients_.clear();
  owner_.clear();
  outstanding_.clear();
  std::vector<Client*> by_plan(plan_.clients.size(), nullptr);
  unsigned since_round = 0;
  for (auto& st : plan_.steps) {
    Client*& c = by_plan[st.client];
    if (!c) {
      clients_.emplace_back();
      c = &clients_.back();
      c->plan_index = st.client;
      setup(*c);
    }
    ++steps_done_;
    if (c->failed) continue;
    auto when = due(st);
    if (when > Clock::now()) pump([] { return false; }, when);
    send_step(*c, st);
    // Write what the sockets take now and read what came: after every few
    // small messages (fewer system calls), at once behind a large one.
    if (++since_round >= 32 || c->unsent() >= (64u << 10)) {
      poll_round(0);
      since_round = 0;
    }
  }
  // Clients whose selection had no message to send still authenticate.
  for (size_t i = 0; i < plan_.clients.size(); ++i)
    if (!by_plan[i]) {
      clients_.emplace_back();
      clients_.back().plan_index = i;
      setup(clients_.back());
    }
  // Wait for every reply and every ack, as long as something still moves.
  auto quiet_since = Clock::now();
  size_t last_outstanding = outstanding_.size();
  uint64_t last_acked = 0;
  // Acks are not waited for: Ceph's msgr v1 sends none on lossy client
  // sessions (recorded traffic has no ACK tag at all).
  auto all_done = [&] {
    uint64_t acked = 0;
    bool flushed = true;
    for (WireSession* w : all_sessions()) {
      acked += w->acked_seq();
      flushed &= w->failed() || w->unsent_bytes() == 0;
    }
    if (outstanding_.size() != last_outstanding || acked != last_acked) {
      last_outstanding = outstanding_.size();
      last_acked = acked;
      quiet_since = Clock::now();
    }
    return outstanding_.empty() && flushed;
  };
  while (!all_done()) {
    if (Clock::now() - quiet_since > std::chrono::milliseconds(o_.timeout_ms)) break;
    pump(all_done, Clock::now() + std::chrono::milliseconds(100));
  }
  if (started_) sending_s_ += std::chrono::duration<double>(Clock::now() - start_).count();
  started_ = false;  // the next loop's clock starts at its own first message
  for (WireSession* w : all_sessions())  // what could not even be written
    if (!w->failed() && w->unsent_bytes()) {
      uint64_t unsent = w->unsent_bytes();
      w->close_now();
      on_failed(*w, "the peer stopped reading: " + std::to_string(unsent) + " bytes unsent after " +
                        std::to_string(o_.timeout_ms) + " ms without progress");
    }
  for (auto& [key, o] : outstanding_) {
    failures_.push_back(describe(*o.step) + ": no reply within " + std::to_string(o_.timeout_ms) + " ms (its session: " +
                        key.first->name() + ")");
    ++missing_;
  }
  outstanding_.clear();
  for (auto& [w, seq] : sent_seqs_)  // acknowledged: replayed messages the peer's acks cover
    acked_ += w->acked_seq() >= seq;
  sent_seqs_.clear();
  // A graceful end: FIN, then wait (briefly) for the peer's; closing with
  // unread bytes would reset the connection under the peer.
  closing_ = true;
  for (WireSession* w : all_sessions())
    if (!w->failed() && w->unsent_bytes() == 0) w->shutdown_write();
  pump(
      [&] {
        for (WireSession* w : all_sessions())
          if (!w->failed() && w->fd() >= 0) return false;
        return true;
      },
      Clock::now() + std::chrono::seconds(1));
  for (WireSession* w : all_sessions()) w->close_now();
  closing_ = false;
}

json by_type_names(const std::map<uint16_t, uint64_t>& counts) {
  json j = json::object();
  for (auto& [t, n] : counts) j[msg_type_label(t)] = n;
  return j;
}

json Replayer::report(double elapsed_s) {
  return json{{"capture", cap_.file},
              {"target", o_.to.to_string()},
              {"loops", o_.loops},
              {"clients", live_clients_},
              {"sent", {{"messages", sent_}, {"bytes", sent_bytes_}, {"by_type", by_type_names(sent_by_type_)}}},
              {"acknowledged", acked_},
              {"replies",
               {{"expected", expected_}, {"matched", matched_}, {"mismatched", mismatches_.size()}, {"missing", missing_}}},
              {"received_by_type", by_type_names(received_by_type_)},
              {"mismatches", mismatches_},
              {"failures", failures_},
              {"rewrites", rewrites_.json()},
              {"regenerated", plan_.regenerated},
              {"skipped", plan_.skipped},
              {"elapsed_s", elapsed_s},
              {"sending_s", sending_s_},
              {"rate_mbps", sending_s_ > 0 ? double(sent_bytes_) * 8 / 1e6 / sending_s_ : 0.0},
              {"messages_per_s", sending_s_ > 0 ? double(sent_) / sending_s_ : 0.0},
              {"latency_ms", latency_.to_json()}};
}

void print_report(std::ostream& out, const json& r) {
  out << "replayed " << r["capture"].get<std::string>() << " to " << r["target"].get<std::string>() << " ("
      << r["loops"] << " loop(s))\n";
  for (auto& c : r["clients"])
    out << "  client " << c["client"] << " " << c["captured"].get<std::string>() << " -> client."
        << c["live_global_id"] << " (osdmap epoch " << c["osdmap_epoch"] << ")\n";
  auto& s = r["sent"];
  out << "sent: " << s["messages"] << " messages, " << s["bytes"] << " bytes;";
  for (auto& [t, n] : s["by_type"].items()) out << " " << t << "=" << n;
  out << "\nacknowledged by the peer: " << r["acknowledged"] << " (msgr v1 servers do not ack lossy client sessions)\n";
  auto& rp = r["replies"];
  out << "replies: " << rp["matched"] << " of " << rp["expected"] << " matched the capture, " << rp["mismatched"]
      << " mismatched, " << rp["missing"] << " missing\n";
  char line[200];
  std::snprintf(line, sizeof line,
                "elapsed %.3f s (sending %.3f s: first message to last reply), %.1f Mbit/s, %.0f messages/s\n",
                r["elapsed_s"].get<double>(), r["sending_s"].get<double>(), r["rate_mbps"].get<double>(),
                r["messages_per_s"].get<double>());
  out << line;
  if (!r["latency_ms"].empty()) {
    auto& l = r["latency_ms"];
    std::snprintf(line, sizeof line, "reply latency ms: p50 %.2f, p90 %.2f, p99 %.2f, max %.2f\n",
                  l["p50"].get<double>(), l["p90"].get<double>(), l["p99"].get<double>(), l["max"].get<double>());
    out << line;
  }
  if (!r["rewrites"].empty()) {
    out << "rewritten for the live cluster:\n";
    for (auto& w : r["rewrites"])
      out << "  " << w["rewrite"].get<std::string>() << ": " << w["count"] << " (e.g. " << w["example"].get<std::string>()
          << ")\n";
  }
  out << "regenerated: " << r["regenerated"] << " auth message(s) (replaced by the auth-none handshake)\n";
  for (auto& x : r["skipped"]) out << "skipped: " << x.get<std::string>() << "\n";
  for (auto& x : r["mismatches"]) out << "MISMATCH: " << x.get<std::string>() << "\n";
  for (auto& x : r["failures"]) out << "FAILED: " << x.get<std::string>() << "\n";
}

}  // namespace

SendResult run_send(const SendOptions& o, std::ostream& out, std::ostream& err) {
  SendResult res;
  RecordedCapture cap = load_recorded(o.capture);
  if (!cap.read.ok) {
    err << "cephwire-replay: " << cap.read.error << "\n";
    res.exit_code = 2;
    return res;
  }
  Plan plan = make_plan(cap, o.selection);
  if (o.dry_run) {
    if (o.json)
      out << plan_json(cap, plan).dump(2) << "\n";
    else
      print_plan(out, cap, plan);
    res.exit_code = plan.errors.empty() ? 0 : 2;
    return res;
  }
  if (!plan.errors.empty()) {
    for (auto& e : plan.errors) err << "cephwire-replay: " << e << "\n";
    res.exit_code = 2;
    return res;
  }
  Replayer r(cap, plan, o, err);
  auto t0 = Clock::now();
  for (int i = 0; i < std::max(o.loops, 1); ++i) r.run_loop(i);
  double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
  res.report = r.report(elapsed);
  if (o.progress) err << "\n";
  if (o.json)
    out << res.report.dump(2) << "\n";
  else
    print_report(out, res.report);
  res.exit_code = r.ok() ? 0 : 1;
  return res;
}

}  // namespace cephwire::replay
