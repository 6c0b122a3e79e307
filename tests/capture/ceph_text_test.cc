// Ceph's own words: each message's text, as the capture reader prints it, is
// the text the receiving daemon or client logged for it at debug ms = 1 (the
// recorder keeps every receive line's text in the manifest). Per recorded
// capture and type: at least 95% exact, and every one for the types people
// read most (osd_op, osd_op_reply, mon_command, mon_command_ack, osd_map,
// auth_reply) and for every CephFS type. Messages no log line tells (a client that exited before it
// flushed its log) are counted apart, not guessed.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "cephwire/capture/summary.h"
#include "cephwire/msg_types.h"
#include "cephwire/secure/key_store.h"
#include "manifest_check.h"

namespace fs = std::filesystem;

namespace cephwire {
namespace {

std::vector<fs::path> recorded_manifests() {
  std::vector<fs::path> v;
  for (auto& e : fs::directory_iterator(fs::path(CEPHWIRE_CAPTURES) / "real"))
    if (e.path().string().ends_with(".manifest.json")) v.push_back(e.path());
  std::sort(v.begin(), v.end());
  return v;
}

class CephText : public ::testing::TestWithParam<fs::path> {};

TEST_P(CephText, EachMessageReadsAsItsReceiverLoggedIt) {
  const fs::path manifest = GetParam();
  const auto m = replay::load_manifest(manifest.string());
  std::string pcap = manifest.string();
  pcap.replace(pcap.size() - std::string(".manifest.json").size(), std::string::npos, ".pcap");
  auto o = replay::summary_options(m);
  // Secure sessions are read with the keyring the recorder kept beside the capture.
  std::optional<secure::KeyStore> keys;
  if (auto k = replay::manifest_keyring(m, manifest.string()); !k.empty()) {
    secure::Keyring ring;
    ring.load(k);
    ASSERT_TRUE(ring.problems().empty()) << ring.problems()[0].text();
    keys.emplace(std::move(ring));
    o.reader.parser.keys = &*keys;
  }
  const auto s = capture::summarize(pcap, o);
  ASSERT_TRUE(s.read.ok) << s.read.error;

  // And every CephFS message: what the MDS and its clients say is read here
  // to the letter or not at all.
  static const std::set<uint16_t> kEveryOne = {
      kMsgOsdOp,          kMsgOsdOpReply,      kMsgMonCommand,     kMsgMonCommandAck,   kMsgOsdMap,
      kMsgAuthReply,      kMsgMdsMap,          kMsgClientSession,  kMsgClientReconnect, kMsgClientRequest,
      kMsgClientRequestForward, kMsgClientReply, kMsgClientMetrics, kMsgMdsBeacon,      kMsgClientCaps,
      kMsgClientLease,    kMsgClientSnap,      kMsgClientCapRelease,
      // and what the monitors say among themselves (decrypted in v2secure-3mon)
      kMsgForward,        kMsgRoute,           kMsgMonElection,    kMsgMonPaxos,        kMsgMonProbe,
      kMsgMonPing,        kMsgMonHealthChecks, kMsgTimeCheck2};
  uint64_t compared = 0;
  for (auto& [type, a] : replay::compare_texts(s, m)) {
    SCOPED_TRACE(msg_type_label(type) + ": first difference\n  ours: " + a.ours + "\n  Ceph: " + a.ceph);
    compared += a.matched + a.differ;
    if (kEveryOne.count(type))
      EXPECT_EQ(a.differ, 0u) << a.matched << " of " << a.matched + a.differ << " match";
    else
      EXPECT_GE(a.ratio(), 0.95) << a.matched << " of " << a.matched + a.differ << " match";
    // What no log told is a small part: the recorder's clients flush their logs.
    EXPECT_LE(a.unlogged, a.matched + a.differ) << "most messages of the type have no log line";
  }
  // Secure mode hides every message of a session: only those captures may
  // compare nothing.
  bool any_clear = keys.has_value();
  for (auto& c : m["connections"]) any_clear = any_clear || !c["encrypted"].get<bool>();
  if (any_clear) {
    EXPECT_GT(compared, 0u) << "no message was compared: does the manifest keep Ceph's texts?";
  }
}

INSTANTIATE_TEST_SUITE_P(Recorded, CephText, ::testing::ValuesIn(recorded_manifests()),
                         [](const auto& info) {
                           std::string n = info.param.filename().string();
                           n = n.substr(0, n.find('.'));
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

// The synthetic captures of forms no lab here records (the kernel client's
// CephFS messages) give Ceph's text of each message, written out by hand from
// its print(): every one must read so.
// Synthetic captures whose manifests carry Ceph's text of each message
// (written from Ceph's print(), or copied from a daemon's log line for the
// same message): read to the letter.
void synthetic_texts(const char* name, uint64_t want) {
  SCOPED_TRACE(name);
  const fs::path dir = fs::path(CEPHWIRE_CAPTURES) / "synthetic";
  const auto m = replay::load_manifest((dir / (std::string(name) + ".manifest.json")).string());
  const auto s = capture::summarize((dir / (std::string(name) + ".pcap")).string(), replay::summary_options(m));
  ASSERT_TRUE(s.read.ok) << s.read.error;
  uint64_t texts = 0, matched = 0;
  for (auto& c : m["connections"])
    for (auto& e : c["messages"]) texts += e.contains("text");
  for (auto& [type, a] : replay::compare_texts(s, m)) {
    EXPECT_EQ(a.differ, 0u) << msg_type_label(type) << "\n  ours: " << a.ours << "\n  Ceph: " << a.ceph;
    matched += a.matched;
  }
  EXPECT_EQ(texts, want);
  EXPECT_EQ(matched, texts);
}

TEST(CephTextSynthetic, KernelClientCephfsMessagesReadAsCephPrintsThem) { synthetic_texts("cephfs-kernel", 14); }

// RBD's watch and notify, `rados df`, cache tiering's copy ops: as a Ceph 16
// daemon logged the same messages (replay-rbd-v1, replay-ops-v2 recordings).
TEST(CephTextSynthetic, WatchNotifyCopyAndPoolStatsReadAsCephLoggedThem) { synthetic_texts("osd-watch", 10); }

}  // namespace
}  // namespace cephwire
