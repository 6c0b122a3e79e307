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
// The same, recorded.
std::string ev_(FieldReader& r, const char* name) {
  const size_t at = r.pos();
  std::string s = ev(r);
  r.text(name, at, s);
  return s;
}
std::string span_(FieldReader& r, const char* name) {
  const size_t at = r.pos();
  std::string s = span(r);
  r.text(name, at, s);
  return s;
}
uint32_t epoch_(FieldReader& r, const char* name) { return r.u32_(name); }
int8_t s8_(FieldReader& r, const char* name) {
  const size_t at = r.pos();
  const int8_t v = int8_t(r.u8());
  r.sint(name, at, v);
  return v;
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

// The rest of a struct, to its end (false: its fields ran past it).
bool to_end(ByteReader& r, size_t end) {
  if (!r.ok() || r.pos() > end) return r.fail(), false;
  return r.skip(end - r.pos());
}

// pg_history_t (v10): its operator<< shows epochs and the prior lease bound.
std::string history(FieldReader& r, uint32_t* epoch_created = nullptr) {
  r.open("pg_history", r.pos(), "");
  auto h = read_struct_header(r);
  if (!h || h->version < 10) r.fail();
  const size_t end = r.pos() + (h ? h->length : 0);
  const uint32_t created = epoch_(r, "pg_history.epoch_created");
  const uint32_t les = epoch_(r, "pg_history.last_epoch_started");
  const uint32_t lec = epoch_(r, "pg_history.last_epoch_clean");
  epoch_(r, "pg_history.last_epoch_split");
  const uint32_t sis = epoch_(r, "pg_history.same_interval_since");
  epoch_(r, "pg_history.same_up_since");
  epoch_(r, "pg_history.same_primary_since");
  ev_(r, "pg_history.last_scrub");
  utime_(r, "pg_history.last_scrub_stamp");
  ev_(r, "pg_history.last_deep_scrub");
  utime_(r, "pg_history.last_deep_scrub_stamp");
  utime_(r, "pg_history.last_clean_scrub_stamp");
  const uint32_t full = epoch_(r, "pg_history.last_epoch_marked_full");
  const uint32_t lis = epoch_(r, "pg_history.last_interval_started");
  const uint32_t lic = epoch_(r, "pg_history.last_interval_clean");
  const uint32_t pool_created = epoch_(r, "pg_history.epoch_pool_created");
  ByteReader at_pruub = r;
  const uint64_t pruub = at_pruub.le64();  // (both halves: zero is no bound)
  const std::string ub = span_(r, "pg_history.prior_readable_until_ub");
  to_end(r, end);
  r.close();
  if (!r.ok()) return "";
  std::string s = "ec=" + std::to_string(created) + "/" + std::to_string(pool_created) + " lis/c=" + std::to_string(lis) +
                  "/" + std::to_string(lic) + " les/c/f=" + std::to_string(les) + "/" + std::to_string(lec) + "/" +
                  std::to_string(full) + " sis=" + std::to_string(sis);
  if (pruub) s += " pruub=" + ub;
  r.label(s);
  if (epoch_created) *epoch_created = created;
  return s;
}

// pg_stat_t: its version and the object counts of its stats' sum, after the
// fixed fields before them; the rest is skipped by the struct's length.
int64_t pg_stats(FieldReader& r) {
  r.open("pg_info.stats", r.pos(), "");
  auto st = read_struct_header(r);
  const size_t st_end = r.pos() + (st ? st->length : 0);
  ev_(r, "pg_stat.version");
  r.u64_("pg_stat.reported_seq");
  r.u32_("pg_stat.reported_epoch");
  r.skip(4 + 12 + 12 + 4 + 4 + 17 + 4 + 12 + 8);
  auto coll = read_struct_header(r);
  auto sum = read_struct_header(r);
  const uint64_t bytes = r.u64_("pg_stat.num_bytes");
  const int64_t objects = int64_t(r.u64_("pg_stat.num_objects"));
  if (!st || !coll || !sum) r.fail();
  to_end(r, st_end);
  r.close();
  r.label(std::to_string(objects) + " objects, " + std::to_string(bytes) + " bytes");
  return objects;
}

// pg_info_t (v32), as its operator<< shows it.
std::string info(FieldReader& r) {
  r.open("pg_info", r.pos(), "");
  auto h = read_struct_header(r);
  if (!h || h->version < 32) r.fail();
  const size_t end = r.pos() + (h ? h->length : 0);
  size_t at = r.pos();
  const Pg pgid = read_pg(r);
  r.text("pg_info.pgid", at, pg(pgid.pool, pgid.seed));
  at = r.pos();
  const uint64_t lu_v = r.le64();
  const uint32_t lu_e = r.le32();
  r.text("pg_info.last_update", at, eversion(lu_e, lu_v));
  at = r.pos();
  const uint64_t lc_v = r.le64();
  const uint32_t lc_e = r.le32();
  r.text("pg_info.last_complete", at, eversion(lc_e, lc_v));
  const std::string tail = ev_(r, "pg_info.log_tail");
  if (!skip_struct(r)) r.fail();  // the old last_backfill
  const int64_t objects = pg_stats(r);
  uint32_t created = 0;
  const std::string hist = history(r, &created);
  // purged_snaps: interval_set<snapid_t> (le32 count, pairs of le64)
  const uint32_t purged = r.u32_("pg_info.purged_snaps");
  r.skip(size_t(purged) * 16);
  const uint32_t les = epoch_(r, "pg_info.last_epoch_started");
  r.u64_("pg_info.last_user_version");
  if (!skip_struct(r)) r.fail();  // hit_set history
  s8_(r, "pg_info.shard");
  // last_backfill: hobject_t, whose max flag says "complete"
  at = r.pos();
  auto lb = read_struct_header(r);
  const size_t lb_end = r.pos() + (lb ? lb->length : 0);
  r.blob();  // key
  const std::string oid = r.string();
  r.le64();  // snap
  r.le32();  // hash
  const bool max = r.u8() != 0;
  if (!lb) r.fail();
  to_end(r, lb_end);
  r.text("pg_info.last_backfill", at, max ? "MAX" : oid);
  r.u8_("pg_info.last_backfill_bitwise");
  const uint32_t lis = epoch_(r, "pg_info.last_interval_started");
  to_end(r, end);
  r.close();
  if (!r.ok()) return "";
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
  s += " local-lis/les=" + std::to_string(lis) + "/" + std::to_string(les) + " n=" + std::to_string(objects) + " " + hist + ")";
  r.label(s);
  return s;
}

// PastIntervals: ENCODE_START(1, 1) { u8 type (2: the compact form) and it:
// ENCODE_START(1, 1) { le32 first, le32 last, set<pg_shard_t>, list<...> } }.
std::string past_intervals(FieldReader& r) {
  r.open("past_intervals", r.pos(), "");
  auto h = read_struct_header(r);
  const size_t end = r.pos() + (h ? h->length : 0);
  const uint8_t type = r.u8_("past_intervals.type");
  if (!h) r.fail();
  if (type == 0) {
    to_end(r, end);
    r.close();
    r.label("(empty)");
    return r.ok() ? "(empty)" : "";
  }
  auto c = read_struct_header(r);
  const uint32_t first = epoch_(r, "past_intervals.first");
  const uint32_t last = epoch_(r, "past_intervals.last");
  size_t at = r.pos();
  const uint32_t participants = r.le32();
  std::vector<std::string> shards;
  for (uint32_t i = 0; i < participants && r.ok(); ++i) {
    auto sh = read_struct_header(r);
    const int32_t osd = int32_t(r.le32());
    const int8_t shard = int8_t(r.u8());
    if (!sh) r.fail();
    shards.push_back(shard < 0 ? std::to_string(osd) : std::to_string(osd) + "(" + std::to_string(shard) + ")");
  }
  const std::string all = joined(shards.begin(), shards.end(), [](const std::string& s) { return s; }, "{", "}");
  r.text("past_intervals.participants", at, all);
  const uint32_t intervals = r.u32_("past_intervals.intervals");
  if (type != 2 || !c || intervals != 0) r.fail();  // intervals are not printed here
  to_end(r, end);
  r.close();
  if (!r.ok()) return "";
  std::string s = "([" + std::to_string(first) + "," + std::to_string(last) + "] all_participants=" + all + " intervals=[])";
  r.label(s);
  return s;
}

std::string lease(FieldReader& r) {
  r.open("pg_lease", r.pos(), "");
  if (!skip_struct_header(r)) r.fail();
  const std::string ru = span_(r, "pg_lease.readable_until");
  const std::string ub = span_(r, "pg_lease.readable_until_ub");
  const std::string in = span_(r, "pg_lease.interval");
  r.close();
  if (!r.ok()) return "";
  std::string s = "pg_lease(ru " + ru + " ub " + ub + " int " + in + ")";
  r.label(s);
  return s;
}

std::string lease_ack(FieldReader& r) {
  r.open("pg_lease_ack", r.pos(), "");
  if (!skip_struct_header(r)) r.fail();
  const std::string ub = span_(r, "pg_lease_ack.readable_until_ub");
  r.close();
  if (!r.ok()) return "";
  std::string s = "pg_lease_ack(ruub " + ub + ")";
  r.label(s);
  return s;
}

// MOSDPeeringOp::print: type(spg inner e<map epoch>/<min epoch>)
std::string peering(const char* name, const std::string& spgid, const std::string& inner, uint32_t e, uint32_t min) {
  return std::string(name) + "(" + spgid + " " + inner + " e" + std::to_string(e) + "/" + std::to_string(min) + ")";
}

// MOSDPing (v5): fsid, le32 map_epoch, u8 op, utime ping_stamp, le32 pad
// size, le32 up_from, mono ping and send stamps, optional delta_ub.
Out ping(const TextInput& m, std::string* why, DecodedFields* f) {
  FieldReader r(m.front, f);
  uuid_(r, "osd_ping.fsid");
  const uint32_t epoch = r.u32_("osd_ping.map_epoch");
  const uint8_t op = r.u8_("osd_ping.op");
  const Utime stamp = utime_(r, "osd_ping.ping_stamp");
  r.u32_("osd_ping.padding");  // zero bytes at the end, up to the minimum message size
  const uint32_t up_from = r.u32_("osd_ping.up_from");
  const std::string mono_ping = span_(r, "osd_ping.ping_stamp_mono"), mono_send = span_(r, "osd_ping.send_stamp");
  std::string s = std::string("osd_ping(") + (osd_ping_op_name(op) ? osd_ping_op_name(op) : "???") + " e" + std::to_string(epoch) +
                  " up_from " + std::to_string(up_from) + " ping_stamp " + stamp.str() + "/" + mono_ping +
                  " send_stamp " + mono_send;
  if (r.u8()) s += " delta_ub " + span_(r, "osd_ping.delta_ub");
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
  const int32_t type = r.s32_("pg_query.type");
  const std::string since = ev_(r, "pg_query.since");
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
  const int8_t to = s8_(r, "pg.to"), from = s8_(r, "pg.from");
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
  const std::string head = ev_(r, "pg_log.head"), tail = ev_(r, "pg_log.tail");
  const uint32_t entries = r.u32_("pg_log.entries");
  for (uint32_t i = 0; i < entries && r.ok(); ++i) skip_struct(r);
  const std::string crt = ev_(r, "pg_log.can_rollback_to");
  if (!r.ok() || r.pos() > log_end) return undecoded(why, "PGlog", r.pos());
  r.skip(log_end - r.pos());
  skip_struct(r);  // pg_missing_t
  const uint32_t query = r.u32_("pg.min_epoch");
  const std::string pi = past_intervals(r);
  const int8_t to = s8_(r, "pg.to");
  s8_(r, "pg.from");
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
