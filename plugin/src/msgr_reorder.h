// Segments TCP passed out of order. With tcp.reassemble_out_of_order off
// (Wireshark's default), TCP hands the dissector a segment that follows a
// hole before the bytes of the hole. From the first hole on, one direction's
// segments go through the core's TcpReassembler (on the first pass): bytes
// behind a hole are held, and dissected from a buffer of their own in the
// frame that fills it; a hole that stays open while more than a window of
// bytes or segments waits behind it is a capture gap. Each call's steps are
// recorded, so that every pass shows the same.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "cephwire/bytes.h"
#include "cephwire/capture/tcp_reassembly.h"

namespace msgr {

// One thing a call shows, in order.
struct Step {
  enum Kind {
    HeldBehindHole,  // this segment's bytes wait for bytes before them
    HeldInMessage,   // they continue a PDU begun in reordered bytes
    Gap,             // `length` bytes at `seq` are missing from the capture
    Stream,          // `bytes` (from `seq`) dissected here, from a buffer of their own
    Tail,            // the rest of this segment, from `seq`, is dissected as TCP gave it
  };
  explicit Step(Kind k) : kind(k) {}
  Kind kind;
  uint32_t seq = 0;
  uint32_t length = 0;
  std::shared_ptr<const std::vector<uint8_t>> bytes;
  bool cut = false;    // Stream: a gap follows, the PDU at its end is all there is of it
  bool first = false;  // Stream: the first bytes this conversation put back in order
  bool claim = false;  // Stream: bytes held until the connection was known to be Ceph (not reordered)
};

// What dissecting a Stream step did: bytes consumed (whole PDUs), and how many
// bytes from there the unfinished PDU needs (0: unknown, any more will do).
struct Walked {
  size_t consumed = 0;
  size_t need = 0;
};
using ShowStep = std::function<Walked(const Step&)>;

class Reorder {
 public:
  static constexpr uint64_t kWindowBytes = 256u << 10;
  static constexpr uint32_t kWindowSegments = 64;

  bool active() const { return bool(tcp_); }
  // A hole opens before `seq`: stream order resumes at `next_seq`. `claim`:
  // not a hole but a connection claimed at a boundary in an earlier segment,
  // whose bytes since then (seeded) are dissected with the next segment.
  void start(uint32_t next_seq, bool claim = false);
  // Bytes from next_seq on that TCP holds for a PDU it was asked to
  // reassemble (and will not pass on now): they come out with the next segment.
  void seed(uint32_t seq, cephwire::Bytes bytes, uint64_t frame) { tcp_->segment(seq, 0, bytes, 0, frame); }
  // How many bytes from next_seq the PDU there needs before it is worth a try.
  void expect(size_t need) { need_ = need; }
  // One segment of this direction while active (`last`: it ends the
  // direction). Shows each step as it is made and returns them all. When
  // order is restored and the unfinished PDU lies within this segment, a Tail
  // step hands it back to TCP's reassembly. After it, if !active(), the
  // stream is in order again up to next_seq() (or the Tail's seq).
  // `noted`: the conversation's "reordered" note was shown.
  // `withheld`: a segment TCP did not pass on (seen by the postdissector),
  // which cannot be handed back to TCP's reassembly.
  std::vector<Step> segment(uint32_t seq, cephwire::Bytes payload, bool last, bool withheld, uint64_t frame,
                            bool* noted, const ShowStep& show);
  uint32_t next_seq() const { return next_seq_; }

 private:
  struct Sink : cephwire::capture::StreamSink {
    struct Event {
      bool gap;
      uint64_t offset, length;
      std::vector<uint8_t> bytes;
    };
    std::vector<Event> events;
    void on_data(uint64_t offset, cephwire::Bytes data, uint64_t) override {
      events.push_back({false, offset, data.size(), {data.begin(), data.end()}});
    }
    void on_gap(uint64_t offset, uint64_t length, uint64_t) override { events.push_back({true, offset, length, {}}); }
  };
  Walked walk_carry(bool cut, bool reordered, bool* noted, std::vector<Step>& steps, const ShowStep& show);

  Sink sink_;
  std::unique_ptr<cephwire::capture::TcpReassembler> tcp_;
  uint32_t base_ = 0;           // the sequence number of the reassembler's stream offset 0
  std::vector<uint8_t> carry_;  // delivered, not yet dissected (an unfinished PDU), from carry_seq_
  uint32_t carry_seq_ = 0;
  size_t need_ = 0;  // carry bytes the unfinished PDU needs before it is worth a try
  uint32_t held_segments_ = 0;
  uint32_t next_seq_ = 0;
  bool claim_ = false;
};

}  // namespace msgr
