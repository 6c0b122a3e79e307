// The capture reader and `cephwire-replay inspect` on files: bad files get a
// clear error naming the file and the offset, and what came before is kept.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "cephwire/capture/pcap_writer.h"
#include "cephwire/capture/summary.h"
#include "inspect.h"

namespace fs = std::filesystem;

namespace cephwire {
namespace {

const fs::path kSynthetic = fs::path(CEPHWIRE_CAPTURES) / "synthetic";

fs::path temp(const std::string& name) { return fs::temp_directory_path() / (std::to_string(::getpid()) + name); }

struct Run {
  int status;
  std::string out;
};
Run run(const std::string& args) {
  std::string cmd = std::string(CEPHWIRE_REPLAY) + " " + args + " 2>&1";
  Run r{0, {}};
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

TEST(Reader, NotACaptureNamesTheFileAndOffset) {
  auto p = temp("not-a-capture.txt");
  std::ofstream(p) << "this is not a capture\n";
  auto s = capture::summarize(p);
  EXPECT_FALSE(s.read.ok);
  EXPECT_NE(s.read.error.find(p.string()), std::string::npos) << s.read.error;
  EXPECT_NE(s.read.error.find("byte offset 0"), std::string::npos) << s.read.error;
  auto r = run("inspect " + p.string());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find(p.string()), std::string::npos);
  fs::remove(p);
}

TEST(Reader, TruncatedFileKeepsWhatCameBefore) {
  auto s = capture::summarize(kSynthetic / "truncated-file.pcap");
  EXPECT_FALSE(s.read.ok);
  EXPECT_EQ(s.read.frames, 8u);
  EXPECT_EQ(s.messages_total, 1u);
  EXPECT_NE(s.read.error.find("frame 9 at byte offset"), std::string::npos) << s.read.error;
  EXPECT_EQ(run("inspect " + (kSynthetic / "truncated-file.pcap").string()).status, 2);
}

TEST(Reader, MissingFile) {
  auto r = run("inspect /nonexistent/file.pcap");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("/nonexistent/file.pcap"), std::string::npos);
}

TEST(Inspect, ExitStatusFollowsCrcErrorsAndGaps) {
  EXPECT_EQ(run("inspect " + (kSynthetic / "v1-tags.pcap").string()).status, 0);
  EXPECT_EQ(run("inspect " + (kSynthetic / "crc-errors.pcap").string()).status, 1);
  EXPECT_EQ(run("inspect " + (kSynthetic / "tcp-trouble.pcap").string()).status, 1);
}

// front-fields.pcap: an osd_op whose reply fails with ENOENT, and a pgnls no
// reply answers.
TEST(Inspect, OpsJoinEachRequestToItsReply) {
  auto r = run("inspect --ops --json " + (kSynthetic / "front-fields.pcap").string());
  ASSERT_EQ(r.status, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  bool failed_seen = false, pgnls_seen = false;
  for (auto& q : j["requests"]) {
    if (q["frame"] == 14) {
      ASSERT_EQ(q["replies"].size(), 1u);
      EXPECT_EQ(q["replies"][0]["frame"], 15);
      EXPECT_EQ(q["replies"][0]["result"], -2);
      EXPECT_EQ(q["procedure"], "setxattr");
      EXPECT_EQ(q["client"], "client.4100");
      failed_seen = true;
    }
    if (q["procedure"] == "pgnls") {
      EXPECT_TRUE(q["replies"].empty());
      pgnls_seen = true;
    }
  }
  EXPECT_TRUE(failed_seen && pgnls_seen);
  EXPECT_EQ(j["failed"], 1);
  EXPECT_EQ(j["unanswered"], 1);
  EXPECT_EQ(j["latency_ms"]["osd_op"]["setxattr"]["count"], 1);
  auto text = run("inspect --ops " + (kSynthetic / "front-fields.pcap").string());
  EXPECT_NE(text.out.find("osd_op setxattr tid 101: reply 15"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("result -2 (ENOENT)"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("1 without a reply, 1 failed"), std::string::npos) << text.out;
}

TEST(Inspect, JsonHasTheDocumentedKeys) {
  auto r = run("inspect --json " + (kSynthetic / "crc-errors.pcap").string());
  ASSERT_EQ(r.status, 1);
  auto j = nlohmann::json::parse(r.out);
  for (const char* k : {"messages_total", "messages_by_type", "crc_errors", "gaps", "sessions", "skipped", "errors",
                        "tcp_conflicts", "read_error", "frames", "clean"})
    EXPECT_TRUE(j.contains(k)) << k;
  EXPECT_EQ(j["messages_total"], 17);
  EXPECT_EQ(j["messages_by_type"]["42"]["name"], "osd_op");
  EXPECT_EQ(j["messages_by_type"]["42"]["count"], 17);
  ASSERT_EQ(j["crc_errors"].size(), 14u);
  auto& e = j["crc_errors"][0];
  for (const char* k : {"session", "direction", "frame", "stream_offset", "field", "wire", "computed"})
    EXPECT_TRUE(e.contains(k)) << k;
  EXPECT_EQ(j["sessions"].size(), 3u);
  ASSERT_EQ(j["clients"].size(), 3u);  // three client processes, one session each
  EXPECT_EQ(j["clients"][0]["sessions"].size(), 1u);
  EXPECT_EQ(j["sessions"][1]["revision"], "msgr2.1");
  EXPECT_EQ(j["sessions"][2]["revision"], "msgr2.0");
}

TEST(Inspect, SecureSessionIsReportedAsEncrypted) {
  auto r = run("inspect --json " + (kSynthetic / "v2-secure.pcap").string());
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["sessions"].size(), 1u);
  EXPECT_TRUE(j["sessions"][0]["encrypted"]);
  EXPECT_EQ(j["sessions"][0]["con_mode"], "secure");
  EXPECT_EQ(j["sessions"][0]["auth_method"], "cephx");
  EXPECT_EQ(j["errors"].size(), 0u);
}

TEST(Reader, NonCephTcpIsSetApart) {
  auto p = temp("http.pcap");
  {
    capture::PcapWriter w(p, capture::kLinkEthernet);
    capture::TcpSegment t;
    t.src = capture::Endpoint::v4({127, 0, 0, 1}, 50000);
    t.dst = capture::Endpoint::v4({127, 0, 0, 1}, 80);
    t.flags = capture::kTcpSyn;
    t.seq = 1;
    w.write(1, capture::build_frame(capture::kLinkEthernet, t));
    t.flags = capture::kTcpAck | capture::kTcpPsh;
    t.seq = 2;
    std::string req = "GET / HTTP/1.1\r\nHost: x\r\n\r\n" + std::string(300, 'x');
    t.payload = as_bytes(req);
    w.write(2, capture::build_frame(capture::kLinkEthernet, t));
  }
  auto s = capture::summarize(p);
  EXPECT_TRUE(s.read.ok);
  EXPECT_TRUE(s.sessions.empty());
  EXPECT_EQ(s.other_sessions.size(), 1u);
  EXPECT_TRUE(s.clean());
  fs::remove(p);
}

}  // namespace
}  // namespace cephwire
