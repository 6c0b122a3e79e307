// Finding message boundaries without context: in a capture that starts after
// the banner, or after a gap or an error. A position is a boundary when a v1
// MSG tag is followed by a ceph_msg_header whose CRC matches, or when a msgr2
// preamble's CRC matches and its segment table is plausible; both also need
// lengths within the limits. Never copies, never throws.
#pragma once

#include <cstdint>
#include <optional>

#include "cephwire/bytes.h"
#include "cephwire/parser.h"

namespace cephwire {

inline constexpr size_t kSyncProbeV1 = 1 + msgr1::MsgHeader::kSize;  // 54
inline constexpr size_t kSyncProbeV2 = msgr2::Preamble::kSize;       // 32

// p must hold kSyncProbeV1 bytes.
bool probe_v1_message(const uint8_t* p, const Limits& limits);
// p must hold kSyncProbeV2 bytes.
bool probe_v2_preamble(const uint8_t* p, const Limits& limits);

struct SyncMatch {
  size_t offset = 0;
  Protocol protocol = Protocol::Unknown;
};

// Does a connection start like Ceph here: a banner (v1, or msgr2 with a
// plausible length), or a message whose CRC matches at offset 0? For
// heuristics deciding whether a connection is Ceph at all.
bool starts_like_ceph(Bytes buf, const Limits& limits);

// The first boundary in buf for the protocol `hint` (Unknown: either). When
// there is none, *ruled_out says how many leading positions can never be one
// (the remaining tail might be, once more bytes follow).
std::optional<SyncMatch> find_sync(Bytes buf, Protocol hint, const Limits& limits,
                                   size_t* ruled_out = nullptr);

}  // namespace cephwire
