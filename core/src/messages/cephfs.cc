#include "cephwire/messages/cephfs.h"

#include <array>
#include <cstdio>
#include <iterator>

#include "cephwire/messages/encoding.h"
#include "cephwire/messages/transaction.h"
#include "text_util.h"

namespace cephwire::messages {

namespace {

template <size_t N>
const char* named(const std::array<const char*, N>& names, uint32_t i) {
  return i < N ? names[i] : "???";
}

}  // namespace

const char* session_op_name(uint32_t op) {
  static constexpr std::array<const char*, 13> kNames = {
      "request_open", "open",     "request_close", "close",    "request_renewcaps", "renewcaps",          "stale",
      "recall_state", "flushmsg", "flushmsg_ack",  "force_ro", "reject",            "request_flush_mdlog"};
  return named(kNames, op);
}

const char* cap_op_name(uint32_t op) {
  static constexpr std::array<const char*, 13> kNames = {
      "grant", "revoke",    "trunc",     "export",        "import",  "update", "drop",
      "flush", "flush_ack", "flushsnap", "flushsnap_ack", "release", "renew"};
  return named(kNames, op);
}

const char* snap_op_name(uint32_t op) {
  static constexpr std::array<const char*, 4> kNames = {"update", "create", "destroy", "split"};
  return named(kNames, op);
}

const char* lease_op_name(uint32_t op) {
  static constexpr std::array<const char*, 5> kNames = {"???", "revoke", "release", "renew", "revoke_ack"};
  return named(kNames, op);
}

const char* mds_state_name(int32_t s) {
  switch (s) {
    case 0: return "down:dne";
    case -1: return "down:stopped";
    case 15: return "down:damaged";
    case -4: return "up:boot";
    case -5: return "up:standby";
    case -8: return "up:standby-replay";
    case -9: return "up:oneshot-replay";
    case -6: return "up:creating";
    case -7: return "up:starting";
    case 8: return "up:replay";
    case 9: return "up:resolve";
    case 10: return "up:reconnect";
    case 11: return "up:rejoin";
    case 12: return "up:clientreplay";
    case 13: return "up:active";
    case 14: return "up:stopping";
    default: return "???";
  }
}

const char* client_metric_name(uint32_t type) {
  // ClientMetricType (include/cephfs/metrics/Types.h), as its operator<< names them.
  static constexpr std::array<const char*, 10> kNames = {
      "CAP_INFO",     "READ_LATENCY",  "WRITE_LATENCY", "METADATA_LATENCY", "DENTRY_LEASE",
      "OPENED_FILES", "PINNED_ICAPS",  "OPENED_INODES", "READ_IO_SIZES",    "WRITE_IO_SIZES"};
  return type < kNames.size() ? kNames[type] : nullptr;
}

std::string mds_op_text(uint32_t op) {
  const char* n = mds_op_name(op);
  return n ? n : "???";
}

bool mds_op_makes_inode(uint32_t op) {
  return op == kMdsOpCreate || op == kMdsOpMknod || op == kMdsOpMkdir || op == kMdsOpSymlink;
}

std::string ccap_string(uint32_t cap) {
  // CEPH_CAP_G*: the generic bits each lock's field holds.
  auto g = [](uint32_t c) {
    std::string s;
    static const char kLetters[] = "sxcrwbal";
    for (unsigned i = 0; i < 8; ++i)
      if (c & (1u << i)) s += kLetters[i];
    return s;
  };
  std::string s;
  if (cap & 1) s += "p";  // CEPH_CAP_PIN
  if (uint32_t a = (cap >> 2) & 3) s += "A" + g(a);  // CEPH_CAP_SAUTH
  if (uint32_t a = (cap >> 4) & 3) s += "L" + g(a);  // CEPH_CAP_SLINK
  if (uint32_t a = (cap >> 6) & 3) s += "X" + g(a);  // CEPH_CAP_SXATTR
  if (uint32_t a = cap >> 8) s += "F" + g(a);        // CEPH_CAP_SFILE
  return s.empty() ? "-" : s;
}

std::string mds_request_flags(uint32_t flags) {
  static const char* const kNames[] = {"replay", "want_dentry", "async"};
  std::string s;
  for (unsigned i = 0; i < 32; ++i)
    if (flags & (1u << i)) s += (s.empty() ? "" : "+") + std::string(i < std::size(kNames) ? kNames[i] : "???");
  return s.empty() ? "-" : s;
}

// ---- MClientReconnect ----------------------------------------------------------

namespace {

using text::FieldReader;

constexpr size_t kRealmSize = 24;   // ceph_mds_snaprealm_reconnect
constexpr size_t kLockSize = 41;    // ceph_filelock

// The lock blob: two counted runs of ceph_filelock (fcntl locks, then flock locks).
void lock_fields(FieldReader& r, size_t len) {
  const size_t end = r.pos() + len;
  for (const char* name : {"client_reconnect.fcntl_locks", "client_reconnect.flock_locks"}) {
    if (r.pos() + 4 > end) break;
    const uint32_t n = r.u32_(name);
    if (size_t(n) * kLockSize > end - r.pos()) break;  // not the kernel's shape: leave the rest opaque
    r.skip(size_t(n) * kLockSize);
  }
  if (r.ok() && r.pos() < end) r.skip(end - r.pos());
}

bool cap_record(FieldReader& r, Bytes data, uint16_t version, CapReconnect& c) {
  const size_t at = r.pos();
  r.open("client_reconnect.cap", at, "");
  c.ino = r.u64_("mds.ino");
  size_t end = 0;
  uint8_t struct_v = 0;
  if (version >= 3) {
    const auto h = read_struct_header(r);
    if (!h) {
      r.fail();
      return false;
    }
    struct_v = h->version;
    end = r.pos() + h->length;
  }
  c.path = r.str_("client_reconnect.path");
  c.cap_id = r.u64_("mds.cap_id");
  c.wanted = r.u32_("client_reconnect.wanted");
  r.fields_back().label = ccap_string(c.wanted);
  c.issued = r.u32_("client_reconnect.issued");
  r.fields_back().label = ccap_string(c.issued);
  if (version == 1) {
    c.size = r.u64_("client_reconnect.size");
    size_t t = r.pos();
    c.mtime_sec = r.le32(), c.mtime_nsec = r.le32();
    r.text("client_reconnect.mtime", t, text::utime(c.mtime_sec, c.mtime_nsec));
    t = r.pos();
    c.atime_sec = r.le32(), c.atime_nsec = r.le32();
    r.text("client_reconnect.atime", t, text::utime(c.atime_sec, c.atime_nsec));
  }
  c.snaprealm = r.u64_("client_reconnect.snaprealm");
  c.pathbase = r.u64_("client_reconnect.pathbase");
  if (version >= 2) {
    const uint32_t flock_len = r.u32_("client_reconnect.flock_len");
    if (flock_len > r.remaining()) {
      r.fail();
      return false;
    }
    const size_t fat = r.pos();
    lock_fields(r, flock_len);
    if (!r.ok()) return false;
    c.flock.assign(data.begin() + fat, data.begin() + fat + flock_len);
  }
  if (version >= 3) {
    if (struct_v >= 2) c.snap_follows = r.u64_("client_reconnect.snap_follows");
    if (r.ok() && r.pos() <= end) r.skip(end - r.pos());
    else r.fail();
  }
  r.close();
  r.label("0x" + text::hex(c.ino) + (c.path.empty() ? "" : " " + c.path), "0x" + text::hex(c.ino));
  return r.ok();
}

bool realm_record(FieldReader& r, bool with_header, RealmReconnect& rl) {
  r.open("client_reconnect.realm", r.pos(), "");
  size_t end = 0;
  if (with_header) {
    const auto h = read_struct_header(r);
    if (!h) {
      r.fail();
      return false;
    }
    end = r.pos() + h->length;
  }
  rl.ino = r.u64_("client_reconnect.realm.ino");
  rl.seq = r.u64_("client_reconnect.realm.seq");
  rl.parent = r.u64_("client_reconnect.realm.parent");
  if (with_header) {
    if (r.ok() && r.pos() <= end) r.skip(end - r.pos());
    else r.fail();
  }
  r.close();
  r.label("0x" + text::hex(rl.ino));
  return r.ok();
}

}  // namespace

std::optional<ClientReconnect> ClientReconnect::decode(uint16_t version, Bytes data, std::string* why,
                                                       DecodedFields* fields) {
  FieldReader r(data, fields, 2);
  ClientReconnect rc;
  auto fail = [&](const std::string& what, size_t n, size_t at) -> std::optional<ClientReconnect> {
    if (why) *why = what + " " + std::to_string(n) + " at byte " + std::to_string(at) + " does not decode (v" +
                    std::to_string(version) + ", " + std::to_string(data.size()) + " bytes)";
    return std::nullopt;
  };
  const uint32_t ncaps = r.u32_("client_reconnect.ncaps");
  if (!r.ok()) return fail("the cap count", 0, 0);
  for (uint32_t i = 0; i < ncaps; ++i) {
    const size_t at = r.pos();
    CapReconnect c;
    if (!cap_record(r, data, version, c)) return fail("cap record", i + 1, at);
    rc.caps.push_back(std::move(c));
  }
  if (version >= 4) {
    const size_t at = r.pos();
    const uint32_t nrealms = r.u32_("client_reconnect.nrealms");
    if (!r.ok()) return fail("the realm count after cap record", ncaps, at);
    for (uint32_t i = 0; i < nrealms; ++i) {
      const size_t rat = r.pos();
      RealmReconnect rl;
      if (!realm_record(r, true, rl)) return fail("realm record", i + 1, rat);
      rc.realms.push_back(rl);
    }
    if (version >= 5) {
      const size_t mat = r.pos();
      rc.more = r.u8_("client_reconnect.more") != 0;
      if (!r.ok()) return fail("the more flag after realm record", nrealms, mat);
    }
    if (!r.at_end()) return fail("trailing bytes after record", ncaps + nrealms, r.pos());
  } else {
    // Raw realm records to the end of the data: the count is the length's.
    size_t n = 0;
    while (r.remaining() > 0) {
      const size_t at = r.pos();
      RealmReconnect rl;
      if (r.remaining() < kRealmSize || !realm_record(r, false, rl)) return fail("realm record", n + 1, at);
      rc.realms.push_back(rl);
      ++n;
    }
  }
  return rc;
}

std::vector<uint8_t> ClientReconnect::encode(uint16_t version) const {
  ByteBuffer b;
  b.encode_32(uint32_t(caps.size()));
  for (const auto& c : caps) {
    b.encode_64(c.ino);
    size_t h = 0;
    if (version >= 3) h = begin_struct(b, 2, 1);
    b.encode_string(c.path);
    b.encode_64(c.cap_id);
    b.encode_32(c.wanted);
    b.encode_32(c.issued);
    if (version == 1) {
      b.encode_64(c.size);
      b.encode_32(c.mtime_sec);
      b.encode_32(c.mtime_nsec);
      b.encode_32(c.atime_sec);
      b.encode_32(c.atime_nsec);
    }
    b.encode_64(c.snaprealm);
    b.encode_64(c.pathbase);
    if (version >= 2) {
      b.encode_32(uint32_t(c.flock.size()));
      b.append(c.flock.data(), c.flock.size());
    }
    if (version >= 3) {
      b.encode_64(c.snap_follows);
      finish_struct(b, h);
    }
  }
  if (version >= 4) b.encode_32(uint32_t(realms.size()));
  for (const auto& rl : realms) {
    size_t h = 0;
    if (version >= 4) h = begin_struct(b, 1, 1);
    b.encode_64(rl.ino);
    b.encode_64(rl.seq);
    b.encode_64(rl.parent);
    if (version >= 4) finish_struct(b, h);
  }
  if (version >= 5) b.encode_8(more ? 1 : 0);
  return b.take();
}

// ---- client_reply trace ------------------------------------------------------------

namespace {

// The versioned struct at the reader: where it ends, or nullopt (the reader failed).
std::optional<size_t> struct_end(ByteReader& r) {
  auto h = read_struct_header(r);
  if (!h) {
    r.fail();
    return std::nullopt;
  }
  return r.pos() + h->length;
}

// Skip to a struct's end; false when its fields ran past it.
bool finish_at(ByteReader& r, size_t end) {
  if (!r.ok() || r.pos() > end) {
    r.fail();
    return false;
  }
  return r.skip(end - r.pos());
}

// InodeStat, versioned (CInode::encode_inodestat): the fields up to the mode;
// the rest is skipped by the struct's length.
std::optional<InodeStat> read_inode_stat(text::FieldReader& r, const char* group) {
  const size_t at = r.pos();
  r.open(group, at, "");
  InodeStat s;
  const auto end = struct_end(r);
  s.ino = r.u64_("mds.ino");
  s.snapid = r.u64_("mds.inode.snapid");
  r.skip(4 + 8 + 8 + 33);  // rdev, version, xattr_version, ceph_mds_reply_cap
  s.layout.stripe_unit = r.u32_("mds.inode.stripe_unit");
  s.layout.stripe_count = r.u32_("mds.inode.stripe_count");
  s.layout.object_size = r.u32_("mds.inode.object_size");
  r.skip(12);  // cas_hash, object_stripe_unit, unused
  const size_t pool_at = r.pos();
  const int32_t pool = int32_t(r.le32());
  // file_layout_t::from_legacy: no pool reads as -1
  s.layout.pool = pool == 0 && s.layout.stripe_unit == 0 ? -1 : pool;
  r.sint("mds.inode.pool", pool_at, s.layout.pool);
  r.skip(3 * 8 + 4);  // ctime, mtime, atime, time_warp_seq
  s.size = r.u64_("mds.inode.size");
  r.skip(8 + 8 + 4);  // max_size, truncate_size, truncate_seq
  s.mode = r.u32_("mds.inode.mode");
  char o[16];
  std::snprintf(o, sizeof o, "0%o", s.mode);
  r.fields_back().label = o;
  const bool ok = end && finish_at(r, *end);
  r.close();
  if (!ok) return std::nullopt;
  r.label("ino 0x" + text::hex(s.ino) + ", mode " + o + ", size " + std::to_string(s.size));
  return s;
}

}  // namespace

std::optional<ReplyTrace> ReplyTrace::decode(Bytes front, size_t at, size_t len, bool is_dentry, bool is_target,
                                             std::string* why, DecodedFields* fields) {
  if (at > front.size() || len > front.size() - at) {
    if (why) *why = "the trace runs past the front";
    return std::nullopt;
  }
  // A reader that ends with the trace, its offsets the front's.
  text::FieldReader r(front.first(at + len), fields);
  r.skip(at);
  ReplyTrace t;
  const char* stopped = nullptr;
  if (is_dentry) {
    t.dir = read_inode_stat(r, "client_reply.dir");
    if (auto e = t.dir ? struct_end(r) : std::nullopt) finish_at(r, *e);  // DirStat
    if (r.ok()) t.dname = r.str_("client_reply.dname");
    if (auto e = r.ok() ? struct_end(r) : std::nullopt) finish_at(r, *e);  // LeaseStat
    if (!r.ok()) stopped = "the dentry";
  }
  if (!stopped && is_target) {
    t.target = read_inode_stat(r, "client_reply.target");
    if (!t.target) stopped = "the target inode";
  }
  if (!stopped && !r.at_end()) stopped = "its end (bytes are left over)";
  if (stopped) {
    if (why)
      *why = std::string("the trace is not in the versioned form at ") + stopped + " (byte " + std::to_string(r.pos()) + ")";
    return std::nullopt;
  }
  return t;
}

std::optional<ReplyTrace> ReplyTrace::decode(Bytes front, std::string* why) {
  // ceph_mds_reply_head: op, result, mdsmap_epoch, safe, is_dentry, is_target
  ByteReader r(front);
  r.skip(12 + 1);
  const bool is_dentry = r.u8(), is_target = r.u8();
  const size_t len = r.le32();
  if (!r.ok()) {
    if (why) *why = "the front is shorter than a reply head";
    return std::nullopt;
  }
  return decode(front, r.pos(), len, is_dentry, is_target, why, nullptr);
}

}  // namespace cephwire::messages
