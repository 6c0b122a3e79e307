// Ceph's text of OSD requests and replies, OSD maps, and what an OSD tells
// the monitor (messages/MOSDOp.h, MOSDOpReply.h, MOSDMap.h, MOSDBoot.h,
// MOSDAlive.h, MOSDMarkMeDown.h, MOSDBeacon.h, MOSDPGCreated.h,
// MOSDPGCreate2.h; OSDOp's operator<< in osd/osd_types.cc).
#include <cstring>

#include "cephwire/messages/osd_op.h"
#include "cephwire/msg_types.h"
#include "text_types.h"
#include "text_util.h"

namespace cephwire::messages::text {

namespace {

using Out = std::optional<std::string>;

// rados.h: an op's type is its bits 8..11.
enum OpType : uint16_t { kTypeData = 0x0200, kTypeAttr = 0x0300, kTypeExec = 0x0400, kTypePg = 0x0500 };

// ceph_osd_op_flag_string() of an extent op's flags (CEPH_OSD_OP_FLAG_*).
std::string op_flags(uint32_t f) {
  static const char* const kNames[] = {"excl",           "failok",          "fadvise_random", "fadvise_sequential",
                                       "favise_willneed", "fadvise_dontneed", "fadvise_nocache", "with_reference",
                                       "bypass_clean_cache"};
  std::string s;
  for (unsigned i = 0; i < 32; ++i)
    if (f & (1u << i)) s += (s.empty() ? "" : "+") + std::string(i < std::size(kNames) ? kNames[i] : "???");
  return s.empty() ? "-" : s;
}

// ceph_osd_watch_op_name(): the watch op's CEPH_OSD_WATCH_OP_*.
const char* watch_op_name(uint8_t op) {
  switch (op) {
    case 0: return "unwatch";
    case 3: return "watch";
    case 5: return "reconnect";
    case 7: return "ping";
    default: return nullptr;
  }
}

// OSDOp's operator<<, for an op whose in-data is not at hand (Ceph's print of
// a reply, where only the out-data is): the name, its arguments, "out=Nb".
std::string op_text(const OsdOp& o, bool reply) {
  const char* n = osd_op_name(o.op);
  std::string s = n ? n : "???";
  const uint8_t* a = o.args.data();
  switch (o.op & 0x0f00) {
    case kTypeData:
      // Ceph prints the extent of the extent ops only; other data ops (stat,
      // create, omap-*, ...) print their name alone.
      switch (o.op) {
        case kOsdOpTruncate: s += " " + std::to_string(load_le64(a)); break;
        case 0x1204:  // masktrunc
        case 0x2209:  // trimtrunc
          s += " " + std::to_string(load_le32(a + 16)) + "@" + std::to_string(int64_t(load_le64(a + 20)));
          break;
        case kOsdOpRead:
        case 0x1203:  // mapext
        case 0x1205:  // sparse-read
        case 0x120b:  // sync_read
        case 0x1220:  // cmpext
        case kOsdOpWrite:
        case kOsdOpWriteFull:
        case 0x2204:  // zero
        case kOsdOpAppend: {
          // extent: le64 offset, le64 length, le64 truncate_size, le32 truncate_seq
          s += " " + std::to_string(load_le64(a)) + "~" + std::to_string(load_le64(a + 8));
          const uint32_t tseq = load_le32(a + 24);
          if (tseq) s += " [" + std::to_string(tseq) + "@" + std::to_string(int64_t(load_le64(a + 16))) + "]";
          if (o.flags) s += " [" + op_flags(o.flags) + "]";
          break;
        }
        case 0x220f: {  // watch: le64 cookie, le64 ver (unused), u8 op, le32 gen, le32 timeout
          const char* w = watch_op_name(a[16]);
          s += std::string(" ") + (w ? w : "???") + " cookie " + std::to_string(load_le64(a));
          if (const uint32_t gen = load_le32(a + 17)) s += " gen " + std::to_string(gen);
          break;
        }
        case 0x1206:  // notify: le64 cookie
          s += " cookie " + std::to_string(load_le64(a));
          break;
        case 0x121e:  // copy-get: le64 max
          s += " max " + std::to_string(load_le64(a));
          break;
        case kOsdOpCopyFrom:
        case kOsdOpCopyFrom2:  // le64 snapid, le64 src_version, ...
          s += " ver " + std::to_string(load_le64(a + 8));
          break;
        case 0x2223:  // set-alloc-hint: le64 expected object size, le64 expected write size, le32 flags
          s += " object_size " + std::to_string(load_le64(a)) + " write_size " + std::to_string(load_le64(a + 8));
          break;
        default: break;
      }
      break;
    case kTypeAttr: {
      // xattr: le32 name_len, le32 value_len, u8 cmp_op, u8 cmp_mode
      const uint32_t value_len = load_le32(a + 4);
      if (value_len) s += " (" + std::to_string(value_len) + ")";
      if (o.op == 0x1303) s += " op " + std::to_string(a[8]) + " mode " + std::to_string(a[9]);
      break;
    }
    case kTypePg:
      if (o.op == kOsdOpPgls || o.op == kOsdOpPgnls || o.op == 0x1502 || o.op == 0x1506)
        s += " start_epoch " + std::to_string(load_le32(a + 8));  // pgls: le64 count, le32 start_epoch
      break;
    default: break;
  }
  if (reply && o.payload_len) s += " out=" + std::to_string(o.payload_len) + "b";
  return s;
}

// One ceph_osd_op (38 bytes) as a group of its fields, labelled with its
// text: le16 op, le32 flags, 28 bytes of arguments by the op's type, le32
// payload_len.
OsdOp op_fields(FieldReader& r, bool reply) {
  r.open("osd_op.op", r.pos(), "");
  OsdOp o;
  o.op = r.u16_("osd_op.op.code");
  o.flags = r.u32_("osd_op.op.flags");
  const size_t args = r.pos();
  const Bytes a = r.bytes(o.args.size());
  if (!r.ok()) return o;
  std::memcpy(o.args.data(), a.data(), a.size());
  auto arg = [&](const char* name, size_t off, size_t len, uint64_t v) {
    r.uint(name, args + off, v);
    r.fields_back().len = uint32_t(len);
  };
  switch (o.op & 0x0f00) {
    case kTypeData:
      if (o.op == kOsdOpStat || o.op == kOsdOpDelete) break;
      arg("osd_op.extent.offset", 0, 8, load_le64(a.data()));
      arg("osd_op.extent.length", 8, 8, load_le64(a.data() + 8));
      arg("osd_op.extent.truncate_size", 16, 8, load_le64(a.data() + 16));
      arg("osd_op.extent.truncate_seq", 24, 4, load_le32(a.data() + 24));
      break;
    case kTypeAttr:
      arg("osd_op.xattr.name_len", 0, 4, load_le32(a.data()));
      arg("osd_op.xattr.value_len", 4, 4, load_le32(a.data() + 4));
      break;
    case kTypeExec:
      arg("osd_op.cls.class_len", 0, 1, a[0]);
      arg("osd_op.cls.method_len", 1, 1, a[1]);
      arg("osd_op.cls.indata_len", 3, 4, load_le32(a.data() + 3));
      break;
    case kTypePg:
      arg("osd_op.pgls.count", 0, 8, load_le64(a.data()));
      arg("osd_op.pgls.start_epoch", 8, 4, load_le32(a.data() + 8));
      break;
    default: break;
  }
  o.payload_len = r.u32_("osd_op.op.payload_len");
  r.close();
  const char* n = osd_op_name(o.op);
  r.label(op_text(o, reply), n ? n : "0x" + hex(o.op));
  return o;
}

// At receipt Ceph has decoded the request only up to its reqid, so that is
// what it logs: reqid, spg, the raw pg of the object's hash, flags, epoch.
Out osd_op(const TextInput& m, std::string* why, DecodedFields* f) {
  auto op = MOSDOp::decode(m.version, m.front, why);
  if (!op) return std::nullopt;
  // osd_reqid_t: a client leaves the name empty and the OSD takes the
  // message's source and tid.
  const bool named = op->reqid_name.type != 0 || op->reqid_name.num != 0 || op->reqid_tid != 0;
  const std::string reqid = named ? op->reqid_name.to_string() + "." + std::to_string(op->reqid_inc) + ":" +
                                        std::to_string(op->reqid_tid)
                                  : m.src.to_string() + "." + std::to_string(op->reqid_inc) + ":" + std::to_string(m.tid);
  if (f) {  // the fields, walked again for their places (the decode above checked the layout)
    FieldReader r(m.front, f);
    int8_t shard = -1;
    size_t at = r.pos();
    read_spg(r, &shard);
    r.text("osd_op.pg", at, spg(op->pool, op->seed, op->shard));
    r.sint("osd_op.pool", MOSDOp::Off::kPgPool, op->pool);
    r.u32_("osd_op.hash");
    r.u32_("osd_op.epoch");
    at = r.pos();
    r.le32();
    r.flags("osd_op.flags", at, op->flags);
    at = r.pos();
    skip_struct(r);
    r.text("osd_op.reqid", at, reqid);
    r.skip(op->trace.size() + op->otel_trace.size());
    r.s32_("osd_op.client_inc");
    at = r.pos();
    const Utime mtime = read_utime(r);
    r.text("osd_op.mtime", at, mtime.str());
    at = r.pos();
    skip_struct(r);
    r.sint("osd_op.locator_pool", at, op->oloc.pool);
    if (!op->oloc.key.empty()) r.text("osd_op.key", at, op->oloc.key);
    if (!op->oloc.nspace.empty()) r.text("osd_op.nspace", at, op->oloc.nspace);
    r.str_("osd_op.oid");
    const uint16_t n = r.le16();
    for (uint16_t i = 0; i < n && r.ok(); ++i) op_fields(r, false);
    r.u64_("osd_op.snapid");
    r.u64_("osd_op.snap_seq");
    at = r.pos();
    const uint32_t nsnaps = r.le32();
    r.skip(size_t(nsnaps) * 8);
    r.uint("osd_op.snaps", at, nsnaps);
    r.s32_("osd_op.attempts");
    r.u64_("osd_op.features");
  }
  return "osd_op(" + reqid + " " + spg(op->pool, op->seed, op->shard) + " " + pg(op->pool, op->hash) +
         " (undecoded) " + osd_flags(op->flags) + " e" + std::to_string(op->osdmap_epoch) + ")";
}

// MOSDOpReply (v8): oid, pg_t, le64 flags, le32 result, bad replay version,
// le32 epoch, le32 n, n ops, le32 retry, n rvals, replay version, le64 user
// version, u8 redirect, ...
Out osd_op_reply(const TextInput& m, std::string* why, DecodedFields* f) {
  auto rep = MOSDOpReply::decode(m.version, m.front, why);
  if (!rep) return std::nullopt;
  if (rep->ops.size() != rep->rvals.size()) return undecoded(why, "osd_op_reply (of a version before 4)", 0);
  if (rep->do_redirect) return undecoded(why, "osd_op_reply redirect", 0);
  if (f) {
    FieldReader r(m.front, f);
    r.str_("osd_op.oid");
    size_t at = r.pos();
    read_pg(r);
    r.text("osd_op_reply.pg", at, pg(rep->pool, rep->seed));
    at = r.pos();
    r.le64();
    r.flags("osd_op_reply.flags", at, rep->flags);
    at = r.pos();
    r.le32();
    r.err("result", at, rep->result);
    r.skip(12);  // bad replay version
    r.u32_("osd_op_reply.epoch");
    const uint32_t n = r.le32();
    for (uint32_t i = 0; i < n && r.ok(); ++i) op_fields(r, true);
    r.s32_("osd_op.attempts");
    for (uint32_t i = 0; i < n && r.ok(); ++i) {
      at = r.pos();
      r.err("osd_op_reply.rval", at, int32_t(r.le32()));
    }
    at = r.pos();
    r.skip(12);
    r.text("osd_op_reply.version", at, eversion(rep->replay_epoch, rep->replay_version));
    r.u64_("osd_op_reply.user_version");
  }
  std::string s = "osd_op_reply(" + std::to_string(m.tid) + " " + rep->oid + " " +
                  joined(rep->ops.begin(), rep->ops.end(), [](const OsdOp& o) { return op_text(o, true); }, "[", "]") +
                  " v" + eversion(rep->replay_epoch, rep->replay_version) + " uv" + std::to_string(rep->user_version);
  if (rep->flags & 0x4) s += " ondisk";
  else if (rep->flags & 0x2) s += " onnvram";
  else s += " ack";
  s += " = " + std::to_string(rep->result);
  if (rep->result < 0) s += " (" + errno_text(rep->result) + ")";
  return s + ")";
}

// MOSDMap: fsid, map<epoch, blob> incremental maps, map<epoch, blob> full
// maps, le32 oldest, le32 newest (v2), gap_removed_snaps (v4).
Out osd_map(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const Uuid fsid = read_uuid(r);
  r.text("osd_map.fsid", 0, uuid_to_string(fsid));
  uint32_t first = 0, last = 0;
  for (int k = 0; k < 2 && r.ok(); ++k) {
    const uint32_t n = r.le32();
    for (uint32_t i = 0; i < n && r.ok(); ++i) {
      const size_t at = r.pos();
      const uint32_t e = r.le32();
      r.blob();
      r.uint(k ? "osd_map.full" : "osd_map.incremental", at, e);
      if (first == 0 || e < first) first = e;
      if (e > last) last = e;
    }
  }
  uint32_t oldest = 0, newest = 0;
  if (m.version >= 2) {
    oldest = r.u32_("osd_map.oldest");
    newest = r.u32_("osd_map.newest");
  }
  uint32_t gap_pools = 0;
  if (m.version >= 4) gap_pools = r.le32();
  if (!r.ok()) return undecoded(why, "osd_map", r.pos());
  if (gap_pools) return undecoded(why, "osd_map gap_removed_snaps", r.pos());
  std::string s = "osd_map(" + std::to_string(first) + ".." + std::to_string(last);
  if (oldest || newest) s += " src has " + std::to_string(oldest) + ".." + std::to_string(newest);
  return s + ")";
}

// MOSDBoot: paxos header, OSDSuperblock (cluster fsid, whoami, ...),
// hb_back_addrs, cluster_addrs, le32 boot_epoch, hb_front_addrs,
// map<string, string> metadata, le64 osd_features.
Out osd_boot(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const PaxosHeader px = PaxosHeader::decode(r);
  auto sb = read_struct_header(r);
  if (!sb || sb->length < 20) return undecoded(why, "osd_boot", r.pos());
  const size_t sb_end = r.pos() + sb->length;
  r.skip(16);
  const int32_t whoami = r.s32_("osd_boot.osd");
  r.skip(sb_end - r.pos());
  if (!EntityAddrvec::decode(r) || !EntityAddrvec::decode(r)) return undecoded(why, "osd_boot", r.pos());
  const uint32_t boot_epoch = r.u32_("osd_boot.boot_epoch");
  if (!EntityAddrvec::decode(r)) return undecoded(why, "osd_boot", r.pos());
  const uint32_t n = r.le32();
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    r.blob();
    r.blob();
  }
  const uint64_t features = r.u64_("osd_boot.features");
  if (!r.ok()) return undecoded(why, "osd_boot", r.pos());
  return "osd_boot(osd." + std::to_string(whoami) + " booted " + std::to_string(boot_epoch) + " features " +
         std::to_string(features) + " v" + std::to_string(px.version) + ")";
}

// MOSDAlive: paxos header (its version is what the OSD has), le32 want.
Out osd_alive(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint64_t have = paxos_version(r);
  const uint32_t want = r.u32_("osd_alive.want");
  if (!r.ok()) return undecoded(why, "osd_alive", r.pos());
  return "osd_alive(want up_thru " + std::to_string(want) + " have " + std::to_string(have) + ")";
}

// MOSDMarkMeDown: paxos header, fsid, le32 target_osd, target_addrs, le32
// epoch, bool request_ack, bool down_and_dead (v4).
Out mark_me_down(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  PaxosHeader::decode(r);
  size_t at = r.pos();
  const Uuid fsid = read_uuid(r);
  r.text("osd_mark_me_down.fsid", at, uuid_to_string(fsid));
  const int32_t osd = r.s32_("osd_mark_me_down.osd");
  at = r.pos();
  auto addrs = EntityAddrvec::decode(r);
  if (addrs) r.text("osd_mark_me_down.addrs", at, addrvec(*addrs));
  r.u32_("osd_mark_me_down.epoch");
  const uint8_t ack = r.u8_("osd_mark_me_down.request_ack");
  const uint8_t dead = m.version >= 4 ? r.u8_("osd_mark_me_down.down_and_dead") : 0;
  if (!addrs || !r.ok()) return undecoded(why, "MOSDMarkMeDown", r.pos());
  return "MOSDMarkMeDown(request_ack=" + std::to_string(ack != 0) + ", down_and_dead=" + std::to_string(dead != 0) +
         ", osd." + std::to_string(osd) + ", " + addrvec(*addrs) + ", fsid=" + uuid_to_string(fsid) + ")";
}

// MOSDMarkMeDead: paxos header, fsid, le32 target_osd, le32 epoch (the
// fields are MOSDMarkMeDown's, under its names).
Out mark_me_dead(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  PaxosHeader::decode(r);
  const size_t at = r.pos();
  const Uuid fsid = read_uuid(r);
  r.text("osd_mark_me_down.fsid", at, uuid_to_string(fsid));
  const int32_t osd = r.s32_("osd_mark_me_down.osd");
  const uint32_t epoch = r.u32_("osd_mark_me_down.epoch");
  if (!r.ok()) return undecoded(why, "MOSDMarkMeDead", r.pos());
  return "MOSDMarkMeDead(osd." + std::to_string(osd) + ", epoch " + std::to_string(epoch) + ", fsid=" +
         uuid_to_string(fsid) + ")";
}

// MOSDBeacon: paxos header, vector<pg_t> pgs, le32 min_last_epoch_clean,
// utime last_purged_snaps_scrub (v2), le32 osd_beacon_report_interval (v3).
Out osd_beacon(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const PaxosHeader px = PaxosHeader::decode(r);
  const uint32_t n = r.le32();
  std::vector<std::string> pgs;
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    const size_t at = r.pos();
    const Pg p = read_pg(r);
    pgs.push_back(pg(p.pool, p.seed));
    r.text("osd_beacon.pg", at, pgs.back());
  }
  const uint32_t lec = r.u32_("osd_beacon.min_last_epoch_clean");
  const size_t at = r.pos();
  const Utime scrub = read_utime(r);
  r.text("osd_beacon.last_purged_snaps_scrub", at, scrub.str());
  const uint32_t interval = r.u32_("osd_beacon.report_interval");
  if (!r.ok()) return undecoded(why, "osd_beacon", r.pos());
  return "osd_beacon(pgs " + joined(pgs.begin(), pgs.end(), [](const std::string& s) { return s; }, "[", "]") +
         " lec " + std::to_string(lec) + " last_purged_snaps_scrub " + scrub.str() + " osd_beacon_report_interval " +
         std::to_string(interval) + " v" + std::to_string(px.version) + ")";
}

