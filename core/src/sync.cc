#include "cephwire/sync.h"

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

bool starts_like_ceph(Bytes b, const Limits& limits) {
  const auto banner = pdu_length(PduContext{PduKind::Banner}, b, limits);
  // 8 bytes tell a banner; a msgr2 one needs 2 more to check its length.
  if (banner.status == PduStatus::Complete || (banner.status == PduStatus::NeedMore && b.size() >= 8)) return true;
  if (b.size() >= kSyncProbeV2 && probe_v2_preamble(b.data(), limits)) return true;
  return b.size() >= kSyncProbeV1 && probe_v1_message(b.data(), limits);
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
