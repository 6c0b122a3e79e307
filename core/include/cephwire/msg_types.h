// Message type numbers (ceph_fs.h CEPH_MSG_* and Message.h MSG_*, Pacific and
// later) and their names. Unknown numbers have no name; callers print the
// number.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace cephwire {

enum MsgType : uint16_t {
  kMsgPing = 2,
  kMsgMonMap = 4,
  kMsgMonGetMap = 5,
  kMsgStatfs = 13,
  kMsgStatfsReply = 14,
  kMsgMonSubscribe = 15,
  kMsgMonSubscribeAck = 16,
  kMsgAuth = 17,
  kMsgAuthReply = 18,
  kMsgMonGetVersion = 19,
  kMsgMonGetVersionReply = 20,
  kMsgMdsMap = 21,
  kMsgClientSession = 22,
  kMsgClientReconnect = 23,
  kMsgClientRequest = 24,
  kMsgClientRequestForward = 25,
  kMsgClientReply = 26,
  kMsgClientMetrics = 29,
  kMsgOsdMap = 41,
  kMsgWatchNotify = 44,
  kMsgOsdOp = 42,
  kMsgOsdOpReply = 43,
  kMsgPoolOpReply = 48,
  kMsgPoolOp = 49,
  kMsgMonCommand = 50,
  kMsgMonCommandAck = 51,
  kMsgGetPoolStats = 58,
  kMsgGetPoolStatsReply = 59,
  kMsgLog = 52,
  kMsgLogAck = 53,
  kMsgConfig = 62,
  kMsgOsdPing = 70,
  kMsgMdsBeacon = 100,
  kMsgClientCaps = 0x310,
  kMsgClientLease = 0x311,
  kMsgClientSnap = 0x312,
  kMsgClientCapRelease = 0x313,
  kMsgOsdBoot = 71,
  kMsgOsdAlive = 73,
  kMsgOsdMarkMeDown = 74,
  kMsgOsdBeacon = 79,
  kMsgOsdPgLog = 83,
  kMsgOsdRepOp = 112,
  kMsgOsdRepOpReply = 113,
  kMsgOsdPgCreated = 116,
  kMsgOsdPgCreate2 = 120,
  kMsgOsdMarkMeDead = 123,
  kMsgOsdPgNotify2 = 130,
  kMsgOsdPgQuery2 = 131,
  kMsgOsdPgInfo2 = 132,
  kMsgOsdPgLease = 133,
  kMsgOsdPgLeaseAck = 134,
  kMsgCommand = 97,
  kMsgCommandReply = 98,
  kMsgMgrMap = 0x704,
  kMsgMgrCommand = 0x709,
  kMsgMgrCommandReply = 0x70a,
  // Among the monitors.
  kMsgForward = 46,
  kMsgRoute = 47,
  kMsgMonElection = 65,
  kMsgMonPaxos = 66,
  kMsgMonProbe = 67,
  kMsgMonPing = 140,
  kMsgMonHealthChecks = 0x608,
  kMsgTimeCheck2 = 0x609,
};

// Lower-case names as Ceph's debug ms log prints them ("osd_op",
// "mon_command_ack"); nullptr for an unknown number.
const char* msg_type_name(uint16_t type);
// The name, or the number for an unknown type ("osd_op", "1792").
std::string msg_type_label(uint16_t type);

// Every known type number, ascending, for the plugin's value_string.
struct MsgTypeEntry {
  uint16_t type;
  const char* name;
};
const MsgTypeEntry* msg_type_table(size_t* count);

}  // namespace cephwire
