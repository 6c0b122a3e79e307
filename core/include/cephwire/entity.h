// Entity names and addresses: entity_name_t, the legacy 136-byte
// ceph_entity_addr of msgr v1, and the versioned entity_addr_t /
// entity_addrvec_t that msgr2 frames carry.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cephwire/bytes.h"

namespace cephwire {

enum EntityType : uint8_t {
  kEntityMon = 0x01,
  kEntityMds = 0x02,
  kEntityOsd = 0x04,
  kEntityClient = 0x08,
  kEntityMgr = 0x10,
  kEntityAuth = 0x20,
  kEntityAny = 0xff,
};
const char* entity_type_name(uint8_t type);  // "mon", "osd", ... or nullptr

struct EntityName {
  static constexpr size_t kSize = 9;  // u8 type + le64 num
  uint8_t type = 0;
  uint64_t num = 0;

  static EntityName decode(const uint8_t* p) { return {p[0], load_le64(p + 1)}; }
  void encode(uint8_t* p) const {
    p[0] = type;
    store_le64(p + 1, num);
  }
  std::string to_string() const;  // "osd.3", "client.4100", "client.?"
  bool operator==(const EntityName&) const = default;
};

enum AddrType : uint32_t { kAddrNone = 0, kAddrLegacy = 1, kAddrMsgr2 = 2, kAddrAny = 3 };
const char* addr_type_name(uint32_t type);

struct EntityAddr {
  static constexpr size_t kLegacySize = 136;
  static constexpr uint16_t kAfInet = 2;
  static constexpr uint16_t kAfInet6 = 10;

  uint32_t type = kAddrNone;
  uint32_t nonce = 0;
  uint16_t family = 0;  // 0: no address
  uint16_t port = 0;
  std::array<uint8_t, 16> ip{};  // 4 bytes for IPv4
  uint32_t flowinfo = 0;
  uint32_t scope_id = 0;

  static EntityAddr ipv4(uint32_t type, uint32_t nonce, std::array<uint8_t, 4> a, uint16_t port);

  // Legacy ceph_entity_addr (136 bytes): le32 type, le32 nonce, then a Linux
  // sockaddr_storage whose family is big-endian.
  static EntityAddr decode_legacy(const uint8_t* p);
  void encode_legacy(uint8_t* p) const;

  // Versioned entity_addr_t (marker 1, struct_v 1, compat 1, le32 struct_len,
  // le32 type, le32 nonce, le32 elen, sockaddr with little-endian family).
  // Also accepts marker 0 (a legacy address inside an encode() stream).
  static std::optional<EntityAddr> decode(ByteReader& r);
  void encode(ByteBuffer& out) const;

  std::string to_string() const;  // "v2:127.0.0.1:3300/0"
  std::string host_port() const;  // "127.0.0.1:3300", "[::1]:3300"
  bool operator==(const EntityAddr&) const = default;
};

// Where an address's parts lie in its encoding, from the address's first
// byte, for displays that put each part on its own bytes. ip_len is 4 (IPv4),
// 16 (IPv6) or 0 (no IP address).
struct AddrPlace {
  size_t type = 0, nonce = 0, family = 0, port = 0, ip = 0, ip_len = 0;
  // The 136-byte ceph_entity_addr (also a marker-0 address in a vector).
  static AddrPlace legacy(uint16_t family);
  // The versioned entity_addr_t (marker 1, struct_v, compat, le32 len, ...).
  static AddrPlace versioned(uint16_t family);
};

// Where each address of an encoded entity_addrvec_t (or of a single versioned
// or marker-0 address) begins, and where the encoding ends; the same rules as
// EntityAddrvec::decode. nullopt when that would fail.
struct AddrvecPlaces {
  std::vector<size_t> starts;
  size_t end = 0;
};
std::optional<AddrvecPlaces> addrvec_places(Bytes encoded);

// entity_addrvec_t: marker 2 + le32 count + versioned addresses; a bare
// marker 0 or 1 address decodes as a vector of one.
struct EntityAddrvec {
  std::vector<EntityAddr> addrs;
  static std::optional<EntityAddrvec> decode(ByteReader& r);
  void encode(ByteBuffer& out) const;
  std::string to_string() const;
  bool operator==(const EntityAddrvec&) const = default;
};

}  // namespace cephwire
