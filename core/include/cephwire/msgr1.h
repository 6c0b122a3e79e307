// msgr v1 ("legacy") wire structures: banner, connect / connect_reply, tags,
// ceph_msg_header (53 bytes, CRC over the first 49) and the footer (21 bytes
// with signature, or 13 without when the peers lack CEPH_FEATURE_MSG_AUTH).
#pragma once

#include <cstdint>
#include <string_view>

#include "cephwire/bytes.h"
#include "cephwire/entity.h"

namespace cephwire::msgr1 {

inline constexpr std::string_view kBanner = "ceph v027";  // 9 bytes, no NUL

enum Tag : uint8_t {
  kTagReady = 1,
  kTagResetSession = 2,
  kTagWait = 3,
  kTagRetrySession = 4,
  kTagRetryGlobal = 5,
  kTagClose = 6,
  kTagMsg = 7,
  kTagAck = 8,
  kTagKeepalive = 9,
  kTagBadProtoVer = 10,
  kTagBadAuthorizer = 11,
  kTagFeatures = 12,
  kTagSeq = 13,
  kTagKeepalive2 = 14,
  kTagKeepalive2Ack = 15,
  kTagChallengeAuthorizer = 16,
};
const char* tag_name(uint8_t tag);  // "MSG", "CHALLENGE_AUTHORIZER", ... or nullptr

// What follows a tag in the open state, not counting the tag byte itself;
// -1 for tags that are not valid there (connect-reply tags) and for MSG,
// whose length comes from its header.
int fixed_tag_payload(uint8_t tag);

inline constexpr uint8_t kConnectLossy = 1;

// The protocol version a client's connect names to a server of this type
// (ceph_fs.h CEPH_MONC_PROTOCOL 15, CEPH_OSDC_PROTOCOL 24, CEPH_MDSC_PROTOCOL
// 32); a server refuses another (BADPROTOVER). 0 for other types.
inline constexpr uint32_t client_protocol_version(uint8_t server_type) {
  return server_type == kEntityMon ? 15 : server_type == kEntityOsd ? 24 : server_type == kEntityMds ? 32 : 0;
}

struct Connect {
  static constexpr size_t kSize = 33;
  struct Off {  // where each field lies; decode, encode and display use these
    static constexpr int features = 0, host_type = 8, global_seq = 12, connect_seq = 16, protocol_version = 20,
                         authorizer_protocol = 24, authorizer_len = 28, flags = 32;
  };
  uint64_t features = 0;
  uint32_t host_type = 0;
  uint32_t global_seq = 0;
  uint32_t connect_seq = 0;
  uint32_t protocol_version = 0;
  uint32_t authorizer_protocol = 0;
  uint32_t authorizer_len = 0;
  uint8_t flags = 0;

  static Connect decode(const uint8_t* p);
  void encode(uint8_t* p) const;
};

struct ConnectReply {
  static constexpr size_t kSize = 26;
  struct Off {
    static constexpr int tag = 0, features = 1, global_seq = 9, connect_seq = 13, protocol_version = 17,
                         authorizer_len = 21, flags = 25;
  };
  uint8_t tag = 0;
  uint64_t features = 0;
  uint32_t global_seq = 0;
  uint32_t connect_seq = 0;
  uint32_t protocol_version = 0;
  uint32_t authorizer_len = 0;
  uint8_t flags = 0;

  static ConnectReply decode(const uint8_t* p);
  void encode(uint8_t* p) const;
};

struct MsgHeader {
  static constexpr size_t kSize = 53;
  static constexpr size_t kCrcOffset = 49;  // crc = crc32c(0, bytes[0, 49))
  struct Off {
    static constexpr int seq = 0, tid = 8, type = 16, priority = 18, version = 20, front_len = 22, middle_len = 26,
                         data_len = 30, data_off = 34, src = 36, compat_version = 45, reserved = 47, crc = 49;
  };

  uint64_t seq = 0;
  uint64_t tid = 0;
  uint16_t type = 0;
  uint16_t priority = 0;
  uint16_t version = 0;
  uint32_t front_len = 0;
  uint32_t middle_len = 0;
  uint32_t data_len = 0;
  uint16_t data_off = 0;
  EntityName src;
  uint16_t compat_version = 0;
  uint16_t reserved = 0;
  uint32_t crc = 0;

  static MsgHeader decode(const uint8_t* p);
  // Writes all 53 bytes; the crc field is written as it is in the struct.
  void encode(uint8_t* p) const;
  // The CRC the header bytes at p should carry.
  static uint32_t compute_crc(const uint8_t* p);
};

inline constexpr uint8_t kFooterComplete = 1;
inline constexpr uint8_t kFooterNoCrc = 2;
inline constexpr uint8_t kFooterSigned = 4;

struct MsgFooter {
  static constexpr size_t kSize = 21;     // with le64 sig
  static constexpr size_t kOldSize = 13;  // without
  struct Off {
    static constexpr int front_crc = 0, middle_crc = 4, data_crc = 8, sig = 12;
    static constexpr int flags(bool with_sig) { return with_sig ? 20 : 12; }
  };
  uint32_t front_crc = 0;
  uint32_t middle_crc = 0;
  uint32_t data_crc = 0;
  uint64_t sig = 0;
  uint8_t flags = 0;

  static size_t size(bool with_sig) { return with_sig ? kSize : kOldSize; }
  static MsgFooter decode(const uint8_t* p, bool with_sig);
  void encode(uint8_t* p, bool with_sig) const;
};

// Legacy address bytes after the banner.
inline constexpr size_t kClientHelloSize = 9 + EntityAddr::kLegacySize;      // banner + my addr
inline constexpr size_t kServerHelloSize = 9 + 2 * EntityAddr::kLegacySize;  // + addr of the peer

}  // namespace cephwire::msgr1
