// TCP reassembly on hand-made segment sequences.
#include "cephwire/capture/tcp_reassembly.h"

#include <gtest/gtest.h>

#include <string>

#include "cephwire/capture/packet.h"

namespace cephwire::capture {
namespace {

struct Sink : StreamSink {
  std::string data;  // gaps appear as '#'
  std::vector<std::tuple<uint64_t, uint64_t, uint64_t>> gaps, conflicts;  // offset, length, frame
  std::vector<uint64_t> data_frames;
  void on_data(uint64_t offset, Bytes b, uint64_t frame) override {
    EXPECT_EQ(offset, data.size());
    data.append(reinterpret_cast<const char*>(b.data()), b.size());
    data_frames.push_back(frame);
  }
  void on_gap(uint64_t offset, uint64_t length, uint64_t frame) override {
    EXPECT_EQ(offset, data.size());
    data.append(length, '#');
    gaps.emplace_back(offset, length, frame);
  }
  void on_conflict(uint64_t offset, uint64_t length, uint64_t frame) override {
    conflicts.emplace_back(offset, length, frame);
  }
};

Bytes b(const std::string& s) { return as_bytes(s); }

constexpr uint8_t kData = kTcpAck | kTcpPsh;

TEST(Reassembly, InOrderAfterSyn) {
  Sink s;
  TcpReassembler r(s);
  r.segment(999, kTcpSyn, {}, 0, 1);
  r.segment(1000, kData, b("hello "), 0, 2);
  r.segment(1006, kData, b("world"), 0, 3);
  r.finish(4);
  EXPECT_EQ(s.data, "hello world");
  EXPECT_TRUE(r.syn_seen());
  EXPECT_TRUE(s.gaps.empty());
}

TEST(Reassembly, OutOfOrderIsReordered) {
  Sink s;
  TcpReassembler r(s);
  r.segment(99, kTcpSyn, {}, 0, 1);
  r.segment(110, kData, b("klmnopqrst"), 0, 2);
  r.segment(105, kData, b("fghij"), 0, 3);
  EXPECT_EQ(s.data, "");
  EXPECT_EQ(r.buffered(), 15u);
  r.segment(100, kData, b("abcde"), 0, 4);
  EXPECT_EQ(s.data, "abcdefghijklmnopqrst");
  EXPECT_EQ(r.buffered(), 0u);
  EXPECT_EQ(s.data_frames.back(), 4u);
}

TEST(Reassembly, ExactRetransmissionIsDroppedQuietly) {
  Sink s;
  TcpReassembler r(s);
  r.segment(0, kTcpSyn, {}, 0, 1);
  r.segment(1, kData, b("abcdef"), 0, 2);
  r.segment(1, kData, b("abcdef"), 0, 3);
  r.segment(4, kData, b("defghi"), 0, 4);  // overlaps, then new bytes
  EXPECT_EQ(s.data, "abcdefghi");
  EXPECT_TRUE(s.conflicts.empty());
  EXPECT_EQ(r.retransmitted(), 2u);
}

TEST(Reassembly, OverlapOfTwoEarlierSegmentsWithDifferentBytes) {
  // The first copies win, and the difference is reported where it lies.
  Sink s;
  TcpReassembler r(s);
  r.segment(0, kTcpSyn, {}, 0, 1);
  r.segment(1, kData, b("aaaa"), 0, 2);
  r.segment(5, kData, b("bbbb"), 0, 3);
  r.segment(3, kData, b("aaXbbbc"), 0, 4);  // spans both, one byte differs, then "c" is new
  EXPECT_EQ(s.data, "aaaabbbbc");
  ASSERT_EQ(s.conflicts.size(), 1u);
  EXPECT_EQ(s.conflicts[0], std::make_tuple(4u, 1u, 4u));
}

TEST(Reassembly, OverlapAmongOutOfOrderPiecesFirstCopyWins) {
  Sink s;
  TcpReassembler r(s);
  r.segment(0, kTcpSyn, {}, 0, 1);
  r.segment(11, kData, b("KLMN"), 0, 2);
  r.segment(9, kData, b("ijklmnop"), 0, 3);  // differs from the held piece on k..n
  r.segment(1, kData, b("abcdefgh"), 0, 4);
  EXPECT_EQ(s.data, "abcdefghijKLMNop");
  ASSERT_EQ(s.conflicts.size(), 1u);
  EXPECT_EQ(s.conflicts[0], std::make_tuple(10u, 4u, 3u));
}

TEST(Reassembly, SequenceNumberWrap) {
  Sink s;
  TcpReassembler r(s);
  r.segment(0xfffffff9u, kTcpSyn, {}, 0, 1);
  r.segment(0xfffffffau, kData, b("0123"), 0, 2);
  r.segment(0xfffffffeu, kData, b("4567"), 0, 3);  // crosses 2^32
  r.segment(0x00000006u, kData, b("cdef"), 0, 4);  // out of order, after the wrap
  r.segment(0x00000002u, kData, b("89ab"), 0, 5);
  EXPECT_EQ(s.data, "0123456789abcdef");
  EXPECT_TRUE(s.gaps.empty());
}

TEST(Reassembly, WrapAcrossMoreThan4GiB) {
  // A stream longer than 2^32 bytes keeps counting offsets in 64 bits.
  struct Count : StreamSink {
    uint64_t bytes = 0;
    void on_data(uint64_t offset, Bytes d, uint64_t) override {
      EXPECT_EQ(offset, bytes);
      bytes += d.size();
    }
    void on_gap(uint64_t, uint64_t, uint64_t) override { ADD_FAILURE(); }
  } sink;
  TcpReassembler r(sink);
  std::vector<uint8_t> chunk(1 << 20, 1);
  uint32_t seq = 123;
  r.segment(seq - 1, kTcpSyn, {}, 0, 1);
  for (int i = 0; i < 4200; ++i) {  // 4200 MiB
    r.segment(seq, kData, chunk, 0, 2);
    seq += uint32_t(chunk.size());
  }
  EXPECT_EQ(sink.bytes, 4200ull << 20);
  EXPECT_GT(r.delivered(), 1ull << 32);
}

TEST(Reassembly, StreamWithoutSynStartsAtFirstSegment) {
  Sink s;
  TcpReassembler r(s);
  r.segment(5000, kData, b("middle"), 0, 7);
  r.segment(5006, kData, b(" end"), 0, 8);
  EXPECT_EQ(s.data, "middle end");
  EXPECT_FALSE(r.syn_seen());
}

TEST(Reassembly, HoleBecomesAGapAtTheEnd) {
  Sink s;
  TcpReassembler r(s);
  r.segment(0, kTcpSyn, {}, 0, 1);
  r.segment(1, kData, b("abc"), 0, 2);
  r.segment(10, kData, b("jkl"), 0, 3);  // 4..9 never arrive
  EXPECT_EQ(s.data, "abc");
  r.finish(9);
  EXPECT_EQ(s.data, "abc######jkl");
  ASSERT_EQ(s.gaps.size(), 1u);
  EXPECT_EQ(s.gaps[0], std::make_tuple(3u, 6u, 9u));
}

// The FIN's sequence number says where the stream ends: a segment lost just
// before it is a gap, though nothing after it waits to be delivered.
TEST(Reassembly, SegmentLostBeforeTheFinIsAGap) {
  Sink s;
  TcpReassembler r(s);
  r.segment(99, kTcpSyn, {}, 0, 1);
  r.segment(100, kData, b("abcde"), 0, 2);
  // "fghij" (105..110) never captured
  r.segment(110, kTcpFin | kTcpAck, {}, 0, 4);
  r.finish(5);
  EXPECT_EQ(s.data, "abcde#####");
  ASSERT_EQ(s.gaps.size(), 1u);
  EXPECT_EQ(s.gaps[0], std::make_tuple(uint64_t(5), uint64_t(5), uint64_t(5)));
  // A FIN right after the last byte is no gap; nor is a FIN seen twice.
  Sink t;
  TcpReassembler q(t);
  q.segment(99, kTcpSyn, {}, 0, 1);
  q.segment(100, kData | kTcpFin, b("abcde"), 0, 2);
  q.segment(105, kTcpFin | kTcpAck, {}, 0, 3);
  q.finish(4);
  EXPECT_EQ(t.data, "abcde");
  EXPECT_TRUE(t.gaps.empty());
}

TEST(Reassembly, WindowOverflowDeclaresTheGapEarly) {
  Sink s;
  ReassemblyOptions o;
  o.max_out_of_order = 10;
  TcpReassembler r(s, o);
  r.segment(0, kTcpSyn, {}, 0, 1);
  r.segment(1, kData, b("ab"), 0, 2);
  r.segment(5, kData, b("efghij"), 0, 3);
  EXPECT_EQ(s.data, "ab");
  r.segment(11, kData, b("klmnop"), 0, 4);  // 12 bytes held: over the window
  EXPECT_EQ(s.data, "ab##efghijklmnop");
  ASSERT_EQ(s.gaps.size(), 1u);
  EXPECT_EQ(s.gaps[0], std::make_tuple(2u, 2u, 4u));
  EXPECT_EQ(r.buffered(), 0u);
}

TEST(Reassembly, SnapLengthCutIsAGapInPlace) {
  Sink s;
  TcpReassembler r(s);
  r.segment(0, kTcpSyn, {}, 0, 1);
  r.segment(1, kData, b("abcd"), 6, 2);  // 10 bytes on the wire, 4 captured
  r.segment(11, kData, b("klm"), 0, 3);
  EXPECT_EQ(s.data, "abcd######klm");
  ASSERT_EQ(s.gaps.size(), 1u);
  EXPECT_EQ(s.gaps[0], std::make_tuple(4u, 6u, 2u));
}

TEST(Reassembly, LateSegmentFillsNothingAfterAGap) {
  Sink s;
  TcpReassembler r(s);
  r.segment(0, kTcpSyn, {}, 0, 1);
  r.segment(1, kData, b("ab"), 0, 2);
  r.segment(5, kData, b("ef"), 0, 3);
  r.finish(4);
  r.segment(3, kData, b("cd"), 0, 5);  // too late: already declared lost
  EXPECT_EQ(s.data, "ab##ef");
}

TEST(Reassembly, LateBytesOfAGapAreNotComparedWithOthers) {
  // After a gap, the remembered bytes no longer line up with offsets before
  // it: a late copy of the lost bytes must not be reported as a conflict.
  Sink s;
  TcpReassembler r(s);
  r.segment(0, kTcpSyn, {}, 0, 1);
  r.segment(1, kData, b("ab"), 0, 2);
  r.segment(5, kData, b("ef"), 0, 3);
  r.finish(4);
  r.segment(3, kData, b("cd"), 0, 5);
  EXPECT_TRUE(s.conflicts.empty());
  r.segment(5, kData, b("eX"), 0, 6);  // bytes after the gap are still compared
  ASSERT_EQ(s.conflicts.size(), 1u);
  EXPECT_EQ(s.conflicts[0], std::make_tuple(5u, 1u, 6u));
}

TEST(Reassembly, HistoryRingWrapsAndStillCompares) {
  ReassemblyOptions o;
  o.history = 16;
  Sink s;
  TcpReassembler r(s, o);
  r.segment(0, kTcpSyn, {}, 0, 1);
  uint32_t seq = 1;
  const std::string text = "0123456789abcdefghijklmnopqrstuvwxyz";
  for (size_t i = 0; i < text.size(); i += 5, seq += 5) r.segment(seq, kData, b(text.substr(i, 5)), 0, 2);
  r.segment(1 + 30, kData, b("uvwxy"), 0, 3);  // within the last 16 bytes, same: quiet
  EXPECT_TRUE(s.conflicts.empty());
  r.segment(1 + 28, kData, b("stuVw"), 0, 4);  // wraps in the ring, one byte differs
  ASSERT_EQ(s.conflicts.size(), 1u);
  EXPECT_EQ(s.conflicts[0], std::make_tuple(31u, 1u, 4u));
  r.segment(1, kData, b("01X"), 0, 5);  // older than the ring: not compared
  EXPECT_EQ(s.conflicts.size(), 1u);
}

}  // namespace
}  // namespace cephwire::capture
