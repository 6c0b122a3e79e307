// Export Objects against what the recorder's workloads wrote: every RADOS
// object (the manifest's SHA-256 of `rados get`) and every CephFS file (the
// SHA-256 of the file read back through the mount, before the MDS restart and
// at the end) of each recorded capture is exported with exactly its bytes;
// secure captures through their keyrings.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "cephwire/capture/summary.h"
#include "cephwire/secure/crypto.h"
#include "cephwire/secure/key_store.h"
#include "manifest_check.h"

namespace fs = std::filesystem;

namespace cephwire {
namespace {

std::string hex(const std::array<uint8_t, 32>& h) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (uint8_t b : h) s += {d[b >> 4], d[b & 15]};
  return s;
}

struct Exported {
  std::map<std::string, std::set<std::string>> objects;  // name without the pool -> SHA-256 of each version
  std::map<std::string, std::set<std::string>> files;    // path -> SHA-256 of each version
  capture::Summary s;
};

Exported export_all(const fs::path& cap) {
  Exported x;
  std::map<std::string, std::vector<uint8_t>> latest;
  messages::ObjectExport ex([&](const messages::ExportEntry& e) {
    const std::string h = hex(secure::sha256(e.bytes));
    if (e.file) {
      x.files[e.name].insert(h);
      return e.bytes;
    }
    x.objects[e.name.substr(e.name.find('/') + 1)].insert(h);
    auto& keep = latest[e.name];
    keep.assign(e.bytes.begin(), e.bytes.end());
    return Bytes(keep.data(), keep.size());
  });
  capture::SummaryOptions o;
  o.keep_messages = false;
  o.exporter = &ex;
  std::optional<secure::KeyStore> keys;
  if (fs::path k = fs::path(cap).replace_extension(".keyring"); fs::exists(k)) {
    secure::Keyring ring;
    ring.load(k.string());
    keys.emplace(std::move(ring));
    o.reader.parser.keys = &*keys;
  }
  x.s = capture::summarize(cap, o);
  return x;
}

std::vector<fs::path> recorded() {
  std::vector<fs::path> v;
  const fs::path dir = fs::path(CEPHWIRE_CAPTURES) / "real";
  if (fs::exists(dir))
    for (auto& e : fs::directory_iterator(dir))
      if (e.path().string().ends_with(".manifest.json")) v.push_back(e.path());
  std::sort(v.begin(), v.end());
  return v;
}

TEST(ExportObjects, EveryObjectAndFileTheWorkloadsWroteWithItsBytes) {
  size_t objects = 0, files = 0;
  for (const fs::path& m : recorded()) {
    SCOPED_TRACE(m.string());
    const auto man = replay::load_manifest(m);
    const fs::path cap = m.parent_path() / man["capture"].get<std::string>();
    const Exported x = export_all(cap);
    EXPECT_TRUE(x.s.not_exported.empty()) << x.s.not_exported.front().reason;
    for (const auto& o : man.value("objects", nlohmann::json::array())) {
      ++objects;
      const auto it = x.objects.find(o["name"].get<std::string>());
      EXPECT_TRUE(it != x.objects.end() && it->second.count(o["sha256"].get<std::string>())) << o["name"];
    }
    for (const char* list : {"files_before_mds_restart", "files"})
      for (const auto& f : man.value(list, nlohmann::json::array())) {
        ++files;
        const auto it = x.files.find("/" + f["path"].get<std::string>());
        EXPECT_TRUE(it != x.files.end() && it->second.count(f["sha256"].get<std::string>())) << list << " " << f["path"];
      }
  }
  if (!objects) GTEST_SKIP() << "no recorded captures";
  EXPECT_GT(files, 2000u);  // the CephFS recordings' files
}

// Files are named by their paths as the MDS's traces tell them: a rename is a
// new version under the new name, a metadata pool object (directory
// fragments, the journal: named like data objects) is never a file, and no
// file is left unnamed when the capture saw it made.
TEST(ExportObjects, CephfsFilesGoByTheirPathsAndOnlyDataObjectsMakeThem) {
  const fs::path m = fs::path(CEPHWIRE_CAPTURES) / "real" / "cephfs-v1.manifest.json";
  if (!fs::exists(m)) GTEST_SKIP();
  const auto man = replay::load_manifest(m);
  const Exported x = export_all(m.parent_path() / man["capture"].get<std::string>());
  std::set<std::string> wrote;
  for (const auto& f : man["files"]) wrote.insert("/" + f["path"].get<std::string>());
  std::set<std::string> extra;
  for (const auto& [path, versions] : x.files)
    if (!wrote.count(path)) extra.insert(path);
  // The workload renamed file-4096 and removed doomed: those names only.
  EXPECT_EQ(extra, (std::set<std::string>{"/lab/sub/doomed", "/lab/sub/file-4096"}));
  ASSERT_TRUE(x.files.count("/lab/sub/file-4096"));
  EXPECT_EQ(x.files.at("/lab/sub/file-4096"), x.files.at("/lab/sub/renamed-4096"));
}

}  // namespace
}  // namespace cephwire
