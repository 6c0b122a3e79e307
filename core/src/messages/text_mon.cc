// Ceph's text of the messages clients and daemons exchange with a monitor
// (messages/MMonMap.h, MMonGetMap.h, MMonSubscribe.h, MAuth.h, MAuthReply.h,
// MMonGetVersion*.h, MMonCommand*.h, MStatfs.h, MStatfsReply.h, MPoolOp.h, MPoolOpReply.h, MLog.h, MLogAck.h, MConfig.h, MMgrMap.h, MGetPoolStats.h, MGetPoolStatsReply.h).
#include <nlohmann/json.hpp>

#include <optional>

#include "cephwire/messages/mon_client.h"
#include "cephwire/msg_types.h"
#include "text_types.h"
#include "text_util.h"

namespace cephwire::messages::text {

namespace {

using Out = std::optional<std::string>;

// Both print Message::magic, which no front carries: 0 unless a test set it.
// MMonMap: a blob holding the MonMap (ENCODE_START, fsid, le32 epoch, ...).
Out mon_map(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  r.le32();
  auto h = read_struct_header(r);
  size_t at = r.pos();
  const Uuid fsid = read_uuid(r);
  r.text("mon_map.fsid", at, uuid_to_string(fsid));
  r.u32_("mon_map.epoch");
  if (!h || !r.ok()) return undecoded(why, "mon_map", r.pos());
  return "mon_map magic: 0";
}
Out mon_getmap(const TextInput&, std::string*, DecodedFields*) { return "mon_getmap magic: 0"; }

// MMonSubscribe (v3): map<string, {le64 start, u8 flags}>, string hostname.
Out mon_subscribe(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint32_t n = r.le32();
  std::string s = "mon_subscribe({";
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    const size_t at = r.pos();
    r.open("mon_subscribe.item", at, "");
    const std::string what = r.str_("mon_subscribe.what");
    const uint64_t start = r.u64_("mon_subscribe.start");
    const uint8_t flags = r.u8_("mon_subscribe.flags");
    r.close();
    // ceph_mon_subscribe_item prints its start, "+" when it is not one-time.
    const std::string item = what + "=" + std::to_string(start) + ((flags & MMonSubscribe::kOnetime) ? "" : "+");
    r.label(item);
    s += (i ? "," : "") + item;
  }
  r.str_("mon_subscribe.hostname");
  if (!r.ok()) return undecoded(why, "mon_subscribe", r.pos());
  return s + "})";
}

// MAuth: paxos header, le32 protocol, blob auth_payload, le32 monmap_epoch.
Out auth(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  PaxosHeader::decode(r);
  const uint32_t proto = r.u32_("auth.protocol");
  const size_t at = r.pos();
  const Bytes payload = r.blob();
  r.uint("auth.payload_len", at, payload.size());
  if (proto == 0 && f && r.ok())  // the first request names who asks
    if (auto i = AuthInitialRequest::decode(payload, nullptr)) r.text("auth.name", at, i->name.to_string());
  const uint32_t epoch = r.u32_("auth.monmap_epoch");
  if (!r.ok()) return undecoded(why, "auth", r.pos());
  return "auth(proto " + std::to_string(proto) + " " + std::to_string(payload.size()) + " bytes epoch " +
         std::to_string(epoch) + ")";
}

// MAuthReply: le32 protocol, le32 result, le64 global_id, blob, string msg.
Out auth_reply(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint32_t proto = r.u32_("auth.protocol");
  size_t at = r.pos();
  const int32_t result = int32_t(r.le32());
  r.err("result", at, result);
  r.u64_("auth.global_id");
  at = r.pos();
  r.uint("auth.result_len", at, r.blob().size());
  const std::string msg = r.str_("auth.result_msg");
  if (!r.ok()) return undecoded(why, "auth_reply", r.pos());
  std::string s = "auth_reply(proto " + std::to_string(proto) + " " + std::to_string(result) + " " + errno_text(result);
  if (!msg.empty()) s += ": " + msg;
  return s + ")";
}

Out get_version(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint64_t handle = r.u64_("mon_get_version.handle");
  const std::string what = r.str_("mon_get_version.what");
  if (!r.ok()) return undecoded(why, "mon_get_version", r.pos());
  return "mon_get_version(what=" + what + " handle=" + std::to_string(handle) + ")";
}

Out get_version_reply(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint64_t handle = r.u64_("mon_get_version.handle");
  const uint64_t version = r.u64_("mon_get_version.version");
  r.u64_("mon_get_version.oldest_version");
  if (!r.ok()) return undecoded(why, "mon_get_version_reply", r.pos());
  return "mon_get_version_reply(handle=" + std::to_string(handle) + " version=" + std::to_string(version) + ")";
}

std::vector<std::string> commands(FieldReader& r) {
  std::vector<std::string> v;
  const uint32_t n = r.le32();
  for (uint32_t i = 0; i < n && r.ok(); ++i) v.push_back(r.str_("mon_command.cmd"));
  return v;
}

// Ceph leaves out what `config set` and `config-key set` set (a value may be
// a secret): MMonCommand and MMonCommandAck print only the prefix and the name
// or key ("[{prefix=config set, name=mon_auth_allow_insecure_key}]"). Null for
// every other command.
std::optional<std::string> redacted(const std::vector<std::string>& cmd) {
  std::string all;
  for (const auto& c : cmd) all += c;
  const auto j = nlohmann::json::parse(all, nullptr, false);
  if (!j.is_object() || !j.contains("prefix") || !j["prefix"].is_string()) return std::nullopt;
  const std::string prefix = j["prefix"].get<std::string>();
  auto arg = [&](const char* k) { return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string(); };
  if (prefix == "config set") return "[{prefix=" + prefix + ", name=" + arg("name") + "}]";
  if (prefix == "config-key set") return "[{prefix=" + prefix + ", key=" + arg("key") + "}]";
  return std::nullopt;
}

// MMonCommand: paxos header, fsid, vector<string> cmd.
Out command(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint64_t version = paxos_version(r);
  const size_t at = r.pos();
  r.text("mon_command.fsid", at, uuid_to_string(read_uuid(r)));
  const auto cmd = commands(r);
  if (!r.ok()) return undecoded(why, "mon_command", r.pos());
  std::string s = "mon_command(";
  if (auto red = redacted(cmd))
    s += *red;
  else
    for (size_t i = 0; i < cmd.size(); ++i) s += (i ? " " : "") + cmd[i];
  return s + " v " + std::to_string(version) + ")";
}

// MStatfs (v2): paxos header, fsid, optional<le64> data_pool (u8 present,
// then the pool). Ceph prints -1 for no pool, and the paxos version.
Out statfs(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint64_t version = paxos_version(r);
  size_t at = r.pos();
  r.text("statfs.fsid", at, uuid_to_string(read_uuid(r)));
  int64_t pool = -1;
  if (m.version >= 2 && r.u8()) {
    at = r.pos();
    pool = int64_t(r.le64());
    r.sint("statfs.data_pool", at, pool);
  }
  if (!r.ok()) return undecoded(why, "statfs", r.pos());
  return "statfs(" + std::to_string(m.tid) + " pool " + std::to_string(pool) + " v" + std::to_string(version) + ")";
}

// MStatfsReply: ceph_mon_statfs_reply {fsid, le64 version, ceph_statfs}; Ceph
// prints the header's tid.
Out statfs_reply(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const size_t at = r.pos();
  r.text("statfs.fsid", at, uuid_to_string(read_uuid(r)));
  r.u64_("statfs.version");
  if (!r.ok()) return undecoded(why, "statfs_reply", r.pos());
  return "statfs_reply(" + std::to_string(m.tid) + ")";
}

// MPoolOp (v4): paxos header, fsid, le32 pool, le32 op, le64 auid, le64
// snapid, string name, u8 pad, le16 crush_rule.
Out poolop(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint64_t version = paxos_version(r);
  size_t at = r.pos();
  r.text("poolop.fsid", at, uuid_to_string(read_uuid(r)));
  const uint32_t pool = r.u32_("poolop.pool");
  at = r.pos();
  const uint32_t op = r.le32();
  const char* name = pool_op_name(op);
  r.text("poolop.op", at, name ? name : "???");
  r.le64();  // auid (obsolete)
  r.u64_("poolop.snapid");
  const std::string pname = r.str_("poolop.name");
  if (!r.ok()) return undecoded(why, "poolop", r.pos());
  return std::string("pool_op(") + (name ? name : "???") + " pool " + std::to_string(pool) + " tid " +
         std::to_string(m.tid) + " name " + pname + " v" + std::to_string(version) + ")";
}

// MPoolOpReply: paxos header, fsid, le32 reply code, le32 epoch, optional blob.
Out poolop_reply(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint64_t version = paxos_version(r);
  size_t at = r.pos();
  r.text("poolop.fsid", at, uuid_to_string(read_uuid(r)));
  at = r.pos();
  const int32_t code = int32_t(r.le32());
  r.err("result", at, code);
  r.u32_("poolop.epoch");
  if (!r.ok()) return undecoded(why, "poolop_reply", r.pos());
  return "pool_op_reply(tid " + std::to_string(m.tid) + " " + errno_text(code) + " v" + std::to_string(version) + ")";
}

// MMonCommandAck: paxos header, le32 r, string rs, vector<string> cmd.
Out command_ack(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint64_t version = paxos_version(r);
  const size_t at = r.pos();
  const int32_t rc = int32_t(r.le32());
  r.err("mon_command_ack.r", at, rc);
  const std::string rs = r.str_("mon_command_ack.rs");
  const auto cmd = commands(r);
  if (!r.ok()) return undecoded(why, "mon_command_ack", r.pos());
  const std::string tail = "=" + std::to_string(rc) + " " + rs + " v" + std::to_string(version) + ")";
  // (Ceph 20 prints the result twice after a redacted command, as logged.)
  if (auto red = redacted(cmd)) return "mon_command_ack(" + *red + tail + tail;
  return "mon_command_ack(" + joined(cmd.begin(), cmd.end(), [](const std::string& s) { return s; }, "[", "]") + tail;
}

// MLog: paxos header, fsid, deque<LogEntry>; a LogEntry (v5): auth name,
// rank (entity_name_t), addrs, utime stamp, le64 seq, le16 prio, msg, channel.
Out log(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  paxos_version(r);
  r.skip(16);
  const uint32_t n = r.u32_("log.entries");
  uint64_t first_seq = 0;
  std::string first_stamp;
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    r.open("log.entry", r.pos(), "");
    auto h = read_struct_header(r);
    if (!h || h->version < 5) return undecoded(why, "log entry", r.pos());
    const size_t end = r.pos() + h->length;
    size_t at = r.pos();
    if (auto who = AuthName::decode(r)) r.text("log.name", at, who->to_string());
    r.skip(EntityName::kSize);
    if (!EntityAddrvec::decode(r)) return undecoded(why, "log entry", r.pos());
    at = r.pos();
    const Utime stamp = read_utime(r);
    r.text("log.stamp", at, stamp.str());
    const uint64_t seq = r.u64_("log.seq");
    r.skip(2);
    const std::string msg = r.str_("log.msg");
    r.str_("log.channel");
    if (!r.ok() || r.pos() > end) return undecoded(why, "log entry", r.pos());
    r.skip(end - r.pos());
    r.close();
    r.label("seq " + std::to_string(seq) + ": " + msg);
    if (i == 0) first_seq = seq, first_stamp = stamp.str();
  }
  if (!r.ok()) return undecoded(why, "log", r.pos());
  if (n == 0) return "log()";
  return "log(" + std::to_string(n) + " entries from seq " + std::to_string(first_seq) + " at " + first_stamp + ")";
}

