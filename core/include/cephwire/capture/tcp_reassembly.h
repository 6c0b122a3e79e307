// TCP reassembly of one direction of a connection, for captures: segments in
// any order, retransmissions and overlaps (the first copy wins; different bytes
// in a later copy are reported), sequence numbers that wrap around 2^32,
// streams whose SYN was not captured, and gaps, which are reported with their
// stream offset, size and the frame where they show, after which delivery
// goes on. Memory is bounded by the out-of-order window (plus a short history
// of delivered bytes kept to compare retransmissions against).
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "cephwire/bytes.h"

namespace cephwire::capture {

class StreamSink {
 public:
  virtual ~StreamSink() = default;
  // In-order bytes at stream offset `offset`; `frame` is the frame that
  // carried them (or completed them).
  virtual void on_data(uint64_t offset, Bytes data, uint64_t frame) = 0;
  // `length` bytes at `offset` were never captured; `frame` is where that
  // became certain.
  virtual void on_gap(uint64_t offset, uint64_t length, uint64_t frame) = 0;
  // A later copy of [offset, offset + length) differs from the first one,
  // which was kept; `frame` carried the later copy.
  virtual void on_conflict(uint64_t offset, uint64_t length, uint64_t frame) { (void)offset, (void)length, (void)frame; }
};

struct ReassemblyOptions {
  uint64_t max_out_of_order = 16u << 20;  // bytes held beyond a hole before it is declared a gap
  uint64_t history = 256u << 10;          // delivered bytes kept to compare retransmissions
};

class TcpReassembler {
 public:
  TcpReassembler(StreamSink& sink, ReassemblyOptions o = {}) : sink_(sink), opt_(o) {}

  // A segment of this direction. `missing` payload bytes after `payload` were
  // cut off by the capture's snap length.
  void segment(uint32_t seq, uint8_t tcp_flags, Bytes payload, uint32_t missing, uint64_t frame);
  // End of the capture: whatever waits behind a hole is delivered after a gap.
  void finish(uint64_t frame);
  // For a reader that followed the stream itself so far: stream offset 0 is
  // at `seq` (as if a SYN at seq - 1 had been seen). Before any segment.
  void start_at(uint32_t seq) {
    base_seq_ = seq;
    started_ = true;
  }

  bool started() const { return started_; }
  bool syn_seen() const { return syn_seen_; }
  uint64_t delivered() const { return next_; }  // stream offset of the next byte
  uint64_t buffered() const { return buffered_; }
  uint64_t conflicts() const { return conflicts_; }
  uint64_t retransmitted() const { return retransmitted_; }

 private:
  struct Piece {
    std::vector<uint8_t> bytes;
    uint64_t hole = 0;  // a snap-length hole of this many bytes (no bytes)
    uint64_t frame = 0;
    uint64_t size() const { return hole ? hole : bytes.size(); }
  };

  uint64_t absolute(uint32_t seq) const;
  void deliver(uint64_t start, Bytes data, uint64_t frame);
  void place(uint64_t start, Bytes data, uint64_t hole, uint64_t frame);
  void store_out_of_order(uint64_t start, Bytes data, uint64_t frame);
  void drain(uint64_t frame);
  void gap_to_first(uint64_t frame);
  void compare_with_history(uint64_t start, Bytes data, uint64_t frame);
  void remember(uint64_t start, Bytes data);
  void report_differences(uint64_t at, const uint8_t* first, const uint8_t* later, uint64_t n, uint64_t frame);

  StreamSink& sink_;
  ReassemblyOptions opt_;
  bool started_ = false;
  bool syn_seen_ = false;
  uint32_t base_seq_ = 0;  // the sequence number of stream offset 0
  uint64_t next_ = 0;
  uint64_t fin_end_ = 0;  // where a FIN said the stream ends (0: no FIN seen)
  std::map<uint64_t, Piece> ooo_;  // out-of-order pieces, non-overlapping, keyed by start
  uint64_t buffered_ = 0;
  // The last delivered bytes, a ring that grows up to opt_.history: hist_len_
  // valid bytes ending at stream offset hist_end_, the newest at ring_pos_ - 1.
  std::vector<uint8_t> ring_;
  size_t ring_pos_ = 0;
  uint64_t hist_len_ = 0;
  uint64_t hist_end_ = 0;
  uint64_t conflicts_ = 0;
  uint64_t retransmitted_ = 0;
};

}  // namespace cephwire::capture
