#include "cephwire/messages/osd_op.h"

#include <cstdio>
#include <cstring>

#include "cephwire/messages/encoding.h"
#include "text_util.h"

namespace cephwire::messages {
namespace {

OsdOp read_op(ByteReader& r) {
  OsdOp o;
  o.op = r.le16();
  o.flags = r.le32();
  Bytes a = r.bytes(o.args.size());
  if (r.ok()) std::memcpy(o.args.data(), a.data(), a.size());
  o.payload_len = r.le32();
  return o;
}

void write_op(ByteBuffer& b, const OsdOp& o) {
  b.encode_16(o.op);
  b.encode_32(o.flags);
  b.append(o.args.data(), o.args.size());
  b.encode_32(o.payload_len);
}

// pg_t (text_util.h reads it, for the texts too).
void read_pg(ByteReader& r, int64_t& pool, uint32_t& seed, int32_t& preferred) {
  const text::Pg p = text::read_pg(r);
  pool = p.pool;
  seed = p.seed;
  preferred = p.preferred;
}

void write_pg(ByteBuffer& b, int64_t pool, uint32_t seed, int32_t preferred) {
  b.encode_8(1);
  b.encode_64(uint64_t(pool));
  b.encode_32(seed);
  b.encode_32(uint32_t(preferred));
}

void fail(std::string* why, const std::string& what) {
  if (why) *why = what;
}

// object_locator_t; false when its header does not read.
bool read_locator(ByteReader& r, ObjectLocator& l, Spans* spans) {
  auto lh = read_struct_header(r);
  if (!lh) return false;
  const size_t end = r.pos() + lh->length;
  l.version = lh->version;
  l.compat = lh->compat;
  l.pool = int64_t(r.le64());
  l.preferred = int32_t(r.le32());
  l.key = r.string();
  if (lh->version >= 5) {
    const size_t at = r.pos();
    l.nspace = r.string();
    mark(spans, "nspace", at, r);
  }
  if (lh->version >= 6) l.hash = int64_t(r.le64());
  if (r.ok() && r.pos() != end) r.fail();
  return true;
}

void write_locator(ByteBuffer& b, const ObjectLocator& l) {
  const size_t at = begin_struct(b, l.version, l.compat);
  b.encode_64(uint64_t(l.pool));
  b.encode_32(uint32_t(l.preferred));
  b.encode_string(l.key);
  if (l.version >= 5) b.encode_string(l.nspace);
  if (l.version >= 6) b.encode_64(uint64_t(l.hash));
  finish_struct(b, at);
}

}  // namespace

std::string osd_op_name_or_code(uint16_t op) {
  if (const char* n = osd_op_name(op)) return n;
  char b[16];
  std::snprintf(b, sizeof b, "op 0x%04x", op);
  return b;
}

const char* osd_op_name(uint16_t op) {
  switch (op) {
    case kOsdOpRead: return "read";
    case kOsdOpStat: return "stat";
    case 0x1203: return "mapext";
    case 0x1204: return "masktrunc";
    case 0x1205: return "sparse-read";
    case 0x1206: return "notify";
    case 0x1207: return "notify-ack";
    case 0x1208: return "assert-version";
    case 0x1209: return "list-watchers";
    case 0x120a: return "list-snaps";
    case kOsdOpWrite: return "write";
    case kOsdOpWriteFull: return "writefull";
    case 0x2203: return "truncate";
    case 0x2204: return "zero";
    case kOsdOpDelete: return "delete";
    case 0x2206: return "append";
    case 0x2208: return "settrunc";
    case 0x2209: return "trimtrunc";
    case 0x220d: return "create";
    case kOsdOpCopyFrom: return "copy-from";
    case kOsdOpPgls: return "pgls";
    case kOsdOpPgnls: return "pgnls";
    case kOsdOpCopyFrom2: return "copy-from2";
    case 0x220e: return "rollback";
    case 0x220f: return "watch";
    case 0x1301: return "getxattr";
    case 0x1302: return "getxattrs";
    case 0x1303: return "cmpxattr";
    case 0x2301: return "setxattr";
    case 0x2302: return "setxattrs";
    case 0x2303: return "resetxattrs";
    case 0x2304: return "rmxattr";
    case 0x1401: return "call";
    // rados.h: the omap ops are data ops (__CEPH_OSD_OP(RD|WR, DATA, 17..25, 44)).
    case 0x1211: return "omap-get-keys";
    case 0x1212: return "omap-get-vals";
    case 0x1213: return "omap-get-header";
    case 0x1214: return "omap-get-vals-by-keys";
    case 0x2215: return "omap-set-vals";
    case 0x2216: return "omap-set-header";
    case 0x2217: return "omap-clear";
    case 0x2218: return "omap-rm-keys";
    case 0x1219: return "omap-cmp";
    case 0x222c: return "omap-rm-key-range";
    case 0x121f: return "checksum";
    case 0x120b: return "sync_read";
    case 0x2207: return "startsync";
    case 0x320a: return "tmapup";
    case 0x220b: return "tmapput";
    case 0x120c: return "tmapget";
    case 0x221c: return "undirty";
    case 0x121d: return "isdirty";
    case 0x121e: return "copy-get";
    case 0x821f: return "cache-flush";
    case 0x8220: return "cache-evict";
    case 0x8221: return "cache-try-flush";
    case 0x3222: return "tmap2omap";
    case 0x2223: return "set-alloc-hint";
    case 0x2224: return "cache-pin";
    case 0x2225: return "cache-unpin";
    case 0x2226: return "write-same";
    case 0x1220: return "cmpext";
    case 0x2227: return "set-redirect";
    case 0x8228: return "set-chunk";
    case 0x2229: return "tier-promote";
    case 0x222a: return "unset-manifest";
    case 0x822b: return "tier-flush";
    case 0x822c: return "tier-evict";
    case 0x1502: return "pgls-filter";
    case 0x1503: return "pg-hitset-ls";
    case 0x1504: return "pg-hitset-get";
    case 0x1506: return "pgnls-filter";
    case 0x1507: return "scrubls";
    default: return nullptr;
  }
}

std::optional<MOSDOp> MOSDOp::decode(uint16_t version, Bytes front, std::string* why, Spans* spans) {
  if (version != kVersion && version != kVersionOtel) {
    if (why)
      *why = "osd_op version " + std::to_string(version) +
             " (versions 8, Luminous to Reef, and 9, Squid and later, are understood)";
    return std::nullopt;
  }
  ByteReader r(front);
  MOSDOp m;
  m.version = version;
  auto spg = read_struct_header(r);
  if (spg) {
    size_t end = r.pos() + spg->length;
    read_pg(r, m.pool, m.seed, m.preferred);
    m.shard = int8_t(r.u8());
    if (r.ok() && r.pos() != end) r.fail();
  }
  mark(spans, "pg", 0, r);
  m.hash = r.le32();
  size_t at = r.pos();
  m.osdmap_epoch = r.le32();
  mark(spans, "epoch", at, r);
  m.flags = r.le32();
  auto rh = read_struct_header(r);
  if (rh) {
    size_t end = r.pos() + rh->length;
    Bytes n = r.bytes(EntityName::kSize);
    if (r.ok()) m.reqid_name = EntityName::decode(n.data());
    m.reqid_tid = r.le64();
    m.reqid_inc = int32_t(r.le32());
    if (r.ok() && r.pos() != end) r.fail();
  }
  Bytes t = r.bytes(m.trace.size());
  if (r.ok()) std::memcpy(m.trace.data(), t.data(), t.size());
  bool otel_ok = true;
  if (version >= kVersionOtel) {
    const size_t start = r.pos();
    auto oh = read_struct_header(r);
    if (oh) r.bytes(oh->length);
    otel_ok = oh.has_value() && r.ok();
    if (otel_ok) {
      Bytes whole = front.subspan(start, r.pos() - start);
      m.otel_trace.assign(whole.begin(), whole.end());
    }
  }
  m.client_inc = int32_t(r.le32());
  m.mtime_sec = r.le32();
  m.mtime_nsec = r.le32();
  const size_t oloc_at = r.pos();
  const bool lh = read_locator(r, m.oloc, spans);
  mark(spans, "oloc", oloc_at, r);
  at = r.pos();
  m.oid = r.string();
  mark(spans, "oid", at, r);
  uint16_t nops = r.le16();
  if (size_t(nops) * OsdOp::kSize > r.remaining()) r.fail();
  for (uint16_t i = 0; i < nops && r.ok(); ++i) {
    at = r.pos();
    m.ops.push_back(read_op(r));
    mark(spans, "op", at, r);
  }
  m.snapid = r.le64();
  m.snap_seq = r.le64();
  uint32_t nsnaps = r.le32();
  if (size_t(nsnaps) * 8 > r.remaining()) r.fail();
  for (uint32_t i = 0; i < nsnaps && r.ok(); ++i) m.snaps.push_back(r.le64());
  m.retry_attempt = int32_t(r.le32());
  m.features = r.le64();
  if (!spg || !rh || !lh || !otel_ok || !r.ok()) {
    fail(why, "osd_op front does not decode as version " + std::to_string(version) + " (stopped at byte " +
                  std::to_string(r.pos()) + ")");
    return std::nullopt;
  }
  return m;
}

std::vector<uint8_t> MOSDOp::encode() const {
  ByteBuffer b;
  size_t at = begin_struct(b, 1, 1);
  write_pg(b, pool, seed, preferred);
  b.encode_8(uint8_t(shard));
  finish_struct(b, at);
  b.encode_32(hash);
  b.encode_32(osdmap_epoch);
  b.encode_32(flags);
  at = begin_struct(b, 2, 2);
  uint8_t n[EntityName::kSize];
  reqid_name.encode(n);
  b.append(n, sizeof n);
  b.encode_64(reqid_tid);
  b.encode_32(uint32_t(reqid_inc));
  finish_struct(b, at);
  b.append(trace.data(), trace.size());
  if (version >= kVersionOtel) {
    if (!otel_trace.empty()) {
      b.append(otel_trace.data(), otel_trace.size());
    } else {
      at = begin_struct(b, 1, 1);
      b.encode_8(0);  // not a valid span
      finish_struct(b, at);
    }
  }
  b.encode_32(uint32_t(client_inc));
  b.encode_32(mtime_sec);
  b.encode_32(mtime_nsec);
  write_locator(b, oloc);
  b.encode_string(oid);
  b.encode_16(uint16_t(ops.size()));
  for (auto& o : ops) write_op(b, o);
  b.encode_64(snapid);
  b.encode_64(snap_seq);
  b.encode_32(uint32_t(snaps.size()));
  for (uint64_t s : snaps) b.encode_64(s);
  b.encode_32(uint32_t(retry_attempt));
  b.encode_64(features);
  return b.take();
}

uint64_t MOSDOp::data_length() const {
  uint64_t n = 0;
  for (auto& o : ops) n += o.payload_len;
  return n;
}

std::optional<MOSDOpReply> MOSDOpReply::decode(uint16_t version, Bytes front, std::string* why, Spans* spans) {
  ByteReader r(front);
  MOSDOpReply m;
  m.oid = r.string();
  mark(spans, "oid", 0, r);
  size_t at = r.pos();
  read_pg(r, m.pool, m.seed, m.preferred);
  mark(spans, "pg", at, r);
  m.flags = r.le64();
  at = r.pos();
  m.result = int32_t(r.le32());
  mark(spans, "result", at, r);
  if (!r.ok()) {
    fail(why, "osd_op_reply front is truncated before its result (byte " + std::to_string(r.pos()) + ")");
    return std::nullopt;
  }
  m.bad_replay_version = r.le64();
  m.bad_replay_epoch = r.le32();
  m.osdmap_epoch = r.le32();
  uint32_t nops = r.le32();
  if (size_t(nops) * (OsdOp::kSize + 4) > r.remaining()) r.fail();
  for (uint32_t i = 0; i < nops && r.ok(); ++i) m.ops.push_back(read_op(r));
  m.retry_attempt = int32_t(r.le32());
  for (uint32_t i = 0; i < nops && r.ok(); ++i) m.rvals.push_back(int32_t(r.le32()));
  if (version >= 5) {
    m.replay_version = r.le64();
    m.replay_epoch = r.le32();
    m.user_version = r.le64();
  }
  if (version >= 7) m.do_redirect = r.u8() != 0;
  if (!r.ok()) {  // the result is what callers need; keep it
    m.ops.clear();
    m.rvals.clear();
  }
  return m;
}

std::vector<uint8_t> MOSDOpReply::encode() const {
  ByteBuffer b;
  b.encode_string(oid);
  write_pg(b, pool, seed, preferred);
  b.encode_64(flags);
  b.encode_32(uint32_t(result));
  b.encode_64(bad_replay_version);
  b.encode_32(bad_replay_epoch);
  b.encode_32(osdmap_epoch);
  b.encode_32(uint32_t(ops.size()));
  for (auto& o : ops) write_op(b, o);
  b.encode_32(uint32_t(retry_attempt));
  for (size_t i = 0; i < ops.size(); ++i) b.encode_32(uint32_t(i < rvals.size() ? rvals[i] : 0));
  b.encode_64(replay_version);
  b.encode_32(replay_epoch);
  b.encode_64(user_version);
  b.encode_8(0);  // no redirect
  uint8_t trace[24] = {};
  b.append(trace, sizeof trace);
  return b.take();
}

std::optional<PgListCursor> PgListCursor::decode(Bytes payload, std::string* why) {
  ByteReader r(payload);
  auto h = read_struct_header(r);
  PgListCursor c;
  if (h) {
    const size_t end = r.pos() + h->length;
    r.string();  // key
    r.string();  // oid
    r.le64();    // snap
    r.le32();    // hash
    r.u8();      // max
    if (h->version >= 2) r.string();  // nspace
    c.pool_offset = r.pos();
    if (h->version >= 2) c.pool = int64_t(r.le64());
    if (r.ok() && h->version >= 2 && r.pos() == end) return c;
  }
  fail(why, "pgls cursor does not decode as an hobject_t (stopped at byte " + std::to_string(r.pos()) + ")");
  return std::nullopt;
}

std::optional<CopyFromSource> CopyFromSource::decode(Bytes payload, std::string* why) {
  ByteReader r(payload);
  CopyFromSource c;
  c.oid = r.string();
  c.pool_offset = r.pos() + StructHeader::kSize;
  if (!read_locator(r, c.oloc, nullptr) || !r.ok()) {
    fail(why, "copy-from payload does not decode as an object name and locator (stopped at byte " +
                  std::to_string(r.pos()) + ")");
    return std::nullopt;
  }
  return c;
}

}  // namespace cephwire::messages
