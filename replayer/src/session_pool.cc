#include "session_pool.h"

#include <algorithm>
#include <thread>

namespace cephwire::replay {

WireSession* SessionPool::add(std::unique_ptr<WireSession> w) {
  all_.push_back(w.get());
  owned_.push_back(std::move(w));
  return all_.back();
}

void SessionPool::clear() {
  all_.clear();
  owned_.clear();
}

void SessionPool::poll_round(int wait_ms) {
  const auto now = Clock::now();
  fds_.clear();
  who_.clear();
  for (WireSession* w : all_) {
    if (w->failed() || w->fd() < 0) continue;
    if (w->unsent_bytes() && now - w->last_progress() > std::chrono::milliseconds(timeout_ms_)) {
      const uint64_t unsent = w->unsent_bytes();
      w->close_now();
      handler_.on_failed(*w, "the peer stopped reading: " + std::to_string(unsent) + " bytes unsent after " +
                                 std::to_string(timeout_ms_) + " ms without progress");
      continue;
    }
    fds_.push_back(pollfd{w->fd(), w->poll_events(), 0});
    who_.push_back(w);
  }
  if (fds_.empty()) {
    if (wait_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
    return;
  }
  const int n = ::poll(fds_.data(), fds_.size(), wait_ms);
  if (n > 0)
    for (size_t i = 0; i < fds_.size(); ++i)
      if (fds_[i].revents) who_[i]->handle(fds_[i].revents);
  if (after_round) after_round();
}

bool SessionPool::pump(const std::function<bool()>& done, Clock::time_point deadline) {
  for (;;) {
    if (done()) return true;
    const auto now = Clock::now();
    if (now >= deadline) return false;
    poll_round(int(std::clamp<int64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count(), 1, 50)));
  }
}

bool SessionPool::wait_for(const std::function<bool()>& done, WireSession* w, const std::string& what) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms_);
  const bool ok = pump([&] { return done() || (w && w->failed()); }, deadline);
  if (ok && w && w->failed() && !done()) return false;
  if (!ok && w && !w->failed()) {
    w->close_now();
    handler_.on_failed(*w, "timed out after " + std::to_string(timeout_ms_) + " ms waiting for " + what);
  }
  return ok && done();
}

}  // namespace cephwire::replay
