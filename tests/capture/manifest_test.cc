// Every committed capture, read by the capture reader, matches its manifest:
// for synthetic captures every message, CRC verdict, gap, skipped stretch,
// error and TCP conflict at its exact offset; for recorded ones the messages
// the Ceph daemons logged, per connection, direction and type.
#include <gtest/gtest.h>

#include <filesystem>

#include "cephwire/capture/summary.h"
#include "manifest_check.h"

namespace fs = std::filesystem;

namespace cephwire {
namespace {

std::vector<fs::path> manifests(const fs::path& dir) {
  std::vector<fs::path> v;
  if (!fs::exists(dir)) return v;
  for (auto& e : fs::recursive_directory_iterator(dir))
    if (e.path().string().ends_with(".manifest.json")) v.push_back(e.path());
  std::sort(v.begin(), v.end());
  return v;
}

void check_dir(const fs::path& dir, size_t at_least) {
  auto all = manifests(dir);
  ASSERT_GE(all.size(), at_least) << "manifests under " << dir;
  for (auto& m : all) {
    SCOPED_TRACE(m.string());
    auto man = replay::load_manifest(m);
    const fs::path cap = m.parent_path() / man["capture"].get<std::string>();
    ASSERT_TRUE(fs::exists(cap)) << cap;
    auto summary = capture::summarize(cap, replay::summary_options(man));
    for (auto& d : replay::check_manifest(summary, man)) ADD_FAILURE() << d;
  }
}

TEST(Captures, SyntheticMatchTheirManifests) { check_dir(fs::path(CEPHWIRE_CAPTURES) / "synthetic", 15); }

TEST(Captures, RecordedMatchTheDaemonsLogs) {
  const fs::path dir = fs::path(CEPHWIRE_CAPTURES) / "real";
  if (manifests(dir).empty()) GTEST_SKIP() << "no recorded captures under " << dir;
  check_dir(dir, 1);
}

// The checker itself must catch a capture that does not match: the same
// summary against a manifest with one message, one CRC error and one gap
// changed.
TEST(Captures, CheckerCatchesDifferences) {
  const fs::path dir = fs::path(CEPHWIRE_CAPTURES) / "synthetic";
  auto man = replay::load_manifest(dir / "tcp-trouble.manifest.json");
  auto summary = capture::summarize(dir / "tcp-trouble.pcap");
  ASSERT_TRUE(replay::check_manifest(summary, man).empty());
  auto bad = man;
  bad["connections"][0]["received_by_server"]["42"]["count"] = 2;
  EXPECT_FALSE(replay::check_manifest(summary, bad).empty());
  bad = man;
  bad["gaps"][0]["length"] = 1;
  EXPECT_EQ(replay::check_manifest(summary, bad).size(), 2u);  // expected-not-found and found-not-expected
  bad = man;
  bad["tcp_conflicts"] = nlohmann::json::array();
  EXPECT_EQ(replay::check_manifest(summary, bad).size(), 1u);
}

}  // namespace
}  // namespace cephwire
