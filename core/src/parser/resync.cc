#include "resync.h"

#include <algorithm>

#include "cephwire/sync.h"
#include "side.h"

namespace cephwire::parser {

namespace {

// A boundary was found at stream offset `at`: report what was skipped.
void synced(Side& s, uint64_t at, Protocol p) {
  if (at > s.skip_start) s.S.L.on_skipped(s.dir, SkipEvent{s.skip_start, at - s.skip_start, s.skip_reason});
  if (s.info().protocol == Protocol::Unknown) s.info().protocol = p;
  s.off = at;
  s.resume_open(p);
}

// A connection without a banner is claimed at a confirmed boundary only:
// the bytes from the first boundary found are held until a second CRC
// agrees or refutes it (as many as the item's lengths, within the limits).
std::optional<std::vector<uint8_t>> unclaimed(Side& s, Bytes& in) {
  s.scan.insert(s.scan.end(), in.begin(), in.end());
  s.consume(in, in.size());
  const uint64_t scan_off = s.off - s.scan.size();
  std::optional<SyncMatch> pending;
  auto m = find_confirmed_sync(s.scan, s.info().protocol, s.opt().limits, &pending);
  if (m) {
    std::vector<uint8_t> carried(s.scan.begin() + ptrdiff_t(m->offset), s.scan.end());
    s.scan.clear();
    s.S.claimed = true;
    synced(s, scan_off + m->offset, m->protocol);
    return carried;
  }
  // Keep what may still begin a boundary: the pending one on, else the tail.
  const size_t tail = kSyncProbeV1 - 1;
  const size_t drop = pending ? pending->offset : (s.scan.size() > tail ? s.scan.size() - tail : 0);
  s.scan.erase(s.scan.begin(), s.scan.begin() + ptrdiff_t(drop));
  return std::nullopt;
}

}  // namespace

std::optional<std::vector<uint8_t>> resync_step(Side& s, Bytes& in) {
  if (!s.S.claimed) return unclaimed(s, in);
  const Protocol protocol = s.info().protocol;
  const Limits& limits = s.opt().limits;
  // Positions that begin in the bytes carried over from the last feed are
  // probed with just enough new bytes to decide them.
  if (!s.scan.empty()) {
    const size_t old = s.scan.size();
    const uint64_t scan_off = s.off - old;
    s.scan.insert(s.scan.end(), in.begin(), in.begin() + ptrdiff_t(std::min(in.size(), kSyncProbeV1)));
    size_t ruled_out = 0;
    auto m = find_sync(s.scan, protocol, limits, &ruled_out);
    if (m && m->offset < old) {
      std::vector<uint8_t> carried(s.scan.begin() + ptrdiff_t(m->offset), s.scan.begin() + ptrdiff_t(old));
      s.scan.clear();
      synced(s, scan_off + m->offset, m->protocol);
      return carried;  // fewer than kSyncProbeV1 bytes; `in` follows in the caller's loop
    }
    if (!m && ruled_out < old) {  // too few new bytes to decide: all of `in` is in scan
      s.consume(in, in.size());
      s.scan.erase(s.scan.begin(), s.scan.begin() + ptrdiff_t(ruled_out));
      return std::nullopt;
    }
    s.scan.clear();  // nothing starts in the carried bytes
  }
  size_t ruled_out = 0;
  auto m = find_sync(in, protocol, limits, &ruled_out);
  if (m) {
    s.consume(in, m->offset);
    synced(s, s.off, m->protocol);
    return std::nullopt;
  }
  s.scan.assign(in.begin() + ptrdiff_t(ruled_out), in.end());
  s.consume(in, in.size());
  return std::nullopt;
}

void no_banner(Side& s) {
  s.info().midstream = true;
  std::vector<uint8_t> seen = std::move(s.acc);
  s.start_resync(SkipReason::NoBanner, s.gather_off);
  s.scan = std::move(seen);
}

void resync_finish(Side& s) {
  if (s.off > s.skip_start) s.S.L.on_skipped(s.dir, SkipEvent{s.skip_start, s.off - s.skip_start, s.skip_reason});
  s.skip_start = s.off;
  s.scan.clear();
}

}  // namespace cephwire::parser
