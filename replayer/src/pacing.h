// When each replayed message is due: at its captured time (scaled by
// --speed), at a bit rate (--mbps), or at once (--topspeed). The clock starts
// at each loop's first message; the time from there to the loop's last reply
// is the sending time the report's rates are over.
#pragma once

#include <cstdint>

#include "send.h"
#include "wire_session.h"

namespace cephwire::replay {

class Pacer {
 public:
  Pacer(const SendOptions& o, uint64_t first_ts_usec) : o_(o), first_ts_usec_(first_ts_usec) {}

  // The time a message captured at ts_usec is due, `sent_bytes` (over all loops) sent before it.
  Clock::time_point due(uint64_t ts_usec, uint64_t sent_bytes);
  // The loop is over: its sending time counts, and the next loop's clock starts afresh.
  void end_loop();

  bool started() const { return started_; }
  double elapsed_s() const;  // since this loop's first message
  double sending_s() const { return sending_s_; }

 private:
  const SendOptions& o_;
  uint64_t first_ts_usec_;
  bool started_ = false;
  Clock::time_point start_{};
  uint64_t loop_base_bytes_ = 0;
  double sending_s_ = 0;
};

}  // namespace cephwire::replay
