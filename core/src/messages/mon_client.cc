#include "cephwire/messages/mon_client.h"

#include <cstring>

namespace cephwire::messages {
namespace {

std::vector<uint8_t> to_vec(Bytes b) { return {b.begin(), b.end()}; }

template <class T>
std::optional<T> done(const ByteReader& r, T v, std::string* why, const char* what) {
  if (r.ok()) return v;
  if (why) *why = std::string(what) + " is truncated at byte " + std::to_string(r.pos());
  return std::nullopt;
}

std::vector<std::string> read_strings(ByteReader& r, Spans* spans = nullptr, std::string_view field = {}) {
  std::vector<std::string> v;
  uint32_t n = r.le32();
  if (n > r.remaining() / 4) {  // each string takes at least its length
    r.fail();
    return v;
  }
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    const size_t at = r.pos();
    v.push_back(r.string());
    mark(spans, field, at, r);
  }
  return v;
}

// The auth payloads end with the same pair: the auth name and a global_id.
void read_identity(ByteReader& r, AuthName& name, uint64_t& global_id) {
  if (auto n = AuthName::decode(r)) name = *n;
  global_id = r.le64();
}

std::vector<uint8_t> write_identity(ByteBuffer&& o, const AuthName& name, uint64_t global_id) {
  name.encode(o);
  o.encode_64(global_id);
  return o.take();
}

// A leading struct version byte that must be 1.
bool version_one(const ByteReader& r, uint8_t v, const char* what, std::string* why) {
  if (!r.ok() || v == 1) return true;
  if (why) *why = std::string(what) + " has version " + std::to_string(v) + ", expected 1";
  return false;
}

void write_strings(ByteBuffer& o, const std::vector<std::string>& v) {
  o.encode_32(uint32_t(v.size()));
  for (auto& s : v) o.encode_string(s);
}

}  // namespace

std::optional<MAuth> MAuth::decode(Bytes front, std::string* why, Spans* spans) {
  ByteReader r(front);
  MAuth m;
  m.paxos = PaxosHeader::decode(r);
  size_t at = r.pos();
  m.protocol = r.le32();
  mark(spans, "protocol", at, r);
  at = r.pos();
  m.auth_payload = to_vec(r.blob());
  mark(spans, "auth_payload", at, r);
  m.monmap_epoch = r.le32();
  return done(r, std::move(m), why, "auth front");
}

std::vector<uint8_t> MAuth::encode() const {
  ByteBuffer o;
  paxos.encode(o);
  o.encode_32(protocol);
  o.encode_blob(auth_payload);
  o.encode_32(monmap_epoch);
  return o.take();
}

std::optional<MAuthReply> MAuthReply::decode(Bytes front, std::string* why) {
  ByteReader r(front);
  MAuthReply m;
  m.protocol = r.le32();
  m.result = int32_t(r.le32());
  m.global_id = r.le64();
  m.result_bl = to_vec(r.blob());
  m.result_msg = r.string();
  return done(r, std::move(m), why, "auth_reply front");
}

std::vector<uint8_t> MAuthReply::encode() const {
  ByteBuffer o;
  o.encode_32(protocol);
  o.encode_32(uint32_t(result));
  o.encode_64(global_id);
  o.encode_blob(result_bl);
  o.encode_string(result_msg);
  return o.take();
}

std::optional<AuthInitialRequest> AuthInitialRequest::decode(Bytes payload, std::string* why) {
  ByteReader r(payload);
  AuthInitialRequest a;
  uint8_t v = r.u8();
  a.methods = r.u32_vector();
  read_identity(r, a.name, a.global_id);
  if (!version_one(r, v, "auth request payload", why)) return std::nullopt;
  return done(r, std::move(a), why, "auth request payload");
}

std::vector<uint8_t> AuthInitialRequest::encode() const {
  ByteBuffer o;
  o.encode_8(1);
  o.encode_u32_vector(methods);
  return write_identity(std::move(o), name, global_id);
}

std::optional<MonAuthRequest> MonAuthRequest::decode(Bytes payload, std::string* why) {
  ByteReader r(payload);
  MonAuthRequest a;
  a.mode = r.u8();
  read_identity(r, a.name, a.global_id);
  return done(r, std::move(a), why, "monitor auth request payload");
}

std::vector<uint8_t> MonAuthRequest::encode() const {
  ByteBuffer o;
  o.encode_8(mode);
  return write_identity(std::move(o), name, global_id);
}

std::optional<AuthNoneAuthorizer> AuthNoneAuthorizer::decode(Bytes payload, std::string* why) {
  ByteReader r(payload);
  AuthNoneAuthorizer a;
  uint8_t v = r.u8();
  read_identity(r, a.name, a.global_id);
  if (!version_one(r, v, "auth-none authorizer", why)) return std::nullopt;
  return done(r, std::move(a), why, "auth-none authorizer");
}

