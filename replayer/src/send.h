// `cephwire-replay send`: replays the client side of selected client
// processes of a capture over new sessions to a live monitor and the OSDs it
// names, and reports what came back.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cephwire/secure/key_store.h"
#include "net.h"
#include "plan.h"

namespace cephwire::replay {

enum class Timing { Captured, Speed, Mbps, Top };

struct SendOptions {
  std::string capture;
  secure::KeyStore* keys = nullptr;              // --keyring: opens secure sessions
  HostPort to;                                   // the live monitor
  std::map<std::string, HostPort> maps;          // captured "IP:PORT" -> live (for --map)
  std::map<int64_t, std::string> pool_names;     // --pool ID=NAME, over what the capture's maps say
  Selection selection;
  bool dry_run = false;
  Timing timing = Timing::Captured;
  double speed = 1.0;   // --speed
  double mbps = 0;      // --mbps
  int loops = 1;
  int timeout_ms = 10000;  // without progress: no byte written, no reply
  bool json = false;
  bool progress = false;   // a progress line on stderr
};

struct SendResult {
  int exit_code = 0;  // 0 all replied and matched, 1 failures or mismatches, 2 unusable input
  nlohmann::json report;
};

SendResult run_send(const SendOptions& o, std::ostream& out, std::ostream& err);

}  // namespace cephwire::replay
