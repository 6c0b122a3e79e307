// Ceph's text of the messages clients and daemons exchange with a monitor
// (messages/MMonMap.h, MMonGetMap.h, MMonSubscribe.h, MAuth.h, MAuthReply.h,
// MMonGetVersion*.h, MMonCommand*.h, MLog.h, MLogAck.h, MConfig.h, MMgrMap.h).
#include "cephwire/messages/mon_client.h"
#include "cephwire/msg_types.h"
#include "text_types.h"
#include "text_util.h"

namespace cephwire::messages::text {

namespace {

using Out = std::optional<std::string>;

// Both print Message::magic, which no front carries: 0 unless a test set it.
Out mon_map(const TextInput& m, std::string* why) {
  ByteReader r(m.front);
  r.blob();
  if (!r.ok()) return undecoded(why, "mon_map", r.pos());
  return "mon_map magic: 0";
}
Out mon_getmap(const TextInput&, std::string*) { return "mon_getmap magic: 0"; }

Out mon_subscribe(const TextInput& m, std::string* why) {
  auto s = MMonSubscribe::decode(m.front, why);
  if (!s) return std::nullopt;
  // ceph_mon_subscribe_item prints its start, "+" when it is not one-time.
  return "mon_subscribe(" +
         joined(s->what.begin(), s->what.end(),
                [](const auto& kv) {
                  return kv.first + "=" + std::to_string(kv.second.start) +
                         ((kv.second.flags & MMonSubscribe::kOnetime) ? "" : "+");
                },
                "{", "}") +
         ")";
}

Out auth(const TextInput& m, std::string* why) {
  auto a = MAuth::decode(m.front, why);
  if (!a) return std::nullopt;
  return "auth(proto " + std::to_string(a->protocol) + " " + std::to_string(a->auth_payload.size()) +
         " bytes epoch " + std::to_string(a->monmap_epoch) + ")";
}

Out auth_reply(const TextInput& m, std::string* why) {
  auto a = MAuthReply::decode(m.front, why);
  if (!a) return std::nullopt;
  std::string s = "auth_reply(proto " + std::to_string(a->protocol) + " " + std::to_string(a->result) + " " +
                  errno_text(a->result);
  if (!a->result_msg.empty()) s += ": " + a->result_msg;
  return s + ")";
}

Out get_version(const TextInput& m, std::string* why) {
  auto g = MMonGetVersion::decode(m.front, why);
  if (!g) return std::nullopt;
  return "mon_get_version(what=" + g->what + " handle=" + std::to_string(g->handle) + ")";
}

Out get_version_reply(const TextInput& m, std::string* why) {
  auto g = MMonGetVersionReply::decode(m.front, why);
  if (!g) return std::nullopt;
  return "mon_get_version_reply(handle=" + std::to_string(g->handle) + " version=" + std::to_string(g->version) + ")";
}

Out command(const TextInput& m, std::string* why) {
  auto c = MMonCommand::decode(m.front, why);
  if (!c) return std::nullopt;
  std::string s = "mon_command(";
  for (size_t i = 0; i < c->cmd.size(); ++i) s += (i ? " " : "") + c->cmd[i];
  return s + " v " + std::to_string(c->paxos.version) + ")";
}

Out command_ack(const TextInput& m, std::string* why) {
  auto c = MMonCommandAck::decode(m.front, why);
  if (!c) return std::nullopt;
  return "mon_command_ack(" + joined(c->cmd.begin(), c->cmd.end(), [](const std::string& s) { return s; }, "[", "]") +
         "=" + std::to_string(c->r) + " " + c->rs + " v" + std::to_string(c->paxos.version) + ")";
}

// MLog: paxos header, fsid, deque<LogEntry>; a LogEntry (v5): auth name,
// rank (entity_name_t), addrs, stamp, seq, prio, msg, channel.
Out log(const TextInput& m, std::string* why) {
  ByteReader r(m.front);
  PaxosHeader::decode(r);
  r.skip(16);
  const uint32_t n = r.le32();
  if (!r.ok()) return undecoded(why, "log", r.pos());
  if (n == 0) return "log()";
  auto h = read_struct_header(r);
  if (!h || h->version < 5) return undecoded(why, "log entry", r.pos());
  AuthName::decode(r);
  r.skip(EntityName::kSize);
  if (!EntityAddrvec::decode(r)) return undecoded(why, "log entry", r.pos());
  const Utime stamp = read_utime(r);
  const uint64_t seq = r.le64();
  if (!r.ok()) return undecoded(why, "log entry", r.pos());
  return "log(" + std::to_string(n) + " entries from seq " + std::to_string(seq) + " at " + stamp.str() + ")";
}

// MLogAck: fsid, le64 last, string channel.
Out log_ack(const TextInput& m, std::string* why) {
  ByteReader r(m.front);
  r.skip(16);
  const uint64_t last = r.le64();
  if (!r.ok()) return undecoded(why, "log_ack", r.pos());
  return "log(last " + std::to_string(last) + ")";
}

// MConfig: map<string, string>.
Out config(const TextInput& m, std::string* why) {
  ByteReader r(m.front);
  const uint32_t n = r.le32();
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    r.blob();
    r.blob();
  }
  if (!r.ok()) return undecoded(why, "config", r.pos());
  return "config(" + std::to_string(n) + " keys)";
}

// MMgrMap: the MgrMap, a versioned struct that begins with its epoch.
Out mgrmap(const TextInput& m, std::string* why) {
  ByteReader r(m.front);
  auto h = read_struct_header(r);
  const uint32_t epoch = r.le32();
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
    case kMsgLog: return log;
    case kMsgLogAck: return log_ack;
    case kMsgConfig: return config;
    case kMsgMgrMap: return mgrmap;
    default: return nullptr;
  }
}

}  // namespace cephwire::messages::text
