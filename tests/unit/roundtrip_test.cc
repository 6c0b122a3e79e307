// Encode, then parse: the same messages and frames come back for every tag,
// every segment combination and both revisions, whatever the split of the
// input (one byte at a time gives exactly the events of the whole buffer).
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "cephwire/encoder.h"
#include "cephwire/features.h"
#include "cephwire/parser.h"
#include "test_util.h"

namespace cephwire {
namespace {

using test::feed;
using test::Recorder;

Message make(uint64_t seq, size_t front, size_t middle, size_t data) {
  Message m = test::make_message(42, seq, front, middle, data);
  m.priority = kPrioHigh;
  m.version = 8;
  m.compat_version = 3;
  m.data_off = uint16_t(0x1000 * seq + 17);
  return m;
}

void expect_same(const Message& a, const Message& b) {
  EXPECT_EQ(a.seq, b.seq);
  EXPECT_EQ(a.tid, b.tid);
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.priority, b.priority);
  EXPECT_EQ(a.version, b.version);
  EXPECT_EQ(a.compat_version, b.compat_version);
  EXPECT_EQ(a.data_off, b.data_off);
  EXPECT_EQ(a.front, b.front);
  EXPECT_EQ(a.middle, b.middle);
  EXPECT_TRUE(a.data.equals(b.data.to_vector()));
  EXPECT_EQ(a.front_len, b.front.size());
  EXPECT_EQ(a.data_len, b.data.length());
}

// Every combination of empty and non-empty front, middle and data.
std::vector<Message> all_segment_combinations() {
  std::vector<Message> v;
  for (int mask = 0; mask < 8; ++mask)
    v.push_back(make(uint64_t(mask + 1), (mask & 1) ? 123 : 0, (mask & 2) ? 45 : 0, (mask & 4) ? 3 * 4096 + 7 : 0));
  return v;
}

Conversation v1_conversation(const std::vector<Message>& msgs) {
  msgr1::HandshakeSpec h;
  h.client_features = h.server_features = kFeatureMsgAuth | kFeatureKeepalive2;
  auto c = msgr1::handshake(h);
  for (auto& m : msgs) c.push_back({Dir::ToServer, msgr1::encode_message(m).flatten()});
  c.push_back({Dir::ToClient, msgr1::encode_ack(8)});
  return c;
}

Conversation v2_conversation(const std::vector<Message>& msgs, bool rev1) {
  msgr2::HandshakeSpec h;
  if (!rev1) h.client_banner.supported = 0;
  auto c = msgr2::handshake(h);
  msgr2::EncodeOptions o;
  o.rev1 = rev1;
  for (auto& m : msgs) c.push_back({Dir::ToServer, msgr2::encode_message(m, o).flatten()});
  // The rest of the control tags after the handshake.
  using namespace msgr2;
  for (const ControlPayload& p : std::vector<ControlPayload>{
           Keepalive2{{1, 2}}, Keepalive2Ack{{1, 2}}, Ack{8}, CompressionRequest{false, {}},
           CompressionDone{false, 0}, SessionReconnectOk{3}, SessionRetry{4}, SessionRetryGlobal{5},
           SessionReset{true}, IdentMissingFeatures{6}, Wait{}, AuthReplyMore{{1}}, AuthBadMethod{2, -1, {1}, {1}}})
    c.push_back({Dir::ToClient, encode_control(p, o).flatten()});
  EntityAddrvec mine;
  mine.addrs.push_back(EntityAddr::ipv4(kAddrAny, 9, {127, 0, 0, 1}, 0));
  for (const ControlPayload& p : std::vector<ControlPayload>{AuthRequestMore{{1, 2}}, SessionReconnect{mine, 1, 2, 3, 4, 5}})
    c.push_back({Dir::ToServer, encode_control(p, o).flatten()});
  return c;
}

class RoundTrip : public ::testing::TestWithParam<int> {};  // 1: v1, 2: msgr2.1, 0: msgr2.0

Conversation conversation_for(int kind, const std::vector<Message>& msgs) {
  return kind == 1 ? v1_conversation(msgs) : v2_conversation(msgs, kind == 2);
}

TEST_P(RoundTrip, EveryMessageComesBackIntact) {
  auto msgs = all_segment_combinations();
  Recorder r;
  Connection conn(r);
  feed(conn, conversation_for(GetParam(), msgs));
  conn.finish();
  EXPECT_TRUE(r.errors.empty()) << r.errors[0].reason;
  EXPECT_EQ(r.bad_crcs(), 0u);
  ASSERT_EQ(r.messages.size(), msgs.size());
  for (size_t i = 0; i < msgs.size(); ++i) expect_same(r.messages[i], msgs[i]);
}

TEST_P(RoundTrip, AnySplitGivesTheSameEvents) {
  auto conv = conversation_for(GetParam(), all_segment_combinations());
  Recorder whole;
  {
    Connection conn(whole);
    feed(conn, conv);
    conn.finish();
  }
  ASSERT_FALSE(whole.log.empty());
  for (size_t piece : {1, 2, 3, 31, 4096}) {
    Recorder r;
    Connection conn(r);
    feed(conn, conv, piece);
    conn.finish();
    EXPECT_EQ(r.log, whole.log) << "pieces of " << piece;
  }
  std::mt19937 rng(GetParam());
  for (int round = 0; round < 5; ++round) {
    Recorder r;
    Connection conn(r);
    for (auto& ch : conv)
      for (size_t off = 0; off < ch.bytes.size();) {
        size_t n = std::min<size_t>(1 + rng() % 700, ch.bytes.size() - off);
        conn.feed(ch.dir, Bytes(ch.bytes).subspan(off, n));
        off += n;
      }
    conn.finish();
    EXPECT_EQ(r.log, whole.log) << "random round " << round;
  }
}

INSTANTIATE_TEST_SUITE_P(Protocols, RoundTrip, ::testing::Values(1, 2, 0), [](const auto& info) {
  return info.param == 1 ? std::string("msgr1") : info.param == 2 ? std::string("msgr2_1") : std::string("msgr2_0");
});

TEST(RoundTripV2, EveryControlTagDecodesAfterTheHandshake) {
  for (bool rev1 : {true, false}) {
    Recorder r;
    Connection conn(r);
    feed(conn, v2_conversation({}, rev1));
    conn.finish();
    EXPECT_TRUE(r.errors.empty());
    std::set<int> tags;
    for (auto& [d, p] : r.frames) tags.insert(int(msgr2::tag_of(p)));
    EXPECT_EQ(tags.size(), 21u) << "rev1 " << rev1;  // all but MESSAGE
  }
}

TEST(RoundTripV2, LargeDataAcrossManyFeeds) {
  auto m = make(1, 500, 0, 16 << 20);  // 16 MiB, as a large OSD op
  auto conv = v2_conversation({}, true);
  conv.resize(12);  // the handshake only
  conv.push_back({Dir::ToServer, msgr2::encode_message(m).flatten()});
  Recorder r;
  Connection conn(r);
  feed(conn, conv, 65483);  // about one loopback segment at a time
  conn.finish();
  ASSERT_EQ(r.messages.size(), 1u);
  expect_same(r.messages[0], m);
  EXPECT_EQ(r.messages[0].data.num_pages(), 4096u);
  EXPECT_EQ(r.bad_crcs(), 0u);
}

}  // namespace
}  // namespace cephwire
