// Link, IP and TCP layers of a captured frame: decoding (for the capture
// reader) and building (for the synthetic capture generator and the tests).
// Link types are libpcap's LINKTYPE_* values as stored in files.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cephwire/bytes.h"

namespace cephwire::capture {

enum LinkType : uint32_t {
  kLinkNull = 0,       // BSD loopback: host-order AF value
  kLinkEthernet = 1,
  kLinkRaw = 101,      // raw IPv4/IPv6 (libpcap's DLT_RAW)
  kLinkLoop = 108,     // OpenBSD loopback: network-order AF value
  kLinkLinuxSll = 113,
  kLinkIpv4 = 228,
  kLinkIpv6 = 229,
  kLinkLinuxSll2 = 276,
};
const char* link_type_name(uint32_t link);
// libpcap hands out DLT_* values, which differ from LINKTYPE_* for raw IP.
uint32_t link_type_from_dlt(int dlt);

struct Endpoint {
  uint8_t ip_version = 4;
  std::array<uint8_t, 16> addr{};  // 4 bytes for IPv4
  uint16_t port = 0;
  static Endpoint v4(std::array<uint8_t, 4> a, uint16_t port);
  static Endpoint v6(std::array<uint8_t, 16> a, uint16_t port);
  std::string to_string() const;  // "127.0.0.1:6789", "[::1]:3300"
  auto operator<=>(const Endpoint&) const = default;
};

inline constexpr uint8_t kTcpFin = 0x01, kTcpSyn = 0x02, kTcpRst = 0x04, kTcpPsh = 0x08, kTcpAck = 0x10;

struct TcpSegment {
  Endpoint src, dst;
  uint32_t seq = 0;
  uint32_t ack = 0;
  uint8_t flags = 0;
  Bytes payload;             // what was captured
  uint32_t missing = 0;      // payload bytes the snap length cut off
};

enum class Skip : uint8_t { NotIp, NotTcp, IpFragment, Truncated, UnknownLink };
const char* skip_name(Skip s);

struct Decoded {
  std::optional<TcpSegment> tcp;
  Skip why = Skip::NotIp;  // when there is no tcp
};

// frame: the captured bytes; wire_len: the frame's length on the wire.
Decoded decode_frame(uint32_t link, Bytes frame, uint32_t wire_len);

// Builds a whole frame for one TCP segment (checksums left 0: nobody checks
// them on loopback captures, Wireshark included by default).
std::vector<uint8_t> build_frame(uint32_t link, const TcpSegment& seg);

}  // namespace cephwire::capture
