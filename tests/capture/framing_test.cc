// `inspect --fields` frames each session's bytes into PDUs as the parser
// reads them (cephwire/pdu_framer.h). Over every bundled capture: every byte
// is either in a framed PDU or reported as unframed, in stream order; every
// message the parser reports starts a framed PDU (or lies in unframed bytes);
// and every PDU's layout stays inside its bytes.
#include <gtest/gtest.h>

#include <filesystem>
#include <list>
#include <map>
#include <set>

#include "cephwire/capture/capture_reader.h"
#include "cephwire/layout.h"

namespace fs = std::filesystem;

namespace cephwire {
namespace {

using namespace capture;

struct Tally : PduSink, Listener {
  uint64_t next[2] = {0, 0};  // where the next PDU or unframed run must begin
  uint64_t framed = 0, unframed = 0, gaps = 0;
  std::set<std::pair<int, uint64_t>> pdu_starts, message_starts;
  std::vector<std::pair<uint64_t, uint64_t>> holes[2];  // unframed runs and gaps
  std::string trouble;
  size_t id = 0;
  uint64_t stream[2] = {0, 0};  // bytes of each direction, captured or lost

  void on_pdu(Dir d, uint64_t offset, const PduContext& ctx, Bytes pdu) override {
    at(d, offset, pdu.size());
    ++framed;
    pdu_starts.emplace(int(d), offset);
    const PduLayout l = pdu_layout(ctx, pdu);
    for (const auto& f : l.fields)
      if (uint64_t(f.off) + f.len > (f.source ? l.inflated.size() : pdu.size()))
        trouble += std::string("field ") + (f.name ? f.name : "?") + " beyond its PDU; ";
  }
  void on_unframed(Dir d, uint64_t offset, uint64_t length, PduKind) override {
    at(d, offset, length);
    ++unframed;
    holes[size_t(d)].emplace_back(offset, length);
  }
  void on_gap(Dir d, const GapEvent& e) override {  // (the framer hands on what it held first)
    at(d, e.offset, e.length);
    ++gaps;
    holes[size_t(d)].emplace_back(e.offset, e.length);
  }
  void on_message(Dir d, MessageEvent& e) override { message_starts.emplace(int(d), e.offset); }

  void at(Dir d, uint64_t offset, uint64_t length) {
    if (offset != next[size_t(d)])
      trouble += "bytes at " + std::to_string(offset) + " but the last ended at " + std::to_string(next[size_t(d)]) + "; ";
    next[size_t(d)] = offset + length;
  }
  bool in_hole(int d, uint64_t offset) const {
    for (auto& [o, n] : holes[size_t(d)])
      if (offset >= o && offset < o + n) return true;
    return false;
  }
};

struct Consumer : CaptureConsumer {
  std::list<Tally> sessions;
  std::map<Session*, Tally*> live;
  Listener* on_session_start(Session& s) override { return live[&s] = &sessions.emplace_back(); }
  PduSink* pdu_sink(Session& s) override { return live[&s]; }
  void on_session_end(Session& s) override {
    Tally& t = *live[&s];
    t.id = s.id;
    for (int d = 0; d < 2; ++d) t.stream[d] = s.payload_bytes[d] + s.gap_bytes[d];
    live.erase(&s);
  }
};

TEST(Framing, EveryByteFramedOrReportedAndEveryMessageStartsAPdu) {
  size_t files = 0;
  uint64_t pdus = 0;
  for (const char* sub : {"real", "synthetic"}) {
    for (auto& e : fs::directory_iterator(fs::path(CEPHWIRE_CAPTURES) / sub)) {
      const auto ext = e.path().extension();
      if (ext != ".pcap" && ext != ".pcapng") continue;
      SCOPED_TRACE(e.path().string());
      ++files;
      Consumer c;
      CaptureReader reader(c);
      reader.read(e.path().string());
      for (auto& t : c.sessions) {
        SCOPED_TRACE("session " + std::to_string(t.id));
        EXPECT_EQ(t.trouble, "");
        for (int d = 0; d < 2; ++d)
          EXPECT_EQ(t.next[d], t.stream[d]) << "direction " << d << " not all accounted for";
        for (auto& m : t.message_starts)
          EXPECT_TRUE(t.pdu_starts.count(m) || t.in_hole(m.first, m.second))
              << "message at " << m.second << " is no framed PDU";
        pdus += t.framed;
      }
    }
  }
  EXPECT_GT(files, 20u);
  EXPECT_GT(pdus, 10000u);
}

}  // namespace
}  // namespace cephwire
