// The plugin's reordering of segments TCP passed out of order
// (plugin/src/msgr_reorder.h): Wireshark-free, so tested here. "PDUs" are
// 100 bytes each: a step's walk takes whole ones and asks for the rest.
#include "../../plugin/src/msgr_reorder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

namespace msgr {
namespace {

constexpr size_t kPdu = 100;

struct Shown {
  std::vector<Step> steps;
  ShowStep show() {
    return [this](const Step& st) {
      steps.push_back(st);
      Walked w;
      if (st.kind == Step::Stream) w = {st.bytes->size() / kPdu * kPdu, kPdu};
      return w;
    };
  }
  std::vector<Step::Kind> kinds() const {
    std::vector<Step::Kind> k;
    for (auto& s : steps) k.push_back(s.kind);
    return k;
  }
};

std::vector<uint8_t> stream(size_t n) {
  std::vector<uint8_t> v(n);
  std::iota(v.begin(), v.end(), uint8_t(0));
  return v;
}

cephwire::Bytes part(const std::vector<uint8_t>& s, size_t from, size_t n) { return cephwire::Bytes(s).subspan(from, n); }

TEST(Reorder, BytesBehindAHoleAreHeldUntilItIsFilledThenDissectedInOrder) {
  const auto s = stream(300);
  Reorder r;
  bool noted = false;
  r.start(1000);
  Shown a;
  r.segment(1100, part(s, 100, 200), false, false, 7, &noted, a.show());
  EXPECT_EQ(a.kinds(), std::vector<Step::Kind>{Step::HeldBehindHole});
  EXPECT_TRUE(r.active());
  Shown b;
  r.segment(1000, part(s, 0, 100), false, false, 8, &noted, b.show());
  ASSERT_EQ(b.kinds(), std::vector<Step::Kind>{Step::Stream});
  EXPECT_EQ(b.steps[0].seq, 1000u);
  EXPECT_EQ(*b.steps[0].bytes, s);  // all 300 bytes, in stream order
  EXPECT_TRUE(b.steps[0].first);    // the one note of the conversation
  EXPECT_FALSE(r.active());
  EXPECT_EQ(r.next_seq(), 1300u);
}

TEST(Reorder, AnUnfinishedPduWithinTheFillingSegmentIsHandedBackToTcp) {
  const auto s = stream(250);
  Reorder r;
  bool noted = true;
  r.start(0);
  Shown a;
  r.segment(100, part(s, 100, 50), false, false, 1, &noted, a.show());
  Shown b;
  r.segment(0, part(s, 0, 100), false, false, 2, &noted, b.show());  // 150 bytes in order: one PDU and a half
  ASSERT_EQ(b.kinds(), std::vector<Step::Kind>{Step::Stream});
  EXPECT_FALSE(b.steps[0].first);  // noted already
  EXPECT_TRUE(r.active());         // 50 bytes of the next PDU wait, begun in the held segment
  Shown c;
  r.segment(150, part(s, 150, 100), false, false, 3, &noted, c.show());
  // The PDU at 100 now has 150 bytes: it is dissected, and the half after it
  // lies in this segment: TCP takes over from 200.
  ASSERT_EQ(c.kinds(), (std::vector<Step::Kind>{Step::Stream, Step::Tail}));
  EXPECT_EQ(c.steps[1].seq, 200u);
  EXPECT_FALSE(r.active());
}

TEST(Reorder, AHoleThatStaysOpenIsAGapAfterTheWindow) {
  const auto s = stream(100 * (Reorder::kWindowSegments + 2));
  Reorder r;
  bool noted = false;
  r.start(0);
  std::vector<Step> all;
  for (uint32_t i = 1; i <= Reorder::kWindowSegments + 1; ++i) {
    Shown sh;
    r.segment(i * 100, part(s, i * 100, 100), false, false, i, &noted, sh.show());
    all.insert(all.end(), sh.steps.begin(), sh.steps.end());
  }
  ASSERT_GE(all.size(), 2u);
  const auto gap = std::find_if(all.begin(), all.end(), [](const Step& st) { return st.kind == Step::Gap; });
  ASSERT_NE(gap, all.end());
  EXPECT_EQ(gap->seq, 0u);
  EXPECT_EQ(gap->length, 100u);
  ASSERT_NE(gap + 1, all.end());
  EXPECT_EQ((gap + 1)->kind, Step::Stream);
  EXPECT_EQ((gap + 1)->seq, 100u);
  EXPECT_FALSE((gap + 1)->first);  // a gap, not reordering: no note
  EXPECT_FALSE(r.active());
}

TEST(Reorder, TheEndOfTheDirectionDeclaresWhatIsMissing) {
  const auto s = stream(300);
  Reorder r;
  bool noted = false;
  r.start(0);
  Shown a;
  r.segment(200, part(s, 200, 100), false, false, 1, &noted, a.show());
  Shown b;
  r.segment(300, {}, true, true, 2, &noted, b.show());  // a FIN the postdissector saw
  EXPECT_EQ(b.kinds(), (std::vector<Step::Kind>{Step::Gap, Step::Stream}));
  EXPECT_EQ(b.steps[0].length, 200u);
}

TEST(Reorder, SeededBytesOfAClaimAreDissectedWithTheNextSegmentWithoutTheNote) {
  const auto s = stream(200);
  Reorder r;
  bool noted = false;
  r.start(5000, true);
  r.seed(5000, part(s, 0, 150), 1);
  Shown a;
  r.segment(5150, part(s, 150, 50), false, false, 2, &noted, a.show());
  ASSERT_EQ(a.kinds(), std::vector<Step::Kind>{Step::Stream});
  EXPECT_TRUE(a.steps[0].claim);
  EXPECT_FALSE(a.steps[0].first);
  EXPECT_FALSE(noted);
  EXPECT_FALSE(r.active());
}

}  // namespace
}  // namespace msgr
