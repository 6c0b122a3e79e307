#include "live_client.h"

#include <sys/random.h>
#include <unistd.h>

#include <cstdlib>

#include "cephwire/messages/mon_client.h"
#include "cephwire/msg_types.h"
#include "reply_matcher.h"

namespace cephwire::replay {

using nlohmann::json;
using namespace messages;

namespace {

uint32_t random_nonce() {
  uint32_t v = 0;
  while (v == 0)
    if (getrandom(&v, sizeof v, 0) != sizeof v) v = uint32_t(::getpid()) * 2654435761u;
  return v;
}

// A live address in `osd dump` JSON: "IP:PORT" and its nonce.
std::optional<HostPort> addr_from_json(const json& a) {
  if (!a.is_object() || !a.contains("addr") || !a["addr"].is_string()) return std::nullopt;
  auto hp = parse_host_port(a["addr"].get<std::string>(), nullptr);
  if (hp) hp->nonce = a.value("nonce", 0u);
  return hp;
}

// A daemon's live addresses in `osd dump` / `fs dump` JSON (its addrvec): msgr v1 and msgr2.
void addrs_from_json(const json& addrs, std::pair<std::optional<HostPort>, std::optional<HostPort>>& slot) {
  for (auto& a : addrs.value("addrvec", json::array())) {
    const std::string t = a.value("type", "");
    if (t == "v1") slot.first = addr_from_json(a);
    if (t == "v2") slot.second = addr_from_json(a);
  }
}

// A message of the monitor client protocol, ready to send.
std::shared_ptr<OutgoingMessage> mon_message(uint16_t type, uint16_t version, std::vector<uint8_t> front,
                                             uint64_t tid = 0) {
  auto m = std::make_shared<OutgoingMessage>();
  m->msg.type = type;
  m->msg.tid = tid;
  m->msg.version = version;
  m->msg.compat_version = 1;
  m->msg.priority = kPrioDefault;
  m->msg.set_front(std::move(front));
  return m;
}

}  // namespace

std::string LiveClient::label() const { return "client " + std::to_string(L_.plan.clients[plan_index_].client + 1); }

const RecordedClient& LiveClient::captured_client() const {
  return L_.cap.clients[L_.plan.clients[plan_index_].client];
}

void LiveClient::fail(const std::string& why) {
  if (!failed_) L_.failures.push_back(why);
  failed_ = true;
}

uint64_t LiveClient::unsent() const {
  uint64_t n = mon_ ? mon_->unsent_bytes() : 0;
  for (auto& [k, s] : osds_) n += s->unsent_bytes();
  return n;
}

bool LiveClient::take_monitor_message(WireSession& w, Message& m) {
  if (&w != mon_) return false;
  if (m.tid >= LiveCluster::kOwnTidBase && m.type == kMsgMonCommandAck) {
    command_replies_[m.tid] = std::move(m);
    return true;
  }
  if (m.type == kMsgAuthReply && !auth_reply_) {
    auth_reply_ = std::move(m);
    return true;
  }
  if (m.type == kMsgMonMap && !mon_map_) {
    mon_map_ = Message();
    mon_map_->set_front(m.front);
  }
  return false;
}

std::optional<json> LiveClient::command(const json& cmd, std::string* why) {
  MMonCommand mc;
  mc.fsid = facts_.fsid;
  mc.cmd = {cmd.dump()};
  const uint64_t tid = ++L_.own_tid;
  mon_->send(mon_message(kMsgMonCommand, MMonCommand::kVersion, mc.encode(), tid));
  if (!L_.pool.wait_for([&] { return command_replies_.count(tid) > 0; }, mon_,
                        "the monitor's answer to " + cmd.dump())) {
    if (why) *why = "no answer from the monitor to " + cmd.dump();
    return std::nullopt;
  }
  Message& r = command_replies_[tid];
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

bool LiveClient::setup() {
  const PlanClient& pc = L_.plan.clients[plan_index_];
  const RecordedClient& rc = captured_client();
  const RecordedSession* ms = nullptr;
  for (auto& ps : pc.sessions)
    if (ps.role == SessionRole::Monitor && ps.refused.empty()) {
      ms = &L_.cap.sessions[ps.session];
      break;
    }
  // A client begun before the capture has no captured monitor session: its
  // first session says which protocol it speaks.
  if (!ms) ms = &L_.cap.sessions[pc.sessions.front().session];
  const AuthName name = rc.auth_name ? *rc.auth_name : AuthName{kEntityClient, "admin"};
  std::string why;
  const int fd = connect_tcp(L_.o.to, L_.o.timeout_ms, &why);
  if (fd < 0) {
    fail("cannot use the monitor at " + L_.o.to.to_string() + ": " + why);
    return false;
  }
  nonce_ = random_nonce();
  SessionConfig cfg = client_config(fd, *ms, L_.o.to, kEntityMon);
  // A monitor takes no authorizer: v1 authenticates with MAuth messages once
  // connected, msgr2 with the monitor's form of AUTH_REQUEST.
  if (cfg.protocol == Protocol::V2) cfg.auth_payload = MonAuthRequest{MonAuthRequest::kModeMon, name, 0}.encode();
  const std::string mon_label = label() + " monitor session (" + L_.o.to.to_string() + ")";
  mon_ = L_.pool.add(std::make_unique<WireSession>(fd, cfg, L_.handler, mon_label));
  L_.owner[mon_] = this;
  if (!L_.pool.wait_for([&] { return mon_->ready(); }, mon_, "the monitor's handshake")) return false;
  monitor_ready_ = true;

  if (cfg.protocol == Protocol::V1) {
    MAuth a;
    a.protocol = 0;
    a.auth_payload = AuthInitialRequest{{kAuthNone}, name, 0}.encode();
    mon_->src = EntityName{kEntityClient, uint64_t(-1)};  // client.? until the monitor names it
    mon_->send(mon_message(kMsgAuth, MAuth::kVersion, a.encode()));
    if (!L_.pool.wait_for([&] { return auth_reply_.has_value(); }, mon_, "the monitor's auth reply")) return false;
    auto r = MAuthReply::decode(auth_reply_->front, &why);
    if (!r || r->result != 0) {
      fail(mon_label + ": the monitor refused auth none: " +
           (r ? result_str(r->result) + " " + r->result_msg : why) +
           " (configure the cluster with auth_*_required = none)");
      return false;
    }
    global_id_ = r->global_id;
  } else {
    global_id_ = mon_->assigned_global_id();
  }
  mon_->src = EntityName{kEntityClient, global_id_};
  if (rc.global_id && *rc.global_id != global_id_)
    L_.rewrites.note("client entity number (message source, authorizer, CLIENT_IDENT)",
                     "client." + std::to_string(*rc.global_id) + " -> client." + std::to_string(global_id_));

  // The monitor map gives the live fsid (monitor commands carry it).
  MMonSubscribe sub;
  sub.what["monmap"] = MMonSubscribe::Item{0, MMonSubscribe::kOnetime};
  mon_->send(mon_message(kMsgMonSubscribe, MMonSubscribe::kVersion, sub.encode()));
  if (!L_.pool.wait_for([&] { return mon_map_.has_value(); }, mon_, "the monitor map")) return false;
  auto mm = MonMapHead::decode(mon_map_->front, &why);
  if (!mm) {
    fail(mon_label + ": " + why);
    return false;
  }
  facts_.fsid = mm->fsid;
  facts_.have_fsid = true;
  facts_.features = mon_->peer_features();

  auto dump = command(json{{"prefix", "osd dump"}, {"format", "json"}}, &why);
  if (!dump) {
    fail(mon_label + ": " + why);
    return false;
  }
  epoch_ = dump->value("epoch", 0u);
  facts_.osdmap_epoch = epoch_;
  // The capture's pools by name (--pool over the capture's osd maps), and
  // their live ids where the live cluster has them.
  std::map<std::string, int64_t> live_pools;
  for (auto& p : dump->value("pools", json::array())) live_pools[p.value("pool_name", "")] = p.value("pool", int64_t(-1));
  facts_.pool_names = L_.cap.pools.names;
  for (auto& [id, name] : L_.o.pool_names) facts_.pool_names[id] = name;
  for (auto& [id, name] : facts_.pool_names)
    if (auto lp = live_pools.find(name); lp != live_pools.end()) facts_.pools[id] = lp->second;
  for (auto& osd : dump->value("osds", json::array())) {
    addrs_from_json(osd["public_addrs"], osd_addrs_[osd.value("osd", int64_t(-1))]);
  }
  L_.clients.push_back({{"client", pc.client + 1},
                        {"captured", rc.describe()},
                        {"live_global_id", global_id_},
                        {"fsid", uuid_to_string(facts_.fsid)},
                        {"osdmap_epoch", epoch_}});
  return resolve_placements();
}

// Where the live cluster keeps an object of a captured pool: by name (pool
// name, namespace, object) through `osd map`, asked once per object. Null
// with the reason when it cannot be placed.
const Placement* LiveClient::place(int64_t captured_pool, const ObjectLocator& oloc, const std::string& oid,
                                   std::string* why) {
  auto pn = facts_.pool_names.find(captured_pool);
  if (pn == facts_.pool_names.end()) {
    *why = unnamed_pool(captured_pool);
    return nullptr;
  }
  const std::string& pool = pn->second;
  // Ceph places an object by its locator key when it has one (RGW, `rados
  // --object-locator`), else by its name; `osd map POOL NAME` hashes what it
  // is given the same way.
  const std::string& locator = oloc.key.empty() ? oid : oloc.key;
  auto key = std::make_tuple(pool, oloc.nspace, locator);
  if (auto placed = placements_.find(key); placed != placements_.end()) return &placed->second;
  json cmd{{"prefix", "osd map"}, {"pool", pool}, {"object", locator}, {"format", "json"}};
  if (!oloc.nspace.empty()) cmd["nspace"] = oloc.nspace;
  std::string err;
  auto j = command(cmd, &err);
  if (!j) {
    *why = "object " + oid + " in pool " + pool + ": " + err;
    return nullptr;
  }
  Placement p;
  p.pool_id = j->value("pool_id", int64_t(-1));
  const std::string pgid = j->value("pgid", "");
  const auto dot = pgid.find('.');
  p.seed = dot == std::string::npos ? 0 : uint32_t(std::strtoul(pgid.c_str() + dot + 1, nullptr, 16));
  p.primary = j->value("acting_primary", int64_t(-1));
  p.epoch = j->value("epoch", epoch_);
  facts_.pools[captured_pool] = p.pool_id;
  return &placements_.emplace(key, p).first->second;
}

// An op placed by an explicit hash (pgls, pgnls: `rados ls`, which names a
// placement group, not an object): the group of the captured seed in the
// live pool of the same name (the same group only when both pools have the
// same pg_num), and its primary (`pg map`).
const Placement* LiveClient::place_pg(int64_t captured_pool, uint32_t seed, std::string* why) {
  auto pn = facts_.pool_names.find(captured_pool);
  auto live = facts_.pools.find(captured_pool);
  if (pn == facts_.pool_names.end() || live == facts_.pools.end()) {
    *why = pn == facts_.pool_names.end()
               ? unnamed_pool(captured_pool)
               : "a placement-group op in pool " + pn->second + ", which the live cluster does not have";
    return nullptr;
  }
  char pgid[48];
  std::snprintf(pgid, sizeof pgid, "%lld.%x", static_cast<long long>(live->second), seed);
  auto key = std::make_tuple(pn->second, std::string("\x1fpg"), std::string(pgid));
  if (auto placed = placements_.find(key); placed != placements_.end()) return &placed->second;
  std::string err;
  auto j = command(json{{"prefix", "pg map"}, {"pgid", pgid}, {"format", "json"}}, &err);
  if (!j) {
    *why = "placement group " + std::string(pgid) + ": " + err;
    return nullptr;
  }
  Placement p;
  p.pool_id = live->second;
  p.seed = seed;
  auto acting = j->value("acting", json::array());
  p.primary = acting.empty() ? -1 : acting[0].get<int64_t>();
  p.epoch = j->value("epoch", epoch_);
  return &placements_.emplace(key, p).first->second;
}

// Every object this client's OSD ops name, placed in the live cluster, and
// the source objects of its copy-from ops.
bool LiveClient::resolve_placements() {
  for (auto& st : L_.plan.steps) {
    if (st.client != plan_index_) continue;
    const RecordedMessage& r = L_.cap.sessions[st.session].messages[st.message];
    if (r.msg->type != kMsgOsdOp) continue;
    std::string why;
    auto op = MOSDOp::decode(r.msg->version, r.msg->front, &why);
    if (!op) {
      L_.failures.push_back(describe_step(L_.cap, st) + ": " + why);
      continue;
    }
    // An op on a placement group (pgnls: `rados ls`) names it by an explicit
    // locator hash, the group's seed; so may an op on an object.
    const bool by_hash = (op->flags & kOsdFlagPgOp) || op->oloc.hash != -1;
    const Placement* placed = by_hash ? place_pg(op->pool, op->seed, &why) : place(op->pool, op->oloc, op->oid, &why);
    if (!placed) {
      if (mon_->failed()) return false;
      L_.failures.push_back(describe_step(L_.cap, st) + ": " + why);
      continue;
    }
    LiveOsdOp live{std::move(*op), placed, {}};
    if (!payload_pools(r, live, &why)) {
      if (mon_->failed()) return false;
      L_.failures.push_back(describe_step(L_.cap, st) + ": " + why);
      continue;
    }
    osd_ops_[&st] = std::move(live);
  }
  return true;
}

// Pool ids inside the ops' payloads, in the message data: a copy-from's
// source object (the live OSD reads it from that pool), a pgls / pgnls
// cursor (the OSD refuses one of another pool).
bool LiveClient::payload_pools(const RecordedMessage& r, LiveOsdOp& live, std::string* why) {
  size_t at = 0;
  for (auto& o : live.op.ops) {
    const size_t len = o.payload_len;
    const bool copy = o.op == kOsdOpCopyFrom || o.op == kOsdOpCopyFrom2, list = o.op == kOsdOpPgls || o.op == kOsdOpPgnls;
    if ((copy || list) && at + len > r.msg->data.length()) {
      *why = "its " + std::string(osd_op_name(o.op)) + " payload lies outside the message data";
      return false;
    }
    std::vector<uint8_t> payload(copy || list ? len : 0);
    if (copy || list) r.msg->data.copy_out(at, payload.data(), len);
    if (copy) {
      auto src = CopyFromSource::decode(payload, why);
      if (!src) return false;
      const Placement* p = place(src->oloc.pool, src->oloc, src->oid, why);
      if (!p) {
        *why = "its copy-from source: " + *why;
        return false;
      }
      live.payload_pools.push_back({at + src->pool_offset, src->oloc.pool, p->pool_id, "copy-from source pool id", src->oid});
    } else if (list) {
      auto cursor = PgListCursor::decode(payload, why);
      if (!cursor) return false;
      if (cursor->pool == live.op.pool)  // the first cursor names no pool
        live.payload_pools.push_back({at + cursor->pool_offset, cursor->pool, live.placement->pool_id,
                                      std::string(osd_op_name(o.op)) + " cursor pool id",
                                      "pg " + std::to_string(live.op.pool) + "." + std::to_string(live.op.seed)});
    }
    at += len;
  }
  return true;
}

LiveClient::Route LiveClient::route(const PlanStep& st) {
  const RecordedSession& s = L_.cap.sessions[st.session];
  const Message& cm = *s.messages[st.message].msg;
  const PlanSession* ps = nullptr;
  for (auto& x : L_.plan.clients[plan_index_].sessions)
    if (x.session == st.session) ps = &x;
  Route r;
  if (ps->role == SessionRole::Monitor) {
    r.session = mon_;
  } else if (ps->role == SessionRole::Other) {
    r.session = mapped_session(s, &r.failure);
  } else {
    int64_t osd = s.server_id.value_or(0);
    if (cm.type == kMsgOsdOp) {
      auto it = osd_ops_.find(&st);
      if (it == osd_ops_.end()) return r;  // the failure was reported when preparing it
      r.osd_op = &it->second;
      osd = r.osd_op->placement->primary;
    }
    std::string why;
    r.session = osd_session(osd, s.info.protocol, s, &why);
    if (!r.session) r.failure = "cannot reach osd." + std::to_string(osd) + ": " + why;
  }
  return r;
}

WireSession* LiveClient::osd_session(int64_t osd, Protocol p, const RecordedSession& captured, std::string* why) {
  const std::string key = "osd." + std::to_string(osd) + (p == Protocol::V1 ? "/v1" : "/v2");
  if (auto it = osds_.find(key); it != osds_.end()) return it->second->failed() ? nullptr : it->second;
  auto a = osd_addrs_.find(osd);
  std::optional<HostPort> addr;
  if (a != osd_addrs_.end()) addr = p == Protocol::V1 ? a->second.first : a->second.second;
  if (!addr) {
    if (why)
      *why = "the live OSD map has no " + std::string(p == Protocol::V1 ? "v1" : "v2") + " address for osd." +
             std::to_string(osd);
    return nullptr;
  }
  const auto live = entity_addr_of(*addr, p == Protocol::V1 ? kAddrLegacy : kAddrMsgr2);
  const std::string shown = live ? live->to_string() : addr->to_string();
  WireSession* w =
      open_session(key, *addr, p, captured, label() + " osd." + std::to_string(osd) + " session (" + shown + ")", why);
  if (!w) return nullptr;
  if (captured.server_id && *captured.server_id != osd)
    L_.rewrites.note("osd session target",
                     "osd." + std::to_string(*captured.server_id) + " -> osd." + std::to_string(osd));
  L_.rewrites.note("osd address", captured.server.to_string() + " -> " + shown);
  return w;
}

// The live MDS holding a rank, from the FS map (`fs dump`: each file
// system's MDS map names its daemons with rank, state and addresses).
std::optional<HostPort> LiveClient::live_mds(int64_t rank, Protocol p, std::string* why) {
  if (!mds_addrs_) {
    auto dump = command(json{{"prefix", "fs dump"}, {"format", "json"}}, why);
    if (!dump) return std::nullopt;
    mds_addrs_.emplace();
    for (auto& fs : dump->value("filesystems", json::array())) {
      const json daemons = fs["mdsmap"].value("info", json::object());  // by gid
      for (auto& [gid, info] : daemons.items()) {
        const int64_t r = info.value("rank", int64_t(-1));
        if (r < 0 || info.value("state", "") != "up:active") continue;
        addrs_from_json(info["addrs"], (*mds_addrs_)[r]);
      }
    }
  }
  auto it = mds_addrs_->find(rank);
  std::optional<HostPort> a;
  if (it != mds_addrs_->end()) a = p == Protocol::V1 ? it->second.first : it->second.second;
  if (!a && why)
    *why = "the live FS map has no active MDS of rank " + std::to_string(rank) + " with a " +
           (p == Protocol::V1 ? "msgr v1" : "msgr2") + " address (give --map)";
  return a;
}

// A session to a daemon the replayer does not locate by itself (a mgr): where
// --map sends it; an MDS without --map: the live MDS of the captured rank.
WireSession* LiveClient::mapped_session(const RecordedSession& captured, std::string* why) {
  const std::string from = captured.server.to_string();
  const std::string key = "map:" + from;
  if (auto it = osds_.find(key); it != osds_.end()) return it->second->failed() ? nullptr : it->second;
  auto m = L_.o.maps.find(from);
  if (m == L_.o.maps.end() && captured.server_type == kEntityMds) {
    const int64_t rank = captured.server_id.value_or(0);
    auto to = live_mds(rank, captured.info.protocol, why);
    if (!to) return nullptr;
    WireSession* w = open_session(key, *to, captured.info.protocol, captured,
                                  label() + " mds." + std::to_string(rank) + " session (" + to->to_string() + ")", why);
    if (w) L_.rewrites.note("mds address (live FS map)", "mds." + std::to_string(rank) + " " + from + " -> " + to->to_string());
    return w;
  }
  if (m == L_.o.maps.end()) {
    if (why) *why = "no --map for " + from;
    return nullptr;
  }
  WireSession* w =
      open_session(key, m->second, captured.info.protocol, captured,
                   label() + " session to " + m->second.to_string() + " (captured " + from + ")", why);
  if (w) L_.rewrites.note("mapped session (--map)", from + " -> " + m->second.to_string());
  return w;
}

// What a replayed client's session says about itself: the captured
// session's features and form of address, this replay's nonce, and the live
// peer's address as connected (msgr2 servers check target_addr exactly).
SessionConfig LiveClient::client_config(int fd, const RecordedSession& captured, const HostPort& to,
                                        uint8_t server_type) const {
  SessionConfig cfg;
  cfg.protocol = captured.info.protocol;
  cfg.my_type = kEntityClient;
  if (cfg.protocol == Protocol::V1) {
    cfg.my_addr = local_entity_addr(fd, kAddrLegacy, nonce_);
    cfg.v1_protocol_version = msgr1::client_protocol_version(server_type);  // a session begun before the capture
    if (captured.v1_connect) {
      cfg.features = captured.v1_connect->features;
      cfg.v1_protocol_version = captured.v1_connect->protocol_version;
    }
  } else {
    cfg.my_addr = captured.v2_client_ident && !captured.v2_client_ident->addrs.addrs.empty()
                      ? captured.v2_client_ident->addrs.addrs[0]
                      : local_entity_addr(fd, kAddrAny, 0);
    cfg.my_addr.nonce = nonce_;
    cfg.peer_addr = peer_entity_addr(fd, kAddrMsgr2, to.nonce);
    cfg.cookie = nonce_ + (mon_ ? osds_.size() + 1 : 0);  // the monitor session's, then one per session
  }
  return cfg;
}

// A session to an OSD or a mapped daemon: auth none with an authorizer.
WireSession* LiveClient::open_session(const std::string& key, const HostPort& to, Protocol p,
                                      const RecordedSession& captured, const std::string& session_label,
                                      std::string* why) {
  const int fd = connect_tcp(to, L_.o.timeout_ms, why);
  if (fd < 0) return nullptr;
  const RecordedClient& rc = captured_client();
  const AuthName name = rc.auth_name ? *rc.auth_name : AuthName{kEntityClient, "admin"};
  SessionConfig cfg = client_config(fd, captured, to, captured.server_type ? captured.server_type : uint8_t(kEntityOsd));
  cfg.protocol = p;
  auto authorizer = AuthNoneAuthorizer{name, global_id_}.encode();
  if (p == Protocol::V1) {
    cfg.authorizer_protocol = kAuthNone;
    cfg.authorizer = authorizer;
  } else {
    cfg.auth_payload = authorizer;
    cfg.global_id = global_id_;
  }
  WireSession* w = L_.pool.add(std::make_unique<WireSession>(fd, cfg, L_.handler, session_label));
  w->src = EntityName{kEntityClient, global_id_};
  L_.owner[w] = this;
  osds_[key] = w;
  if (!L_.pool.wait_for([&] { return w->ready(); }, w, "the handshake")) {
    if (why) *why = w->error();
    return nullptr;
  }
  return w;
}

}  // namespace cephwire::replay