// MLogAck: fsid, le64 last, string channel.
Out log_ack(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  r.skip(16);
  const uint64_t last = r.u64_("log.last");
  r.str_("log.channel");
  if (!r.ok()) return undecoded(why, "log_ack", r.pos());
  return "log(last " + std::to_string(last) + ")";
}

// MConfig: map<string, string>.
Out config(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint32_t n = r.u32_("config.keys");
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    r.str_("config.name");
    r.str_("config.value");
  }
  if (!r.ok()) return undecoded(why, "config", r.pos());
  return "config(" + std::to_string(n) + " keys)";
}

// MGetPoolStats (`rados df`): paxos header, fsid, list<string> pools.
Out getpoolstats(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint64_t version = paxos_version(r);
  uuid_(r, "getpoolstats.fsid");
  const uint32_t n = r.u32_("getpoolstats.pools");
  std::vector<std::string> pools;
  for (uint32_t i = 0; i < n && r.ok(); ++i) pools.push_back(r.str_("getpoolstats.pool"));
  if (!r.ok()) return undecoded(why, "getpoolstats", r.pos());
  std::string s = "getpoolstats(";
  s += std::to_string(m.tid);
  s += ' ';
  s += joined(pools.begin(), pools.end(), [](const std::string& p) { return p; }, "[", "]");
  s += " v";
  s += std::to_string(version);
  return s + ")";
}

