// msgr2 framing: banner, the 32-byte preamble with its segment table, the
// segments and their CRCs, and the epilogue, in both revisions of crc mode:
//   rev0 (msgr2.0): preamble | seg0..seg3 | epilogue(17: late_flags + 4 crcs)
//   rev1 (msgr2.1): preamble | seg0 | crc0 (only if seg0 is not empty)
//                   | seg1..seg3 | epilogue(13: late_status + 3 crcs)
//                   (the seg1.. part only when there is more than one segment)
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "cephwire/auth.h"  // auth methods, shared with v1
#include "cephwire/bytes.h"

namespace cephwire::msgr2 {

inline constexpr std::string_view kBannerPrefix = "ceph v2\n";  // 8 bytes
inline constexpr size_t kBannerFixedSize = 8 + 2;               // prefix + le16 payload_len
inline constexpr size_t kBannerPayloadSize = 16;                // le64 supported, le64 required

struct Banner {
  uint64_t supported = 0;
  uint64_t required = 0;
  // Offsets in the whole banner (after "ceph v2\n" and le16 payload_len).
  static constexpr int kOffSupported = 10, kOffRequired = 18;
};

enum class Tag : uint8_t {
  Hello = 1,
  AuthRequest = 2,
  AuthBadMethod = 3,
  AuthReplyMore = 4,
  AuthRequestMore = 5,
  AuthDone = 6,
  AuthSignature = 7,
  ClientIdent = 8,
  ServerIdent = 9,
  IdentMissingFeatures = 10,
  SessionReconnect = 11,
  SessionReset = 12,
  SessionRetry = 13,
  SessionRetryGlobal = 14,
  SessionReconnectOk = 15,
  Wait = 16,
  Message = 17,
  Keepalive2 = 18,
  Keepalive2Ack = 19,
  Ack = 20,
  CompressionRequest = 21,
  CompressionDone = 22,
};
inline constexpr uint8_t kMaxTag = 22;
const char* tag_name(uint8_t tag);  // "HELLO", ..., or nullptr

inline constexpr size_t kMaxSegments = 4;
inline constexpr uint16_t kDefaultAlignment = 8;
inline constexpr uint16_t kPageAlignment = 4096;
inline constexpr uint8_t kFlagCompressed = 0x1;  // FRAME_EARLY_DATA_COMPRESSED

// MESSAGE frame segment indexes.
inline constexpr size_t kSegHeader = 0, kSegFront = 1, kSegMiddle = 2, kSegData = 3;

struct SegmentDesc {
  uint32_t length = 0;
  uint16_t alignment = 0;
};

struct Preamble {
  static constexpr size_t kSize = 32;
  static constexpr size_t kCrcOffset = 28;  // crc = crc32c(0, bytes[0, 28))
  uint8_t tag = 0;
  uint8_t num_segments = 0;
  std::array<SegmentDesc, kMaxSegments> segments{};
  uint8_t flags = 0;
  uint8_t reserved = 0;
  uint32_t crc = 0;

  static Preamble decode(const uint8_t* p);
  void encode(uint8_t* p) const;  // writes the crc field as it is
  static uint32_t compute_crc(const uint8_t* p);
  // Structural sanity: tag known, 1..4 segments, unused entries zero.
  bool plausible() const;
};

// Epilogue late status (rev1) and flags (rev0).
inline constexpr uint8_t kLateStatusComplete = 0x0e;
inline constexpr uint8_t kLateStatusAborted = 0x01;
inline constexpr uint8_t kLateStatusMask = 0x0f;
inline constexpr uint8_t kLateFlagAborted = 0x01;  // rev0

struct Epilogue {
  static constexpr size_t kSizeRev0 = 17;  // u8 late_flags + 4 x le32 crc
  static constexpr size_t kSizeRev1 = 13;  // u8 late_status + 3 x le32 crc (segments 1..3)
  uint8_t late = 0;
  std::array<uint32_t, kMaxSegments> crc{};  // crc[i] for segment i (rev1: crc[0] unused)

  static size_t size(bool rev1) { return rev1 ? kSizeRev1 : kSizeRev0; }
  static Epilogue decode(const uint8_t* p, bool rev1);
  void encode(uint8_t* p, bool rev1) const;
  bool aborted(bool rev1) const {
    return rev1 ? (late & kLateStatusMask) == kLateStatusAborted : (late & kLateFlagAborted) != 0;
  }
};

// Where each piece of a crc-mode frame lies, relative to the preamble start.
struct FrameLayout {
  bool rev1 = true;
  uint32_t num_segments = 0;
  std::array<uint64_t, kMaxSegments> seg_offset{};
  std::array<uint32_t, kMaxSegments> seg_length{};
  int64_t seg0_crc_offset = -1;  // rev1 and seg0 not empty
  int64_t epilogue_offset = -1;  // -1 when there is no epilogue
  uint64_t total = 0;

  static FrameLayout of(const Preamble& p, bool rev1);
  // Offset of segment i's crc, or -1 when the frame has none.
  int64_t crc_offset(size_t i) const;
};

// ceph_msg_header2: segment 0 of a MESSAGE frame.
struct MsgHeader2 {
  static constexpr size_t kSize = 41;
  struct Off {
    static constexpr int seq = 0, tid = 8, type = 16, priority = 18, version = 20, data_pre_padding_len = 22,
                         data_off = 26, ack_seq = 28, flags = 36, compat_version = 37, reserved = 39;
  };
  uint64_t seq = 0;
  uint64_t tid = 0;
  uint16_t type = 0;
  uint16_t priority = 0;
  uint16_t version = 0;
  uint32_t data_pre_padding_len = 0;
  uint16_t data_off = 0;
  uint64_t ack_seq = 0;
  uint8_t flags = 0;
  uint16_t compat_version = 0;
  uint16_t reserved = 0;

  static MsgHeader2 decode(const uint8_t* p);
  void encode(uint8_t* p) const;
};

inline constexpr uint32_t kConModeCrc = 1;
inline constexpr uint32_t kConModeSecure = 2;
const char* con_mode_name(uint32_t mode);


}  // namespace cephwire::msgr2
