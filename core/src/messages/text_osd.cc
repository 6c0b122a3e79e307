// Ceph's text of OSD requests and replies, OSD maps, and what an OSD tells
// the monitor (messages/MOSDOp.h, MOSDOpReply.h, MOSDMap.h, MOSDBoot.h,
// MOSDAlive.h, MOSDMarkMeDown.h, MOSDBeacon.h, MOSDPGCreated.h,
// MOSDPGCreate2.h; OSDOp's operator<< in osd/osd_types.cc).
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

// OSDOp's operator<<, for an op whose in-data is not at hand (Ceph's print of
// a reply, where only the out-data is): the name, its arguments, "out=Nb".
std::string op_text(const OsdOp& o, bool reply) {
  const char* n = osd_op_name(o.op);
  std::string s = n ? n : "???";
  const uint8_t* a = o.args.data();
  switch (o.op & 0x0f00) {
    case kTypeData:
      switch (o.op) {
        case kOsdOpStat:
        case kOsdOpDelete:
        case 0x1209:  // list-watchers
        case 0x120a:  // list-snaps
          break;
        case kOsdOpTruncate: s += " " + std::to_string(load_le64(a)); break;
        case 0x1204:  // masktrunc
        case 0x2209:  // trimtrunc
          s += " " + std::to_string(load_le32(a + 16)) + "@" + std::to_string(int64_t(load_le64(a + 20)));
          break;
        default: {
          // extent: le64 offset, le64 length, le64 truncate_size, le32 truncate_seq
          s += " " + std::to_string(load_le64(a)) + "~" + std::to_string(load_le64(a + 8));
          const uint32_t tseq = load_le32(a + 24);
          if (tseq) s += " [" + std::to_string(tseq) + "@" + std::to_string(int64_t(load_le64(a + 16))) + "]";
          if (o.flags) s += " [" + op_flags(o.flags) + "]";
        }
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
        s += " start_epoch " + std::to_string(load_le32(a + 4));
      break;
    default: break;
  }
  if (reply && o.payload_len) s += " out=" + std::to_string(o.payload_len) + "b";
  return s;
}

// At receipt Ceph has decoded the request only up to its reqid, so that is
// what it logs: reqid, spg, the raw pg of the object's hash, flags, epoch.
Out osd_op(const TextInput& m, std::string* why) {
  auto op = MOSDOp::decode(m.version, m.front, why);
  if (!op) return std::nullopt;
  // osd_reqid_t: a client leaves the name empty and the OSD takes the
  // message's source and tid.
  const bool named = op->reqid_name.type != 0 || op->reqid_name.num != 0 || op->reqid_tid != 0;
  const std::string reqid = named ? op->reqid_name.to_string() + "." + std::to_string(op->reqid_inc) + ":" +
                                        std::to_string(op->reqid_tid)
                                  : m.src.to_string() + "." + std::to_string(op->reqid_inc) + ":" + std::to_string(m.tid);
  return "osd_op(" + reqid + " " + spg(op->pool, op->seed, op->shard) + " " + pg(op->pool, op->hash) +
         " (undecoded) " + osd_flags(op->flags) + " e" + std::to_string(op->osdmap_epoch) + ")";
}

Out osd_op_reply(const TextInput& m, std::string* why) {
  auto r = MOSDOpReply::decode(m.version, m.front, why);
  if (!r) return std::nullopt;
  if (r->ops.size() != r->rvals.size()) return undecoded(why, "osd_op_reply (of a version before 4)", 0);
  std::string s = "osd_op_reply(" + std::to_string(m.tid) + " " + r->oid + " " +
                  joined(r->ops.begin(), r->ops.end(), [](const OsdOp& o) { return op_text(o, true); }, "[", "]") +
                  " v" + eversion(r->replay_epoch, r->replay_version) + " uv" + std::to_string(r->user_version);
  if (r->flags & 0x4) s += " ondisk";
  else if (r->flags & 0x2) s += " onnvram";
  else s += " ack";
  s += " = " + std::to_string(r->result);
  if (r->result < 0) s += " (" + errno_text(r->result) + ")";
  if (r->do_redirect) return undecoded(why, "osd_op_reply redirect", 0);
  return s + ")";
}

// MOSDMap: fsid, map<epoch, blob> incremental maps, map<epoch, blob> full
// maps, le32 oldest, le32 newest (v2), gap_removed_snaps (v4).
Out osd_map(const TextInput& m, std::string* why) {
  ByteReader r(m.front);
  r.skip(16);
  uint32_t first = 0, last = 0;
  for (int k = 0; k < 2 && r.ok(); ++k) {
    const uint32_t n = r.le32();
    for (uint32_t i = 0; i < n && r.ok(); ++i) {
      const uint32_t e = r.le32();
      r.blob();
      if (first == 0 || e < first) first = e;
      if (e > last) last = e;
    }
  }
  uint32_t oldest = 0, newest = 0;
  if (m.version >= 2) {
    oldest = r.le32();
    newest = r.le32();
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
Out osd_boot(const TextInput& m, std::string* why) {
  ByteReader r(m.front);
  const PaxosHeader px = PaxosHeader::decode(r);
  auto sb = read_struct_header(r);
  if (!sb || sb->length < 20) return undecoded(why, "osd_boot", r.pos());
  const size_t sb_end = r.pos() + sb->length;
  r.skip(16);
  const int32_t whoami = int32_t(r.le32());
  r.skip(sb_end - r.pos());
  if (!EntityAddrvec::decode(r) || !EntityAddrvec::decode(r)) return undecoded(why, "osd_boot", r.pos());
  const uint32_t boot_epoch = r.le32();
  if (!EntityAddrvec::decode(r)) return undecoded(why, "osd_boot", r.pos());
  const uint32_t n = r.le32();
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    r.blob();
    r.blob();
  }
  const uint64_t features = r.le64();
  if (!r.ok()) return undecoded(why, "osd_boot", r.pos());
  return "osd_boot(osd." + std::to_string(whoami) + " booted " + std::to_string(boot_epoch) + " features " +
         std::to_string(features) + " v" + std::to_string(px.version) + ")";
}

// MOSDAlive: paxos header (its version is what the OSD has), le32 want.
Out osd_alive(const TextInput& m, std::string* why) {
  ByteReader r(m.front);
  const PaxosHeader px = PaxosHeader::decode(r);
  const uint32_t want = r.le32();
  if (!r.ok()) return undecoded(why, "osd_alive", r.pos());
  return "osd_alive(want up_thru " + std::to_string(want) + " have " + std::to_string(px.version) + ")";
}

// MOSDMarkMeDown: paxos header, fsid, le32 target_osd, target_addrs, le32
// epoch, bool request_ack, bool down_and_dead (v4).
Out mark_me_down(const TextInput& m, std::string* why) {
  ByteReader r(m.front);
  PaxosHeader::decode(r);
  const Uuid fsid = read_uuid(r);
  const int32_t osd = int32_t(r.le32());
  auto addrs = EntityAddrvec::decode(r);
  r.le32();
  const uint8_t ack = r.u8();
  const uint8_t dead = m.version >= 4 ? r.u8() : 0;
  if (!addrs || !r.ok()) return undecoded(why, "MOSDMarkMeDown", r.pos());
  return "MOSDMarkMeDown(request_ack=" + std::to_string(ack != 0) + ", down_and_dead=" + std::to_string(dead != 0) +
         ", osd." + std::to_string(osd) + ", " + addrvec(*addrs) + ", fsid=" + uuid_to_string(fsid) + ")";
}

// MOSDBeacon: paxos header, vector<pg_t> pgs, le32 min_last_epoch_clean,
// utime last_purged_snaps_scrub (v2), le32 osd_beacon_report_interval (v3).
Out osd_beacon(const TextInput& m, std::string* why) {
  ByteReader r(m.front);
  const PaxosHeader px = PaxosHeader::decode(r);
  const uint32_t n = r.le32();
  std::vector<std::string> pgs;
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    const Pg p = read_pg(r);
    pgs.push_back(pg(p.pool, p.seed));
  }
  const uint32_t lec = r.le32();
  const Utime scrub = read_utime(r);
  const uint32_t interval = r.le32();
  if (!r.ok()) return undecoded(why, "osd_beacon", r.pos());
  return "osd_beacon(pgs " + joined(pgs.begin(), pgs.end(), [](const std::string& s) { return s; }, "[", "]") +
         " lec " + std::to_string(lec) + " last_purged_snaps_scrub " + scrub.str() + " osd_beacon_report_interval " +
         std::to_string(interval) + " v" + std::to_string(px.version) + ")";
}

// MOSDPGCreated: paxos header, pg_t.
Out pg_created(const TextInput& m, std::string* why) {
  ByteReader r(m.front);
  PaxosHeader::decode(r);
  const Pg p = read_pg(r);
  if (!r.ok()) return undecoded(why, "osd_pg_created", r.pos());
  return "osd_pg_created(" + pg(p.pool, p.seed) + ")";
}

// MOSDPGCreate2: le32 epoch, map<spg_t, pair<epoch, utime>> pgs, ...
Out pg_create2(const TextInput& m, std::string* why) {
  ByteReader r(m.front);
  const uint32_t epoch = r.le32();
  const uint32_t n = r.le32();
  std::string s = "pg_create2(e" + std::to_string(epoch) + " {";
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    int8_t shard = -1;
    const Pg p = read_spg(r, &shard);
    const uint32_t created = r.le32();
    const Utime stamp = read_utime(r);
    s += (i ? "," : "") + spg(p.pool, p.seed, shard) + "=" + std::to_string(created) + "," + stamp.str();
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
    case kMsgOsdBeacon: return osd_beacon;
    case kMsgOsdPgCreated: return pg_created;
    case kMsgOsdPgCreate2: return pg_create2;
    default: return nullptr;
  }
}

}  // namespace cephwire::messages::text
