// Percentiles kept as values arrive are the ones a sort of all of them gives
// (nearest rank: round(p * (n - 1))), at every count.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "cephwire/percentile.h"

namespace cephwire {
namespace {

TEST(Percentile, RankIsNearestOfPTimesNMinusOne) {
  EXPECT_EQ(percentile_rank(0.5, 1), 0u);
  EXPECT_EQ(percentile_rank(0.5, 4), 2u);   // 1.5 rounds up: the upper middle
  EXPECT_EQ(percentile_rank(0.9, 11), 9u);
  EXPECT_EQ(percentile_rank(0.99, 100), 98u);
  EXPECT_EQ(percentile_rank(1.0, 7), 6u);
}

TEST(Percentile, RunningEqualsSortedAtEveryCount) {
  std::mt19937 rng(7);
  for (double p : {0.5, 0.9, 0.99}) {
    RunningPercentile<int> r(p);
    std::vector<int> all;
    for (int i = 0; i < 2000; ++i) {
      const int v = int(rng() % 1000);  // with repeats
      r.add(v);
      all.push_back(v);
      std::vector<int> s = all;
      std::sort(s.begin(), s.end());
      ASSERT_EQ(r.value(), s[percentile_rank(p, s.size())]) << "p " << p << " n " << s.size();
    }
    EXPECT_EQ(r.count(), 2000u);
  }
}

}  // namespace
}  // namespace cephwire
