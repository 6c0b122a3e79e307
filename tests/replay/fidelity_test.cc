// A replay reproduces the recorded cluster state, not just the messages:
// requests keep the recorded happens-before across clients, concurrent
// writers to one object go in the order the OSD applied them, object versions
// keep their recorded order, and pool ids inside a copy-from's payload and a
// pool op (and the cluster's fsid) are the live cluster's. Against the
// built-in peer keeping objects as an OSD does; tests/live/ does it against
// real Ceph.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "cephwire/crc32c.h"
#include "cephwire/messages/encoding.h"
#include "client_capture.h"
#include "object_versions.h"
#include "peer_fixture.h"

namespace fs = std::filesystem;

namespace cephwire::replay {
namespace {

using messages::MOSDOp;
using testing::CaptureBuilder;
using testing::osd_op;

std::vector<uint8_t> bytes_of(const std::string& s) { return {s.begin(), s.end()}; }
uint32_t crc_of(const std::string& s) { return ceph_crc32c(0xffffffffu, bytes_of(s)); }

// The peer's objects of pool `pool` (no namespace), by name: their crc32c.
std::map<std::string, uint32_t> objects_of(const nlohmann::json& report, int64_t pool) {
  std::map<std::string, uint32_t> out;
  const std::string prefix = std::to_string(pool) + "//";
  for (auto& [k, v] : report["objects"].items())
    if (k.rfind(prefix, 0) == 0) out[k.substr(prefix.size())] = v["crc32c"].get<uint32_t>();
  return out;
}

SendOptions replay_options(const fs::path& cap, const HostPort& to) {
  auto o = options(cap, to);
  o.pool_names[1] = "p";
  return o;
}

class Fidelity : public ::testing::TestWithParam<bool> {
 protected:
  fs::path cap_ = fs::temp_directory_path() / ("cephwire-fidelity-" + std::to_string(::getpid()) + ".pcap");
  void TearDown() override { fs::remove(cap_); }
};

// Client b removes o2 after client a's put of it was answered. However slow
// the live OSD is with a's put, b's remove waits for its reply: o2 is gone,
// and b's reply is the recorded success, not "no such object".
TEST_P(Fidelity, ARequestWaitsForTheRepliesTheCaptureShowedBeforeIt) {
  CaptureBuilder b(cap_, GetParam());
  auto& a = b.client("a", 4100);
  auto put = osd_op("o2", messages::kOsdOpWriteFull, 5);
  b.reply(a, b.request(a, put, bytes_of("hello")), put, 0, 1);
  auto& c = b.client("b", 4101);
  auto rm = osd_op("o2", messages::kOsdOpDelete);
  b.reply(c, b.request(c, rm), rm, 0, 2);
  b.finish();

  PeerOptions po;
  po.objects = true;
  po.fault = PeerFault::SlowClient;  // a's ops are applied 300 ms late
  RunningPeer peer(po);
  auto s = send(replay_options(cap_, peer.at()));
  EXPECT_EQ(s.r.exit_code, 0) << s.out;
  EXPECT_EQ(s.r.report["replies"]["matched"], 2) << s.r.report["mismatches"].dump();
  auto pr = peer.report();
  EXPECT_TRUE(pr["objects"].empty()) << pr["objects"].dump();
}

// A client's recorded concurrency is kept: with 2 ops in flight in the
// capture, the live OSD never sees a third before the first is answered.
TEST_P(Fidelity, AClientKeepsItsRecordedNumberOfOpsInFlight) {
  CaptureBuilder b(cap_, GetParam());
  auto& a = b.client("a", 4100);
  std::vector<std::pair<uint64_t, MOSDOp>> inflight;
  uint64_t version = 0;
  for (int i = 0; i < 8; ++i) {
    auto op = osd_op("obj" + std::to_string(i), messages::kOsdOpWriteFull, 3);
    inflight.emplace_back(b.request(a, op, bytes_of("abc")), op);
    if (inflight.size() == 2) {  // the oldest is answered before the next goes
      b.reply(a, inflight.front().first, inflight.front().second, 0, ++version);
      inflight.erase(inflight.begin());
    }
  }
  b.reply(a, inflight.front().first, inflight.front().second, 0, ++version);
  b.finish();
  PeerOptions po;
  po.objects = true;
  po.fault = PeerFault::SlowClient;
  RunningPeer peer(po);
  auto o = replay_options(cap_, peer.at());
  auto s = send(o);
  EXPECT_EQ(s.r.exit_code, 0) << s.out;
  EXPECT_EQ(s.r.report["replies"]["matched"], 8);
  // 300 ms per op in the peer, two at a time: four rounds at least; open
  // loop, all eight would be answered after one.
  EXPECT_GE(s.r.report["sending_s"].get<double>(), 1.1) << s.out;
  ASSERT_EQ(s.r.report["in_flight"].size(), 1u);
  EXPECT_EQ(s.r.report["in_flight"][0]["captured_max"], 2);
  EXPECT_EQ(s.r.report["in_flight"][0]["live_max"], 2);
  EXPECT_EQ(peer.report()["objects"].size(), 8u);
}

// Two clients append to one object at once; the OSD applied b's (captured
// second) first, as the versions in the replies say. The replay sends b's
// first and a's only once b's is answered, even when b's OSD session is the
// slow one: the object holds b's bytes then a's, as recorded.
TEST_P(Fidelity, ConcurrentWritesToOneObjectGoInTheOrderTheOsdAppliedThem) {
  CaptureBuilder b(cap_, GetParam());
  auto& a = b.client("a", 4100);
  auto& c = b.client("b", 4101);
  auto app_a = osd_op("log", messages::kOsdOpAppend, 4);
  auto app_b = osd_op("log", messages::kOsdOpAppend, 4);
  const uint64_t ta = b.request(a, app_a, bytes_of("AAAA"));
  const uint64_t tb = b.request(c, app_b, bytes_of("BBBB"));
  b.reply(c, tb, app_b, 0, 11);
  b.reply(a, ta, app_a, 0, 12);
  b.finish();

  PeerOptions po;
  po.objects = true;
  po.fault = PeerFault::SlowClient;  // the first client to send: b, now
  RunningPeer peer(po);
  auto o = replay_options(cap_, peer.at());
  o.dry_run = true;
  auto plan = send(o);
  EXPECT_EQ(plan.r.report.is_null() ? nlohmann::json::parse(plan.out)["reordered"] : plan.r.report["reordered"], 1)
      << plan.out;
  o.dry_run = false;
  auto s = send(o);
  EXPECT_EQ(s.r.exit_code, 0) << s.out;
  EXPECT_EQ(s.r.report["reordered"], 1);
  EXPECT_EQ(s.r.report["replies"]["matched"], 2) << s.r.report["mismatches"].dump();
  EXPECT_EQ(s.r.report["replies"]["versions_compared"], 2);
  auto objects = objects_of(peer.report(), 1);
  ASSERT_EQ(objects.count("log"), 1u);
  EXPECT_EQ(objects["log"], crc_of("BBBBAAAA"));
}

// One client's writes to one object in flight together (RBD's to one data
// object) stay together: one session's are applied in the order sent.
TEST_P(Fidelity, OneClientsOverlappingWritesToOneObjectStayConcurrent) {
  CaptureBuilder b(cap_, GetParam());
  auto& a = b.client("a", 4100);
  std::vector<std::pair<uint64_t, MOSDOp>> sent;
  for (int i = 0; i < 4; ++i) {
    auto op = osd_op("data", messages::kOsdOpWrite, 2);
    op.ops[0].args[0] = uint8_t(2 * i);  // extent offset
    sent.emplace_back(b.request(a, op, bytes_of("w" + std::to_string(i))), op);
  }
  for (size_t i = 0; i < sent.size(); ++i) b.reply(a, sent[i].first, sent[i].second, 0, i + 1);
  b.finish();
  PeerOptions po;
  po.objects = true;
  po.fault = PeerFault::SlowClient;
  RunningPeer peer(po);
  auto s = send(replay_options(cap_, peer.at()));
  EXPECT_EQ(s.r.exit_code, 0) << s.out;
  EXPECT_EQ(s.r.report["in_flight"][0]["live_max"], 4) << s.r.report["in_flight"].dump();
  EXPECT_LT(s.r.report["sending_s"].get<double>(), 0.9) << "one round of 300 ms, not four";
  EXPECT_EQ(objects_of(peer.report(), 1)["data"], crc_of("w0w1w2w3"));
}

// `rados cp` sends a copy-from naming the source's pool in the op's payload:
// the replay names the live pool, so the live OSD finds the source.
TEST_P(Fidelity, ACopyFromReadsItsSourceFromTheLivePool) {
  CaptureBuilder b(cap_, GetParam());
  auto& a = b.client("a", 4100);
  auto put = osd_op("src", messages::kOsdOpWriteFull, 5);
  b.reply(a, b.request(a, put, bytes_of("data!")), put, 0, 1);
  // copy-from2's payload: object_t, object_locator_t (v6, compat 3: pool 1,
  // preferred -1, no key, no namespace, hash -1), truncate seq and size.
  ByteBuffer payload;
  payload.encode_string("src");
  const size_t at = messages::begin_struct(payload, 6, 3);
  payload.encode_64(1);
  payload.encode_32(uint32_t(-1));
  payload.encode_string("");
  payload.encode_string("");
  payload.encode_64(uint64_t(-1));
  messages::finish_struct(payload, at);
  payload.encode_32(0);
  payload.encode_64(0);
  const auto data = payload.take();
  auto cp = osd_op("dst", messages::kOsdOpCopyFrom2, uint32_t(data.size()));
  b.reply(a, b.request(a, cp, data), cp, 0, 2);
  b.finish();

  PeerOptions po;
  po.objects = true;
  po.first_pool_id = 7;  // pool "p" is 7 live, 1 in the capture
  RunningPeer peer(po);
  auto s = send(replay_options(cap_, peer.at()));
  EXPECT_EQ(s.r.exit_code, 0) << s.out;
  EXPECT_NE(s.r.report["rewrites"].dump().find("copy-from source pool id"), std::string::npos)
      << s.r.report["rewrites"].dump();
  auto objects = objects_of(peer.report(), 7);
  ASSERT_EQ(objects.count("dst"), 1u) << s.out;
  EXPECT_EQ(objects["dst"], crc_of("data!"));
}

// RBD's snapshots are pool ops naming the pool by id (and the cluster by
// fsid): the replay's land on the live pool of the same name, and the live
// monitor, which drops another cluster's, answers them.
TEST_P(Fidelity, APoolOpNamesTheLivePoolAndCluster) {
  CaptureBuilder b(cap_, GetParam());
  auto& a = b.client("a", 4100);
  auto put = osd_op("rbd_header", messages::kOsdOpCreate);
  b.reply(a, b.request(a, put), put, 0, 1);
  messages::MPoolOp snap;
  snap.fsid = testing::kCapturedFsid;
  snap.pool = 1;
  snap.op = messages::MPoolOp::kCreateUnmanagedSnap;
  const uint64_t tid = b.mon_request(a, kMsgPoolOp, messages::MPoolOp::kVersion, snap.encode());
  messages::MPoolOpReply rep;
  rep.fsid = testing::kCapturedFsid;
  rep.response_data = {1, 0, 0, 0, 0, 0, 0, 0};
  b.mon_reply(a, tid, kMsgPoolOpReply, rep.encode());
  b.finish();

  PeerOptions po;
  po.first_pool_id = 7;
  po.fsid = {0x11, 0x22};
  RunningPeer peer(po);
  auto s = send(replay_options(cap_, peer.at()));
  EXPECT_EQ(s.r.exit_code, 0) << s.out;
  const std::string rw = s.r.report["rewrites"].dump();
  EXPECT_NE(rw.find("poolop pool id"), std::string::npos) << rw;
  EXPECT_NE(rw.find("poolop fsid"), std::string::npos) << rw;
  auto pr = peer.report();
  EXPECT_EQ(pr["pools"]["p"]["snap_seq"], 1) << pr.dump();
  EXPECT_TRUE(pr["errors"].empty()) << pr["errors"].dump();
}

// A client met before the capture began: its OSD session has no handshake
// in the capture, no monitor session either. Its messages are whole, so it
// is replayed with a monitor session of the replay's own, under the entity
// number the live monitor gives (v1 messages name the captured one).
TEST_P(Fidelity, ASessionBegunBeforeTheCaptureIsReplayedWhenItsMessagesAreWhole) {
  CaptureBuilder b(cap_, GetParam());
  auto& a = b.client("a", 4100, true);
  for (int i = 0; i < 3; ++i) {
    auto op = osd_op("m" + std::to_string(i), messages::kOsdOpWriteFull, 2);
    b.reply(a, b.request(a, op, bytes_of("mm")), op, 0, uint64_t(i + 1));
  }
  b.finish();
  PeerOptions po;
  po.objects = true;
  RunningPeer peer(po);
  auto o = replay_options(cap_, peer.at());
  o.dry_run = true;
  auto plan = nlohmann::json::parse(send(o).out);
  ASSERT_EQ(plan["clients"].size(), 1u) << plan.dump(1);
  EXPECT_NE(plan["clients"][0]["describe"].get<std::string>().find("begun before the capture"), std::string::npos);
  EXPECT_EQ(plan["messages"], 3);
  o.dry_run = false;
  auto s = send(o);
  EXPECT_EQ(s.r.exit_code, 0) << s.out;
  EXPECT_EQ(s.r.report["replies"]["matched"], 3);
  EXPECT_EQ(peer.report()["objects"].size(), 3u);
}

// `rados ls` lists a placement group, not an object (pgnls, no object name,
// the group's seed as an explicit locator hash): it goes to the live pool's
// group of the same seed and that group's primary, from `pg map`, its
// cursor names the live pool (an OSD refuses another's), and its reply has
// no object version.
TEST_P(Fidelity, AnOpOnAPlacementGroupGoesToThatGroupOfTheLivePool) {
  CaptureBuilder b(cap_, GetParam());
  auto& a = b.client("a", 4100);
  auto put = osd_op("x", messages::kOsdOpWriteFull, 1);
  b.reply(a, b.request(a, put, bytes_of("x")), put, 0, 1);
  for (uint32_t seed : {0u, 5u}) {
    // pgnls, as librados sends it: the group's seed as the locator's explicit
    // hash; its payload the cursor to list from, an hobject_t (v4, compat 3)
    // whose pool is none in the first and the listed pool in the next ones.
    ByteBuffer cursor;
    const size_t at = messages::begin_struct(cursor, 4, 3);
    cursor.encode_string("");
    cursor.encode_string("");
    cursor.encode_64(0);
    cursor.encode_32(seed);
    cursor.encode_8(0);
    cursor.encode_string("");
    cursor.encode_64(seed == 0 ? uint64_t(INT64_MIN) : 1);
    messages::finish_struct(cursor, at);
    const auto payload = cursor.take();
    auto ls = osd_op("", messages::kOsdOpPgnls, uint32_t(payload.size()), messages::kOsdFlagRead);
    ls.seed = ls.hash = seed;
    ls.oloc.hash = seed;
    b.reply(a, b.request(a, ls, payload), ls);
  }
  b.finish();
  PeerOptions po;
  po.objects = true;
  po.first_pool_id = 7;
  RunningPeer peer(po);
  auto s = send(replay_options(cap_, peer.at()));
  EXPECT_EQ(s.r.exit_code, 0) << s.out;
  EXPECT_EQ(s.r.report["replies"]["matched"], 3);
  EXPECT_EQ(s.r.report["replies"]["versions_compared"], 1) << "the put's; the listings name no object";
  EXPECT_NE(s.r.report["rewrites"].dump().find("pgnls cursor pool id"), std::string::npos)
      << s.r.report["rewrites"].dump();
  auto pr = peer.report();
  EXPECT_TRUE(pr["errors"].empty()) << pr["errors"].dump();
  EXPECT_EQ(pr["messages_by_type"]["osd_op"], 3);
}

// `rados df` asks the monitor for pool stats naming the cluster by fsid: the
// live one's, or the monitor drops it.
TEST_P(Fidelity, PoolStatsNameTheLiveCluster) {
  CaptureBuilder b(cap_, GetParam());
  auto& a = b.client("a", 4100);
  ByteBuffer req;  // paxos header, fsid, the pools by name
  messages::PaxosHeader{}.encode(req);
  req.append(testing::kCapturedFsid.data(), testing::kCapturedFsid.size());
  req.encode_32(1);
  req.encode_string("p");
  const uint64_t tid = b.mon_request(a, kMsgGetPoolStats, 1, req.take());
  b.mon_reply(a, tid, kMsgGetPoolStatsReply, std::vector<uint8_t>(18 + 16 + 5, 0));
  b.finish();
  PeerOptions po;
  po.fsid = {0x11, 0x22};
  RunningPeer peer(po);
  auto s = send(replay_options(cap_, peer.at()));
  EXPECT_EQ(s.r.exit_code, 0) << s.out;
  EXPECT_EQ(s.r.report["replies"]["matched"], 1);
  EXPECT_NE(s.r.report["rewrites"].dump().find("getpoolstats fsid"), std::string::npos)
      << s.r.report["rewrites"].dump();
  EXPECT_TRUE(peer.report()["errors"].empty()) << peer.report()["errors"].dump();
}

// A CephFS client's statfs names its data pool by id: the live pool's.
TEST_P(Fidelity, AStatfsNamesTheLiveDataPool) {
  CaptureBuilder b(cap_, GetParam());
  auto& a = b.client("a", 4100);
  auto put = osd_op("x", messages::kOsdOpWriteFull, 1);
  b.reply(a, b.request(a, put, bytes_of("x")), put, 0, 1);
  ByteBuffer statfs;  // paxos header, fsid, optional data pool: present, pool 1
  messages::PaxosHeader{}.encode(statfs);
  statfs.append(testing::kCapturedFsid.data(), testing::kCapturedFsid.size());
  statfs.encode_8(1);
  statfs.encode_64(1);
  const uint64_t tid = b.mon_request(a, kMsgStatfs, 2, statfs.take());
  b.mon_reply(a, tid, kMsgStatfsReply, std::vector<uint8_t>(16 + 40, 0));
  b.finish();
  PeerOptions po;
  po.first_pool_id = 7;
  RunningPeer peer(po);
  auto s = send(replay_options(cap_, peer.at()));
  EXPECT_EQ(s.r.exit_code, 0) << s.out;
  EXPECT_NE(s.r.report["rewrites"].dump().find("statfs data pool id"), std::string::npos)
      << s.r.report["rewrites"].dump();
  EXPECT_EQ(peer.report()["statfs_pools"], nlohmann::json::array({7}));
}

INSTANTIATE_TEST_SUITE_P(Msgr, Fidelity, ::testing::Values(true, false),
                         [](const auto& i) { return i.param ? "msgr2" : "msgr1"; });

// Versions are compared by their order per object: PG-wide numbers differ
// between clusters, their order must not.
TEST(ObjectVersions, KeepTheirRecordedOrderPerObject) {
  ObjectVersions v;
  std::string why;
  EXPECT_TRUE(v.check("o", 12, 3, &why));
  EXPECT_TRUE(v.check("o", 15, 9, &why));
  EXPECT_TRUE(v.check("o", 15, 9, &why)) << "a read of the version a write made";
  EXPECT_TRUE(v.check("other", 1, 100, &why)) << "each object on its own";
  EXPECT_FALSE(v.check("o", 13, 10, &why)) << "captured between 12 and 15, live after 9";
  EXPECT_NE(why.find("precedes captured 15 (live 9)"), std::string::npos) << why;
  EXPECT_FALSE(v.check("o", 20, 2, &why));
  EXPECT_NE(why.find("follows captured 15"), std::string::npos) << why;
  EXPECT_FALSE(v.check("o", 12, 4, &why)) << "one captured version, two live ones";
  EXPECT_EQ(v.compared(), 7u);
}

}  // namespace
}  // namespace cephwire::replay
