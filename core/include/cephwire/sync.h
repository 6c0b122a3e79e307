// Finding message boundaries without context: in a capture that starts after
// the banner, or after a gap or an error. A position is a boundary when a v1
// MSG tag is followed by a ceph_msg_header whose CRC matches, or when a msgr2
// preamble's CRC matches and its segment table is plausible; both also need
// lengths within the limits. Never copies, never throws.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "cephwire/bytes.h"
#include "cephwire/parser.h"

namespace cephwire {

inline constexpr size_t kSyncProbeV1 = 1 + msgr1::MsgHeader::kSize;  // 54
inline constexpr size_t kSyncProbeV2 = msgr2::Preamble::kSize;       // 32
// The bytes probe() needs for a boundary of `p` (v1's, else msgr2's).
inline constexpr size_t probe_size(Protocol p) { return p == Protocol::V1 ? kSyncProbeV1 : kSyncProbeV2; }

// p must hold kSyncProbeV1 bytes.
bool probe_v1_message(const uint8_t* p, const Limits& limits);
// p must hold kSyncProbeV2 bytes.
bool probe_v2_preamble(const uint8_t* p, const Limits& limits);

struct SyncMatch {
  size_t offset = 0;
  Protocol protocol = Protocol::Unknown;
};

// A boundary is only a guess until a second CRC agrees: that of the item's
// own front (v1) or segment 0 (msgr2), or that of the next item, where the
// first one's lengths say it ends. Claiming a connection as Ceph needs one.
enum class Confirm { Yes, No, NeedMore };

// Where the item at p (a boundary of `protocol`) ends, measured from p: v1
// with the old and the signed footer, msgr2 in rev1 and rev0 crc mode.
std::array<uint64_t, 2> item_ends(const uint8_t* p, Protocol protocol);

// buf begins at a boundary of `protocol`; is it confirmed?
Confirm confirm_sync(Bytes buf, Protocol protocol, const Limits& limits);

// Does the item at p begin a boundary of `protocol` (p holds the probe size)?
bool probe(const uint8_t* p, size_t avail, Protocol protocol, const Limits& limits);

// Does a connection start like Ceph here: a banner (v1, or msgr2 with a
// plausible length), or a confirmed message at offset 0? For heuristics
// deciding whether a connection is Ceph at all.
bool starts_like_ceph(Bytes buf, const Limits& limits);

// The first boundary in buf for the protocol `hint` (Unknown: either). When
// there is none, *ruled_out says how many leading positions can never be one
// (the remaining tail might be, once more bytes follow).
std::optional<SyncMatch> find_sync(Bytes buf, Protocol hint, const Limits& limits,
                                   size_t* ruled_out = nullptr);

// The first confirmed boundary in buf. Boundaries that are refuted are passed
// over; the search stops at the first one buf is too short to decide, which
// is returned in *pending (its item_ends say where a later segment can
// confirm it).
std::optional<SyncMatch> find_confirmed_sync(Bytes buf, Protocol hint, const Limits& limits,
                                             std::optional<SyncMatch>* pending = nullptr);

}  // namespace cephwire
