// Ceph's text of the CephFS messages: a client's session, requests, replies,
// caps and reconnect with the MDS, and the MDS's maps and beacons
// (messages/MClientSession.h, MClientRequest.h, MClientReply.h, MClientCaps.h,
// MClientCapRelease.h, MClientSnap.h, MClientLease.h, MClientRequestForward.h,
// MClientReconnect.h, MClientMetrics.h, MMDSMap.h, MMDSBeacon.h; the names in
// common/ceph_strings.cc; ccap_string() in mds/mdstypes.h). Byte layouts:
// docs/cephfs-messages.md.
#include <cinttypes>
#include <cstdio>

#include "cephwire/messages/cephfs.h"
#include "cephwire/messages/transaction.h"
#include "cephwire/msg_types.h"
#include "text_types.h"
#include "text_util.h"

namespace cephwire::messages::text {

namespace {

using Out = std::optional<std::string>;

constexpr uint64_t kNoSnap = ~uint64_t(1), kSnapDir = ~uint64_t(0);

// inodeno_t prints in hex with 0x; snapid_t in hex without, or head/snapdir.
std::string ino(uint64_t v) { return "0x" + hex(v); }
std::string snapid(uint64_t v) { return v == kNoSnap ? "head" : v == kSnapDir ? "snapdir" : hex(v); }

// One field of a struct read with the FieldReader: its value, and the cap
// letters beside it.
uint32_t caps_(FieldReader& r, const char* name) {
  const uint32_t v = r.u32_(name);
  r.fields_back().label = ccap_string(v);
  return v;
}

// filepath: u8 struct_v (1), le64 base ino, string path; prints "#0x1/lab".
struct FilePath {
  uint64_t ino = 0;
  std::string path;
  bool empty() const { return ino == 0 && path.empty(); }
  std::string str() const { return ino ? "#" + text::ino(ino) + (path.empty() ? "" : "/") + path : path; }
};
FilePath filepath_(FieldReader& r, const char* group) {
  FilePath p;
  const size_t at = r.pos();
  r.open(group, at, "");
  if (r.u8() != 1) r.fail();
  p.ino = r.u64_("mds.ino");
  p.path = r.str_("mds.path");
  r.close();
  r.label(p.str());
  return p;
}

// ---- client_session ----------------------------------------------------------

Out client_session(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint32_t op = r.u32_("client_session.op");
  const uint64_t seq = r.u64_("client_session.seq");
  utime_(r, "client_session.stamp");
  const uint32_t max_caps = r.u32_("client_session.max_caps");
  const uint32_t max_leases = r.u32_("client_session.max_leases");
  if (m.version >= 2) {
    const uint32_t n = r.le32();
    for (uint32_t i = 0; i < n && r.ok(); ++i) {
      const size_t at = r.pos();
      const std::string k = r.string(), v = r.string();
      r.text("client_session.metadata", at, k + "=" + v);
    }
  }
  if (m.version >= 3) {
    const size_t at = r.pos();
    r.uint("client_session.features_len", at, r.blob().size());
  }
  if (m.version >= 4) {
    const size_t at = r.pos();
    if (skip_struct(r)) r.uint("client_session.metric_spec_len", at, r.pos() - at);
  }
  if (m.version >= 5) r.u32_("client_session.flags");
  if (!r.ok()) return undecoded(why, "client_session", r.pos());
  std::string s = std::string("client_session(") + session_op_name(op);
  if (seq) s += " seq " + std::to_string(seq);
  if (op == kSessionRecallState) s += " max_caps " + std::to_string(max_caps) + " max_leases " + std::to_string(max_leases);
  return s + ")";
}

// ---- client_request ------------------------------------------------------------

// ceph_mds_request_args: 56 bytes (48 in the legacy head); the print uses a few.
std::string request_args(FieldReader& r, uint32_t op, size_t len) {
  const size_t at = r.pos();
  std::string s;
  if (op == kMdsOpGetattr) {
    const uint32_t mask = caps_(r, "client_request.getattr_mask");
    s = " " + ccap_string(mask);
  } else if (op == kMdsOpSetattr) {
    const uint32_t mode = r.u32_("client_request.setattr.mode");
    const uint32_t uid = r.u32_("client_request.setattr.uid");
    const uint32_t gid = r.u32_("client_request.setattr.gid");
    const Utime mtime = utime_(r, "client_request.setattr.mtime");
    const Utime atime = utime_(r, "client_request.setattr.atime");
    const uint64_t size = r.u64_("client_request.setattr.size");
    r.u64_("client_request.setattr.old_size");
    const uint32_t mask = r.u32_("client_request.setattr.mask");
    char o[16];
    std::snprintf(o, sizeof o, "%o", mode);
    if (mask & 1) s += std::string(" mode=0") + o;
    if (mask & 2) s += " uid=" + std::to_string(uid);
    if (mask & 4) s += " gid=" + std::to_string(gid);
    if (mask & 32) s += " size=" + std::to_string(size);
    if (mask & 8) s += " mtime=" + mtime.str();
    if (mask & 16) s += " atime=" + atime.str();
  } else if (op == kMdsOpSetfilelock || op == kMdsOpGetfilelock) {
    const uint8_t rule = r.u8_("client_request.filelock.rule");
    const uint8_t type = r.u8_("client_request.filelock.type");
    const uint64_t owner = r.u64_("client_request.filelock.owner");
    const uint64_t pid = r.u64_("client_request.filelock.pid");
    const uint64_t start = r.u64_("client_request.filelock.start");
    const uint64_t length = r.u64_("client_request.filelock.length");
    const uint8_t wait = r.u8_("client_request.filelock.wait");
    s = " rule " + std::to_string(rule) + ", type " + std::to_string(type) + ", owner " + std::to_string(owner) +
        ", pid " + std::to_string(pid) + ", start " + std::to_string(start) + ", length " + std::to_string(length) +
        ", wait " + std::to_string(wait);
  } else if (op == kMdsOpOpen || op == kMdsOpCreate) {
    r.u32_("client_request.open.flags");
    r.u32_("client_request.open.mode");
  } else if (op == kMdsOpMkdir || op == kMdsOpMknod) {
    r.u32_("client_request.mode");
  }
  if (r.ok() && r.pos() - at <= len) r.skip(len - (r.pos() - at));
  else r.fail();
  return s;
}

Out client_request(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  // Header version 4 and later carry ceph_mds_request_head with its own
  // version first; older ones the 88-byte legacy head.
  const uint16_t head_version = m.version >= 4 ? r.u16_("client_request.head_version") : 0;
  r.u64_("client_request.oldest_client_tid");
  r.u32_("client_request.mdsmap_epoch");
  const uint32_t flags = r.u32_("client_request.flags");
  r.fields_back().label = mds_request_flags(flags);
  uint32_t retry = r.u8_("client_request.num_retry");
  uint32_t fwd = r.u8_("client_request.num_fwd");
  const uint16_t nrel = r.u16_("client_request.num_releases");
  const uint32_t op = r.u32_("client_request.op");
  if (const char* n = mds_op_name(op)) r.fields_back().label = n;
  const uint32_t uid = r.u32_("client_request.caller_uid");
  const uint32_t gid = r.u32_("client_request.caller_gid");
  r.u64_("client_request.ino");
  const std::string args = request_args(r, op, m.version >= 4 ? 56 : 48);
  uint32_t owner_uid = uid, owner_gid = gid;
  if (head_version >= 2) {
    retry = r.u32_("client_request.ext_num_retry");
    fwd = r.u32_("client_request.ext_num_fwd");
  }
  if (head_version >= 3) {  // Reef and later: the head's whole length, then the owner
    const uint32_t len = r.u32_("client_request.struct_len");
    owner_uid = r.u32_("client_request.owner_uid");
    owner_gid = r.u32_("client_request.owner_gid");
    if (r.ok() && r.pos() <= len) r.skip(len - r.pos());  // a newer head: what this one does not know
    else r.fail();
  }
  const FilePath path = filepath_(r, "client_request.path");
  const FilePath path2 = filepath_(r, "client_request.path2");
  for (uint32_t i = 0; i < nrel && r.ok(); ++i) {
    r.open("client_request.release", r.pos(), "");
    const uint64_t rino = r.u64_("mds.ino");
    r.u64_("mds.cap_id");
    caps_(r, "client_request.release.caps");
    caps_(r, "client_request.release.wanted");
    r.u32_("mds.seq");
    r.u32_("client_request.release.issue_seq");
    r.u32_("mds.mseq");
    r.u32_("client_request.release.dname_seq");
    const uint32_t dlen = r.le32();
    const size_t at = r.pos();
    const Bytes dname = r.bytes(dlen);
    r.text("client_request.release.dname", at, std::string(dname.begin(), dname.end()));
    r.close();
    r.label(ino(rino));
  }
  Utime stamp;
  if (m.version >= 2) stamp = utime_(r, "client_request.stamp");
  std::vector<uint64_t> gids;
  if (m.version >= 4) {
    const uint32_t n = r.le32();
    for (uint32_t i = 0; i < n && r.ok(); ++i) gids.push_back(r.u64_("client_request.gid"));
  }
  std::string alt;
  if (m.version >= 5) alt = r.str_("client_request.alternate_name");
  if (m.version >= 6) {
    size_t at = r.pos();
    r.uint("client_request.fscrypt_auth_len", at, r.blob().size());
    at = r.pos();
    r.uint("client_request.fscrypt_file_len", at, r.blob().size());
  }
  if (!r.ok()) return undecoded(why, "client_request", r.pos());

  std::string s = "client_request(" + m.src.to_string() + ":" + std::to_string(m.tid) + " " + mds_op_text(op);
  if (head_version >= 3 && mds_op_makes_inode(op))
    s += " owner_uid=" + std::to_string(owner_uid) + ", owner_gid=" + std::to_string(owner_gid);
  s += args + " " + path.str();
  if (!alt.empty()) s += " (" + alt + ") ";
  if (!path2.empty()) s += " " + path2.str();
  if (stamp.sec || stamp.nsec) s += " " + stamp.str();
  if (fwd) s += " FWD=" + std::to_string(fwd);
  if (retry) s += " RETRY=" + std::to_string(retry);
  if (flags & kMdsFlagAsync) s += " ASYNC";
  if (flags & kMdsFlagReplay) s += " REPLAY";
  s += " caller_uid=" + std::to_string(uid) + ", caller_gid=" + std::to_string(gid) + "{";
  for (uint64_t g : gids) s += std::to_string(g) + ",";
  return s + "})";
}

Out client_request_forward(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const int32_t dest = r.s32_("client_request_forward.dest_mds");
  const int32_t fwd = r.s32_("client_request_forward.num_fwd");
  const uint8_t resend = r.u8_("client_request_forward.client_must_resend");
  if (!r.ok()) return undecoded(why, "client_request_forward", r.pos());
  return "client_request_forward(" + std::to_string(m.tid) + " to mds." + std::to_string(dest) +
         " num_fwd=" + std::to_string(fwd) + (resend ? " client_must_resend" : "") + ")";
}

// ---- client_reply ----------------------------------------------------------------

Out client_reply(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint32_t op = r.u32_("client_reply.op");
  if (const char* n = mds_op_name(op)) r.fields_back().label = n;
  size_t at = r.pos();
  const int32_t result = int32_t(r.le32());
  r.err("client_reply.result", at, result);
  r.u32_("client_reply.mdsmap_epoch");
  const uint8_t safe = r.u8_("client_reply.safe");
  const bool is_dentry = r.u8_("client_reply.is_dentry");
  const bool is_target = r.u8_("client_reply.is_target");
  at = r.pos();
  const Bytes trace = r.blob();
  r.uint("client_reply.trace_len", at, trace.size());
  // The trace's fields when it reads whole (Ceph does not print it).
  if (f && r.ok() && !trace.empty() &&
      ReplyTrace::decode(m.front, at + 4, trace.size(), is_dentry, is_target, nullptr, nullptr))
    ReplyTrace::decode(m.front, at + 4, trace.size(), is_dentry, is_target, nullptr, f);
  at = r.pos();
  r.uint("client_reply.extra_len", at, r.blob().size());
  at = r.pos();
  r.uint("client_reply.snapbl_len", at, r.blob().size());
  if (!r.ok()) return undecoded(why, "client_reply", r.pos());
  std::string s = "client_reply(???:" + std::to_string(m.tid) + " = " + std::to_string(result);
  if (result <= 0) s += " " + errno_text(result);
  if (op & kMdsOpWrite) s += safe ? " safe" : " unsafe";
  return s + ")";
}

// ---- client_caps -----------------------------------------------------------------

void cap_peer(FieldReader& r) {
  r.open("client_caps.peer", r.pos(), "peer");
  r.u64_("mds.cap_id");
  r.u32_("mds.seq");
  r.u32_("mds.mseq");
  r.s32_("client_caps.peer.mds");
  r.u8_("client_caps.peer.flags");
  r.close();
}

Out client_caps(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint32_t op = r.u32_("client_caps.op");
  const uint64_t i = r.u64_("mds.ino");
  r.u64_("client_caps.realm");
  const uint64_t cap_id = r.u64_("mds.cap_id");
  const uint32_t seq = r.u32_("mds.seq");
  r.u32_("client_caps.issue_seq");
  const uint32_t caps = caps_(r, "client_caps.caps");
  const uint32_t wanted = caps_(r, "client_caps.wanted");
  const uint32_t dirty = caps_(r, "client_caps.dirty");
  const uint32_t mseq = r.u32_("mds.mseq");
  const uint64_t follows = r.u64_("client_caps.snap_follows");
  const uint32_t trace_len = r.u32_("client_caps.snap_trace_len");
  r.u32_("client_caps.uid");
  r.u32_("client_caps.gid");
  const uint32_t mode = r.u32_("client_caps.mode");
  char o[16];
  std::snprintf(o, sizeof o, "0%o", mode);
  r.fields_back().label = o;
  r.u32_("client_caps.nlink");
  const uint32_t xattr_len = r.u32_("client_caps.xattr_len");
  const uint64_t xattr_version = r.u64_("client_caps.xattr_version");
  uint64_t size = 0, max_size = 0, truncate_size = 0;
  uint32_t truncate_seq = 0, tws = 0;
  Utime mtime, ctime;
  const size_t body = r.pos();
  if (op == kCapOpExport) {
    cap_peer(r);
  } else {
    size = r.u64_("client_caps.size");
    max_size = r.u64_("client_caps.max_size");
    truncate_size = r.u64_("client_caps.truncate_size");
    truncate_seq = r.u32_("client_caps.truncate_seq");
    mtime = utime_(r, "client_caps.mtime");
    utime_(r, "client_caps.atime");
    ctime = utime_(r, "client_caps.ctime");
    r.skip(28);  // ceph_file_layout
    tws = r.u32_("client_caps.time_warp_seq");
  }
  if (r.ok() && r.pos() - body <= 84) r.skip(84 - (r.pos() - body));
  size_t at = r.pos();
  r.bytes(trace_len);
  r.uint("client_caps.snap_trace", at, trace_len);
  uint64_t change_attr = 0;
  if (m.version >= 2) {
    at = r.pos();
    r.uint("client_caps.flock_len", at, r.blob().size());
  }
  if (m.version >= 3 && op == kCapOpImport) cap_peer(r);
  if (m.version >= 4) {
    r.u64_("client_caps.inline_version");
    at = r.pos();
    r.uint("client_caps.inline_data_len", at, r.blob().size());
  }
  if (m.version >= 5) r.u32_("client_caps.osd_epoch_barrier");
  if (m.version >= 6) r.u64_("client_caps.oldest_flush_tid");
  if (m.version >= 7) {
    r.u32_("client_caps.caller_uid");
    r.u32_("client_caps.caller_gid");
  }
  if (m.version >= 8) r.str_("client_caps.pool_ns");
  if (m.version >= 9) {
    utime_(r, "client_caps.btime");
    change_attr = r.u64_("client_caps.change_attr");
  }
  if (m.version >= 10) r.u32_("client_caps.flags");
  if (m.version >= 11) {
    at = r.pos();
    r.sint("client_caps.nfiles", at, int64_t(r.le64()));
    at = r.pos();
    r.sint("client_caps.nsubdirs", at, int64_t(r.le64()));
  }
  if (!r.ok()) return undecoded(why, "client_caps", r.pos());
  (void)xattr_len;  // the xattrs are the middle segment, whose length Ceph prints
  std::string s = std::string("client_caps(") + cap_op_name(op) + " ino " + ino(i) + " " + std::to_string(cap_id) +
                  " seq " + std::to_string(seq);
  if (m.tid) s += " tid " + std::to_string(m.tid);
  s += " caps=" + ccap_string(caps) + " dirty=" + ccap_string(dirty) + " wanted=" + ccap_string(wanted);
  s += " follows " + snapid(follows);
  if (mseq) s += " mseq " + std::to_string(mseq);
  s += " size " + std::to_string(size) + "/" + std::to_string(max_size);
  if (truncate_seq) s += " ts " + std::to_string(truncate_seq) + "/" + std::to_string(truncate_size);
  s += " mtime " + mtime.str() + " ctime " + ctime.str() + " change_attr " + std::to_string(change_attr);
  if (tws) s += " tws " + std::to_string(tws);
  if (xattr_version) s += " xattrs(v=" + std::to_string(xattr_version) + " l=" + std::to_string(m.middle.size()) + ")";
  return s + ")";
}

Out client_cap_release(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint32_t n = r.u32_("client_cap_release.num");
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    r.open("client_cap_release.cap", r.pos(), "");
    const uint64_t v = r.u64_("mds.ino");
    r.u64_("mds.cap_id");
    r.u32_("mds.mseq");
    r.u32_("mds.seq");
    r.close();
    r.label(ino(v));
  }
  if (m.version >= 2) r.u32_("client_cap_release.osd_epoch_barrier");
  if (!r.ok()) return undecoded(why, "client_cap_release", r.pos());
  return "client_cap_release(" + std::to_string(n) + ")";
}

Out client_snap(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint32_t op = r.u32_("client_snap.op");
  const uint64_t split = r.u64_("client_snap.split");
  const uint32_t ninos = r.u32_("client_snap.num_split_inos");
  const uint32_t nrealms = r.u32_("client_snap.num_split_realms");
  const uint32_t trace_len = r.u32_("client_snap.trace_len");
  for (uint32_t i = 0; i < ninos && r.ok(); ++i) r.u64_("client_snap.split_ino");
  for (uint32_t i = 0; i < nrealms && r.ok(); ++i) r.u64_("client_snap.split_realm");
  size_t at = r.pos();
  r.bytes(trace_len);
  r.uint("client_snap.trace", at, trace_len);
  if (!r.ok()) return undecoded(why, "client_snap", r.pos());
  std::string s = std::string("client_snap(") + snap_op_name(op);
  if (split) s += " split=" + ino(split);
  return s + " tracelen=" + std::to_string(trace_len) + ")";
}

Out client_lease(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint8_t action = r.u8_("client_lease.action");
  const uint16_t mask = r.u16_("client_lease.mask");
  const uint64_t i = r.u64_("mds.ino");
  const uint64_t first = r.u64_("client_lease.first");
  const uint64_t last = r.u64_("client_lease.last");
  const uint32_t seq = r.u32_("mds.seq");
  r.u32_("client_lease.duration_ms");
  const std::string dname = r.str_("client_lease.dname");
  if (!r.ok()) return undecoded(why, "client_lease", r.pos());
  std::string s = std::string("client_lease(a=") + lease_op_name(action) + " seq " + std::to_string(seq) + " mask " +
                  std::to_string(mask) + " " + ino(i);
  if (last != kNoSnap) s += " [" + snapid(first) + "," + snapid(last) + "]";
  if (!dname.empty()) s += "/" + dname;
  return s + ")";
}

// ---- client_reconnect: the whole payload is the data segment ----------------------

Out client_reconnect(const TextInput& m, std::string* why, DecodedFields* f) {
  std::string err;
  const auto rc = ClientReconnect::decode(m.version, m.data, &err, f);
  if (!rc) {
    if (why) *why = "client_reconnect data " + err;
    return std::nullopt;
  }
  return "client_reconnect(" + std::to_string(rc->caps.size()) + " caps " + std::to_string(rc->realms.size()) +
         " realms )";
}

// ---- client_metrics ----------------------------------------------------------------

Out client_metrics(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint32_t n = r.le32();
  std::string s = "client_metrics ";
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    const size_t at = r.pos();
    r.open("client_metrics.metric", at, "");
    const uint32_t type = r.u32_("client_metrics.type");
    const char* name = client_metric_name(type);
    auto h = read_struct_header(r);
    if (!h) {
      r.fail();
      break;
    }
    const size_t end = r.pos() + h->length;
    // The counters in wire order, each with Ceph's label (read one by one:
    // the operands of + are not read in any set order).
    std::string body;
    auto counters = [&](std::initializer_list<const char*> labels) {
      for (const char* l : labels) {
        const uint64_t v = r.u64_("client_metrics.value");
        body += std::string(l) + std::to_string(v);
      }
    };
    switch (type) {
      case 0: counters({"cap_hits: ", " cap_misses: ", " num_caps: "}); break;
      case 1:
      case 2:
      case 3: {
        body = "latency: " + utime_(r, "client_metrics.latency").str();
        if (h->version >= 2) {
          body += ", avg_latency: " + utime_(r, "client_metrics.avg_latency").str();
          counters({", sq_sum: ", ", count="});
        } else {
          body += ", avg_latency: 0.000000, sq_sum: 0, count=0";
        }
        break;
      }
      case 4: counters({"dlease_hits: ", " dlease_misses: ", " num_dentries: "}); break;
      case 5: counters({"opened_files: ", " total_inodes: "}); break;
      case 6: counters({"pinned_icaps: ", " total_inodes: "}); break;
      case 7: counters({"opened_inodes: ", " total_inodes: "}); break;
      case 8:
      case 9: counters({"total_ops: ", " total_size: "}); break;
      default: break;  // Ceph prints nothing of a payload it does not know
    }
    if (r.ok() && r.pos() <= end) r.skip(end - r.pos());
    else r.fail();
    r.close();
    const std::string tn = name ? name : "(UNKNOWN:" + std::to_string(type) + ")";
    r.label(tn + " " + body, tn);
    s += "[client_metric_type: " + tn + " " + body + "]";
  }
  if (!r.ok()) return undecoded(why, "client_metrics", r.pos());
  return s;
}

