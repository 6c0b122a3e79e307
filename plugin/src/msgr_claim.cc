// Is a conversation Ceph, and from where: a banner, or (a capture that starts
// mid-connection) a boundary a second CRC confirms (core/sync.h), in this
// segment or, where its lengths say the next item begins, in a later one.
#include <algorithm>

#include "msgr_conversation.h"

namespace msgr {

// Does a conversation start like Ceph (the core's rule)?
bool looks_like_ceph(tvbuff_t* tvb) {
  const guint n = tvb_captured_length(tvb);
  return cephwire::starts_like_ceph(Bytes(tvb_get_ptr(tvb, 0, gint(n)), n), cephwire::Limits{});
}

// Undecided, first pass: a confirmed boundary in this segment, or the next
// item of a boundary found earlier in this direction, where it was expected.
// Returns the claimed boundary.
std::optional<ConvState::Claim> probe_midstream(ConvState& s, tvbuff_t* tvb, guint32 seq, cephwire::Dir d) {
  const gint len = gint(tvb_captured_length(tvb));
  const Bytes bytes(tvb_get_ptr(tvb, 0, len), size_t(len));
  auto& pend = s.pending[size_t(d)];
  if (pend && pend->start + guint32(pend->held.size()) != seq) pend.reset();  // not contiguous: start again
  if (pend) {
    // The boundary found earlier is confirmed where its lengths say the next
    // item begins (which may be in the bytes held, or in this segment).
    const size_t have = pend->held.size() + bytes.size();
    const size_t need = cephwire::probe_size(pend->protocol);
    bool ahead = false;
    for (guint32 next : pend->next) {
      const size_t at = next - pend->start;
      if (at + need > have) {
        ahead = true;  // its header is not all here yet
        continue;
      }
      // The probe's bytes only, from the held ones and this segment's.
      std::array<uint8_t, cephwire::kSyncProbeV1> header{};
      for (size_t k = 0; k < need; ++k) {
        const size_t i = at + k;
        header[k] = i < pend->held.size() ? pend->held[i] : bytes[i - pend->held.size()];
      }
      if (cephwire::probe(header.data(), need, pend->protocol, cephwire::Limits{})) {
        ConvState::Claim c{pend->start, pend->protocol, std::move(pend->held)};
        pend.reset();
        return c;
      }
    }
    if (ahead) {
      pend->held.insert(pend->held.end(), bytes.begin(), bytes.end());
      return std::nullopt;
    }
    pend.reset();  // refuted: the next item is not where it should be
  }
  if (s.probed >= 65536) return std::nullopt;
  const auto head = bytes.first(std::min<size_t>(bytes.size(), 65536));
  s.probed += guint32(head.size());
  std::optional<cephwire::SyncMatch> later;
  auto m = cephwire::find_confirmed_sync(head, cephwire::Protocol::Unknown, cephwire::Limits{}, &later);
  if (m) return ConvState::Claim{seq + guint32(m->offset), m->protocol, {}};
  if (later) {
    // Held from the boundary on, so that once confirmed it is dissected from
    // there (as many bytes as its lengths say, within the limits).
    const auto ends = cephwire::item_ends(head.data() + later->offset, later->protocol);
    auto p = std::make_unique<ConvState::Pending>();
    p->protocol = later->protocol;
    p->start = seq + guint32(later->offset);
    for (size_t i = 0; i < 2; ++i) p->next[i] = p->start + guint32(ends[i]);
    p->held.assign(bytes.begin() + ptrdiff_t(later->offset), bytes.end());
    pend = std::move(p);
  }
  return std::nullopt;
}

}  // namespace msgr
