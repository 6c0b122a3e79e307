// How Ceph prints the values its messages hold (its operator<< for each type),
// and readers for the small encoded types that several fronts share.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cephwire/bytes.h"
#include "cephwire/entity.h"
#include "cephwire/messages/ceph_text.h"
#include "cephwire/messages/encoding.h"

namespace cephwire::messages::text {

// cpp_strerror(r): "(2) No such file or directory" (glibc's English text).
std::string errno_text(int r);
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
// A versioned struct's header (the reader fails without one), or all of it.
bool skip_struct_header(ByteReader& r);
bool skip_struct(ByteReader& r);

// A ByteReader that also records what it reads as decoded fields (when asked
// for them): each on the bytes from where it began to where the reader is.
class FieldReader : public ByteReader {
 public:
  // section: what the fields' offsets count from (0 the front, 2 the data).
  FieldReader(Bytes b, DecodedFields* out, uint8_t section = 0) : ByteReader(b), out_(out), section_(section) {}
  void uint(const char* name, size_t from, uint64_t v) { add(name, from, ValueKind::Uint).u = v; }
  void sint(const char* name, size_t from, int64_t v) { add(name, from, ValueKind::Int).i = v; }
  void err(const char* name, size_t from, int64_t v) { add(name, from, ValueKind::Errno).i = v; }
  void flags(const char* name, size_t from, uint64_t v) { add(name, from, ValueKind::OsdFlags).u = v; }
  void text(const char* name, size_t from, std::string v) { add(name, from, ValueKind::Text).text = std::move(v); }
  // Read and record.
  uint8_t u8_(const char* name) { return take(name, u8()); }
  uint16_t u16_(const char* name) { return take(name, le16()); }
  uint32_t u32_(const char* name) { return take(name, le32()); }
  uint64_t u64_(const char* name) { return take(name, le64()); }
  int32_t s32_(const char* name) {
    const size_t at = pos();
    const int32_t v = int32_t(le32());
    sint(name, at, v);
    return v;
  }
  std::string str_(const char* name) {
    const size_t at = pos();
    std::string v = string();
    text(name, at, v);
    return v;
  }
  // A group from `from` on: the fields recorded until close() are its.
  void open(const char* name, size_t from, std::string label) {
    if (!out_) return;
    add(name, from, ValueKind::Group).text = std::move(label);
    // A group not recorded (the reader had failed) is still closed once.
    open_.push_back(last_ok_ ? out_->size() - 1 : kNotRecorded);
    ++depth_;
  }
  void close() {
    if (!out_ || open_.empty()) return;
    closed_ = open_.back();
    open_.pop_back();
    --depth_;
    if (closed_ == kNotRecorded) return;
    DecodedField& g = (*out_)[closed_];
    g.len = uint32_t(pos() - g.off);
  }
  // The field recorded last (when recording).
  DecodedField& fields_back() {
    thread_local DecodedField sink;
    return out_ && last_ok_ && !out_->empty() ? out_->back() : sink = DecodedField{};
  }
  // What the group close() ended last says (its value too, unless given).
  void label(std::string label, std::string value = {}) {
    if (!out_ || closed_ >= out_->size()) return;
    DecodedField& g = (*out_)[closed_];
    g.text = value.empty() ? label : std::move(value);
    if (g.text != label) g.label = std::move(label);
  }

 private:
  template <class T>
  T take(const char* name, T v) {
    uint(name, pos() - sizeof(T), v);
    return v;
  }
  DecodedField& add(const char* name, size_t from, ValueKind k) {
    thread_local DecodedField sink;
    last_ok_ = out_ && ok();
    if (!last_ok_) return sink = DecodedField{};
    out_->push_back(DecodedField{name, uint32_t(from), uint32_t(pos() - from), depth_, k, 0, 0, {}, {}, section_});
    return out_->back();
  }
  static constexpr size_t kNotRecorded = size_t(-1);
  DecodedFields* out_;
  std::vector<size_t> open_;
  size_t closed_ = size_t(-1);
  uint8_t depth_ = 0;
  uint8_t section_ = 0;
  bool last_ok_ = false;  // the last field asked for was recorded
};

// Read and record: a utime_t (as Ceph prints it), a uuid, a blob's length.
inline Utime utime_(FieldReader& r, const char* name) {
  const size_t at = r.pos();
  const Utime t = read_utime(r);
  r.text(name, at, t.str());
  return t;
}
inline std::string uuid_(FieldReader& r, const char* name) {
  const size_t at = r.pos();
  std::string s = uuid_to_string(read_uuid(r));
  r.text(name, at, s);
  return s;
}
inline uint32_t blob_len_(FieldReader& r, const char* name) {
  const size_t at = r.pos();
  const uint32_t n = uint32_t(r.blob().size());
  r.uint(name, at, n);
  return n;
}

// PaxosServiceMessage's header, its version recorded as "paxos.version".
inline uint64_t paxos_version(FieldReader& r) {
  const size_t at = r.pos();
  const PaxosHeader p = PaxosHeader::decode(r);
  r.uint("paxos.version", at, p.version);
  return p.version;
}

// Ceph's map printing: "{k=v,k=v}"; vector: "[a,b]".
template <class It, class F>
std::string joined(It b, It e, F f, const char* open, const char* close) {
  std::string s = open;
  for (It i = b; i != e; ++i) {
    if (i != b) s += ',';
    s += f(*i);
  }
  return s + close;
}

}  // namespace cephwire::messages::text
