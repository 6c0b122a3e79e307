// OSD requests and replies: MOSDOp (42) in its version 8 encoding, the one
// Ceph Luminous and later clients send, and MOSDOpReply (43) version 8
// (Ceph's messages/MOSDOp.h, MOSDOpReply.h; osd/osd_types.h).
//
// The replayer rewrites the fields a fresh cluster needs (pool id, placement
// seed, map epoch), so the decoder keeps every field and the encoder writes
// them back byte for byte: decode then encode of a captured front gives the
// same bytes.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cephwire/bytes.h"
#include "cephwire/entity.h"
#include "cephwire/messages/encoding.h"

namespace cephwire::messages {

// ceph_osd_op (rados.h), packed: le16 op, le32 flags, a 28-byte union of
// per-op arguments, le32 payload_len (the op's bytes in the message data).
struct OsdOp {
  static constexpr size_t kSize = 38;
  uint16_t op = 0;
  uint32_t flags = 0;
  std::array<uint8_t, 28> args{};
  uint32_t payload_len = 0;
  // Extent ops (read, write, writefull, ...): le64 offset, le64 length first.
  uint64_t extent_offset() const { return load_le64(args.data()); }
  uint64_t extent_length() const { return load_le64(args.data() + 8); }
  bool operator==(const OsdOp&) const = default;
};
inline constexpr uint16_t kOsdOpRead = 0x1201, kOsdOpStat = 0x1202, kOsdOpWrite = 0x2201,
                          kOsdOpWriteFull = 0x2202, kOsdOpTruncate = 0x2203, kOsdOpDelete = 0x2205,
                          kOsdOpAppend = 0x2206,
                          kOsdOpCreate = 0x220d, kOsdOpCopyFrom = 0x221a, kOsdOpCopyFrom2 = 0x222d,
                          kOsdOpPgls = 0x1501, kOsdOpPgnls = 0x1505;
// MOSDOp flags (rados.h CEPH_OSD_FLAG_*): the op reads, writes, or names a
// placement group rather than an object (pgls, pgnls).
inline constexpr uint32_t kOsdFlagRead = 0x10, kOsdFlagWrite = 0x20, kOsdFlagPgOp = 0x400;
// "writefull", "read", ...; nullptr for an op this table does not name.
const char* osd_op_name(uint16_t op);
// The name, or "op 0x2abc" for an op this table does not name.
std::string osd_op_name_or_code(uint16_t op);

// object_locator_t as librados writes it: ENCODE_START(6, 3), le64 pool,
// le32 preferred (-1), string key, string nspace, le64 hash (-1: none).
struct ObjectLocator {
  int64_t pool = -1;
  int32_t preferred = -1;
  std::string key;
  std::string nspace;
  int64_t hash = -1;
  uint8_t version = 6, compat = 3;
  bool operator==(const ObjectLocator&) const = default;
};

// The source object a copy-from (copy-from2) op names at the start of its
// payload (Objecter's copy_from: object_t, then object_locator_t; copy-from2
// adds the truncate seq and size after them).
struct CopyFromSource {
  std::string oid;
  ObjectLocator oloc;
  size_t pool_offset = 0;  // of oloc.pool (le64) in the payload, where a replay rewrites it
  static std::optional<CopyFromSource> decode(Bytes payload, std::string* why);
};

// The cursor a pgls / pgnls op lists from, its whole payload: hobject_t,
// ENCODE_START(4, 3): key, oid, le64 snap, le32 hash, u8 max, nspace, le64
// pool (Objecter's add_pgls; -1 or lower in the first, "minimum" cursor).
struct PgListCursor {
  int64_t pool = -1;
  size_t pool_offset = 0;  // in the payload, where a replay rewrites it
  static std::optional<PgListCursor> decode(Bytes payload, std::string* why);
};

struct MOSDOp {
  // Version 8 (Luminous .. Reef); 9 (Squid and later, with SERVER_SQUID) adds
  // an OpenTelemetry span context after the blkin trace.
  static constexpr uint16_t kVersion = 8;
  static constexpr uint16_t kVersionOtel = 9;
  // Front offsets of the fields a replay rewrites (fixed in versions 8 and 9).
  struct Off {
    static constexpr size_t kPgPool = 7;    // spg_t: struct header, u8 1, le64 pool
    static constexpr size_t kPgSeed = 15;   // le32 seed
    static constexpr size_t kHash = 24;     // after spg_t (ends with s8 shard)
    static constexpr size_t kEpoch = 28;
    static constexpr size_t kFlags = 32;
  };

  // spg_t: pg_t {pool, seed, preferred} and the shard (-1: none).
  int64_t pool = 0;
  uint32_t seed = 0;
  int32_t preferred = -1;
  int8_t shard = -1;
  uint32_t hash = 0;  // the object's full placement hash
  uint32_t osdmap_epoch = 0;
  uint32_t flags = 0;
  // osd_reqid_t, ENCODE_START(2, 2): name, tid, inc. Clients leave the name
  // empty; the OSD takes the message's source instead.
  EntityName reqid_name;
  uint64_t reqid_tid = 0;
  int32_t reqid_inc = 0;
  std::array<uint8_t, 24> trace{};  // blkin trace info, zeros when untraced
  // Version 9: jspan_context, ENCODE_START(1, 1) {bool valid, and when valid
  // the trace and span ids}; kept whole, header included.
  std::vector<uint8_t> otel_trace;
  int32_t client_inc = 0;
  uint32_t mtime_sec = 0, mtime_nsec = 0;
  ObjectLocator oloc;
  std::string oid;
  std::vector<OsdOp> ops;
  uint64_t snapid = 0;
  uint64_t snap_seq = 0;
  std::vector<uint64_t> snaps;
  int32_t retry_attempt = 0;
  uint64_t features = 0;
  uint16_t version = kVersion;  // the header version the front was encoded for

  // `version` is the message header's; 8 and 9 decode.
  // spans: "pg" (spg_t), "epoch", "oloc", "nspace", "oid", one "op" per op.
  static std::optional<MOSDOp> decode(uint16_t version, Bytes front, std::string* why, Spans* spans = nullptr);
  // In `version`'s layout: 9 carries otel_trace (an invalid span context when
  // empty), 8 drops it (what a pre-Squid OSD reads).
  std::vector<uint8_t> encode() const;
  // Sum of the ops' payload_len: what the message data must hold.
  uint64_t data_length() const;
};

struct MOSDOpReply {
  static constexpr uint16_t kVersion = 8;
  std::string oid;
  int64_t pool = 0;  // pg_t
  uint32_t seed = 0;
  int32_t preferred = -1;
  uint64_t flags = 0;
  int32_t result = 0;
  uint64_t bad_replay_version = 0;
  uint32_t bad_replay_epoch = 0;
  uint32_t osdmap_epoch = 0;
  std::vector<OsdOp> ops;
  int32_t retry_attempt = 0;
  std::vector<int32_t> rvals;  // one per op
  uint64_t replay_version = 0;
  uint32_t replay_epoch = 0;
  uint64_t user_version = 0;
  bool do_redirect = false;

  // Decodes through `result` at least; versions before 8 (and a redirect)
  // keep what was read up to there.
  // spans: "oid", "pg", "result".
  static std::optional<MOSDOpReply> decode(uint16_t version, Bytes front, std::string* why, Spans* spans = nullptr);
  std::vector<uint8_t> encode() const;  // version 8, no redirect, zero trace
};

}  // namespace cephwire::messages
