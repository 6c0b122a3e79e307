// The built-in peer on an ephemeral loopback port, served by a thread, and
// `send` run in-process against it, for the replayer's tests.
#pragma once

#include <atomic>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "net.h"
#include "peer.h"
#include "send.h"

namespace cephwire::replay {

// A peer on an ephemeral loopback port, served by a thread.
class RunningPeer {
 public:
  explicit RunningPeer(PeerOptions o = {}) : peer_(o) {
    std::string why;
    if (!peer_.start(&why)) throw std::runtime_error(why);
    thread_ = std::thread([this] { peer_.run(stop_); });
  }
  ~RunningPeer() { stop(); }
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  HostPort at() const { return HostPort{"127.0.0.1", peer_.port(), 0}; }
  nlohmann::json report() {
    stop();
    return peer_.report();
  }

 private:
  Peer peer_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

struct Sent {
  SendResult r;
  std::string out, err;
};

inline Sent send(SendOptions o) {
  o.json = true;
  if (o.timeout_ms == 10000) o.timeout_ms = 3000;
  std::ostringstream out, err;
  Sent s;
  s.r = run_send(o, out, err);
  s.out = out.str();
  s.err = err.str();
  return s;
}

inline SendOptions options(const std::filesystem::path& cap, const HostPort& to) {
  SendOptions o;
  o.capture = cap;
  o.to = to;
  o.timing = Timing::Top;
  return o;
}

}  // namespace cephwire::replay
