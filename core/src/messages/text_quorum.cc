// Ceph's text of what the monitors say among themselves: probes, elections,
// paxos, pings, time checks, health checks, and the messages one monitor
// forwards to the leader or routes back (messages/MMonProbe.h,
// MMonElection.h, MMonPaxos.h, MMonPing.h, MTimeCheck2.h, MMonHealthChecks.h,
// MForward.h, MRoute.h as of Ceph 16; checked on captures/real/v2secure-3mon,
// docs/monitor-messages.md).
#include <array>

#include "cephwire/msg_types.h"
#include "cephwire/msgr1.h"
#include "text_types.h"
#include "text_util.h"

namespace cephwire::messages::text {

namespace {

using Out = std::optional<std::string>;

template <size_t N>
const char* named(const std::array<const char*, N>& names, uint32_t op) {
  return op >= 1 && op <= N ? names[op - 1] : nullptr;
}

// set<int32_t>: "0,1" (include/types.h).
std::string int_set(FieldReader& r, const char* name) {
  const size_t at = r.pos();
  const uint32_t n = r.le32();
  std::string s;
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    if (i) s += ',';
    s += std::to_string(int32_t(r.le32()));
  }
  r.text(name, at, s);
  return s;
}

// ceph_release_name(): "pacific" for 16.
std::string release_name(uint8_t r) {
  static constexpr std::array<const char*, 20> kNames = {
      "argonaut", "bobtail",  "cuttlefish", "dumpling", "emperor", "firefly", "giant",   "hammer", "infernalis", "jewel",
      "kraken",   "luminous", "mimic",      "nautilus", "octopus", "pacific", "quincy",  "reef",   "squid",      "tentacle"};
  return r >= 1 && r <= kNames.size() ? kNames[r - 1] : "unknown";
}

// MMonProbe v8: fsid, le32 op, name, quorum, monmap blob, u8 has_ever_joined,
// le64 paxos first and last, le64 required features (v6), u8 mon_release
// (v7), le32 leader (v8).
Out mon_probe(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const std::string id = uuid_(r, "mon_probe.fsid");
  const uint32_t op = r.u32_("mon_probe.op");
  const std::string name = r.str_("mon_probe.name");
  const std::string quorum = int_set(r, "mon_probe.quorum");
  blob_len_(r, "mon_probe.monmap_len");
  const bool joined = r.u8_("mon_probe.has_ever_joined");
  const uint64_t first = r.u64_("mon_probe.paxos_first");
  const uint64_t last = r.u64_("mon_probe.paxos_last");
  const uint64_t required = m.version >= 6 ? r.u64_("mon_probe.required_features") : 0;
  const uint8_t release = m.version >= 7 ? r.u8_("mon_probe.mon_release") : 0;
  std::optional<int32_t> leader;
  if (m.version >= 8) leader = r.s32_("mon_probe.leader");
  const char* opname = mon_probe_op_name(op);
  if (!r.ok() || !opname) return undecoded(why, "mon_probe", r.pos());
  std::string s = "mon_probe(" + std::string(opname) + " " + id + " name " + name;
  if (!quorum.empty()) s += " quorum " + quorum;
  if (leader) s += " leader " + std::to_string(*leader);
  if (op == 2) s += " paxos( fc " + std::to_string(first) + " lc " + std::to_string(last) + " )";
  if (!joined) s += " new";
  if (required) s += " required_features " + std::to_string(required);
  if (release) s += " mon_release " + release_name(release);
  return s + ")";
}

// MMonElection v9: fsid, le32 op, le32 epoch, monmap blob, quorum, le64
// quorum features, two defunct le64, sharing blob, mon_feature_t (v6),
// map<string, string> metadata (v7), u8 mon_release (v8), scoring blob and
// u8 strategy (v9).
Out election(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const std::string id = uuid_(r, "election.fsid");
  const uint32_t op = r.u32_("election.op");
  const uint32_t epoch = r.u32_("election.epoch");
  blob_len_(r, "election.monmap_len");
  int_set(r, "election.quorum");
  r.u64_("election.quorum_features");
  r.skip(16);
  blob_len_(r, "election.sharing_len");
  if (m.version >= 6) {
    size_t at = r.pos();
    auto h = read_struct_header(r);
    const uint64_t features = r.le64();
    if (h && h->length >= 8) r.skip(h->length - 8);
    r.uint("election.mon_features", at, features);
  }
  if (m.version >= 7) {
    const uint32_t n = r.u32_("election.metadata");
    for (uint32_t i = 0; i < n && r.ok(); ++i) r.string(), r.string();
  }
  const uint8_t release = m.version >= 8 ? r.u8_("election.mon_release") : 0;
  if (m.version >= 9) {
    blob_len_(r, "election.scoring_len");
    r.u8_("election.strategy");
  }
  const char* opname = election_op_name(op);
  // (before v8 Ceph infers the release from the mon features: not followed)
  if (!r.ok() || !opname || m.version < 8) return undecoded(why, "election", r.pos());
  return "election(" + id + " " + opname + " rel " + std::to_string(release) + " e" + std::to_string(epoch) + ")";
}

// MMonPaxos v4: le32 epoch, le32 op, le64 first committed, last committed,
// pn_from, pn, uncommitted pn, utime lease and sent stamps, le64 latest
// version, latest value blob, map<version_t, blob> values, feature map blob (v4).
Out paxos(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  r.u32_("mon_paxos.epoch");
  const uint32_t op = r.u32_("mon_paxos.op");
  const uint64_t fc = r.u64_("mon_paxos.first_committed");
  const uint64_t lc = r.u64_("mon_paxos.last_committed");
  r.u64_("mon_paxos.pn_from");
  const uint64_t pn = r.u64_("mon_paxos.pn");
  const uint64_t opn = r.u64_("mon_paxos.uncommitted_pn");
  utime_(r, "mon_paxos.lease_timestamp");
  utime_(r, "mon_paxos.sent_timestamp");
  const uint64_t latest = r.u64_("mon_paxos.latest_version");
  const uint32_t latest_len = blob_len_(r, "mon_paxos.latest_value_len");
  const uint32_t n = r.u32_("mon_paxos.values");
  for (uint32_t i = 0; i < n && r.ok(); ++i) r.le64(), r.blob();
  if (m.version >= 4) blob_len_(r, "mon_paxos.feature_map_len");
  const char* opname = paxos_op_name(op);
  if (!r.ok() || !opname) return undecoded(why, "mon_paxos", r.pos());
  std::string s = "paxos(" + std::string(opname) + " lc " + std::to_string(lc) + " fc " + std::to_string(fc) + " pn " +
                  std::to_string(pn) + " opn " + std::to_string(opn);
  if (latest) s += " latest " + std::to_string(latest) + " (" + std::to_string(latest_len) + " bytes)";
  return s + ")";
}

// MMonPing: u8 op, utime stamp, tracker blob, le32 padding and that many bytes.
Out mon_ping(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint8_t op = r.u8_("mon_ping.op");
  const Utime t = utime_(r, "mon_ping.stamp");
  blob_len_(r, "mon_ping.tracker_len");
  const uint32_t pad = r.u32_("mon_ping.padding");
  r.skip(pad);
  if (!r.ok()) return undecoded(why, "mon_ping", r.pos());
  const char* opname = mon_ping_op_name(op);
  return "mon_ping(" + std::string(opname ? opname : "???") + " stamp " + t.str() + ")";
}

// MTimeCheck2: le32 op, le64 epoch, le64 round, utime, map<int, double>
// skews, map<int, double> latencies.
Out time_check(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint32_t op = r.u32_("time_check.op");
  const uint64_t epoch = r.u64_("time_check.epoch");
  const uint64_t round = r.u64_("time_check.round");
  const Utime t = utime_(r, "time_check.timestamp");
  uint32_t counts[2] = {0, 0};
  for (int k = 0; k < 2; ++k) {
    counts[k] = r.u32_(k ? "time_check.latencies" : "time_check.skews");
    for (uint32_t i = 0; i < counts[k] && r.ok(); ++i) r.skip(4 + 8);
  }
  if (!r.ok()) return undecoded(why, "time_check2", r.pos());
  const char* opname = time_check_op_name(op);
  std::string s = "time_check( " + std::string(opname ? opname : "???") + " e " + std::to_string(epoch) + " r " +
                  std::to_string(round);
  if (op == 2) s += " ts " + t.str();
  if (op == 3) s += " #skews " + std::to_string(counts[0]) + " #latencies " + std::to_string(counts[1]);
  return s + " )";
}

// MMonHealthChecks: paxos header, health_check_map_t (versioned: map<string, health_check_t>).
Out health_checks(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  paxos_version(r);
  auto h = read_struct_header(r);
  const uint32_t n = r.u32_("mon_health_checks.checks");
  if (!h || !r.ok()) return undecoded(why, "mon_health_checks", r.pos());
  return "mon_health_checks(" + std::to_string(n) + " checks)";
}

// A message inside another (encode_message): its ceph_msg_header, the old
// footer, and front, middle and data as blobs; printed as Ceph prints any
// message, with " vN" after its text.
std::optional<std::string> embedded(FieldReader& r, const char* group, std::string* why) {
  thread_local int depth = 0;  // (a message in a message in ...: damaged input)
  r.open(group, r.pos(), "");
  const Bytes head = r.bytes(msgr1::MsgHeader::kSize);
  if (!r.ok()) {
    r.close();
    return std::nullopt;
  }
  const msgr1::MsgHeader h = msgr1::MsgHeader::decode(head.data());
  const size_t at = r.pos() - msgr1::MsgHeader::kSize;
  r.uint("embedded.type", at + msgr1::MsgHeader::Off::type, h.type);
  r.uint("embedded.version", at + msgr1::MsgHeader::Off::version, h.version);
  r.uint("embedded.tid", at + msgr1::MsgHeader::Off::tid, h.tid);
  r.skip(msgr1::MsgFooter::kOldSize);
  const Bytes front = r.blob();
  r.uint("embedded.front_len", at + msgr1::MsgHeader::kSize + msgr1::MsgFooter::kOldSize, front.size());
  const Bytes middle = r.blob(), data = r.blob();
  r.close();
  if (!r.ok() || depth > 4) return std::nullopt;
  ++depth;
  std::string inner_why;
  auto t = ceph_text({h.type, h.version, h.tid, h.src, front, middle, data}, &inner_why, nullptr);
  --depth;
  if (!t) {
    if (why) *why = "the " + msg_type_label(h.type) + " inside: " + inner_why;
    return std::nullopt;
  }
  r.label(*t);
  return *t + (h.version ? " v" + std::to_string(h.version) : "");
}

// MRoute v3: le64 session mon tid, entity_inst_t (unused), u8 has message,
// the message, le32 send_osdmap_first.
Out route(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint64_t tid = r.u64_("route.tid");
  r.skip(EntityName::kSize);
  if (!EntityAddr::decode(r)) r.fail();
  const bool has = r.u8_("route.has_message");
  std::optional<std::string> inner;
  std::string inner_why;
  if (has && r.ok()) {
    inner = embedded(r, "route.message", &inner_why);
    if (!inner && !inner_why.empty()) {
      if (why) *why = "route: " + inner_why;
      return std::nullopt;
    }
  }
  const uint32_t first = r.u32_("route.send_osdmap_first");
  if (!r.ok() || (has && !inner)) return undecoded(why, "route", r.pos());
  std::string s = has ? "route(" + *inner : "route(no-reply";
  if (first) s += " send_osdmap_first " + std::to_string(first);
  // (without a tid Ceph leaves the parenthesis open)
  return s + (tid ? " tid " + std::to_string(tid) + ")" : " tid (none)");
}

// MForward v4: le64 tid, u8 client type, entity_addrvec_t, entity_addr_t,
// MonCap (versioned: its text), the message, le64 con_features, EntityName.
Out forward(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint64_t tid = r.u64_("forward.tid");
  if (m.version < 4) return undecoded(why, "forward (before v4)", r.pos());
  r.u8_("forward.client_type");
  if (!EntityAddrvec::decode(r) || !EntityAddr::decode(r)) r.fail();
  auto h = read_struct_header(r);
  const size_t caps_end = r.pos() + (h ? h->length : 0);
  const std::string caps = r.str_("forward.caps");
  if (h && r.ok() && r.pos() <= caps_end) r.skip(caps_end - r.pos());
  std::string inner_why;
  auto inner = r.ok() ? embedded(r, "forward.message", &inner_why) : std::nullopt;
  if (!inner && !inner_why.empty()) {
    if (why) *why = "forward: " + inner_why;
    return std::nullopt;
  }
  const uint64_t features = r.u64_("forward.con_features");
  const size_t at = r.pos();
  if (auto n = AuthName::decode(r)) r.text("forward.entity_name", at, n->to_string());
  if (!h || !r.ok() || !inner) return undecoded(why, "forward", r.pos());
  // MonCap prints its grants; as its text for the plain forms a monitor sends.
  return "forward(" + *inner + " caps " + caps + " tid " + std::to_string(tid) + " con_features " +
         std::to_string(features) + ")";
}

}  // namespace

