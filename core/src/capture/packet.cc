#include "cephwire/capture/packet.h"

#include <arpa/inet.h>
#include <pcap/dlt.h>

namespace cephwire::capture {

const char* link_type_name(uint32_t link) {
  switch (link) {
    case kLinkNull: return "null (BSD loopback)";
    case kLinkEthernet: return "ethernet";
    case kLinkRaw: return "raw IP";
    case kLinkLoop: return "loop";
    case kLinkLinuxSll: return "linux cooked (SLL)";
    case kLinkIpv4: return "raw IPv4";
    case kLinkIpv6: return "raw IPv6";
    case kLinkLinuxSll2: return "linux cooked v2 (SLL2)";
  }
  return "unknown";
}

uint32_t link_type_from_dlt(int dlt) {
  switch (dlt) {
    case DLT_RAW: return kLinkRaw;
#ifdef DLT_LOOP
    case DLT_LOOP: return kLinkLoop;
#endif
    default: return uint32_t(dlt);
  }
}

Endpoint Endpoint::v4(std::array<uint8_t, 4> a, uint16_t port) {
  Endpoint e;
  e.ip_version = 4;
  std::copy(a.begin(), a.end(), e.addr.begin());
  e.port = port;
  return e;
}

Endpoint Endpoint::v6(std::array<uint8_t, 16> a, uint16_t port) {
  Endpoint e;
  e.ip_version = 6;
  e.addr = a;
  e.port = port;
  return e;
}

std::string Endpoint::to_string() const {
  char text[INET6_ADDRSTRLEN] = "?";
  inet_ntop(ip_version == 6 ? AF_INET6 : AF_INET, addr.data(), text, sizeof text);
  std::string s;
  if (ip_version == 6) s += '[';
  s += text;
  if (ip_version == 6) s += ']';
  s += ':';
  s += std::to_string(port);
  return s;
}

const char* skip_name(Skip s) {
  switch (s) {
    case Skip::NotIp: return "not IP";
    case Skip::NotTcp: return "not TCP";
    case Skip::IpFragment: return "IP fragment";
    case Skip::Truncated: return "truncated headers";
    case Skip::UnknownLink: return "unknown link type";
  }
  return "?";
}

namespace {

constexpr uint16_t kEtherIpv4 = 0x0800, kEtherIpv6 = 0x86dd;

Decoded skipped(Skip why) { return Decoded{std::nullopt, why}; }

// TCP inside an IP payload. ip_payload_len is what the IP header declares.
Decoded decode_tcp(Bytes b, size_t ip_payload_len, Endpoint src, Endpoint dst) {
  if (b.size() < 20) return skipped(Skip::Truncated);
  size_t hl = size_t(b[12] >> 4) * 4;
  if (hl < 20 || b.size() < hl || ip_payload_len < hl) return skipped(Skip::Truncated);
  TcpSegment s;
  src.port = load_be16(b.data());
  dst.port = load_be16(b.data() + 2);
  s.src = src;
  s.dst = dst;
  s.seq = uint32_t(b[4]) << 24 | uint32_t(b[5]) << 16 | uint32_t(b[6]) << 8 | b[7];
  s.ack = uint32_t(b[8]) << 24 | uint32_t(b[9]) << 16 | uint32_t(b[10]) << 8 | b[11];
  s.flags = b[13];
  size_t declared = ip_payload_len - hl;
  size_t have = std::min(declared, b.size() - hl);  // Ethernet padding lies beyond `declared`
  s.payload = b.subspan(hl, have);
  s.missing = uint32_t(declared - have);
  return Decoded{s, Skip::NotIp};
}

Decoded decode_ipv4(Bytes b) {
  if (b.size() < 20) return skipped(Skip::Truncated);
  size_t ihl = size_t(b[0] & 0x0f) * 4;
  size_t total = load_be16(b.data() + 2);
  if (ihl < 20 || b.size() < ihl || total < ihl) return skipped(Skip::Truncated);
  uint16_t frag = load_be16(b.data() + 6);
  if ((frag & 0x3fff) != 0) return skipped(Skip::IpFragment);  // MF set or an offset
  if (b[9] != 6) return skipped(Skip::NotTcp);
  Endpoint src, dst;
  src.ip_version = dst.ip_version = 4;
  std::copy(b.begin() + 12, b.begin() + 16, src.addr.begin());
  std::copy(b.begin() + 16, b.begin() + 20, dst.addr.begin());
  return decode_tcp(b.subspan(ihl), total - ihl, src, dst);
}

Decoded decode_ipv6(Bytes b) {
  if (b.size() < 40) return skipped(Skip::Truncated);
  size_t payload_len = load_be16(b.data() + 4);
  uint8_t next = b[6];
  Endpoint src, dst;
  src.ip_version = dst.ip_version = 6;
  std::copy(b.begin() + 8, b.begin() + 24, src.addr.begin());
  std::copy(b.begin() + 24, b.begin() + 40, dst.addr.begin());
  size_t off = 40;
  // Extension headers: hop-by-hop, routing, destination options.
  while (next == 0 || next == 43 || next == 60) {
    if (b.size() < off + 2) return skipped(Skip::Truncated);
    size_t len = (size_t(b[off + 1]) + 1) * 8;
    next = b[off];
    off += len;
    if (payload_len + 40 < off) return skipped(Skip::Truncated);
  }
  if (next == 44) return skipped(Skip::IpFragment);
  if (next != 6) return skipped(Skip::NotTcp);
  if (b.size() < off) return skipped(Skip::Truncated);
  return decode_tcp(b.subspan(off), payload_len + 40 - off, src, dst);
}

Decoded decode_ip(Bytes b) {
  if (b.empty()) return skipped(Skip::Truncated);
  switch (b[0] >> 4) {
    case 4: return decode_ipv4(b);
    case 6: return decode_ipv6(b);
  }
  return skipped(Skip::NotIp);
}

Decoded decode_ethertype(uint16_t type, Bytes rest) {
  if (type == kEtherIpv4 || type == kEtherIpv6) return decode_ip(rest);
  return skipped(Skip::NotIp);
}

}  // namespace

Decoded decode_frame(uint32_t link, Bytes f, uint32_t /*wire_len*/) {
  switch (link) {
    case kLinkEthernet: {
      if (f.size() < 14) return skipped(Skip::Truncated);
      uint16_t type = load_be16(f.data() + 12);
      size_t off = 14;
      while (type == 0x8100 || type == 0x88a8 || type == 0x9100) {  // VLAN tags, QinQ
        if (f.size() < off + 4) return skipped(Skip::Truncated);
        type = load_be16(f.data() + off + 2);
        off += 4;
      }
      return decode_ethertype(type, f.subspan(off));
    }
    case kLinkLinuxSll:
      if (f.size() < 16) return skipped(Skip::Truncated);
      return decode_ethertype(load_be16(f.data() + 14), f.subspan(16));
    case kLinkLinuxSll2:
      if (f.size() < 20) return skipped(Skip::Truncated);
      return decode_ethertype(load_be16(f.data()), f.subspan(20));
    case kLinkNull:
    case kLinkLoop:
      if (f.size() < 4) return skipped(Skip::Truncated);
      return decode_ip(f.subspan(4));  // the AF value varies by OS; the IP version nibble does not
    case kLinkRaw:
    case kLinkIpv4:
    case kLinkIpv6: return decode_ip(f);
  }
  return skipped(Skip::UnknownLink);
}

std::vector<uint8_t> build_frame(uint32_t link, const TcpSegment& s) {
  const bool v6 = s.src.ip_version == 6;
  std::vector<uint8_t> f;
  auto be16 = [&](uint16_t v) {
    f.push_back(uint8_t(v >> 8));
    f.push_back(uint8_t(v));
  };
  auto be32 = [&](uint32_t v) {
    be16(uint16_t(v >> 16));
    be16(uint16_t(v));
  };
  const uint16_t ethertype = v6 ? kEtherIpv6 : kEtherIpv4;
  switch (link) {
    case kLinkEthernet:
      f.insert(f.end(), {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
      be16(ethertype);
      break;
    case kLinkLinuxSll:
      f.insert(f.end(), {0, 0, 3, 4, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0});  // outgoing, ARPHRD_LOOPBACK (772)
      be16(ethertype);
      break;
    case kLinkLinuxSll2:
      be16(ethertype);
      f.insert(f.end(), {0, 0, 0, 0, 0, 1, 3, 4, 4, 6, 0, 0, 0, 0, 0, 0, 0, 0});
      break;
    case kLinkNull: {
      uint32_t af = v6 ? 30 : 2;  // host order; 30 is BSD's AF_INET6 as Wireshark expects on NULL
      f.resize(4);
      std::memcpy(f.data(), &af, 4);
      break;
    }
    default: break;  // raw
  }
  const size_t tcp_len = 20 + s.payload.size();
  if (v6) {
    be32(0x60000000);
    be16(uint16_t(tcp_len));
    f.push_back(6);   // next header: TCP
    f.push_back(64);  // hop limit
    f.insert(f.end(), s.src.addr.begin(), s.src.addr.end());
    f.insert(f.end(), s.dst.addr.begin(), s.dst.addr.end());
  } else {
    f.push_back(0x45);
    f.push_back(0);
    be16(uint16_t(20 + tcp_len));
    be16(0);
    be16(0x4000);  // don't fragment
    f.push_back(64);
    f.push_back(6);
    be16(0);
    f.insert(f.end(), s.src.addr.begin(), s.src.addr.begin() + 4);
    f.insert(f.end(), s.dst.addr.begin(), s.dst.addr.begin() + 4);
  }
  be16(s.src.port);
  be16(s.dst.port);
  be32(s.seq);
  be32(s.ack);
  f.push_back(0x50);  // 20-byte header
  f.push_back(s.flags);
  be16(65535);
  be16(0);
  be16(0);
  f.insert(f.end(), s.payload.begin(), s.payload.end());
  return f;
}

}  // namespace cephwire::capture
