// Replies linked to the replayed requests: for each request whose captured
// session got a reply (same tid; the plan found it), the live reply must have
// the same type and result, and an osd_op_reply an object version in the
// recorded order (object_versions.h). A live session that fails takes its
// waiting requests with it; what is still waiting at the end of a loop is
// missing. Latency is from sending a request to its reply.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cephwire/messages/osd_op.h"
#include "object_versions.h"
#include "plan.h"
#include "recorded.h"
#include "wire_session.h"

namespace cephwire::replay {

// "session 17 (...) frame 631 osd_op tid 1"
std::string describe_step(const RecordedCapture& cap, const PlanStep& st);
// "-2 (No such file or directory)", "-" for none
std::string result_str(std::optional<int32_t> r);

struct Percentiles {
  std::vector<double> v;
  nlohmann::json to_json();  // p50, p90, p99, max, count
};

class ReplyMatcher {
 public:
  explicit ReplyMatcher(const RecordedCapture& cap) : cap_(cap) {}
  // Called for each request that waited, once: answered, or never to be.
  std::function<void(const PlanStep&)> on_done;

  // A request of step st goes out on w: wait for its reply when the capture had one.
  // An osd_op's decoded form (from its route) names the object its versions belong to.
  void expect(WireSession* w, const PlanStep& st, const messages::MOSDOp* op = nullptr);
  // A message from the live peer on w; a reply to a request waiting there is matched.
  void on_message(WireSession& w, const Message& m);
  // w failed with `why`: its waiting requests get no reply (each a failure).
  void session_failed(WireSession& w, const std::string& why, std::vector<std::string>& failures);
  // The loop is over: what still waits is missing.
  void end_loop(int timeout_ms, std::vector<std::string>& failures);
  void clear() {
    outstanding_.clear();
    versions_.clear();
  }

  size_t waiting() const { return outstanding_.size(); }
  uint64_t expected() const { return expected_; }
  uint64_t matched() const { return matched_; }
  uint64_t missing() const { return missing_; }
  const std::vector<std::string>& mismatches() const { return mismatches_; }
  uint64_t versions_compared() const { return versions_.compared(); }
  Percentiles& latency() { return latency_; }
  Percentiles& captured_latency() { return captured_latency_; }  // of the same requests, in the capture
  // The most requests of plan client c waiting for a live reply at once.
  size_t live_in_flight(size_t c) const { return c < most_in_flight_.size() ? most_in_flight_[c] : 0; }

 private:
  struct Outstanding {
    const PlanStep* step = nullptr;
    uint16_t type = 0;  // of the captured reply
    std::optional<int32_t> result;
    std::string object;             // an osd_op's, for its version
    std::optional<uint64_t> version;  // the captured reply's user version
    Clock::time_point sent;
  };
  void done(std::multimap<std::pair<WireSession*, uint64_t>, Outstanding>::iterator it);

  const RecordedCapture& cap_;
  // By (live session, tid); a tid a client used twice waits twice, answered in order.
  std::multimap<std::pair<WireSession*, uint64_t>, Outstanding> outstanding_;
  uint64_t expected_ = 0, matched_ = 0, missing_ = 0;
  std::vector<std::string> mismatches_;
  ObjectVersions versions_;
  Percentiles latency_, captured_latency_;
  std::vector<size_t> in_flight_, most_in_flight_;  // by plan client
};

}  // namespace cephwire::replay
