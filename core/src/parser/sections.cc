#include "sections.h"

#include <algorithm>

#include "cephwire/crc32c.h"

namespace cephwire::parser {

void Sections::begin(std::array<uint32_t, 3> len, uint32_t seed, bool crc, Keep keep) {
  len_ = len;
  crc_ = {seed, seed, seed};
  gap_ = {0, 0, 0};
  crc_on_ = crc;
  keep_ = keep;
  if (keep.msg && keep.payload) {
    // Grow with the bytes that arrive, but avoid re-allocation for the common small front.
    keep.msg->front.reserve(std::min<uint32_t>(len[0], 1u << 16));
    keep.msg->middle.reserve(std::min<uint32_t>(len[1], 1u << 16));
  }
  sec_ = 0;
  left_ = len[0];
  active_ = true;
  skip_empty();
}

uint64_t Sections::remaining() const {
  if (!active_) return 0;
  uint64_t left = left_;
  for (uint32_t i = sec_ + 1; i < 3; ++i) left += len_[i];
  return left;
}

void Sections::skip_empty() {
  while (left_ == 0 && sec_ < 3) {
    if (++sec_ < 3) left_ = len_[sec_];
  }
  if (left_ == 0) active_ = false;
}

void Sections::store(Bytes chunk) {
  if (keep_.raw) {
    auto& r = (*keep_.raw)[sec_];
    r.insert(r.end(), chunk.begin(), chunk.end());
    return;
  }
  if (!keep_.msg || !keep_.payload) return;
  switch (sec_) {
    case 0: keep_.msg->front.insert(keep_.msg->front.end(), chunk.begin(), chunk.end()); break;
    case 1: keep_.msg->middle.insert(keep_.msg->middle.end(), chunk.begin(), chunk.end()); break;
    default:
      if (keep_.data) keep_.msg->data.append(chunk);
      break;
  }
}

size_t Sections::take(Bytes in) {
  size_t total = 0;
  while (active_ && !in.empty()) {
    const size_t n = std::min<size_t>(in.size(), left_);
    Bytes chunk = in.first(n);
    if (crc_on_) crc_[sec_] = ceph_crc32c(crc_[sec_], chunk);
    store(chunk);
    in = in.subspan(n);
    left_ -= uint32_t(n);
    total += n;
    skip_empty();
  }
  return total;
}

void Sections::fill_gap(uint64_t todo) {
  static const uint8_t kZeros[4096] = {};
  while (todo > 0 && active_) {
    const uint64_t n = std::min<uint64_t>(todo, left_);
    gap_[sec_] += n;
    if (keep_.msg) keep_.msg->gap_bytes += n;
    for (uint64_t k = n; k > 0;) {
      const size_t z = size_t(std::min<uint64_t>(k, sizeof kZeros));
      store(Bytes(kZeros, z));
      k -= z;
    }
    left_ -= uint32_t(n);
    todo -= n;
    skip_empty();
  }
}

}  // namespace cephwire::parser
