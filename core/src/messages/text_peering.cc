// Ceph's text of what OSDs tell each other: heartbeats, replicated writes and
// the peering messages (messages/MOSDPing.h, MOSDRepOp.h, MOSDRepOpReply.h,
// MOSDPeeringOp.h and its MOSDPGQuery2, MOSDPGNotify2, MOSDPGInfo2, MOSDPGLog,
// MOSDPGLease, MOSDPGLeaseAck; the structs they carry in osd/osd_types.h).
// The peering structs are printed as far as Ceph's operator<< shows them; a
// struct this file does not print (a past interval with participants, a
// query for a log) leaves the message without a text, and says so.
#include <cstdio>

#include "cephwire/msg_types.h"
#include "text_types.h"
#include "text_util.h"

namespace cephwire::messages::text {

namespace {

using Out = std::optional<std::string>;

// ceph::signedspan: s32 seconds, s32 nanoseconds. Ceph prints a duration as
// float seconds with nine decimals (ceph_time.cc: duration<float>, "{:.9}"),
// so the digits past a float's precision are the float's: "19.807811737s".
std::string span(ByteReader& r) {
  const int32_t sec = int32_t(r.le32());
  const int32_t nsec = int32_t(r.le32());
  const int64_t ns = int64_t(sec) * 1000000000 + nsec;
  const float seconds = static_cast<float>(ns) / static_cast<float>(1000000000);
  char s[48];
  std::snprintf(s, sizeof s, "%.9fs", double(seconds));
  return s;
}

std::string ev(ByteReader& r) {
  const uint64_t v = r.le64();
  return eversion(r.le32(), v);
}

// osd_reqid_t: ENCODE_START(2, 2) { entity_name_t, le64 tid, le32 inc }.
std::string reqid(ByteReader& r) {
  auto h = read_struct_header(r);
  if (!h) return r.fail(), "";
  const size_t end = r.pos() + h->length;
  const Bytes n = r.bytes(EntityName::kSize);
  const uint64_t tid = r.le64();
  const int32_t inc = int32_t(r.le32());
  if (!r.ok() || r.pos() > end) return r.fail(), "";
  r.skip(end - r.pos());
  return EntityName::decode(n.data()).to_string() + "." + std::to_string(inc) + ":" + std::to_string(tid);
}

std::string spg_at(ByteReader& r) {
  int8_t shard = -1;
  const Pg p = read_spg(r, &shard);
  return spg(p.pool, p.seed, shard);
}
// The same, recorded as the message's pg.
std::string spg_field(FieldReader& r) {
  const size_t at = r.pos();
  std::string s = spg_at(r);
  r.text("pg.pgid", at, s);
  return s;
}


// pg_history_t (v10): its operator<< shows epochs and the prior lease bound.
std::string history(ByteReader& r, uint32_t* epoch_created = nullptr) {
  auto h = read_struct_header(r);
  if (!h || h->version < 10) return r.fail(), "";
  const size_t end = r.pos() + h->length;
  const uint32_t created = r.le32(), les = r.le32(), lec = r.le32();
  r.le32();  // last_epoch_split
  const uint32_t sis = r.le32();
  r.skip(4 + 4 + 12 + 8 + 12 + 8 + 8);  // same_up/primary_since, scrub versions and stamps
  const uint32_t full = r.le32(), lis = r.le32(), lic = r.le32(), pool_created = r.le32();
  ByteReader at_pruub = r;
  const std::string ub = span(at_pruub);
  const uint64_t pruub = r.le64();  // (both halves: zero is no bound)
  if (!r.ok() || r.pos() > end) return r.fail(), "";
  r.skip(end - r.pos());
  std::string s = "ec=" + std::to_string(created) + "/" + std::to_string(pool_created) + " lis/c=" + std::to_string(lis) +
                  "/" + std::to_string(lic) + " les/c/f=" + std::to_string(les) + "/" + std::to_string(lec) + "/" +
                  std::to_string(full) + " sis=" + std::to_string(sis);
  if (pruub) s += " pruub=" + ub;
  if (epoch_created) *epoch_created = created;
  return s;
}

// pg_info_t (v32), as its operator<< shows it.
std::string info(ByteReader& r) {
  auto h = read_struct_header(r);
  if (!h || h->version < 32) return r.fail(), "";
  const size_t end = r.pos() + h->length;
  const Pg pgid = read_pg(r);
  const uint64_t lu_v = r.le64();
  const uint32_t lu_e = r.le32();
  const uint64_t lc_v = r.le64();
  const uint32_t lc_e = r.le32();
  const std::string tail = ev(r);
  if (!skip_struct(r)) return r.fail(), "";  // the old last_backfill
  // pg_stat_t: the object count lies in its stats' sum, after fixed fields.
  auto st = read_struct_header(r);
  if (!st) return r.fail(), "";
  const size_t st_end = r.pos() + st->length;
  r.skip(12 + 8 + 4 + 4 + 12 + 12 + 4 + 4 + 17 + 4 + 12 + 8);
  auto coll = read_struct_header(r);
  auto sum = read_struct_header(r);
  r.le64();  // num_bytes
  const int64_t objects = int64_t(r.le64());
  if (!coll || !sum || !r.ok() || r.pos() > st_end) return r.fail(), "";
  r.skip(st_end - r.pos());
  uint32_t created = 0;
  const std::string hist = history(r, &created);
  // purged_snaps: interval_set<snapid_t> (le32 count, pairs of le64)
  const uint32_t purged = r.le32();
  r.skip(size_t(purged) * 16);
  const uint32_t les = r.le32();
  r.le64();  // last_user_version
  if (!skip_struct(r)) return r.fail(), "";  // hit_set history
  r.u8();                                     // shard
  // last_backfill: hobject_t, whose max flag says "complete"
  auto lb = read_struct_header(r);
  if (!lb) return r.fail(), "";
  const size_t lb_end = r.pos() + lb->length;
  r.blob();  // key
  r.blob();  // oid
  r.le64();  // snap
  r.le32();  // hash
  const bool max = r.u8() != 0;
  if (!r.ok() || r.pos() > lb_end) return r.fail(), "";
  r.skip(lb_end - r.pos());
  r.u8();  // last_backfill_bitwise
  const uint32_t lis = r.le32();
  if (!r.ok() || r.pos() > end) return r.fail(), "";
  r.skip(end - r.pos());
  // dne: no epoch_created; empty: last_update 0'0
  const bool dne = created == 0;
  std::string s = pg(pgid.pool, pgid.seed) + "(";
  if (dne) s += " DNE";
  if (lu_v == 0 && lu_e == 0) {
    s += " empty";
  } else {
    s += " v " + eversion(lu_e, lu_v);
    if (lc_v != lu_v || lc_e != lu_e) s += " lc " + eversion(lc_e, lc_v);
    s += " (" + tail + "," + eversion(lu_e, lu_v) + "]";
  }
  if (!max) return r.fail(), "";  // an incomplete PG prints its last_backfill: not here
  return s + " local-lis/les=" + std::to_string(lis) + "/" + std::to_string(les) + " n=" + std::to_string(objects) +
         " " + hist + ")";
}

// PastIntervals: ENCODE_START(1, 1) { u8 type (2: the compact form) and it:
// ENCODE_START(1, 1) { le32 first, le32 last, set<pg_shard_t>, list<...> } }.
std::string past_intervals(ByteReader& r) {
  auto h = read_struct_header(r);
  if (!h) return r.fail(), "";
  const size_t end = r.pos() + h->length;
  const uint8_t type = r.u8();
  if (type == 0) {
    r.skip(end - r.pos());
    return "(empty)";
  }
  auto c = read_struct_header(r);
  const uint32_t first = r.le32(), last = r.le32();
  const uint32_t participants = r.le32();
  std::vector<std::string> shards;
  for (uint32_t i = 0; i < participants && r.ok(); ++i) {
    auto sh = read_struct_header(r);
    const int32_t osd = int32_t(r.le32());
    const int8_t shard = int8_t(r.u8());
    if (!sh) return r.fail(), "";
    shards.push_back(shard < 0 ? std::to_string(osd) : std::to_string(osd) + "(" + std::to_string(shard) + ")");
  }
  const uint32_t intervals = r.le32();
  if (type != 2 || !c || !r.ok() || intervals != 0) return r.fail(), "";  // intervals are not printed here
  r.skip(end - r.pos());
  return "([" + std::to_string(first) + "," + std::to_string(last) + "] all_participants=" +
         joined(shards.begin(), shards.end(), [](const std::string& s) { return s; }, "{", "}") + " intervals=[])";
}

std::string lease(ByteReader& r) {
  if (!skip_struct_header(r)) return "";
  const std::string ru = span(r), ub = span(r), in = span(r);
  return "pg_lease(ru " + ru + " ub " + ub + " int " + in + ")";
}

std::string lease_ack(ByteReader& r) {
  if (!skip_struct_header(r)) return "";
  return "pg_lease_ack(ruub " + span(r) + ")";
}

// MOSDPeeringOp::print: type(spg inner e<map epoch>/<min epoch>)
std::string peering(const char* name, const std::string& spgid, const std::string& inner, uint32_t e, uint32_t min) {
  return std::string(name) + "(" + spgid + " " + inner + " e" + std::to_string(e) + "/" + std::to_string(min) + ")";
}

// MOSDPing (v5): fsid, le32 map_epoch, u8 op, utime ping_stamp, le32 pad
// size, le32 up_from, mono ping and send stamps, optional delta_ub.
Out ping(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  r.skip(16);
  const uint32_t epoch = r.u32_("osd_ping.map_epoch");
  const uint8_t op = r.u8_("osd_ping.op");
  size_t at = r.pos();
  const Utime stamp = read_utime(r);
  r.text("osd_ping.ping_stamp", at, stamp.str());
  r.le32();
  const uint32_t up_from = r.u32_("osd_ping.up_from");
  const std::string mono_ping = span(r), mono_send = span(r);
  std::string s = std::string("osd_ping(") + (osd_ping_op_name(op) ? osd_ping_op_name(op) : "???") + " e" + std::to_string(epoch) +
                  " up_from " + std::to_string(up_from) + " ping_stamp " + stamp.str() + "/" + mono_ping +
                  " send_stamp " + mono_send;
  if (r.u8()) s += " delta_ub " + span(r);
  if (!r.ok() || m.version < 5) return undecoded(why, "osd_ping", r.pos());
  return s + ")";
}

// MOSDRepOp and its reply, as Ceph logs them before the final decode:
// le32 map_epoch, le32 min_epoch, blkin trace, reqid, spg_t.
Out repop(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint32_t e = r.u32_("pg.epoch"), min = r.u32_("pg.min_epoch");
  r.skip(24);
  size_t at = r.pos();
  const std::string id = reqid(r);
  r.text("osd_repop.reqid", at, id);
  at = r.pos();
  const std::string pgid = spg_at(r);
  r.text("pg.pgid", at, pgid);
  if (!r.ok() || m.version < 2) return undecoded(why, msg_type_label(m.type).c_str(), r.pos());
  return msg_type_label(m.type) + "(" + id + " " + pgid + " e" + std::to_string(e) + "/" + std::to_string(min) + ")";
}

// MOSDPGQuery2: spg_t, pg_query_t (v3: le32 type, since, history, le32
// epoch_sent, s8 to, s8 from).
Out query2(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const std::string pgid = spg_field(r);
  auto h = read_struct_header(r);
  const int32_t type = int32_t(r.le32());
  const std::string since = ev(r);
  history(r);
  const uint32_t sent = r.u32_("pg.epoch");
  const char* name = type == 0 ? "info" : type == 1 ? "log" : type == 3 ? "fulllog" : type == 4 ? "missing" : "???";
  if (!h || !r.ok() || type == 1) return undecoded(why, "pg_query2", r.pos());  // a log query prints its history
  return peering("pg_query2", pgid,
                 pgid + " query(" + name + " " + since + " epoch_sent " + std::to_string(sent) + ")", sent, sent);
}

// MOSDPGNotify2: spg_t, pg_notify_t (v3: le32 query_epoch, le32 epoch_sent,
// pg_info_t, s8 to, s8 from, PastIntervals).
Out notify2(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const std::string pgid = spg_field(r);
  auto h = read_struct_header(r);
  const uint32_t query = r.u32_("pg.min_epoch"), sent = r.u32_("pg.epoch");
  const std::string i = info(r);
  const int8_t to = int8_t(r.u8()), from = int8_t(r.u8());
  const std::string pi = past_intervals(r);
  if (!h || h->version < 3 || !r.ok()) return undecoded(why, "pg_notify2", r.pos());
  std::string n = "(query:" + std::to_string(query) + " sent:" + std::to_string(sent) + " " + i;
  if (from >= 0 || to >= 0) n += " " + std::to_string(uint8_t(from)) + "->" + std::to_string(uint8_t(to));
  return peering("pg_notify2", pgid, pgid + " " + n + " " + pi + ")", sent, query);
}

// MOSDPGInfo2: spg_t, le32 epoch, le32 min_epoch, pg_info_t, optional lease,
// optional lease ack.
Out info2(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const std::string pgid = spg_field(r);
  const uint32_t e = r.u32_("pg.epoch"), min = r.u32_("pg.min_epoch");
  const std::string inner = pgid + " " + info(r);
  // (the lease and its ack it carries are not in Ceph's text)
  if (r.u8()) lease(r);
  if (r.u8()) lease_ack(r);
  if (!r.ok()) return undecoded(why, "pg_info2", r.pos());
  return peering("pg_info2", pgid, inner, e, min);
}

// MOSDPGLog (v6): le32 epoch, pg_info_t, pg_log_t, pg_missing_t, le32
// query_epoch, PastIntervals, s8 to, s8 from, optional lease. Its name in
// the log is "PGlog".
Out pg_log(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint32_t e = r.u32_("pg.epoch");
  ByteReader at_info = r;
  info(r);
  // the info's pgid, for the spg the message names (with `to` as its shard)
  read_struct_header(at_info);
  const Pg pgid = read_pg(at_info);
  // pg_log_t: ENCODE_START { head, tail, list of entries, can_rollback_to, ... }
  auto lh = read_struct_header(r);
  if (!lh) return undecoded(why, "PGlog", r.pos());
  const size_t log_end = r.pos() + lh->length;
  const std::string head = ev(r), tail = ev(r);
  const uint32_t entries = r.le32();
  for (uint32_t i = 0; i < entries && r.ok(); ++i) skip_struct(r);
  const std::string crt = ev(r);
  if (!r.ok() || r.pos() > log_end) return undecoded(why, "PGlog", r.pos());
  r.skip(log_end - r.pos());
  skip_struct(r);  // pg_missing_t
  const uint32_t query = r.u32_("pg.min_epoch");
  const std::string pi = past_intervals(r);
  const int8_t to = int8_t(r.u8());
  r.u8();
  std::string inner = "log log((" + tail + "," + head + "], crt=" + crt + ") pi " + pi;
  if (m.version >= 6 && r.u8()) inner += " " + lease(r);
  if (!r.ok() || m.version < 6) return undecoded(why, "PGlog", r.pos());
  return peering("PGlog", spg(pgid.pool, pgid.seed, to), inner, e, query);
}

// MOSDPGLease: le32 epoch, spg_t, pg_lease_t; the ack: le32 epoch, spg_t,
// pg_lease_ack_t.
Out lease_msg(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  const uint32_t e = r.u32_("pg.epoch");
  const std::string pgid = spg_field(r);
  const bool ack = m.type == kMsgOsdPgLeaseAck;
  const std::string l = ack ? lease_ack(r) : lease(r);
  if (!r.ok()) return undecoded(why, ack ? "pg_lease_ack" : "pg_lease", r.pos());
  return peering(ack ? "pg_lease_ack" : "pg_lease", pgid, l, e, e);
}

}  // namespace

Printer peering_printer(uint16_t type) {
  switch (type) {
    case kMsgOsdPing: return ping;
    case kMsgOsdRepOp:
    case kMsgOsdRepOpReply: return repop;
    case kMsgOsdPgQuery2: return query2;
    case kMsgOsdPgNotify2: return notify2;
    case kMsgOsdPgInfo2: return info2;
    case kMsgOsdPgLog: return pg_log;
    case kMsgOsdPgLease:
    case kMsgOsdPgLeaseAck: return lease_msg;
    default: return nullptr;
  }
}

}  // namespace cephwire::messages::text
