// The recorded happens-before, which a replay keeps however fast it goes.
//
// A request is not sent before every request whose reply the capture shows
// before it (across clients and sessions) has been answered live; requests
// that overlapped in the capture still overlap. Within one client this keeps
// its recorded concurrency too: its ninth op waited for its first reply, so
// it waits again.
//
// Writes to one object that overlapped in the capture were applied by the
// OSD in an order only their replies tell (the object version, `v8'12`): a
// replay sends them in that order, each after the one before it is answered
// when that one went on another session (one session's are applied in order).
#pragma once

#include <cstddef>
#include <vector>

#include "plan.h"
#include "recorded.h"

namespace cephwire::replay {

// Fills in each step's captured reply, orders the steps (writes to one
// object by the version their replies carry) and says what each waits for.
void order_steps(const RecordedCapture& cap, Plan& plan);

// What has been answered live, during one loop of a replay.
class CausalGate {
 public:
  explicit CausalGate(const Plan& plan);
  void clear();
  // Its reply came, or never will (not sent, its session failed, it timed out).
  void answered(const PlanStep& st);
  // Everything `st` waits for has been answered (or waiting was given up).
  bool ready(const PlanStep& st) const;
  // Stops waiting for the rest of the loop: the live cluster did not answer.
  void give_up() { given_up_ = true; }
  bool given_up() const { return given_up_; }

 private:
  const Plan& plan_;
  std::vector<char> answered_;  // by index into Plan::steps
  size_t prefix_ = 0;           // of Plan::reply_order, answered
  bool given_up_ = false;
};

}  // namespace cephwire::replay
