// What `send` will do with a capture: which client processes and sessions are
// replayed, which of their messages go out (in capture order, with their
// captured times), and what is left out and why. `send --dry-run` prints it.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "recorded.h"

namespace cephwire::replay {

struct Selection {
  std::vector<size_t> clients;         // 1-based, as the plan lists them
  std::vector<size_t> sessions;        // capture session ids
  std::vector<uint16_t> types;         // message types to send (empty: all)
  std::vector<std::string> entities;   // "client.admin" (auth name) or "client.4123" (captured number)
  std::vector<std::string> mapped;     // captured server endpoints ("IP:PORT") that --map sends elsewhere
  uint64_t until_frame = 0;            // send only what was captured before this frame (0: all)
};

// Parses a type name ("osd_op") or number; nullopt for neither.
std::optional<uint16_t> parse_msg_type(const std::string& s);

enum class SessionRole { Monitor, Osd, Other };

struct PlanSession {
  size_t session = 0;  // index into RecordedCapture::sessions
  SessionRole role = SessionRole::Other;
  std::string refused;  // why it cannot be replayed (empty: it is)
};

struct PlanStep {
  size_t client = 0;   // index into Plan::clients
  size_t session = 0;  // index into RecordedCapture::sessions
  size_t message = 0;  // index into that session's messages
  uint64_t ts_usec = 0;
  // What causal_order.h fills in: its captured reply (an index into the
  // session's messages), how many of Plan::reply_order must be answered live
  // before it goes, and the write to the same object the OSD applied before
  // it (an index into Plan::steps), when the two overlapped.
  std::optional<size_t> reply;
  size_t waits_for = 0;
  std::optional<size_t> after;
};

struct PlanClient {
  size_t client = 0;  // index into RecordedCapture::clients
  std::vector<PlanSession> sessions;
  bool has_monitor = false;
  bool own_monitor = false;  // begun before the capture: the replay opens a monitor session for it
  size_t in_flight = 0;  // the most requests it had waiting for a reply at once, in the capture
};

struct Plan {
  std::vector<PlanClient> clients;
  std::vector<PlanStep> steps;  // by captured time, but writes to one object in the order the OSD applied them
  std::vector<size_t> reply_order;  // steps with a captured reply, by when it was captured
  uint64_t reordered = 0;           // writes sent in another order than captured (the OSD applied them so)
  std::vector<std::string> reorders;  // each of those: which, and after which
  uint64_t regenerated = 0;     // auth messages the handshake replaces
  uint64_t filtered = 0;        // left out by --type
  uint64_t after_until = 0;     // left out by --until: captured at or after that frame
  uint64_t selection_until = 0;  // that frame
  std::vector<std::string> skipped;  // messages left out with the reason (bad CRC, gap, refused session)
  // Of those: client bytes of replayed sessions the capture lost (gaps, bytes
  // passed over): their messages cannot be sent, so the replay cannot
  // reproduce what was recorded.
  uint64_t lost = 0;
  std::vector<std::string> errors;   // what makes the selection unusable
  uint64_t bytes = 0;                // front + middle + data of the steps
};

Plan make_plan(const RecordedCapture& cap, const Selection& sel);
void print_plan(std::ostream& out, const RecordedCapture& cap, const Plan& plan);
nlohmann::json plan_json(const RecordedCapture& cap, const Plan& plan);

}  // namespace cephwire::replay