// ---- MDS to monitor, monitor to MDS and clients ---------------------------------------

// CompatSet: three FeatureSets (le64 mask, map<le64, string> names).
void skip_compat(ByteReader& r);

// set<s32> / map<s32, ...> of ranks, as "0,1" / "0=4121".
std::string ranks(ByteReader& r, bool with_gid) {
  std::string s;
  const uint32_t n = r.le32();
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    s += (i ? "," : "") + std::to_string(int32_t(r.le32()));
    if (with_gid) s += "=" + std::to_string(r.le64());
  }
  return s;
}

// The MDSMap of an mdsmap message (MDSMap::encode, ENCODE_START(5, 4)),
// up to its ranks: in, up (rank=gid), failed, stopped, and the fs name.
// False when it does not read so.
bool mds_map_ranks(FieldReader& r, size_t end) {
  auto h = read_struct_header(r);
  if (!h || h->version < 5 || r.pos() + h->length > end) return false;
  r.u32_("mdsmap.map_epoch");
  r.u32_("mdsmap.flags");
  r.skip(4 + 4 + 4 + 4 + 8);  // last_failure, root, session_timeout, session_autoclose, max_file_size
  r.s32_("mdsmap.max_mds");
  const uint32_t ninfo = r.le32();
  size_t at = r.pos();
  for (uint32_t i = 0; i < ninfo && r.ok(); ++i) {
    r.le64();  // gid
    skip_struct(r);
  }
  r.uint("mdsmap.daemons", at, ninfo);
  const uint32_t npools = r.le32();
  r.skip(size_t(npools) * 8);
  r.skip(8);  // cas_pool
  r.le16();   // ev
  skip_compat(r);
  r.skip(8 + 8 + 8 + 4);  // metadata_pool, created, modified, tableserver
  at = r.pos();
  r.text("mdsmap.in", at, ranks(r, false));
  const uint32_t ninc = r.le32();
  r.skip(size_t(ninc) * 8);
  at = r.pos();
  r.text("mdsmap.up", at, ranks(r, true));
  at = r.pos();
  r.text("mdsmap.failed", at, ranks(r, false));
  at = r.pos();
  r.text("mdsmap.stopped", at, ranks(r, false));
  r.skip(4);        // last_failure_osd_epoch
  r.skip(1 + 1);    // ever_allowed_features, explicitly_allowed_features (u8 each)
  r.skip(1);        // inline_data_enabled
  r.skip(1);        // enabled
  r.str_("mdsmap.map_fs_name");
  if (!r.ok() || r.pos() > end) return false;
  r.skip(end - r.pos());  // the rest: damaged ranks, balancer, features, ...
  return r.ok();
}

