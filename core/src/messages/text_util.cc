#include "text_util.h"

#include <cerrno>
#include <charconv>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <iterator>

namespace cephwire::messages::text {

std::string errno_text(int r) {
  const int e = r < 0 ? -r : r;
  // strerrordesc_np: glibc's English text whatever the locale (Wireshark sets
  // one from the environment; strerror would follow it).
  const char* d = strerrordesc_np(e);
  return "(" + std::to_string(e) + ") " + (d ? d : "Unknown error " + std::to_string(e));
}

}  // namespace cephwire::messages::text

namespace cephwire::messages {

const char* errno_name(int r) { return r == 0 ? nullptr : strerrorname_np(r < 0 ? -r : r); }

const char* osd_flag_name(unsigned bit) {
  // rados.h CEPH_OSD_FLAG_*, bit 0 up, as ceph_osd_flag_name() names them.
  static const char* const kNames[] = {
      "ack",          "onnvram",        "ondisk",         "retry",           "read",          "write",
      "ordersnap",    "peerstat_old",   "balance_reads",  "parallelexec",    "pgop",          "exec",
      "exec_public",  "localize_reads", "rwordered",      "ignore_cache",    "skiprwlocks",   "ignore_overlay",
      "flush",        "map_snap_clone", "enforce_snapc",  "redirected",      "known_if_redirected",
      "full_try",     "full_force",     "ignore_redirect", "returnvec",      "supports_pool_eio"};
  return bit < std::size(kNames) ? kNames[bit] : "???";
}

const char* osd_ping_op_name(unsigned op) {
  // MOSDPing::HEARTBEAT ... PING_REPLY, as get_op_name() names them.
  static const char* const kOps[] = {"heartbeat", "start_heartbeat", "you_died", "stop_heartbeat", "ping", "ping_reply"};
  return op < std::size(kOps) ? kOps[op] : nullptr;
}

}  // namespace cephwire::messages

namespace cephwire::messages::text {

std::string utime(uint32_t sec, uint32_t nsec) {
  char s[64];
  const uint32_t usec = nsec / 1000;
  if (sec < 60u * 60 * 24 * 365 * 10) {  // Ceph prints a small value as a relative time
    std::snprintf(s, sizeof s, "%u.%06u", sec, usec);
    return s;
  }
  const time_t t = time_t(sec);
  struct tm tm;
  gmtime_r(&t, &tm);
  std::snprintf(s, sizeof s, "%04d-%02d-%02dT%02d:%02d:%02d.%06u+0000", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, usec);
  return s;
}

std::string eversion(uint32_t epoch, uint64_t version) { return std::to_string(epoch) + "'" + std::to_string(version); }

std::string hex(uint64_t v) {
  char s[16];
  return std::string(s, std::to_chars(s, s + sizeof s, v, 16).ptr);
}

std::string pg(int64_t pool, uint32_t seed) { return std::to_string(pool) + "." + hex(seed); }

std::string spg(int64_t pool, uint32_t seed, int8_t shard) {
  return pg(pool, seed) + (shard >= 0 ? "s" + std::to_string(shard) : "");
}

std::string addrvec(const EntityAddrvec& v) {
  if (v.addrs.size() == 1) return v.addrs[0].to_string();
  if (v.addrs.empty()) return "";
  return v.to_string();
}

std::string osd_flags(uint32_t flags) {
  std::string s;
  for (unsigned i = 0; i < 32; ++i)
    if (flags & (1u << i)) s += (s.empty() ? "" : "+") + std::string(osd_flag_name(i));
  return s.empty() ? "-" : s;
}

Pg read_pg(ByteReader& r) {
  Pg p;
  if (r.u8() != 1) r.fail();
  p.pool = int64_t(r.le64());
  p.seed = r.le32();
  p.preferred = int32_t(r.le32());
  return p;
}

Pg read_spg(ByteReader& r, int8_t* shard) {
  auto h = read_struct_header(r);
  if (!h) {
    r.fail();
    return {};
  }
  const size_t end = r.pos() + h->length;
  Pg p = read_pg(r);
  *shard = int8_t(r.u8());
  if (r.ok() && r.pos() < end) r.skip(end - r.pos());
  return p;
}

bool skip_struct_header(ByteReader& r) {
  if (read_struct_header(r)) return true;
  r.fail();
  return false;
}

bool skip_struct(ByteReader& r) {
  auto h = read_struct_header(r);
  if (h && r.skip(h->length)) return true;
  r.fail();
  return false;
}

Uuid read_uuid(ByteReader& r) {
  Uuid u{};
  Bytes b = r.bytes(16);
  if (r.ok()) std::memcpy(u.data(), b.data(), 16);
  return u;
}

}  // namespace cephwire::messages::text