const char* mon_probe_op_name(uint32_t op) {
  static constexpr std::array<const char*, 6> kNames = {"probe", "reply", "slurp", "slurp_latest", "data",
                                                        "missing_features"};
  return named(kNames, op);
}
const char* election_op_name(uint32_t op) {
  static constexpr std::array<const char*, 4> kNames = {"propose", "ack", "nak", "victory"};
  return named(kNames, op);
}
const char* paxos_op_name(uint32_t op) {
  static constexpr std::array<const char*, 7> kNames = {"collect", "last", "begin", "accept",
                                                        "commit",  "lease", "lease_ack"};
  return named(kNames, op);
}
const char* mon_ping_op_name(uint32_t op) {
  static constexpr std::array<const char*, 2> kNames = {"ping", "ping_reply"};
  return named(kNames, op);
}
const char* time_check_op_name(uint32_t op) {
  static constexpr std::array<const char*, 3> kNames = {"ping", "pong", "report"};
  return named(kNames, op);
}

Printer quorum_printer(uint16_t type) {
  switch (type) {
    case kMsgMonProbe: return mon_probe;
    case kMsgMonElection: return election;
    case kMsgMonPaxos: return paxos;
    case kMsgMonPing: return mon_ping;
    case kMsgTimeCheck2: return time_check;
    case kMsgMonHealthChecks: return health_checks;
    case kMsgRoute: return route;
    case kMsgForward: return forward;
    default: return nullptr;
  }
}

}  // namespace cephwire::messages::text
