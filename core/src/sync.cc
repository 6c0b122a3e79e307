#include "cephwire/sync.h"

#include "cephwire/crc32c.h"
#include "cephwire/pdu.h"

namespace cephwire {

bool probe_v1_message(const uint8_t* p, const Limits& limits) {
  if (p[0] != msgr1::kTagMsg) return false;
  const uint8_t* h = p + 1;
  // crc32c(0, zeros) is 0: an all-zero header "matches" its CRC. No Ceph
  // message has one (seq starts at 1), so zeros are never a boundary.
  bool all_zero = true;
  for (size_t i = 0; i < msgr1::MsgHeader::kSize && all_zero; ++i) all_zero = h[i] == 0;
  if (all_zero) return false;
  if (load_le32(h + msgr1::MsgHeader::kCrcOffset) != msgr1::MsgHeader::compute_crc(h)) return false;
  return within_limits(msgr1::MsgHeader::decode(h), limits);
}

bool probe_v2_preamble(const uint8_t* p, const Limits& limits) {
  // Cheap structural checks first: most positions fail on the first byte.
  if (p[0] == 0 || p[0] > msgr2::kMaxTag || p[1] == 0 || p[1] > msgr2::kMaxSegments) return false;
  if (load_le32(p + msgr2::Preamble::kCrcOffset) != msgr2::Preamble::compute_crc(p)) return false;
  auto pre = msgr2::Preamble::decode(p);
  return pre.plausible() && within_limits(pre, limits);
}

bool probe(const uint8_t* p, size_t avail, Protocol protocol, const Limits& limits) {
  if (avail < probe_size(protocol)) return false;
  return protocol == Protocol::V1 ? probe_v1_message(p, limits) : probe_v2_preamble(p, limits);
}

std::array<uint64_t, 2> item_ends(const uint8_t* p, Protocol protocol) {
  if (protocol == Protocol::V1) {
    const auto h = msgr1::MsgHeader::decode(p + 1);
    const uint64_t body = 1 + msgr1::MsgHeader::kSize + uint64_t(h.front_len) + h.middle_len + h.data_len;
    return {body + msgr1::MsgFooter::size(false), body + msgr1::MsgFooter::size(true)};
  }
  const auto pre = msgr2::Preamble::decode(p);
  return {msgr2::FrameLayout::of(pre, true).total, msgr2::FrameLayout::of(pre, false).total};
}

Confirm confirm_sync(Bytes b, Protocol protocol, const Limits& limits) {
  const uint8_t* p = b.data();
  bool more = false;
  // The item's own second CRC: v1's front CRC opens the footer; msgr2's
  // segment 0 CRC follows segment 0 (rev1) or sits in the epilogue (rev0).
  if (protocol == Protocol::V1) {
    const auto h = msgr1::MsgHeader::decode(p + 1);
    const uint64_t front_at = 1 + msgr1::MsgHeader::kSize;
    const uint64_t crc_at = front_at + uint64_t(h.front_len) + h.middle_len + h.data_len;
    if (h.front_len > 0) {  // an empty front's CRC is 0 whatever came before
      if (b.size() < crc_at + 4)
        more = true;
      else if (load_le32(p + crc_at) == ceph_crc32c(kCrcSeedV1, p + front_at, h.front_len))
        return Confirm::Yes;
    }
  } else {
    const auto pre = msgr2::Preamble::decode(p);
    for (bool rev1 : {true, false}) {
      const auto l = msgr2::FrameLayout::of(pre, rev1);
      const int64_t at = l.crc_offset(0);
      if (at < 0 || pre.segments[0].length == 0) continue;
      if (b.size() < uint64_t(at) + 4)
        more = true;
      else if (load_le32(p + at) == ceph_crc32c(kCrcSeedSegment, p + l.seg_offset[0], l.seg_length[0]))
        return Confirm::Yes;
    }
  }
  // Else the next item: it begins where this one's lengths say it ends.
  const size_t need = probe_size(protocol);
  for (uint64_t end : item_ends(p, protocol)) {
    if (b.size() < end + need)
      more = true;
    else if (probe(p + end, b.size() - end, protocol, limits))
      return Confirm::Yes;
  }
  return more ? Confirm::NeedMore : Confirm::No;
}

bool starts_like_ceph(Bytes b, const Limits& limits) {
  const auto banner = pdu_length(PduContext{PduKind::Banner}, b, limits);
  // 8 bytes tell a banner; a msgr2 one needs 2 more to check its length.
  if (banner.status == PduStatus::Complete || (banner.status == PduStatus::NeedMore && b.size() >= 8)) return true;
  for (Protocol p : {Protocol::V2, Protocol::V1})
    if (probe(b.data(), b.size(), p, limits) && confirm_sync(b, p, limits) == Confirm::Yes) return true;
  return false;
}

std::optional<SyncMatch> find_sync(Bytes buf, Protocol hint, const Limits& limits, size_t* ruled_out) {
  const bool v1 = hint != Protocol::V2, v2 = hint != Protocol::V1;
  const size_t n = buf.size();
  const size_t longest = v1 ? kSyncProbeV1 : kSyncProbeV2;
  size_t pos = 0;
  for (; pos < n; ++pos) {
    const uint8_t* p = buf.data() + pos;
    size_t left = n - pos;
    if (v2 && left >= kSyncProbeV2 && probe_v2_preamble(p, limits)) return SyncMatch{pos, Protocol::V2};
    if (v1 && left >= kSyncProbeV1 && probe_v1_message(p, limits)) return SyncMatch{pos, Protocol::V1};
    if (left < longest) break;  // this position may still match with more bytes
  }
  if (ruled_out) *ruled_out = pos;
  return std::nullopt;
}

}  // namespace cephwire

namespace cephwire {

std::optional<SyncMatch> find_confirmed_sync(Bytes buf, Protocol hint, const Limits& limits,
                                             std::optional<SyncMatch>* pending) {
  if (pending) pending->reset();
  size_t from = 0;
  while (from < buf.size()) {
    auto m = find_sync(buf.subspan(from), hint, limits);
    if (!m) return std::nullopt;
    m->offset += from;
    switch (confirm_sync(buf.subspan(m->offset), m->protocol, limits)) {
      case Confirm::Yes: return m;
      case Confirm::NeedMore:
        if (pending) *pending = m;
        return std::nullopt;
      case Confirm::No: from = m->offset + 1; break;
    }
  }
  return std::nullopt;
}

}  // namespace cephwire
