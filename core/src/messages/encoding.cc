#include "cephwire/messages/encoding.h"

#include <cstdio>

#include "cephwire/entity.h"

namespace cephwire::messages {

std::optional<StructHeader> read_struct_header(ByteReader& r) {
  StructHeader h;
  h.version = r.u8();
  h.compat = r.u8();
  h.length = r.le32();
  if (!r.ok() || h.length > r.remaining()) return std::nullopt;
  return h;
}

size_t begin_struct(ByteBuffer& out, uint8_t version, uint8_t compat) {
  out.encode_8(version);
  out.encode_8(compat);
  size_t at = out.size();
  out.encode_32(0);
  return at;
}

void finish_struct(ByteBuffer& out, size_t header_at) {
  store_le32(out.data() + header_at, uint32_t(out.size() - header_at - 4));
}

std::optional<AuthName> AuthName::decode(ByteReader& r) {
  AuthName n;
  n.type = r.le32();
  n.id = r.string();
  if (!r.ok()) return std::nullopt;
  return n;
}

void AuthName::encode(ByteBuffer& out) const {
  out.encode_32(type);
  out.encode_string(id);
}

std::string AuthName::to_string() const {
  const char* t = type <= 0xff ? entity_type_name(uint8_t(type)) : nullptr;
  return (t ? std::string(t) : "type" + std::to_string(type)) + "." + id;
}

std::optional<AuthName> AuthName::parse(const std::string& s) {
  auto dot = s.find('.');
  if (dot == std::string::npos || dot == 0) return std::nullopt;
  std::string t = s.substr(0, dot);
  for (unsigned v : {kEntityMon, kEntityMds, kEntityOsd, kEntityClient, kEntityMgr}) {
    if (t == entity_type_name(uint8_t(v))) return AuthName{v, s.substr(dot + 1)};
  }
  return std::nullopt;
}

std::string uuid_to_string(const Uuid& u) {
  char s[37];
  int n = 0;
  for (size_t i = 0; i < u.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s[n++] = '-';
    n += std::snprintf(s + n, sizeof s - n, "%02x", u[i]);
  }
  return std::string(s, size_t(n));
}

PaxosHeader PaxosHeader::decode(ByteReader& r) {
  PaxosHeader h;
  h.version = r.le64();
  h.session_mon = int16_t(r.le16());
  h.session_mon_tid = r.le64();
  return h;
}

void PaxosHeader::encode(ByteBuffer& out) const {
  out.encode_64(version);
  out.encode_16(uint16_t(session_mon));
  out.encode_64(session_mon_tid);
}

std::vector<Span> spans_of(const Spans& spans, std::string_view field) {
  std::vector<Span> v;
  for (const auto& s : spans)
    if (s.field == field) v.push_back(s);
  return v;
}

}  // namespace cephwire::messages
