// The replayer's live sessions over one poll() loop: they are owned here, in
// the order they were opened; each round writes what the sockets take and
// reads what came, and a session that has bytes to write but makes no
// progress for the timeout is failed (through its handler) rather than waited
// on forever.
#pragma once

#include <poll.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "wire_session.h"

namespace cephwire::replay {

class SessionPool {
 public:
  SessionPool(int timeout_ms, SessionHandler& handler) : timeout_ms_(timeout_ms), handler_(handler) {}

  WireSession* add(std::unique_ptr<WireSession> w);
  const std::vector<WireSession*>& sessions() const { return all_; }
  void clear();

  // One round of every session's I/O: waits at most wait_ms for something to happen.
  void poll_round(int wait_ms);
  // Runs rounds until done() or the deadline; false at the deadline.
  bool pump(const std::function<bool()>& done, Clock::time_point deadline);
  // Runs rounds until done(), session w fails, or the timeout; a timeout
  // fails w naming `what` it waited for.
  bool wait_for(const std::function<bool()>& done, WireSession* w, const std::string& what);

  int timeout_ms() const { return timeout_ms_; }
  std::function<void()> after_round;  // e.g. a progress line

 private:
  int timeout_ms_;
  SessionHandler& handler_;
  std::vector<std::unique_ptr<WireSession>> owned_;
  std::vector<WireSession*> all_;
  std::vector<pollfd> fds_;
  std::vector<WireSession*> who_;
};

}  // namespace cephwire::replay
