#include "msgr_reorder.h"

#include <algorithm>

namespace msgr {

void Reorder::start(uint32_t next_seq, bool claim) {
  claim_ = claim;
  cephwire::capture::ReassemblyOptions o;
  o.max_out_of_order = kWindowBytes;
  o.history = 0;  // retransmissions were TCP's business until here
  tcp_ = std::make_unique<cephwire::capture::TcpReassembler>(sink_, o);
  tcp_->start_at(next_seq);
  base_ = carry_seq_ = next_seq_ = next_seq;
  carry_.clear();
  need_ = 0;
  held_segments_ = 0;
}

Walked Reorder::walk_carry(bool cut, bool reordered, bool* noted, std::vector<Step>& steps, const ShowStep& show) {
  Step st{Step::Stream};
  st.seq = carry_seq_;
  st.length = uint32_t(carry_.size());
  st.bytes = std::make_shared<const std::vector<uint8_t>>(carry_);
  st.cut = cut;
  st.claim = claim_;
  st.first = reordered && !claim_ && !*noted;
  if (st.first) *noted = true;
  const Walked w = show(st);
  claim_ = false;  // what comes after the claimed bytes is reordering again
  steps.push_back(std::move(st));
  const size_t used = cut ? carry_.size() : std::min(w.consumed, carry_.size());
  carry_.erase(carry_.begin(), carry_.begin() + ptrdiff_t(used));
  carry_seq_ += uint32_t(used);
  need_ = cut || carry_.empty() ? 0 : (w.need ? w.need : carry_.size() + 1);
  return w;
}

std::vector<Step> Reorder::segment(uint32_t seq, cephwire::Bytes payload, bool last, bool withheld, uint64_t frame,
                                   bool* noted, const ShowStep& show) {
  std::vector<Step> steps;
  auto emit = [&](Step st) {
    show(st);
    steps.push_back(std::move(st));
  };
  tcp_->segment(seq, 0, payload, 0, frame);
  if (tcp_->buffered() > 0 && ++held_segments_ > kWindowSegments) last = true;  // too long for reordering
  if (last) tcp_->finish(frame);
  std::vector<Sink::Event> events = std::move(sink_.events);
  sink_.events.clear();
  bool reordered = true;
  for (auto& e : events) {
    const uint32_t at = base_ + uint32_t(e.offset);
    if (e.gap) {
      if (!carry_.empty()) walk_carry(true, false, noted, steps, show);  // the PDU the gap cuts is all of it
      Step g{Step::Gap};
      g.seq = at;
      g.length = uint32_t(e.length);
      emit(std::move(g));
      carry_seq_ = at + uint32_t(e.length);
      reordered = false;
      continue;
    }
    if (carry_.empty()) carry_seq_ = at;
    carry_.insert(carry_.end(), e.bytes.begin(), e.bytes.end());
  }
  if (tcp_->buffered() == 0) held_segments_ = 0;
  const uint32_t end = seq + uint32_t(payload.size());
  const uint32_t delivered = base_ + uint32_t(tcp_->delivered());
  // Order is restored and what waits lies within this segment, up to its
  // end: TCP can reassemble it as usual from there.
  auto hand_back = [&] {
    return !withheld && tcp_->buffered() == 0 && !carry_.empty() && int32_t(carry_seq_ - seq) >= 0 &&
           delivered == end;
  };
  if (!carry_.empty() && carry_.size() >= need_ && !hand_back()) walk_carry(false, reordered, noted, steps, show);
  if (hand_back()) {
    Step t{Step::Tail};
    t.seq = carry_seq_;
    emit(std::move(t));
    next_seq_ = carry_seq_;
    tcp_.reset();
    carry_.clear();
    return steps;
  }
  if (int32_t(seq - delivered) >= 0 && tcp_->buffered() > 0) {
    Step h{Step::HeldBehindHole};
    h.seq = seq;
    h.length = uint32_t(payload.size());
    emit(std::move(h));
  } else if (!carry_.empty() && int32_t(end - carry_seq_) > 0) {
    Step h{Step::HeldInMessage};
    h.seq = seq;
    h.length = std::min(uint32_t(payload.size()), end - carry_seq_);
    emit(std::move(h));
  }
  if (tcp_->buffered() == 0 && carry_.empty()) {
    next_seq_ = carry_seq_;
    tcp_.reset();
  }
  return steps;
}

}  // namespace msgr
