// Latency percentiles, one definition for `inspect --ops --json`, the
// replayer's report and the plugin's statistics tree: the p-th percentile of
// n values is the value of rank round(p * (n - 1)) in ascending order
// (nearest rank, p50 of an even count the upper middle one).
#pragma once

#include <cstddef>
#include <functional>
#include <queue>
#include <vector>

namespace cephwire {

inline size_t percentile_rank(double p, size_t n) {
  if (n == 0) return 0;
  const size_t r = size_t(p * double(n - 1) + 0.5);
  return r < n ? r : n - 1;
}

// The p-th percentile of the values added so far, exact, kept as values
// arrive (O(log n) each): the values up to its rank in a max-heap, the rest in
// a min-heap.
template <class T>
class RunningPercentile {
 public:
  explicit RunningPercentile(double p) : p_(p) {}
  void add(T v) {
    if (!low_.empty() && v <= low_.top())
      low_.push(v);
    else
      high_.push(v);
    const size_t want = percentile_rank(p_, low_.size() + high_.size()) + 1;
    while (low_.size() > want) {
      high_.push(low_.top());
      low_.pop();
    }
    while (low_.size() < want) {
      low_.push(high_.top());
      high_.pop();
    }
  }
  T value() const { return low_.empty() ? T{} : low_.top(); }
  size_t count() const { return low_.size() + high_.size(); }

 private:
  double p_;
  std::priority_queue<T> low_;
  std::priority_queue<T, std::vector<T>, std::greater<T>> high_;
};

}  // namespace cephwire
