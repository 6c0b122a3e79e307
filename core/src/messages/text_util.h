// How Ceph prints the values its messages hold (its operator<< for each type),
// and readers for the small encoded types that several fronts share.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cephwire/bytes.h"
#include "cephwire/entity.h"
#include "cephwire/messages/encoding.h"

namespace cephwire::messages::text {

// cpp_strerror(r): "(2) No such file or directory" (glibc's English text).
std::string errno_text(int r);
// The errno's symbolic name ("ENOENT"), or nullptr.
const char* errno_name(int r);
// utime_t: "2026-12-02T10:17:38.978888+0000" (UTC); under ten years of
// seconds, a relative time "12.000500".
std::string utime(uint32_t sec, uint32_t nsec);
// eversion_t: "7'2".
std::string eversion(uint32_t epoch, uint64_t version);
// pg_t: "1.6" (pool, seed in hex); spg_t adds "s2" for a shard.
std::string pg(int64_t pool, uint32_t seed);
std::string spg(int64_t pool, uint32_t seed, int8_t shard);
// entity_addrvec_t: one address alone, several in brackets, none as nothing.
std::string addrvec(const EntityAddrvec& v);
// ceph_osd_flag_string(): "ondisk+write+known_if_redirected", "-" for none.
std::string osd_flags(uint32_t flags);
std::string hex(uint64_t v);

// Encoded pieces.
struct Pg {
  int64_t pool = 0;
  uint32_t seed = 0;
  int32_t preferred = -1;
};
// pg_t: u8 1, le64 pool, le32 seed, le32 preferred.
Pg read_pg(ByteReader& r);
// spg_t: ENCODE_START(1, 1) { pg_t, s8 shard }.
Pg read_spg(ByteReader& r, int8_t* shard);
struct Utime {
  uint32_t sec = 0, nsec = 0;
  std::string str() const { return utime(sec, nsec); }
};
inline Utime read_utime(ByteReader& r) {
  Utime t;
  t.sec = r.le32();
  t.nsec = r.le32();
  return t;
}
Uuid read_uuid(ByteReader& r);

// Ceph's map printing: "{k=v,k=v}"; vector: "[a,b]".
template <class It, class F>
std::string joined(It b, It e, F f, const char* open, const char* close) {
  std::string s = open;
  for (It i = b; i != e; ++i) s += (i == b ? "" : ",") + f(*i);
  return s + close;
}

}  // namespace cephwire::messages::text