// MMDSMap: fsid, le32 epoch, the encoded MDSMap as a blob, v2: the fs name.
// The map's ranks are read where they read as Pacific and later encode them;
// a map that does not (another release's layout) stays bytes.
Out mdsmap(const TextInput& m, std::string* why, DecodedFields* f) {
  for (bool inner : {true, false}) {
    DecodedFields got;
    FieldReader r(m.front, f ? &got : nullptr);
    size_t at = r.pos();
    r.text("mdsmap.fsid", at, uuid_to_string(read_uuid(r)));
    const uint32_t epoch = r.u32_("mdsmap.epoch");
    at = r.pos();
    const uint32_t len = r.u32_("mdsmap.map_len");
    if (inner && (len > r.remaining() || !mds_map_ranks(r, r.pos() + len))) continue;
    if (!inner) r.skip(len);
    if (m.version >= 2) r.str_("mdsmap.fs_name");
    if (!r.ok()) return undecoded(why, "mdsmap", r.pos());
    if (f) f->insert(f->end(), got.begin(), got.end());
    return "mdsmap(e " + std::to_string(epoch) + ")";
  }
  return undecoded(why, "mdsmap", 0);
}

// CompatSet: three FeatureSets (le64 mask, map<le64, string> names).
void skip_compat(ByteReader& r) {
  for (int i = 0; i < 3 && r.ok(); ++i) {
    r.le64();
    const uint32_t n = r.le32();
    for (uint32_t j = 0; j < n && r.ok(); ++j) {
      r.le64();
      r.blob();
    }
  }
}

