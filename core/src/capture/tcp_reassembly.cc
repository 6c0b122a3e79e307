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
  if (!started_ && payload.empty() && missing == 0) return;  // (a bare FIN or ACK does not start a stream)
  if (flags & kTcpFin) fin_end_ = std::max(fin_end_, absolute(seq) + payload.size() + missing);
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
  remember(start, data);
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
  // The FIN says where the stream ended: bytes before it never seen are a gap too.
  if (fin_end_ > next_) {
    sink_.on_gap(next_, fin_end_ - next_, frame);
    next_ = fin_end_;
  }
}

void TcpReassembler::remember(uint64_t start, Bytes data) {
  const size_t cap = opt_.history;
  if (cap == 0 || data.empty()) return;
  if (start != hist_end_) hist_len_ = 0;  // a gap lies between: older bytes no longer line up
  // Grow (doubling, up to cap) while short connections need less; the
  // contents move once, oldest first.
  const size_t want = size_t(std::min<uint64_t>(cap, hist_len_ + data.size()));
  if (ring_.size() < want) {
    std::vector<uint8_t> bigger(std::min(cap, std::max(want, 2 * ring_.size())));
    const size_t n = size_t(hist_len_);
    for (size_t k = 0; k < n; ++k) bigger[k] = ring_[(ring_pos_ + ring_.size() - n + k) % ring_.size()];
    ring_ = std::move(bigger);
    ring_pos_ = n % ring_.size();
  }
  const Bytes tail = data.size() > ring_.size() ? data.last(ring_.size()) : data;
  const size_t first = std::min(tail.size(), ring_.size() - ring_pos_);
  std::memcpy(ring_.data() + ring_pos_, tail.data(), first);
  std::memcpy(ring_.data(), tail.data() + first, tail.size() - first);
  ring_pos_ = (ring_pos_ + tail.size()) % ring_.size();
  hist_len_ = std::min<uint64_t>(ring_.size(), hist_len_ + data.size());
  hist_end_ = start + data.size();
}

void TcpReassembler::compare_with_history(uint64_t start, Bytes data, uint64_t frame) {
  // Compare what of [start, start + size) the ring still holds. Only
  // retransmissions come here, so a copy of the old bytes is fine.
  const uint64_t have_from = hist_end_ - hist_len_;
  const uint64_t from = std::max(start, have_from), to = std::min(start + data.size(), hist_end_);
  if (from >= to || ring_.empty()) return;
  std::vector<uint8_t> old(size_t(to - from));
  for (size_t k = 0; k < old.size(); ++k)
    old[k] = ring_[(ring_pos_ + ring_.size() - size_t(hist_end_ - from) + k) % ring_.size()];
  report_differences(from, old.data(), data.data() + (from - start), to - from, frame);
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