// MOSDPGCreated: paxos header, pg_t.
// MWatchNotify (v3): u8 msg_ver, u8 opcode, le64 cookie, le64 ver, le64
// notify_id, payload blob, le32 return code (v2), le64 notifier gid (v3).
Out watch_notify(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  r.u8_("watch_notify.msg_ver");
  const uint8_t op = r.u8_("watch_notify.opcode");
  const uint64_t cookie = r.u64_("watch_notify.cookie");
  r.u64_("watch_notify.ver");
  const uint64_t id = r.u64_("watch_notify.notify_id");
  blob_len_(r, "watch_notify.payload_len");
  const int32_t ret = m.version >= 2 ? r.s32_("watch_notify.return_code") : 0;
  if (m.version >= 3) r.u64_("watch_notify.notifier_gid");
  if (!r.ok()) return undecoded(why, "watch-notify", r.pos());
  // ceph_watch_event_name()
  const char* e = op == 1 ? "notify" : op == 2 ? "notify_complete" : op == 3 ? "disconnect" : "???";
  return "watch-notify(" + std::string(e) + " (" + std::to_string(op) + ") cookie " + std::to_string(cookie) +
         " notify " + std::to_string(id) + " ret " + std::to_string(ret) + ")";
}

Out pg_created(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  PaxosHeader::decode(r);
  const size_t at = r.pos();
  const Pg p = read_pg(r);
  r.text("pg.pgid", at, pg(p.pool, p.seed));
  if (!r.ok()) return undecoded(why, "osd_pg_created", r.pos());
  return "osd_pg_created(" + pg(p.pool, p.seed) + ")";
}

