// Loopback-friendly TCP helpers: resolve "HOST:PORT", connect with a timeout,
// listen, and turn socket addresses into Ceph entity addresses.
#pragma once

#include <netinet/in.h>

#include <cstdint>
#include <optional>
#include <string>

#include "cephwire/entity.h"

namespace cephwire::replay {

struct HostPort {
  std::string host;
  uint16_t port = 0;
  uint32_t nonce = 0;  // "HOST:PORT/NONCE": the address nonce a msgr2 peer checks
  std::string to_string() const;
};
// "127.0.0.1:6789", "[::1]:3300", "localhost:3300/12345"; nullopt with a reason.
std::optional<HostPort> parse_host_port(const std::string& s, std::string* why);

// A connected, non-blocking socket, or -1 with a reason.
int connect_tcp(const HostPort& to, int timeout_ms, std::string* why);
// A listening non-blocking socket on HOST:PORT (port 0: any), or -1.
int listen_tcp(const HostPort& at, std::string* why);
uint16_t local_port(int fd);

// A numeric IPv4 or IPv6 HOST:PORT/NONCE as an entity address; nullopt for a
// host name.
std::optional<EntityAddr> entity_addr_of(const HostPort& hp, uint32_t type);

// The entity address of a socket's local or remote end (type as given).
EntityAddr local_entity_addr(int fd, uint32_t type, uint32_t nonce);
EntityAddr peer_entity_addr(int fd, uint32_t type, uint32_t nonce);

}  // namespace cephwire::replay