Out mdsbeacon(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint64_t paxos = paxos_version(r);
  size_t at = r.pos();
  r.text("mdsbeacon.fsid", at, uuid_to_string(read_uuid(r)));
  const uint64_t gid = r.u64_("mdsbeacon.global_id");
  at = r.pos();
  const int32_t state = int32_t(r.le32());
  r.sint("mdsbeacon.state", at, state);
  r.fields_back().label = mds_state_name(state);
  const uint64_t seq = r.u64_("mdsbeacon.seq");
  const std::string name = r.str_("mdsbeacon.name");
  r.s32_("mdsbeacon.standby_for_rank");
  r.str_("mdsbeacon.standby_for_name");
  at = r.pos();
  skip_compat(r);
  r.uint("mdsbeacon.compat_len", at, r.pos() - at);
  at = r.pos();
  skip_struct(r);
  r.uint("mdsbeacon.health_len", at, r.pos() - at);
  if (state == kMdsStateBoot) {
    const uint32_t n = r.le32();
    for (uint32_t i = 0; i < n && r.ok(); ++i) {
      at = r.pos();
      const std::string k = r.string(), v = r.string();
      r.text("mdsbeacon.sys_info", at, k + "=" + v);
    }
  }
  std::string fs;
  r.u64_("mdsbeacon.mds_features");
  r.s32_("mdsbeacon.standby_for_fscid");
  if (m.version >= 7) r.u8_("mdsbeacon.standby_replay");
  if (m.version >= 8) fs = r.str_("mdsbeacon.fs");
  if (!r.ok()) return undecoded(why, "mdsbeacon", r.pos());
  std::string s = "mdsbeacon(" + std::to_string(gid) + "/" + name + " " + mds_state_name(state);
  if (!fs.empty()) s += " fs=" + fs;
  return s + " seq=" + std::to_string(seq) + " v" + std::to_string(paxos) + ")";
}

}  // namespace

Printer mds_printer(uint16_t type) {
  switch (type) {
    case kMsgMdsMap: return mdsmap;
    case kMsgClientSession: return client_session;
    case kMsgClientReconnect: return client_reconnect;
    case kMsgClientRequest: return client_request;
    case kMsgClientRequestForward: return client_request_forward;
    case kMsgClientReply: return client_reply;
    case kMsgClientMetrics: return client_metrics;
    case kMsgMdsBeacon: return mdsbeacon;
    case kMsgClientCaps: return client_caps;
    case kMsgClientLease: return client_lease;
    case kMsgClientSnap: return client_snap;
    case kMsgClientCapRelease: return client_cap_release;
    default: return nullptr;
  }
}

}  // namespace cephwire::messages::text
