#include "pacing.h"

#include <algorithm>

namespace cephwire::replay {

Clock::time_point Pacer::due(uint64_t ts_usec, uint64_t sent_bytes) {
  if (!started_) {
    started_ = true;
    start_ = Clock::now();
    loop_base_bytes_ = sent_bytes;
  }
  switch (o_.timing) {
    case Timing::Captured:
    case Timing::Speed: {
      const double dt = double(ts_usec - first_ts_usec_) / std::max(o_.speed, 1e-9);
      return start_ + std::chrono::microseconds(int64_t(dt));
    }
    case Timing::Mbps:  // this loop's bytes: each loop starts its own clock
      return start_ + std::chrono::microseconds(int64_t(double(sent_bytes - loop_base_bytes_) * 8.0 / o_.mbps));
    case Timing::Top: return Clock::now();
  }
  return Clock::now();
}

double Pacer::elapsed_s() const {
  return started_ ? std::chrono::duration<double>(Clock::now() - start_).count() : 0;
}

void Pacer::end_loop() {
  if (started_) sending_s_ += elapsed_s();
  started_ = false;
}

}  // namespace cephwire::replay
