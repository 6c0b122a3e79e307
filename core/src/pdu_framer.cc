#include "cephwire/pdu_framer.h"

#include <cstdint>

namespace cephwire {

namespace {
constexpr size_t kMaxHeld = 1u << 20;  // ParserOptions::max_pending's default
}  // namespace

void PduFramer::feed(Dir d, Bytes bytes) {
  auto& b = buf_[size_t(d)];
  b.insert(b.end(), bytes.begin(), bytes.end());
  // Each direction's PDUs may let the other go on (a handshake it waited for).
  for (size_t before = SIZE_MAX; before != buf_[0].size() + buf_[1].size();) {
    before = buf_[0].size() + buf_[1].size();
    drain(d);
    drain(peer_of(d));
  }
}

void PduFramer::unframed(Dir d, PduKind why) {
  auto& b = buf_[size_t(d)];
  if (b.empty()) return;
  const uint64_t at = conn_.offset(d);
  conn_.feed(d, b);
  sink_.on_unframed(d, at, b.size(), why);
  b.clear();
}

void PduFramer::drain(Dir d) {
  auto& b = buf_[size_t(d)];
  size_t used = 0;
  while (used < b.size()) {
    const PduContext ctx = conn_.next_pdu(d);
    const Bytes rest = Bytes(b).subspan(used);
    // The peer's handshake decides what comes next; held no longer than the parser would hold it.
    if (conn_.awaiting_peer(d) && b.size() - used <= kMaxHeld) break;
    const PduLength len = ctx.kind == PduKind::Unknown ? PduLength{PduStatus::Unframed, 0} : pdu_length(ctx, rest, limits_);
    // (Complete gives the PDU's length, which may be more than has arrived.)
    if (len.status == PduStatus::NeedMore || (len.status == PduStatus::Complete && len.length > rest.size())) break;
    if (len.status != PduStatus::Complete) {
      b.erase(b.begin(), b.begin() + ptrdiff_t(used));
      return unframed(d, ctx.kind);
    }
    const Bytes pdu = rest.first(size_t(len.length));
    sink_.on_pdu(d, conn_.offset(d), ctx, pdu);
    conn_.feed(d, pdu);
    used += pdu.size();
  }
  b.erase(b.begin(), b.begin() + ptrdiff_t(used));
}

void PduFramer::gap(Dir d, uint64_t length) {
  unframed(d, PduKind::Unknown);  // what was held before the gap cannot be completed
  conn_.gap(d, length);
}

void PduFramer::finish() {
  for (Dir d : {Dir::ToServer, Dir::ToClient}) unframed(d, PduKind::Unknown);
  conn_.finish();
}

}  // namespace cephwire