// MOSDPGCreate2: le32 epoch, map<spg_t, pair<epoch, utime>> pgs, ...
Out pg_create2(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint32_t epoch = r.u32_("pg.epoch");
  const uint32_t n = r.le32();
  std::string s = "pg_create2(e" + std::to_string(epoch) + " {";
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    int8_t shard = -1;
    const size_t at = r.pos();
    r.open("pg_create2.pg", at, "");
    const Pg p = read_spg(r, &shard);
    r.text("pg.pgid", at, spg(p.pool, p.seed, shard));
    const uint32_t created = r.u32_("pg_create2.created");
    const size_t st = r.pos();
    const Utime stamp = read_utime(r);
    r.text("pg_create2.stamp", st, stamp.str());
    r.close();
    const std::string item = spg(p.pool, p.seed, shard) + "=" + std::to_string(created) + "," + stamp.str();
    r.label(item);
    s += (i ? "," : "") + item;
  }
  if (!r.ok()) return undecoded(why, "pg_create2", r.pos());
  return s + "})";
}

}  // namespace

Printer osd_printer(uint16_t type) {
  switch (type) {
    case kMsgOsdOp: return osd_op;
    case kMsgOsdOpReply: return osd_op_reply;
    case kMsgOsdMap: return osd_map;
    case kMsgOsdBoot: return osd_boot;
    case kMsgOsdAlive: return osd_alive;
    case kMsgOsdMarkMeDown: return mark_me_down;
    case kMsgOsdMarkMeDead: return mark_me_dead;
    case kMsgOsdBeacon: return osd_beacon;
    case kMsgOsdPgCreated: return pg_created;
    case kMsgOsdPgCreate2: return pg_create2;
    case kMsgWatchNotify: return watch_notify;
    default: return nullptr;
  }
}

}  // namespace cephwire::messages::text
