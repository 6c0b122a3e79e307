#include "cephwire/capture/tcp_reassembly.h"

#include <algorithm>
#include <cstring>

#include "cephwire/capture/packet.h"

namespace cephwire::capture {

uint64_t TcpReassembler::absolute(uint32_t seq) const {
  // The 64-bit offset nearest to what we expect next: wraps of the 32-bit
  // sequence number are followed, and late segments land behind next_.
  const uint32_t rel = seq - base_seq_;
  const uint64_t hi = next_ & ~uint64_t(0xffffffff);
  uint64_t best = hi | rel;
  const uint64_t span = uint64_t(1) << 32;
  if (best > next_ && best - next_ > span / 2 && best >= span) best -= span;
  else if (best < next_ && next_ - best > span / 2) best += span;
  return best;
}

void TcpReassembler::segment(uint32_t seq, uint8_t flags, Bytes payload, uint32_t missing, uint64_t frame) {
  if (flags & kTcpSyn) {
    if (!started_ || (!syn_seen_ && next_ == 0)) {
      base_seq_ = seq + 1;
      started_ = true;
      syn_seen_ = true;
    }
    return;  // a SYN carries no data in practice
  }
  if (payload.empty() && missing == 0) return;
  if (!started_) {  // no SYN captured: the stream starts here
    base_seq_ = seq;
    started_ = true;
  }
  const uint64_t start = absolute(seq);
  place(start, payload, 0, frame);
  if (missing) place(start + payload.size(), {}, missing, frame);
  drain(frame);
}

void TcpReassembler::place(uint64_t start, Bytes data, uint64_t hole, uint64_t frame) {
  const uint64_t len = hole ? hole : data.size();
  const uint64_t end = start + len;
  if (end <= next_) {  // all of it was delivered already
    ++retransmitted_;
    if (!hole) compare_with_history(start, data, frame);
    return;
  }
  if (start < next_) {  // overlaps what was delivered: keep the new tail
    ++retransmitted_;
    const uint64_t old = next_ - start;
    if (!hole) {
      compare_with_history(start, data.first(old), frame);
      data = data.subspan(old);
    } else {
      hole -= old;
    }
    start = next_;
  }
  if (start == next_ && hole && ooo_.empty()) {
    sink_.on_gap(next_, hole, frame);
    next_ += hole;
    return;
  }
  if (start == next_ && !hole) {
    // In order: straight from the capture buffer, up to the first held piece
    // (held pieces came first, so they win where they overlap).
    const uint64_t limit = ooo_.empty() ? end : std::min(end, ooo_.begin()->first);
    deliver(start, data.first(limit - start), frame);
    data = data.subspan(limit - start);
    start = limit;
    if (data.empty()) return;
  }
  if (hole) {
    // A hole waits its turn like data; pieces already held win over it.
    auto it = ooo_.lower_bound(start);
    if (it != ooo_.end() && it->first < start + hole) hole = it->first - start;
    if (it != ooo_.begin()) {
      auto prev = std::prev(it);
      if (prev->first + prev->second.size() > start) return;
    }
    if (hole) ooo_[start] = Piece{{}, hole, frame};
    return;
  }
  store_out_of_order(start, data, frame);
  if (buffered_ > opt_.max_out_of_order) gap_to_first(frame);
}

void TcpReassembler::store_out_of_order(uint64_t start, Bytes data, uint64_t frame) {
  // Insert only the parts no held piece covers; compare the covered parts.
  uint64_t pos = start;
  const uint64_t end = start + data.size();
  auto it = ooo_.upper_bound(pos);
  if (it != ooo_.begin()) --it;
  while (pos < end) {
    while (it != ooo_.end() && it->first + it->second.size() <= pos) ++it;
    const uint64_t next_start = it == ooo_.end() ? end : std::min(end, it->first);
    if (pos < next_start) {  // a free stretch
      Piece p;
      p.frame = frame;
      p.bytes.assign(data.begin() + ptrdiff_t(pos - start), data.begin() + ptrdiff_t(next_start - start));
      buffered_ += p.bytes.size();
      it = ooo_.emplace(pos, std::move(p)).first;
      ++it;
      pos = next_start;
      continue;
    }
    // Covered by *it from pos to min(end, its end).
    const uint64_t cov_end = std::min(end, it->first + it->second.size());
    ++retransmitted_;
    if (!it->second.hole)
      report_differences(pos, it->second.bytes.data() + (pos - it->first), data.data() + (pos - start), cov_end - pos,
                         frame);
    pos = cov_end;
  }
}

void TcpReassembler::deliver(uint64_t start, Bytes data, uint64_t frame) {
  sink_.on_data(start, data, frame);
  remember(data);
  next_ = start + data.size();
}

void TcpReassembler::drain(uint64_t frame) {
  while (!ooo_.empty()) {
    auto it = ooo_.begin();
    const uint64_t start = it->first, end = start + it->second.size();
    if (start > next_) return;
    Piece p = std::move(it->second);
    ooo_.erase(it);
    buffered_ -= p.bytes.size();
    if (end <= next_) continue;
    const uint64_t skip = next_ - start;
    if (p.hole) {
      sink_.on_gap(next_, p.hole - skip, std::max(frame, p.frame));
      next_ = end;
    } else {
      deliver(next_, Bytes(p.bytes).subspan(skip), std::max(frame, p.frame));
    }
  }
}

void TcpReassembler::gap_to_first(uint64_t frame) {
  if (ooo_.empty()) return;
  const uint64_t first = ooo_.begin()->first;
  if (first > next_) {
    sink_.on_gap(next_, first - next_, frame);
    next_ = first;
  }
  drain(frame);
}

void TcpReassembler::finish(uint64_t frame) {
  while (!ooo_.empty()) gap_to_first(frame);
}

void TcpReassembler::remember(Bytes data) {
  if (opt_.history == 0) return;
  if (data.size() >= opt_.history) {
    history_.assign(data.end() - ptrdiff_t(opt_.history), data.end());
    return;
  }
  history_.insert(history_.end(), data.begin(), data.end());
  if (history_.size() > 2 * opt_.history) history_.erase(history_.begin(), history_.end() - ptrdiff_t(opt_.history));
}

void TcpReassembler::compare_with_history(uint64_t start, Bytes data, uint64_t frame) {
  // history_ ends at next_; compare what of [start, start + size) it still holds.
  const uint64_t have_from = next_ - std::min<uint64_t>(next_, history_.size());
  uint64_t from = std::max(start, have_from);
  const uint64_t to = start + data.size();
  if (from >= to) return;
  const uint8_t* old = history_.data() + (from - have_from);
  const uint8_t* now = data.data() + (from - start);
  report_differences(from, old, now, to - from, frame);
}

void TcpReassembler::report_differences(uint64_t at, const uint8_t* first, const uint8_t* later, uint64_t n,
                                        uint64_t frame) {
  // Report the stretch from the first to the last byte that differs.
  uint64_t lo = 0;
  while (lo < n && first[lo] == later[lo]) ++lo;
  if (lo == n) return;
  uint64_t hi = n;
  while (hi > lo && first[hi - 1] == later[hi - 1]) --hi;
  ++conflicts_;
  sink_.on_conflict(at + lo, hi - lo, frame);
}

}  // namespace cephwire::capture
