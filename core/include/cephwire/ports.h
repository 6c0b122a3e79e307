// Where Ceph listens: IANA 3300 (msgr2 monitors), 6789 (msgr v1 monitors) and
// the daemons' 6800-7300 range.
#pragma once

#include <cstdint>

namespace cephwire {

inline constexpr uint16_t kMonPortMsgr2 = 3300;
inline constexpr uint16_t kMonPortMsgr1 = 6789;
inline constexpr uint16_t kDaemonPortFirst = 6800;
inline constexpr uint16_t kDaemonPortLast = 7300;
// The same, as a port-range string (Wireshark preferences).
inline constexpr const char* kCephPortRanges = "3300,6789,6800-7300";

constexpr bool is_ceph_port(uint32_t port) {
  return port == kMonPortMsgr2 || port == kMonPortMsgr1 || (port >= kDaemonPortFirst && port <= kDaemonPortLast);
}

}  // namespace cephwire