// MGetPoolStatsReply (v2): paxos header, fsid, map<string, pool_stat_t>
// (each versioned), u8 per_pool (v2: the stats are per pool, not per OSD).
Out getpoolstats_reply(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint64_t version = paxos_version(r);
  uuid_(r, "getpoolstats.fsid");
  const uint32_t n = r.u32_("getpoolstats.pools");
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    r.str_("getpoolstats.pool");
    skip_struct(r);
  }
  const bool per_pool = m.version >= 2 && r.u8_("getpoolstats.per_pool");
  if (!r.ok()) return undecoded(why, "getpoolstatsreply", r.pos());
  return "getpoolstatsreply(" + std::to_string(m.tid) + (per_pool ? " per_pool" : "") + " v" + std::to_string(version) +
         ")";
}

// MMgrMap: the MgrMap, a versioned struct that begins with its epoch.
Out mgrmap(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  auto h = read_struct_header(r);
  const uint32_t epoch = r.u32_("mgrmap.epoch");
  if (!h || !r.ok()) return undecoded(why, "mgrmap", r.pos());
  return "mgrmap(e " + std::to_string(epoch) + ")";
}

}  // namespace

Printer mon_printer(uint16_t type) {
  switch (type) {
    case kMsgMonMap: return mon_map;
    case kMsgMonGetMap: return mon_getmap;
    case kMsgMonSubscribe: return mon_subscribe;
    case kMsgAuth: return auth;
    case kMsgAuthReply: return auth_reply;
    case kMsgMonGetVersion: return get_version;
    case kMsgMonGetVersionReply: return get_version_reply;
    case kMsgMonCommand: return command;
    case kMsgMonCommandAck: return command_ack;
    case kMsgPoolOp: return poolop;
    case kMsgPoolOpReply: return poolop_reply;
    case kMsgStatfs: return statfs;
    case kMsgStatfsReply: return statfs_reply;
    case kMsgLog: return log;
    case kMsgLogAck: return log_ack;
    case kMsgConfig: return config;
    case kMsgMgrMap: return mgrmap;
    case kMsgGetPoolStats: return getpoolstats;
    case kMsgGetPoolStatsReply: return getpoolstats_reply;
    default: return nullptr;
  }
}

}  // namespace cephwire::messages::text