std::vector<uint8_t> AuthNoneAuthorizer::encode() const {
  ByteBuffer o;
  o.encode_8(1);
  return write_identity(std::move(o), name, global_id);
}

std::optional<MMonCommand> MMonCommand::decode(Bytes front, std::string* why, Spans* spans) {
  ByteReader r(front);
  MMonCommand m;
  m.paxos = PaxosHeader::decode(r);
  const size_t at = r.pos();
  Bytes f = r.bytes(16);
  if (r.ok()) std::memcpy(m.fsid.data(), f.data(), 16);
  mark(spans, "fsid", at, r);
  m.cmd = read_strings(r, spans, "cmd");
  return done(r, std::move(m), why, "mon_command front");
}

std::vector<uint8_t> MMonCommand::encode() const {
  ByteBuffer o;
  paxos.encode(o);
  o.append(fsid.data(), fsid.size());
  write_strings(o, cmd);
  return o.take();
}

std::optional<MMonCommandAck> MMonCommandAck::decode(Bytes front, std::string* why, Spans* spans) {
  ByteReader r(front);
  MMonCommandAck m;
  m.paxos = PaxosHeader::decode(r);
  size_t at = r.pos();
  m.r = int32_t(r.le32());
  mark(spans, "r", at, r);
  at = r.pos();
  m.rs = r.string();
  mark(spans, "rs", at, r);
  m.cmd = read_strings(r, spans, "cmd");
  return done(r, std::move(m), why, "mon_command_ack front");
}

std::vector<uint8_t> MMonCommandAck::encode() const {
  ByteBuffer o;
  paxos.encode(o);
  o.encode_32(uint32_t(r));
  o.encode_string(rs);
  write_strings(o, cmd);
  return o.take();
}

std::optional<MMonSubscribe> MMonSubscribe::decode(Bytes front, std::string* why) {
  ByteReader r(front);
  MMonSubscribe m;
  uint32_t n = r.le32();
  if (n > r.remaining() / 13) r.fail();  // le32 name length + le64 + u8 at least
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    std::string name = r.string();
    Item it;
    it.start = r.le64();
    it.flags = r.u8();
    m.what[name] = it;
  }
  m.hostname = r.string();
  return done(r, std::move(m), why, "mon_subscribe front");
}

std::vector<uint8_t> MMonSubscribe::encode() const {
  ByteBuffer o;
  o.encode_32(uint32_t(what.size()));
  for (auto& [name, it] : what) {
    o.encode_string(name);
    o.encode_64(it.start);
    o.encode_8(it.flags);
  }
  o.encode_string(hostname);
  return o.take();
}

std::optional<MMonGetVersion> MMonGetVersion::decode(Bytes front, std::string* why) {
  ByteReader r(front);
  MMonGetVersion m;
  m.handle = r.le64();
  m.what = r.string();
  return done(r, std::move(m), why, "mon_get_version front");
}

std::vector<uint8_t> MMonGetVersion::encode() const {
  ByteBuffer o;
  o.encode_64(handle);
  o.encode_string(what);
  return o.take();
}

std::optional<MMonGetVersionReply> MMonGetVersionReply::decode(Bytes front, std::string* why) {
  ByteReader r(front);
  MMonGetVersionReply m;
  m.handle = r.le64();
  m.version = r.le64();
  m.oldest_version = r.le64();
  return done(r, std::move(m), why, "mon_get_version_reply front");
}

std::vector<uint8_t> MMonGetVersionReply::encode() const {
  ByteBuffer o;
  o.encode_64(handle);
  o.encode_64(version);
  o.encode_64(oldest_version);
  return o.take();
}

std::optional<MonMapHead> MonMapHead::decode(Bytes front, std::string* why) {
  ByteReader r(front);
  ByteReader map(r.blob());
  auto h = read_struct_header(map);
  MonMapHead m;
  if (h && h->version < 6) {  // older maps begin with a le16 version
    if (why) *why = "monmap version " + std::to_string(h->version) + " is older than Ceph 0.80";
    return std::nullopt;
  }
  Bytes f = map.bytes(16);
  m.epoch = map.le32();
  if (!h || !map.ok() || !r.ok()) {
    if (why) *why = "mon_map front is truncated";
    return std::nullopt;
  }
  std::memcpy(m.fsid.data(), f.data(), 16);
  return m;
}

std::vector<uint8_t> MonMapHead::encode() const {
  ByteBuffer map;
  size_t at = begin_struct(map, 9, 6);
  map.append(fsid.data(), fsid.size());
  map.encode_32(epoch);
  finish_struct(map, at);
  ByteBuffer o;
  o.encode_blob(map.bytes());
  return o.take();
}

}  // namespace cephwire::messages
