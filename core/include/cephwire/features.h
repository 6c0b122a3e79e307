// Feature bits the codecs depend on. CEPH_FEATURE_* bits are negotiated in the
// v1 connect exchange and carried in msgr2 IDENT frames; msgr2 banner features
// are a separate namespace.
#pragma once

#include <cstdint>

namespace cephwire {

inline constexpr uint64_t kFeatureMsgAuth = 1ull << 23;     // 21-byte v1 footer with sig
inline constexpr uint64_t kFeatureKeepalive2 = 1ull << 42;  // v1 KEEPALIVE2 tags
inline constexpr uint64_t kFeatureMsgAddr2 = 1ull << 59;    // versioned addresses
inline constexpr uint64_t kFeatureServerSquid = 1ull << 49;  // osd_op v9 and later encodings

// CEPH_FEATURES_ALL as real daemons send it, read from the recorded captures
// (captures/real: v1-none.pcap, reef-stock.pcap): Ceph 18 adds SERVER_QUINCY (33).
inline constexpr uint64_t kFeaturesCeph16 = 0x3f01cfbdfffdffffull;
inline constexpr uint64_t kFeaturesCeph18 = 0x3f01cfbffffdffffull;

// msgr2 banner features.
inline constexpr uint64_t kMsgr2FeatureRevision1 = 1ull << 0;
inline constexpr uint64_t kMsgr2FeatureCompression = 1ull << 1;

// The names Ceph (Pacific and later, ceph_features.h) gives a CEPH_FEATURE
// bit; bits that several features share carry every name ("SERVER_LUMINOUS/
// RESEND_ON_SPLIT/...", the best-known first: plugins make filter names of
// it). nullptr for a bit that is retired and not reused.
const char* ceph_feature_name(unsigned bit);
// msgr2 banner feature names ("REVISION_1", "COMPRESSION"); nullptr beyond.
const char* msgr2_feature_name(unsigned bit);

}  // namespace cephwire
