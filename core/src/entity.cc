#include "cephwire/entity.h"

#include <arpa/inet.h>

#include <cstdio>

namespace cephwire {

const char* entity_type_name(uint8_t type) {
  switch (type) {
    case kEntityMon: return "mon";
    case kEntityMds: return "mds";
    case kEntityOsd: return "osd";
    case kEntityClient: return "client";
    case kEntityMgr: return "mgr";
    case kEntityAuth: return "auth";
    case kEntityAny: return "any";
  }
  return nullptr;
}

std::string EntityName::to_string() const {
  const char* t = entity_type_name(type);
  std::string s = t ? t : "type" + std::to_string(type);
  s += '.';
  s += num == ~uint64_t(0) ? std::string("?") : std::to_string(num);
  return s;
}

const char* addr_type_name(uint32_t type) {
  switch (type) {
    case kAddrNone: return "none";
    case kAddrLegacy: return "v1";
    case kAddrMsgr2: return "v2";
    case kAddrAny: return "any";
  }
  return "unknown";
}

EntityAddr EntityAddr::ipv4(uint32_t type, uint32_t nonce, std::array<uint8_t, 4> a, uint16_t port) {
  EntityAddr e;
  e.type = type;
  e.nonce = nonce;
  e.family = kAfInet;
  e.port = port;
  std::copy(a.begin(), a.end(), e.ip.begin());
  return e;
}

// The sockaddr part after the family, shared by both encodings:
// be16 port, then for IPv4 the 4-byte address, for IPv6 be32 flowinfo,
// 16-byte address and (host order) le32 scope_id.
// Nothing is read for a family we do not know, not even the port.
static void read_sockaddr_tail(EntityAddr& e, const uint8_t* p) {
  if (e.family != EntityAddr::kAfInet && e.family != EntityAddr::kAfInet6) return;
  e.port = load_be16(p + 2);
  if (e.family == EntityAddr::kAfInet) {
    std::copy(p + 4, p + 8, e.ip.begin());
  } else if (e.family == EntityAddr::kAfInet6) {
    e.flowinfo = uint32_t(p[4]) << 24 | uint32_t(p[5]) << 16 | uint32_t(p[6]) << 8 | p[7];
    std::copy(p + 8, p + 24, e.ip.begin());
    e.scope_id = load_le32(p + 24);
  }
}
static void write_sockaddr_tail(const EntityAddr& e, uint8_t* p) {
  store_be16(p + 2, e.port);
  if (e.family == EntityAddr::kAfInet) {
    std::copy(e.ip.begin(), e.ip.begin() + 4, p + 4);
  } else if (e.family == EntityAddr::kAfInet6) {
    p[4] = uint8_t(e.flowinfo >> 24);
    p[5] = uint8_t(e.flowinfo >> 16);
    p[6] = uint8_t(e.flowinfo >> 8);
    p[7] = uint8_t(e.flowinfo);
    std::copy(e.ip.begin(), e.ip.end(), p + 8);
    store_le32(p + 24, e.scope_id);
  }
}

EntityAddr EntityAddr::decode_legacy(const uint8_t* p) {
  EntityAddr e;
  e.type = load_le32(p);
  if (e.type == kAddrNone) e.type = kAddrLegacy;  // userspace writes 0 here; Ceph decodes it as legacy
  e.nonce = load_le32(p + 4);
  e.family = load_be16(p + 8);
  read_sockaddr_tail(e, p + 8);
  return e;
}

void EntityAddr::encode_legacy(uint8_t* p) const {
  std::fill(p, p + kLegacySize, 0);
  // Userspace writes type 0 in the legacy form; decoders map 0 to legacy.
  store_le32(p, type == kAddrLegacy ? 0 : type);
  store_le32(p + 4, nonce);
  store_be16(p + 8, family);
  write_sockaddr_tail(*this, p + 8);
}

std::optional<EntityAddr> EntityAddr::decode(ByteReader& r) {
  uint8_t marker = r.u8();
  if (!r.ok()) return std::nullopt;
  if (marker == 0) {  // legacy: 3 more bytes of the le32 type, nonce, sockaddr_storage
    Bytes rest = r.bytes(EntityAddr::kLegacySize - 1);
    if (!r.ok()) return std::nullopt;
    uint8_t buf[kLegacySize] = {0};
    std::copy(rest.begin(), rest.end(), buf + 1);
    return decode_legacy(buf);
  }
  if (marker != 1) return std::nullopt;
  uint8_t struct_v = r.u8();
  (void)r.u8();  // struct_compat
  uint32_t struct_len = r.le32();
  Bytes body = r.bytes(struct_len);
  if (!r.ok() || struct_v < 1) return std::nullopt;
  ByteReader b(body);
  EntityAddr e;
  e.type = b.le32();
  e.nonce = b.le32();
  uint32_t elen = b.le32();
  Bytes sa = b.bytes(elen);
  if (!b.ok()) return std::nullopt;
  if (elen >= 2) {
    e.family = load_le16(sa.data());  // host order here, unlike legacy
    if (e.family == kAfInet || e.family == kAfInet6) {
      if (elen < (e.family == kAfInet ? 8u : 28u)) return std::nullopt;
      read_sockaddr_tail(e, sa.data());
    }
  }
  return e;  // unknown tail of struct_len is skipped, as Ceph does
}

void EntityAddr::encode(ByteBuffer& out) const {
  uint8_t sa[28] = {0};
  uint32_t elen = 0;
  if (family == kAfInet || family == kAfInet6) {
    store_le16(sa, family);
    write_sockaddr_tail(*this, sa);
    elen = family == kAfInet ? 16 : 28;
  } else if (family != 0) {  // an unknown family: keep at least the family
    store_le16(sa, family);
    elen = 2;
  }
  out.encode_8(1);
  out.encode_8(1);
  out.encode_8(1);
  out.encode_32(12 + elen);
  out.encode_32(type);
  out.encode_32(nonce);
  out.encode_32(elen);
  out.append(sa, elen);
}

std::string EntityAddr::host_port() const {
  char ip_text[INET6_ADDRSTRLEN] = "-";
  if (family == kAfInet)
    inet_ntop(AF_INET, ip.data(), ip_text, sizeof ip_text);
  else if (family == kAfInet6)
    inet_ntop(AF_INET6, ip.data(), ip_text, sizeof ip_text);
  std::string host = family == kAfInet6 ? std::string("[") + ip_text + "]" : ip_text;
  return host + ":" + std::to_string(port);
}

std::string EntityAddr::to_string() const {
  return std::string(addr_type_name(type)) + ":" + host_port() + "/" + std::to_string(nonce);
}

std::optional<EntityAddrvec> EntityAddrvec::decode(ByteReader& r) {
  if (r.remaining() == 0) return std::nullopt;
  EntityAddrvec v;
  // Peek at the marker: 0 and 1 are a single address.
  ByteReader peek = r;
  uint8_t marker = peek.u8();
  if (marker == 0 || marker == 1) {
    auto a = EntityAddr::decode(r);
    if (!a) return std::nullopt;
    v.addrs.push_back(*a);
    return v;
  }
  if (marker != 2) return std::nullopt;
  r.u8();
  uint32_t n = r.le32();
  // Each address takes at least 15 bytes: bound n before reserving.
  if (!r.ok() || n > r.remaining() / 15) return std::nullopt;
  for (uint32_t i = 0; i < n; ++i) {
    auto a = EntityAddr::decode(r);
    if (!a) return std::nullopt;
    v.addrs.push_back(*a);
  }
  return v;
}

AddrPlace AddrPlace::legacy(uint16_t family) {
  // le32 type, le32 nonce, then sockaddr_storage: be16 family, be16 port, the address.
  AddrPlace p{0, 4, 8, 10, 0, 0};
  if (family == EntityAddr::kAfInet) p.ip = 12, p.ip_len = 4;
  if (family == EntityAddr::kAfInet6) p.ip = 16, p.ip_len = 16;  // after le32 flowinfo
  return p;
}

AddrPlace AddrPlace::versioned(uint16_t family) {
  // u8 marker, u8 struct_v, u8 compat, le32 struct_len, le32 type, le32 nonce,
  // le32 elen, then the sockaddr: le16 family, be16 port, the address.
  AddrPlace p{7, 11, 19, 21, 0, 0};
  if (family == EntityAddr::kAfInet) p.ip = 23, p.ip_len = 4;
  if (family == EntityAddr::kAfInet6) p.ip = 27, p.ip_len = 16;
  return p;
}

std::optional<AddrvecPlaces> addrvec_places(Bytes b) {
  ByteReader r(b);
  AddrvecPlaces out;
  auto one = [&]() {
    out.starts.push_back(r.pos());
    return bool(EntityAddr::decode(r));
  };
  if (b.empty()) return std::nullopt;
  if (b[0] == 0 || b[0] == 1) {
    if (!one()) return std::nullopt;
  } else if (b[0] == 2) {
    r.u8();
    const uint32_t n = r.le32();
    if (!r.ok() || n > r.remaining() / 15) return std::nullopt;
    for (uint32_t i = 0; i < n; ++i)
      if (!one()) return std::nullopt;
  } else {
    return std::nullopt;
  }
  out.end = r.pos();
  return out;
}

void EntityAddrvec::encode(ByteBuffer& out) const {
  out.encode_8(2);
  out.encode_32(uint32_t(addrs.size()));
  for (const auto& a : addrs) a.encode(out);
}

std::string EntityAddrvec::to_string() const {
  std::string s = "[";
  for (size_t i = 0; i < addrs.size(); ++i) s += (i ? "," : "") + addrs[i].to_string();
  return s + "]";
}

}  // namespace cephwire
