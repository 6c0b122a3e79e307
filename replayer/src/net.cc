#include "net.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace cephwire::replay {
namespace {

std::string err(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

void set_nonblocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

EntityAddr from_sockaddr(const sockaddr_storage& ss, uint32_t type, uint32_t nonce) {
  EntityAddr a;
  a.type = type;
  a.nonce = nonce;
  if (ss.ss_family == AF_INET) {
    auto* s = reinterpret_cast<const sockaddr_in*>(&ss);
    a.family = EntityAddr::kAfInet;
    a.port = ntohs(s->sin_port);
    std::memcpy(a.ip.data(), &s->sin_addr, 4);
  } else if (ss.ss_family == AF_INET6) {
    auto* s = reinterpret_cast<const sockaddr_in6*>(&ss);
    a.family = EntityAddr::kAfInet6;
    a.port = ntohs(s->sin6_port);
    std::memcpy(a.ip.data(), &s->sin6_addr, 16);
    a.flowinfo = s->sin6_flowinfo;
    a.scope_id = s->sin6_scope_id;
  }
  return a;
}

addrinfo* resolve(const HostPort& hp, bool passive, std::string* why) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  if (passive) hints.ai_flags = AI_PASSIVE;
  addrinfo* res = nullptr;
  std::string port = std::to_string(hp.port);
  int rc = getaddrinfo(hp.host.empty() ? nullptr : hp.host.c_str(), port.c_str(), &hints, &res);
  if (rc != 0) {
    if (why) *why = "cannot resolve " + hp.to_string() + ": " + gai_strerror(rc);
    return nullptr;
  }
  return res;
}

}  // namespace

std::string HostPort::to_string() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return h + ":" + std::to_string(port) + (nonce ? "/" + std::to_string(nonce) : "");
}

std::optional<HostPort> parse_host_port(const std::string& s, std::string* why) {
  HostPort hp;
  std::string rest = s;
  auto slash = rest.rfind('/');
  if (slash != std::string::npos) {
    try {
      hp.nonce = uint32_t(std::stoul(rest.substr(slash + 1)));
    } catch (...) {
      if (why) *why = "bad nonce in '" + s + "'";
      return std::nullopt;
    }
    rest = rest.substr(0, slash);
  }
  std::string port;
  if (!rest.empty() && rest[0] == '[') {
    auto close = rest.find(']');
    if (close == std::string::npos || close + 1 >= rest.size() || rest[close + 1] != ':') {
      if (why) *why = "expected [HOST]:PORT, got '" + s + "'";
      return std::nullopt;
    }
    hp.host = rest.substr(1, close - 1);
    port = rest.substr(close + 2);
  } else {
    auto colon = rest.rfind(':');
    if (colon == std::string::npos) {
      if (why) *why = "expected HOST:PORT, got '" + s + "'";
      return std::nullopt;
    }
    hp.host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  char* end = nullptr;
  unsigned long p = std::strtoul(port.c_str(), &end, 10);
  if (port.empty() || *end || p > 65535) {
    if (why) *why = "bad port in '" + s + "'";
    return std::nullopt;
  }
  hp.port = uint16_t(p);
  return hp;
}

int connect_tcp(const HostPort& to, int timeout_ms, std::string* why) {
  addrinfo* res = resolve(to, false, why);
  if (!res) return -1;
  int fd = -1;
  for (addrinfo* ai = res; ai; ai = ai->ai_next) {
    fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    set_nonblocking(fd);
    int rc = connect(fd, ai->ai_addr, ai->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      rc = poll(&p, 1, timeout_ms);
      if (rc == 0) {
        errno = ETIMEDOUT;
        rc = -1;
      } else if (rc > 0) {
        int e = 0;
        socklen_t l = sizeof e;
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &l);
        errno = e;
        rc = e ? -1 : 0;
      }
    }
    if (rc == 0) break;
    if (why) *why = err(("cannot connect to " + to.to_string()).c_str());
    close(fd);
    fd = -1;
  }
  freeaddrinfo(res);
  if (fd >= 0) {
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  return fd;
}

int listen_tcp(const HostPort& at, std::string* why) {
  addrinfo* res = resolve(at, true, why);
  if (!res) return -1;
  int fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC, res->ai_protocol);
  int one = 1;
  if (fd >= 0) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (fd < 0 || bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 64) != 0) {
    if (why) *why = err(("cannot listen on " + at.to_string()).c_str());
    if (fd >= 0) close(fd);
    fd = -1;
  } else {
    set_nonblocking(fd);
  }
  freeaddrinfo(res);
  return fd;
}

std::optional<EntityAddr> entity_addr_of(const HostPort& hp, uint32_t type) {
  EntityAddr a;
  a.type = type;
  a.nonce = hp.nonce;
  a.port = hp.port;
  if (inet_pton(AF_INET, hp.host.c_str(), a.ip.data()) == 1)
    a.family = EntityAddr::kAfInet;
  else if (inet_pton(AF_INET6, hp.host.c_str(), a.ip.data()) == 1)
    a.family = EntityAddr::kAfInet6;
  else
    return std::nullopt;
  return a;
}

uint16_t local_port(int fd) { return local_entity_addr(fd, kAddrNone, 0).port; }

EntityAddr local_entity_addr(int fd, uint32_t type, uint32_t nonce) {
  sockaddr_storage ss{};
  socklen_t l = sizeof ss;
  getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &l);
  return from_sockaddr(ss, type, nonce);
}

EntityAddr peer_entity_addr(int fd, uint32_t type, uint32_t nonce) {
  sockaddr_storage ss{};
  socklen_t l = sizeof ss;
  getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &l);
  return from_sockaddr(ss, type, nonce);
}

}  // namespace cephwire::replay
