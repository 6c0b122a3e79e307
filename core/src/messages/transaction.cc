#include "cephwire/messages/transaction.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "cephwire/messages/mon_client.h"
#include "cephwire/messages/osd_op.h"
#include "cephwire/messages/result.h"
#include "cephwire/msg_types.h"

namespace cephwire::messages {
namespace {

constexpr uint16_t kOsdOpCall = 0x1401;
// MOSDPing's ops (PING, PING_REPLY) and where the ping stamp lies: after the
// fsid, le32 map_epoch and u8 op.
constexpr uint8_t kPing = 4, kPingReply = 5;
constexpr size_t kPingOpOffset = 20, kPingStampOffset = 21;
// ceph_mds_request_head after its le16 version: le64 oldest_client_tid,
// le32 mdsmap_epoch, le32 flags, u8 num_retry, u8 num_fwd, le16
// num_releases, then le32 op. ceph_mds_reply_head: le32 op, le32 result,
// le32 mdsmap_epoch, u8 safe.
constexpr size_t kMdsRequestOpOffset = 22;
constexpr size_t kMdsReplyResultOffset = 4, kMdsReplySafeOffset = 12;

// osd_op's first op: "call" adds the class and method it names at the start
// of its payload in the message data ("call rbd.create").
std::string osd_op_procedure(const MOSDOp& op, Bytes data) {
  if (op.ops.empty()) return "osd_op";
  const OsdOp& first = op.ops.front();
  std::string name = osd_op_name_or_code(first.op);
  if (first.op != kOsdOpCall) return name;
  const size_t class_len = first.args[0], method_len = first.args[1];
  if (data.size() < class_len + method_len) return name;
  const auto* p = reinterpret_cast<const char*>(data.data());
  return name + " " + std::string(p, class_len) + "." + std::string(p + class_len, method_len);
}

// mon_command's first command is JSON; its "prefix" names it.
std::string mon_command_procedure(const std::vector<std::string>& cmd) {
  if (cmd.empty()) return "mon_command";
  const auto j = nlohmann::json::parse(cmd.front(), nullptr, false);
  if (j.is_object()) {
    auto it = j.find("prefix");
    if (it != j.end() && it->is_string()) return it->get<std::string>();
  }
  return "mon_command";
}

Transaction request(uint16_t family, TxnScope scope, uint64_t key, std::string procedure) {
  Transaction t;
  t.role = TxnRole::Request;
  t.family = family;
  t.scope = scope;
  t.key = key;
  t.procedure = std::move(procedure);
  return t;
}

Transaction reply(uint16_t family, TxnScope scope, uint64_t key, std::string procedure,
                  std::optional<int32_t> result) {
  Transaction t = request(family, scope, key, std::move(procedure));
  t.role = TxnRole::Reply;
  t.result = result;
  return t;
}

}  // namespace

std::optional<Transaction> message_transaction(const Message& m) {
  uint8_t head[512];  // a class and a method name (u8 lengths each) fit
  const size_t n = m.data.copy_out(0, head, std::min(sizeof head, m.data.length()));
  return transaction_of(TxnInput{m.type, m.version, m.tid, m.front, Bytes(head, n)});
}

const char* mds_op_name(uint32_t op) {
  switch (op) {
    case 0x00100: return "lookup";
    case 0x00101: return "getattr";
    case 0x00102: return "lookuphash";
    case 0x00103: return "lookupparent";
    case 0x00104: return "lookupino";
    case 0x00105: return "lookupname";
    case 0x00106: return "getvxattr";
    case 0x01105: return "setxattr";
    case 0x01106: return "rmxattr";
    case 0x01107: return "setlayout";
    case 0x01108: return "setattr";
    case 0x01109: return "setfilelock";
    case 0x00110: return "getfilelock";
    case 0x0110a: return "setdirlayout";
    case 0x01201: return "mknod";
    case 0x01202: return "link";
    case 0x01203: return "unlink";
    case 0x01204: return "rename";
    case 0x01220: return "mkdir";
    case 0x01221: return "rmdir";
    case 0x01222: return "symlink";
    case 0x01301: return "create";
    case 0x00302: return "open";
    case 0x00305: return "readdir";
    case 0x00400: return "lookupsnap";
    case 0x01400: return "mksnap";
    case 0x01401: return "rmsnap";
    case 0x00402: return "lssnap";
    case 0x01403: return "renamesnap";
  }
  return nullptr;
}

std::optional<Transaction> transaction_of(const TxnInput& m) {
  const auto C = TxnScope::Client, K = TxnScope::Connection;
  const std::string type_name = msg_type_label(m.type);
  switch (m.type) {
    case kMsgOsdOp: {
      auto op = MOSDOp::decode(m.version, m.front, nullptr);
      return request(kMsgOsdOp, C, m.tid, op ? osd_op_procedure(*op, m.data) : type_name);
    }
    case kMsgOsdOpReply: {
      auto r = MOSDOpReply::decode(m.version, m.front, nullptr);
      const std::string p = r && !r->ops.empty() ? osd_op_name_or_code(r->ops.front().op) : "osd_op";
      return reply(kMsgOsdOp, C, m.tid, p, r ? std::optional<int32_t>(r->result) : std::nullopt);
    }
    case kMsgMonCommand: {
      auto c = MMonCommand::decode(m.front, nullptr);
      return request(kMsgMonCommand, C, m.tid, c ? mon_command_procedure(c->cmd) : type_name);
    }
    case kMsgMonCommandAck: {
      auto a = MMonCommandAck::decode(m.front, nullptr);
      return reply(kMsgMonCommand, C, m.tid, a ? mon_command_procedure(a->cmd) : "mon_command",
                   a ? std::optional<int32_t>(a->r) : std::nullopt);
    }
    // The `ceph` CLI's commands to an OSD or a manager (MCommand, MMgrCommand).
    case kMsgCommand: return request(kMsgCommand, C, m.tid, type_name);
    case kMsgCommandReply: return reply(kMsgCommand, C, m.tid, "command", std::nullopt);
    case kMsgMgrCommand: return request(kMsgMgrCommand, C, m.tid, type_name);
    case kMsgMgrCommandReply: return reply(kMsgMgrCommand, C, m.tid, "mgr_command", std::nullopt);
    case kMsgStatfs: return request(kMsgStatfs, C, m.tid, type_name);
    case kMsgStatfsReply: return reply(kMsgStatfs, C, m.tid, "statfs", std::nullopt);
    case kMsgGetPoolStats: return request(kMsgGetPoolStats, C, m.tid, type_name);
    case kMsgGetPoolStatsReply: return reply(kMsgGetPoolStats, C, m.tid, "getpoolstats", std::nullopt);
    case kMsgPoolOp: {
      auto p = MPoolOp::decode(m.front, nullptr);
      const char* n = p ? pool_op_name(p->op) : nullptr;
      return request(kMsgPoolOp, C, m.tid, n ? n : type_name);
    }
    case kMsgPoolOpReply:
      return reply(kMsgPoolOp, C, m.tid, "poolop", reply_result(m.type, m.version, m.front));
    case kMsgMonGetVersion:
    case kMsgMonGetVersionReply: {
      if (m.front.size() < 8) return std::nullopt;  // the handle is the key
      const uint64_t handle = load_le64(m.front.data());
      if (m.type == kMsgMonGetVersionReply) return reply(kMsgMonGetVersion, C, handle, "mon_get_version", std::nullopt);
      auto g = MMonGetVersion::decode(m.front, nullptr);
      return request(kMsgMonGetVersion, C, handle, g ? "mon_get_version " + g->what : type_name);
    }
    case kMsgAuth: {
      Transaction t = request(kMsgAuth, K, 0, type_name);
      t.in_order = true;
      return t;
    }
    case kMsgAuthReply: {
      Transaction t = reply(kMsgAuth, K, 0, "auth", reply_result(m.type, m.version, m.front));
      t.in_order = true;
      return t;
    }
    case kMsgOsdRepOp: return request(kMsgOsdRepOp, K, m.tid, type_name);
    case kMsgOsdRepOpReply: return reply(kMsgOsdRepOp, K, m.tid, "osd_repop", std::nullopt);
    case kMsgOsdPing: {
      if (m.front.size() < kPingStampOffset + 8) return std::nullopt;
      const uint8_t op = m.front[kPingOpOffset];
      const uint64_t stamp = load_le64(m.front.data() + kPingStampOffset);
      if (op == kPing) return request(kMsgOsdPing, K, stamp, "ping");
      if (op == kPingReply) return reply(kMsgOsdPing, K, stamp, "ping", std::nullopt);
      return std::nullopt;
    }
    case kMsgClientRequest: {
      const char* n = m.front.size() >= kMdsRequestOpOffset + 4
                          ? mds_op_name(load_le32(m.front.data() + kMdsRequestOpOffset))
                          : nullptr;
      return request(kMsgClientRequest, C, m.tid, n ? n : type_name);
    }
    case kMsgClientReply: {
      if (m.front.size() <= kMdsReplySafeOffset) return reply(kMsgClientRequest, C, m.tid, "client_request", {});
      const char* n = mds_op_name(load_le32(m.front.data()));
      Transaction t = reply(kMsgClientRequest, C, m.tid, n ? n : "client_request",
                            int32_t(load_le32(m.front.data() + kMdsReplyResultOffset)));
      t.final = m.front[kMdsReplySafeOffset] != 0;
      return t;
    }
    case kMsgClientSession: {
      // ceph_mds_session_head: le32 op, le64 seq. The MDS answers a session's
      // open, close and renewal on its connection; a reconnect (after an MDS
      // restart) is answered with open as well.
      if (m.front.size() < 12) return std::nullopt;
      const uint32_t op = load_le32(m.front.data());
      const uint64_t seq = load_le64(m.front.data() + 4);
      constexpr uint64_t kOpen = 1ull << 56, kClose = 2ull << 56, kRenew = 3ull << 56;
      switch (op) {
        case 0: return request(kMsgClientSession, K, kOpen, "request_open");
        case 1: return reply(kMsgClientSession, K, kOpen, "request_open", std::nullopt);
        case 2: return request(kMsgClientSession, K, kClose, "request_close");
        case 3: return reply(kMsgClientSession, K, kClose, "request_close", std::nullopt);
        case 4: return request(kMsgClientSession, K, kRenew | seq, "request_renewcaps");
        case 5: return reply(kMsgClientSession, K, kRenew | seq, "request_renewcaps", std::nullopt);
        default: return std::nullopt;  // stale, recall_state, ...: the MDS's own word, no answer to anything
      }
    }
    case kMsgClientReconnect: return request(kMsgClientSession, K, 1ull << 56, "client_reconnect");
    default:
      return std::nullopt;
  }
}

}  // namespace cephwire::messages
