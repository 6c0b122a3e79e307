// `send` against the built-in peer, in one process: every reply the capture
// has comes back and matches; the peer counts exactly what was sent; faults
// of the peer end in a report naming the session and message, within the
// timeout; bad captures and unreplayable sessions give clear errors.
#include <gtest/gtest.h>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "cephwire/capture/summary.h"
#include "cephwire/encoder.h"
#include "client_capture.h"
#include "peer_fixture.h"
#include "recorded.h"
#include "net.h"
#include "peer.h"
#include "send.h"

namespace fs = std::filesystem;

namespace cephwire::replay {
namespace {

fs::path real(const char* name) { return fs::path(CEPHWIRE_CAPTURES) / "real" / name; }

uint64_t by_type(const nlohmann::json& j, const char* t) { return j.contains(t) ? j[t].get<uint64_t>() : 0; }

class SendToPeer : public ::testing::TestWithParam<const char*> {};

// Every client process of the capture, all its messages but the
// regenerated auth: the peer receives each one with a good CRC and the
// replies match the capture's by tid, type and result.
TEST_P(SendToPeer, EveryMessageArrivesAndEveryReplyMatches) {
  if (!fs::exists(real(GetParam()))) GTEST_SKIP();
  RunningPeer peer;
  auto s = send(options(real(GetParam()), peer.at()));
  ASSERT_EQ(s.r.exit_code, 0) << s.err << s.out;
  auto& rep = s.r.report;
  EXPECT_GT(rep["sent"]["messages"].get<uint64_t>(), 10u);
  EXPECT_GT(rep["replies"]["expected"].get<uint64_t>(), 0u);
  EXPECT_EQ(rep["replies"]["matched"], rep["replies"]["expected"]);
  EXPECT_TRUE(rep["failures"].empty()) << rep["failures"].dump();
  auto pr = peer.report();
  EXPECT_TRUE(pr["errors"].empty()) << pr["errors"].dump();
  // The peer saw every replayed osd_op and every replayed byte of data.
  EXPECT_EQ(by_type(pr["messages_by_type"], "osd_op"), by_type(rep["sent"]["by_type"], "osd_op"));
  EXPECT_GT(pr["crc_checked"].get<uint64_t>(), 0u);
}
INSTANTIATE_TEST_SUITE_P(RealCaptures, SendToPeer,
                         ::testing::Values("v1-none.pcap", "v2crc-none.pcap", "v1-cephx.pcap", "v2crc-cephx.pcap",
                                           "large-object.pcap"));

// --loop N opens new sessions each time, with new entity numbers.
TEST(Send, LoopsReplayAgainOverNewSessions) {
  RunningPeer peer;
  auto o = options(real("v1-none.pcap"), peer.at());
  o.selection.types = {42};  // osd_op
  o.loops = 3;
  auto s = send(o);
  ASSERT_EQ(s.r.exit_code, 0) << s.err << s.out;
  uint64_t ops = by_type(s.r.report["sent"]["by_type"], "osd_op");
  EXPECT_GT(ops, 0u);
  EXPECT_EQ(ops % 3, 0u);
  EXPECT_EQ(by_type(peer.report()["messages_by_type"], "osd_op"), ops);
  std::set<uint64_t> ids;
  for (auto& c : s.r.report["clients"]) ids.insert(c["live_global_id"].get<uint64_t>());
  EXPECT_EQ(ids.size(), s.r.report["clients"].size());
}

// Pacing: --mbps holds the bytes to the rate (16 MiB at 800 Mbit/s takes at
// least 0.16 s); --speed keeps the captured gaps, scaled.
TEST(Send, MbpsAndSpeedPaceTheReplay) {
  RunningPeer peer;
  auto o = options(real("large-object.pcap"), peer.at());
  o.selection.types = {42};
  o.timing = Timing::Mbps;
  o.mbps = 800;
  auto s = send(o);
  ASSERT_EQ(s.r.exit_code, 0) << s.err;
  double bits = double(s.r.report["sent"]["bytes"].get<uint64_t>()) * 8;
  ASSERT_GT(bits, 16e6 * 8);
  EXPECT_GE(s.r.report["elapsed_s"].get<double>(), 0.9 * bits / 800e6);

  // The captured osd_ops of the large-object capture span more than a second.
  auto cap = load_recorded(real("large-object.pcap"));
  uint64_t first = UINT64_MAX, last = 0;
  for (auto& ss : cap.sessions)
    for (auto& r : ss.messages)
      if (r.dir == Dir::ToServer && r.msg->type == 42) first = std::min(first, r.ts_usec), last = std::max(last, r.ts_usec);
  ASSERT_GT(last - first, 1000000u);
  o.timing = Timing::Speed;
  o.speed = 4;
  s = send(o);
  ASSERT_EQ(s.r.exit_code, 0) << s.err;
  EXPECT_GE(s.r.report["elapsed_s"].get<double>(), 0.9 * double(last - first) / 1e6 / 4);
}

// A client message the capture lost (its segments missing just before the
// FIN) is a gap inspect reports, a skip the replay lists with where and why,
// and a replay that did not reproduce the recording: exit 1.
TEST(Send, MessagesTheCaptureLostAreListedAndTheReplayFails) {
  for (bool v2 : {true, false}) {
    SCOPED_TRACE(v2 ? "msgr2" : "msgr v1");
    fs::path cap = fs::temp_directory_path() / "cephwire-send-lost.pcap";
    testing::ClientCapture spec;
    spec.v2 = v2;
    spec.ops = 3;
    spec.data = 100;
    spec.lose_last_op = true;
    testing::write_client_capture(cap, spec);
    const auto sum = capture::summarize(cap.string());
    ASSERT_EQ(sum.gaps.size(), 1u) << "the bytes before the FIN are a gap";
    EXPECT_EQ(sum.gaps[0].dir, Dir::ToServer);

    RunningPeer peer;
    auto o = options(cap, peer.at());
    o.pool_names[1] = "p";
    auto s = send(o);
    EXPECT_EQ(s.r.exit_code, 1) << s.out;
    EXPECT_EQ(s.r.report["lost"], 1) << s.out;
    EXPECT_NE(s.r.report["skipped"].dump().find("missing from the capture: the client's messages there were not sent"),
              std::string::npos)
        << s.r.report["skipped"].dump();
    EXPECT_EQ(s.r.report["replies"]["matched"], 2) << s.out;  // the two ops captured whole went and came back
    EXPECT_EQ(by_type(peer.report()["messages_by_type"], "osd_op"), 2u);
    fs::remove(cap);
  }
}

// An object with a locator key lives in the placement group of the key (and
// namespace), not of its name: the replay places it so, and the peer, which
// drops a misdirected op as an OSD does, answers every one.
TEST(Send, ObjectsArePlacedByTheirLocatorKey) {
  fs::path cap = fs::temp_directory_path() / "cephwire-send-locator.pcap";
  testing::ClientCapture spec;
  spec.ops = 6;
  spec.nspace = "ns1";
  spec.locator_key = "k1";
  testing::write_client_capture(cap, spec);
  RunningPeer peer;
  auto o = options(cap, peer.at());
  o.pool_names[1] = "p";
  auto s = send(o);
  EXPECT_EQ(s.r.exit_code, 0) << s.out;
  EXPECT_EQ(s.r.report["replies"]["matched"], 6) << s.out;
  EXPECT_TRUE(peer.report()["errors"].empty());
  fs::remove(cap);
}

// A session to a daemon the replayer cannot locate (a mgr) is refused with
// the hint, and goes where --map says.
TEST(Send, MapSendsSessionsToDaemonsItCannotLocate) {
  fs::path cap = fs::temp_directory_path() / "cephwire-send-mgr.pcap";
  testing::write_client_capture(cap, {true, 2, 100, true});
  RunningPeer peer;
  auto o = options(cap, peer.at());
  o.pool_names[1] = "p";
  auto s = send(o);
  EXPECT_EQ(s.r.exit_code, 0) << s.err;  // the refused session is a skip, reported
  EXPECT_NE(s.r.report["skipped"].dump().find("give --map 127.0.0.1:6810=HOST:PORT"), std::string::npos)
      << s.r.report["skipped"].dump();

  RunningPeer mgr;
  o.maps["127.0.0.1:6810"] = mgr.at();
  o.selection.mapped = {"127.0.0.1:6810"};
  s = send(o);
  ASSERT_EQ(s.r.exit_code, 0) << s.err << s.out;
  EXPECT_TRUE(s.r.report["skipped"].empty());
  auto got = mgr.report()["messages_by_type"];
  EXPECT_EQ(by_type(got, "mgr_open") + by_type(got, "1792"), 1u) << got.dump();
  fs::remove(cap);
}

// Selection: one entity, one type; the dry run connects to nothing.
TEST(Send, DryRunListsWhatTheSelectionSends) {
  auto o = options(real("large-object.pcap"), HostPort{"127.0.0.1", 1, 0});
  o.dry_run = true;
  o.selection.types = {42};
  auto s = send(o);
  ASSERT_EQ(s.r.exit_code, 0) << s.err;
  auto j = nlohmann::json::parse(s.out);
  ASSERT_TRUE(j["by_type"].contains("osd_op"));
  EXPECT_EQ(j["by_type"].size(), 1u);
  EXPECT_GT(j["filtered"].get<uint64_t>(), 0u);

  o.selection = {};
  o.selection.entities = {"client.nobody"};
  s = send(o);
  EXPECT_EQ(s.r.exit_code, 2);
  EXPECT_NE(s.out.find("no client process with that name"), std::string::npos) << s.out;
}

// A client process without a monitor session (an OSD's own client) is left
// out with a note, not an error that stops the others; a session that began
// before the capture is a client of its own, replayed; asked for by number,
// a client without a monitor session is an error.
TEST(Send, ClientsAndSessionsThatCannotBeReplayedAreListedNotFatal) {
  fs::path cap = fs::path(CEPHWIRE_CAPTURES) / "synthetic" / "other-ports.pcap";
  auto o = options(cap, HostPort{"127.0.0.1", 1, 0});
  o.dry_run = true;
  auto s = send(o);
  ASSERT_EQ(s.r.exit_code, 0) << s.out;
  auto j = nlohmann::json::parse(s.out);
  EXPECT_EQ(j["messages"], 3) << s.out;  // the mgr-less client's one, and the two of the session begun before
  const std::string skipped = j["skipped"].dump();
  EXPECT_NE(skipped.find("no monitor session to replay (a replay begins where the client met its monitor): not "
                         "replayed"),
            std::string::npos)
      << skipped;
  // The session begun before the capture is a client process of its own (no
  // handshake names it); its peer took osd_ops, so it is an OSD: replayed.
  EXPECT_NE(j.dump().find("begun before the capture: no handshake, nonce unknown"), std::string::npos) << s.out;
  EXPECT_EQ(skipped.find("127.0.0.1:5002"), std::string::npos) << skipped;
  o.selection.clients = {1};
  s = send(o);
  EXPECT_EQ(s.r.exit_code, 2) << s.out;
  EXPECT_NE(s.out.find("no monitor session to replay"), std::string::npos) << s.out;
}

// Secure sessions carry ciphertext only: refused, and said so.
TEST(Send, SecureSessionsAreRefusedWithTheReason) {
  auto o = options(real("v2secure-cephx.pcap"), HostPort{"127.0.0.1", 1, 0});
  o.dry_run = true;
  auto s = send(o);
  EXPECT_EQ(s.r.exit_code, 2);
  EXPECT_NE(s.out.find("secure mode: the capture holds only ciphertext"), std::string::npos);
}

// A capture cut inside a record (a killed tcpdump): what was read before the
// cut is replayed, the cut is reported with its frame and offset, and the
// replay fails (exit 1). A file that does not read at all is unusable (2).
TEST(Send, TruncatedCaptureReplaysWhatWasReadAndFails) {
  fs::path cut = fs::temp_directory_path() / "cephwire-send-truncated.pcap";
  {
    std::ifstream in(real("v1-none.pcap"), std::ios::binary);
    std::vector<char> b(200000);
    in.read(b.data(), std::streamsize(b.size()));
    std::ofstream(cut, std::ios::binary).write(b.data(), in.gcount());
  }
  RunningPeer peer;
  auto s = send(options(cut, peer.at()));
  EXPECT_EQ(s.r.exit_code, 1) << s.err << s.out;
  EXPECT_NE(s.err.find("frame"), std::string::npos) << s.err;
  EXPECT_NE(s.err.find("offset"), std::string::npos) << s.err;
  ASSERT_TRUE(s.r.report.contains("read_error")) << s.out;
  EXPECT_GT(s.r.report["read_error"]["offset"].get<uint64_t>(), 0u) << s.out;
  EXPECT_GT(s.r.report["sent"]["messages"].get<uint64_t>(), 0u) << "what was read is replayed: " << s.out;

  fs::path junk = fs::temp_directory_path() / "cephwire-send-junk.pcap";
  std::ofstream(junk, std::ios::binary) << "not a capture at all";
  s = send(options(junk, peer.at()));
  EXPECT_EQ(s.r.exit_code, 2);
  EXPECT_NE(nlohmann::json::parse(s.out)["error"].get<std::string>().find("junk"), std::string::npos) << s.out;
  fs::remove(cut);
  fs::remove(junk);
}

size_t lines(const std::string& s) { return size_t(std::count(s.begin(), s.end(), '\n')); }

// Nothing listening: one line naming the address, a JSON error document, exit 2
// (nothing could be replayed), not one failure per client.
TEST(Send, NoMonitorIsOneClearError) {
  RunningPeer peer;
  HostPort gone = peer.at();
  peer.stop();
  auto s = send(options(real("v1-none.pcap"), HostPort{"127.0.0.1", 1, 0}));
  EXPECT_EQ(s.r.exit_code, 2);
  EXPECT_EQ(lines(s.err), 1u) << s.err;
  auto j = nlohmann::json::parse(s.out);
  EXPECT_NE(j["error"].get<std::string>().find("cannot connect to 127.0.0.1:1"), std::string::npos) << s.out;
  EXPECT_EQ(j["target"], "127.0.0.1:1");
  (void)gone;
}

// A v1 capture sent to a port that speaks msgr2: said once, rightly, with the port to use.
TEST(Send, TheOtherProtocolOnTheMonitorPortIsSaidOnceWithThePortToUse) {
  std::string why;
  const int l = listen_tcp(HostPort{"127.0.0.1", 0, 0}, &why);
  ASSERT_GE(l, 0) << why;
  const uint16_t port = local_port(l);
  std::atomic<bool> stop{false};
  std::thread server([&] {
    // Every connection gets a msgr2 banner, as a monitor's msgr2 port answers.
    const auto banner = msgr2::encode_banner({kMsgr2FeatureRevision1, 0});
    while (!stop) {
      pollfd p{l, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int c = ::accept(l, nullptr, nullptr);
      if (c < 0) continue;
      (void)!::write(c, banner.data(), banner.size());
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      ::close(c);
    }
  });
  auto s = send(options(real("v1-none.pcap"), HostPort{"127.0.0.1", port, 0}));
  stop = true;
  server.join();
  ::close(l);
  EXPECT_EQ(s.r.exit_code, 2);
  EXPECT_EQ(lines(s.err), 1u) << s.err;
  EXPECT_NE(s.err.find("speaks msgr2 on this port, the capture's session msgr v1: give its msgr v1 port"),
            std::string::npos)
      << s.err;
}

struct FaultCase {
  const char* fault;
  const char* capture;
  const char* expect;  // in the failures
};

class PeerFaults : public ::testing::TestWithParam<FaultCase> {};

TEST_P(PeerFaults, EndInAFailureNamingSessionAndMessageWithoutHanging) {
  const FaultCase& f = GetParam();
  PeerOptions po;
  po.fault = *parse_peer_fault(f.fault);
  RunningPeer peer(po);
  auto o = options(real(f.capture), peer.at());
  o.selection.entities = {"client.admin"};
  o.timeout_ms = 1500;
  auto t0 = std::chrono::steady_clock::now();
  auto s = send(o);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(s.r.exit_code, 1) << s.out << s.err;
  std::string failures = s.r.report["failures"].dump();
  EXPECT_NE(failures.find(f.expect), std::string::npos) << failures;
  EXPECT_NE(failures.find("osd.0"), std::string::npos) << failures;  // which session
  EXPECT_NE(failures.find("osd_op"), std::string::npos) << failures;  // which message
  EXPECT_LT(secs, 20.0);
}
INSTANTIATE_TEST_SUITE_P(
    Faults, PeerFaults,
    ::testing::Values(FaultCase{"close", "v1-none.pcap", "closed the connection in the middle of a frame"},
                      FaultCase{"close", "v2crc-none.pcap", "closed the connection in the middle of a frame"},
                      FaultCase{"reset", "v2crc-none.pcap", "reset"},
                      FaultCase{"garbage", "v1-none.pcap", "does not parse"},
                      FaultCase{"bad-crc", "v1-none.pcap", "bad CRC32C in v1.front"},
                      FaultCase{"bad-crc", "v2crc-none.pcap", "bad CRC32C in v2.segment"},
                      FaultCase{"silent", "v2crc-none.pcap", "no reply within 1500 ms"},
                      FaultCase{"stall", "large-object.pcap", "stopped reading"}),
    [](const auto& i) {
      std::string n = std::string(i.param.fault) + "_" + i.param.capture;
      for (auto& c : n)
        if (!isalnum(static_cast<unsigned char>(c))) c = '_';
      return n;
    });

// A reply that comes, well formed, with another result than the capture's is
// a mismatch: reported with both results, and the replay does not exit 0.
TEST(PeerFaults, AWrongResultIsAMismatchWithBothResults) {
  PeerOptions po;
  po.fault = *parse_peer_fault("wrong-result");
  RunningPeer peer(po);
  auto o = options(real("v2crc-none.pcap"), peer.at());
  o.selection.entities = {"client.admin"};
  auto s = send(o);
  EXPECT_EQ(s.r.exit_code, 1) << s.out << s.err;
  EXPECT_EQ(s.r.report["replies"]["mismatched"], 1u) << s.r.report.dump(1);
  ASSERT_EQ(s.r.report["mismatches"].size(), 1u);
  const std::string m = s.r.report["mismatches"][0];
  EXPECT_NE(m.find("osd_op"), std::string::npos) << m;
  EXPECT_NE(m.find("captured osd_op_reply result 0"), std::string::npos) << m;
  EXPECT_NE(m.find("live osd_op_reply result -2"), std::string::npos) << m;
  EXPECT_TRUE(s.r.report["failures"].empty()) << s.r.report["failures"].dump();  // it is no transport failure
}

// The peer's pcap holds both directions of every session; the capture reader
// finds in it the messages the peer counted, every CRC good.
TEST(Peer, WritesWhatItReceivedToAPcap) {
  fs::path out = fs::temp_directory_path() / "cephwire-peer-tap.pcap";
  PeerOptions po;
  po.pcap_path = out;
  RunningPeer peer(po);
  auto s = send(options(real("v2crc-none.pcap"), peer.at()));
  ASSERT_EQ(s.r.exit_code, 0) << s.err;
  auto pr = peer.report();
  auto sum = capture::summarize(out);
  ASSERT_TRUE(sum.read.ok) << sum.read.error;
  EXPECT_TRUE(sum.crc_errors.empty());
  EXPECT_TRUE(sum.gaps.empty());
  uint64_t to_server = 0;
  for (auto& ss : sum.sessions)
    for (auto& [t, n] : ss.messages_by_type[0]) to_server += n;
  EXPECT_EQ(to_server, pr["messages"].get<uint64_t>());
  fs::remove(out);
}

}  // namespace
}  // namespace cephwire::replay
