// What CephFS messages carry that is more than a line of text: the names
// Ceph gives their codes (common/ceph_strings.cc, include/ceph_fs.h), and
// MClientReconnect, the message the pagelist was made for (its payload is
// the data segment, built page by page). Layouts: docs/cephfs-messages.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cephwire/bytes.h"
#include "cephwire/messages/ceph_text.h"

namespace cephwire::messages {

// include/ceph_fs.h codes the printers test.
enum : uint32_t {
  kSessionRecallState = 7,
  kMdsOpWrite = 0x01000,  // the op changes the file system: its replies say safe or unsafe
  kMdsOpGetattr = 0x00101,
  kMdsOpGetfilelock = 0x00110,
  kMdsOpOpen = 0x00302,
  kMdsOpSetattr = 0x01108,
  kMdsOpSetfilelock = 0x01109,
  kMdsOpMknod = 0x01201,
  kMdsOpMkdir = 0x01220,
  kMdsOpSymlink = 0x01222,
  kMdsOpCreate = 0x01301,
  kMdsFlagReplay = 1,
  kMdsFlagWantDentry = 2,
  kMdsFlagAsync = 4,
  kCapOpExport = 3,
  kCapOpImport = 4,
};
constexpr int32_t kMdsStateBoot = -4;

// Ceph's names; "???" for a code Ceph does not name.
const char* session_op_name(uint32_t op);  // "request_open", "renewcaps", ...
const char* cap_op_name(uint32_t op);      // "grant", "revoke", "flush_ack", ...
const char* snap_op_name(uint32_t op);     // "update", "create", "destroy", "split"
const char* lease_op_name(uint32_t op);    // "revoke", "release", "renew", "revoke_ack"
const char* mds_state_name(int32_t state); // "up:active", "up:reconnect", ...
const char* client_metric_name(uint32_t type);  // "CAP_INFO", "READ_LATENCY", ...; nullptr for one Ceph does not name
std::string mds_op_text(uint32_t op);      // ceph_mds_op_name(): "create", or "???"
// The ops that make an inode (IS_CEPH_MDS_OP_NEWINODE): create, mknod, mkdir, symlink.
bool mds_op_makes_inode(uint32_t op);
// ccap_string(): "pAsLsXsFsxcrwb", "-" for none.
std::string ccap_string(uint32_t caps);
// CEPH_MDS_FLAG_* of a request: "replay+want_dentry", "-" for none.
std::string mds_request_flags(uint32_t flags);

// MClientReconnect, in the form its header version names (nothing in the
// payload says which): v1 (old cap records), v2 (with file locks), v3 (cap
// records in versioned structs, realms uncounted to the end), v4 and v5
// (realms counted, each a struct; v5 ends with the `more` flag of a reconnect
// sent in several messages).
struct CapReconnect {
  uint64_t ino = 0;
  std::string path;
  uint64_t cap_id = 0;
  uint32_t wanted = 0, issued = 0;
  uint64_t snaprealm = 0, pathbase = 0;
  std::vector<uint8_t> flock;  // u32 fcntl count, 41-byte locks, u32 flock count, 41-byte locks
  uint64_t snap_follows = 0;   // v3+ records of struct_v 2
  // v1 records only.
  uint64_t size = 0;
  uint32_t mtime_sec = 0, mtime_nsec = 0, atime_sec = 0, atime_nsec = 0;
  bool operator==(const CapReconnect&) const = default;
};
struct RealmReconnect {
  uint64_t ino = 0, seq = 0, parent = 0;
  bool operator==(const RealmReconnect&) const = default;
};
struct ClientReconnect {
  std::vector<CapReconnect> caps;
  std::vector<RealmReconnect> realms;
  bool more = false;  // v5: another client_reconnect follows

  // From the data segment; nullopt with why ("cap record 12 at byte 744:
  // ...") for one that does not decode. With fields, the records' fields
  // (section: the data segment).
  static std::optional<ClientReconnect> decode(uint16_t version, Bytes data, std::string* why = nullptr,
                                               DecodedFields* fields = nullptr);
  // The data segment as a sender of that header version writes it. Cap
  // records in v3+ are struct_v 2 (with snap_follows), as Ceph and Linux write them.
  std::vector<uint8_t> encode(uint16_t version) const;
  bool operator==(const ClientReconnect&) const = default;
};

// A file's layout (ceph_file_layout): how its bytes are striped over its
// data objects, and the pool that holds them.
struct FileLayout {
  uint32_t stripe_unit = 0, stripe_count = 0, object_size = 0;
  int64_t pool = -1;
  // file_layout_t::is_valid(): units of whole 64 KiB (CEPH_MIN_STRIPE_UNIT), objects of whole units.
  bool usable() const {
    return stripe_unit && stripe_unit % 65536 == 0 && stripe_count && object_size && object_size % stripe_unit == 0;
  }
  bool operator==(const FileLayout&) const = default;
};

// What a client_reply's trace says of an inode (MClientReply.h InodeStat).
struct InodeStat {
  uint64_t ino = 0, snapid = 0;
  uint32_t mode = 0;
  uint64_t size = 0;
  FileLayout layout;
  bool is_file() const { return (mode & 0170000) == 0100000; }
  bool is_dir() const { return (mode & 0170000) == 0040000; }
  bool operator==(const InodeStat&) const = default;
};

// A client_reply's trace: with is_dentry, the dentry (its directory's
// InodeStat, the DirStat, the name, the LeaseStat); with is_target, the
// target's InodeStat. Read in the versioned form the MDS sends to sessions
// with CEPHFS_FEATURE_REPLY_ENCODING (ceph-fuse since Nautilus, Linux since
// 5.x), each struct with its length; nullopt with why otherwise.
struct ReplyTrace {
  std::optional<InodeStat> dir;
  std::string dname;
  std::optional<InodeStat> target;

  // From a whole client_reply front.
  static std::optional<ReplyTrace> decode(Bytes front, std::string* why = nullptr);
  // The trace at front[at, at + len), with fields (offsets in the front).
  static std::optional<ReplyTrace> decode(Bytes front, size_t at, size_t len, bool is_dentry, bool is_target,
                                          std::string* why, DecodedFields* fields);
};

}  // namespace cephwire::messages
