// The fronts a client exchanges with a monitor (Ceph's messages/MAuth.h,
// MAuthReply.h, MMonCommand.h, MMonCommandAck.h, MPoolOp.h, MPoolOpReply.h,
// MMonSubscribe.h, MMonMap.h)
// and the auth-none payloads that travel inside them and inside msgr2
// AUTH_REQUEST frames and v1 authorizers (auth/none/).
//
// Decoders take a message's front and return nullopt with a reason when it
// does not decode; trailing bytes are allowed (newer senders append).
// Encoders write what Ceph 16 writes.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cephwire/bytes.h"
#include "cephwire/messages/encoding.h"

namespace cephwire::messages {

// MAuth (17): paxos header, le32 protocol (0 for the first request), blob
// auth_payload, le32 monmap_epoch.
struct MAuth {
  static constexpr uint16_t kVersion = 1;
  PaxosHeader paxos;
  uint32_t protocol = 0;
  std::vector<uint8_t> auth_payload;
  uint32_t monmap_epoch = 0;
  static std::optional<MAuth> decode(Bytes front, std::string* why, Spans* spans = nullptr);
  std::vector<uint8_t> encode() const;
};

// MAuthReply (18): le32 protocol, le32 result, le64 global_id, blob result_bl,
// string result_msg.
struct MAuthReply {
  static constexpr uint16_t kVersion = 1;
  uint32_t protocol = 0;
  int32_t result = 0;
  uint64_t global_id = 0;
  std::vector<uint8_t> result_bl;
  std::string result_msg;
  static std::optional<MAuthReply> decode(Bytes front, std::string* why);
  std::vector<uint8_t> encode() const;
};

// The payload of a v1 client's first MAuth (protocol 0): u8 1, the auth
// methods it supports, its name and the global_id it had (0 when new).
struct AuthInitialRequest {
  std::vector<uint32_t> methods;
  AuthName name;
  uint64_t global_id = 0;
  static std::optional<AuthInitialRequest> decode(Bytes payload, std::string* why);
  std::vector<uint8_t> encode() const;
};

// A msgr2 client's AUTH_REQUEST payload to a monitor: u8 mode
// (AUTH_MODE_MON 10), its name and global_id.
struct MonAuthRequest {
  static constexpr uint8_t kModeMon = 10;
  uint8_t mode = kModeMon;
  AuthName name;
  uint64_t global_id = 0;
  static std::optional<MonAuthRequest> decode(Bytes payload, std::string* why);
  std::vector<uint8_t> encode() const;
};

// The auth-none authorizer a client shows an OSD (v1 connect authorizer,
// protocol 1; msgr2 AUTH_REQUEST payload): u8 1, name, le64 global_id.
struct AuthNoneAuthorizer {
  AuthName name;
  uint64_t global_id = 0;
  static std::optional<AuthNoneAuthorizer> decode(Bytes payload, std::string* why);
  std::vector<uint8_t> encode() const;
};

// Every monitor message that names its cluster carries the fsid right after
// the paxos header: mon_command, poolop, getpoolstats, statfs.
inline constexpr size_t kPaxosFsidOffset = PaxosHeader::kSize;

// MMonCommand (50): paxos header, fsid, vector<string> cmd (JSON commands).
struct MMonCommand {
  static constexpr uint16_t kVersion = 1;
  static constexpr size_t kFsidOffset = kPaxosFsidOffset;
  PaxosHeader paxos;
  Uuid fsid{};
  std::vector<std::string> cmd;
  static std::optional<MMonCommand> decode(Bytes front, std::string* why, Spans* spans = nullptr);
  std::vector<uint8_t> encode() const;
};

// MMonCommandAck (51): paxos header, le32 r, string rs, vector<string> cmd;
// the command's output is the message's data.
struct MMonCommandAck {
  static constexpr uint16_t kVersion = 1;
  PaxosHeader paxos;
  int32_t r = 0;
  std::string rs;
  std::vector<std::string> cmd;
  static std::optional<MMonCommandAck> decode(Bytes front, std::string* why, Spans* spans = nullptr);
  std::vector<uint8_t> encode() const;
};

// MPoolOp (49) v4: paxos header, fsid, le32 pool, le32 op, le64 auid (0),
// le64 snapid, string name, u8 pad (the v3 -> v4 change), le16 crush_rule.
// What librados sends to make and remove pool and self-managed snapshots.
struct MPoolOp {
  static constexpr uint16_t kVersion = 4;
  static constexpr size_t kPoolOffset = kPaxosFsidOffset + 16;
  // rados.h POOL_OP_*
  static constexpr uint32_t kCreate = 0x01, kDelete = 0x02, kAuidChange = 0x03, kCreateSnap = 0x11,
                            kDeleteSnap = 0x12, kCreateUnmanagedSnap = 0x21, kDeleteUnmanagedSnap = 0x22;
  PaxosHeader paxos;
  Uuid fsid{};
  uint32_t pool = 0;
  uint32_t op = 0;
  uint64_t auid = 0;
  uint64_t snapid = 0;
  std::string name;
  uint8_t pad = 0;
  int16_t crush_rule = 0;
  static std::optional<MPoolOp> decode(Bytes front, std::string* why);
  std::vector<uint8_t> encode() const;
};
// "create unmanaged snap", ... as Ceph's ceph_pool_op_name() has them; nullptr for an unknown code.
const char* pool_op_name(uint32_t op);

// MPoolOpReply (48): paxos header, fsid, le32 reply code (a negative errno or
// 0), le32 epoch, u8 has_data and, when set, a blob (a new snapshot's id).
struct MPoolOpReply {
  static constexpr uint16_t kVersion = 1;
  PaxosHeader paxos;
  Uuid fsid{};
  int32_t reply_code = 0;
  uint32_t epoch = 0;
  std::vector<uint8_t> response_data;
  static std::optional<MPoolOpReply> decode(Bytes front, std::string* why);
  std::vector<uint8_t> encode() const;
};

// MStatfs (13) v2: paxos header, fsid, boost::optional<le64> data_pool (u8
// present, then the pool id: CephFS clients name their file system's data
// pool). The reply (14) carries fsid, ceph_statfs and the paxos version.
struct MStatfs {
  static constexpr size_t kDataPoolOffset = kPaxosFsidOffset + 16;  // the u8 present, then le64
};

// MMonSubscribe (15) v3: map<string, {le64 start, u8 flags}>, string hostname.
struct MMonSubscribe {
  static constexpr uint16_t kVersion = 3;
  static constexpr uint8_t kOnetime = 1;
  struct Item {
    uint64_t start = 0;
    uint8_t flags = 0;
    bool operator==(const Item&) const = default;
  };
  std::map<std::string, Item> what;
  std::string hostname;
  static std::optional<MMonSubscribe> decode(Bytes front, std::string* why);
  std::vector<uint8_t> encode() const;
};

// MMonGetVersion (19): le64 handle, string what ("osdmap", ...); the reply
// (20): le64 handle, le64 version, le64 oldest_version.
struct MMonGetVersion {
  uint64_t handle = 0;
  std::string what;
  static std::optional<MMonGetVersion> decode(Bytes front, std::string* why);
  std::vector<uint8_t> encode() const;
};
struct MMonGetVersionReply {
  uint64_t handle = 0;
  uint64_t version = 0;
  uint64_t oldest_version = 0;
  static std::optional<MMonGetVersionReply> decode(Bytes front, std::string* why);
  std::vector<uint8_t> encode() const;
};

// MMonMap (4): a blob holding the encoded MonMap, whose versioned struct
// begins with the fsid and the epoch. Only those two are read here.
struct MonMapHead {
  Uuid fsid{};
  uint32_t epoch = 0;
  static std::optional<MonMapHead> decode(Bytes front, std::string* why);
  // A MonMap holding nothing but fsid and epoch (the test peer's answer; a
  // Ceph client needs the rest).
  std::vector<uint8_t> encode() const;
};

}  // namespace cephwire::messages
