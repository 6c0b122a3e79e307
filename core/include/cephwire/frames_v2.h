// msgr2 control frame payloads (segment 0 of every tag but MESSAGE), after
// Ceph's frames_v2.h. Each is a Ceph encode() stream; addresses are always in
// the versioned form.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "cephwire/bytes.h"
#include "cephwire/entity.h"
#include "cephwire/msgr2.h"

namespace cephwire::msgr2 {

struct UTime {
  uint32_t sec = 0;
  uint32_t nsec = 0;
  bool operator==(const UTime&) const = default;
};

struct Hello {
  uint8_t entity_type = 0;
  EntityAddr peer_addr;
  bool operator==(const Hello&) const = default;
};
struct AuthRequest {
  uint32_t method = 0;
  std::vector<uint32_t> preferred_modes;
  std::vector<uint8_t> auth_payload;
  bool operator==(const AuthRequest&) const = default;
};
struct AuthBadMethod {
  uint32_t method = 0;
  int32_t result = 0;
  std::vector<uint32_t> allowed_methods;
  std::vector<uint32_t> allowed_modes;
  bool operator==(const AuthBadMethod&) const = default;
};
struct AuthReplyMore {
  std::vector<uint8_t> auth_payload;
  bool operator==(const AuthReplyMore&) const = default;
};
struct AuthRequestMore {
  std::vector<uint8_t> auth_payload;
  bool operator==(const AuthRequestMore&) const = default;
};
struct AuthDone {
  uint64_t global_id = 0;
  uint32_t con_mode = 0;
  std::vector<uint8_t> auth_payload;
  bool operator==(const AuthDone&) const = default;
};
struct AuthSignature {
  std::array<uint8_t, 32> sha256{};
  bool operator==(const AuthSignature&) const = default;
};
struct ClientIdent {
  EntityAddrvec addrs;
  EntityAddr target_addr;
  int64_t global_id = 0;
  uint64_t global_seq = 0;
  uint64_t supported_features = 0;
  uint64_t required_features = 0;
  uint64_t flags = 0;
  uint64_t cookie = 0;
  bool operator==(const ClientIdent&) const = default;
};
struct ServerIdent {
  EntityAddrvec addrs;
  int64_t global_id = 0;
  uint64_t global_seq = 0;
  uint64_t supported_features = 0;
  uint64_t required_features = 0;
  uint64_t flags = 0;
  uint64_t cookie = 0;
  bool operator==(const ServerIdent&) const = default;
};
struct IdentMissingFeatures {
  uint64_t features = 0;
  bool operator==(const IdentMissingFeatures&) const = default;
};
struct SessionReconnect {
  EntityAddrvec addrs;
  uint64_t client_cookie = 0;
  uint64_t server_cookie = 0;
  uint64_t global_seq = 0;
  uint64_t connect_seq = 0;
  uint64_t msg_seq = 0;
  bool operator==(const SessionReconnect&) const = default;
};
struct SessionReset {
  bool full = false;
  bool operator==(const SessionReset&) const = default;
};
struct SessionRetry {
  uint64_t connect_seq = 0;
  bool operator==(const SessionRetry&) const = default;
};
struct SessionRetryGlobal {
  uint64_t global_seq = 0;
  bool operator==(const SessionRetryGlobal&) const = default;
};
struct SessionReconnectOk {
  uint64_t msg_seq = 0;
  bool operator==(const SessionReconnectOk&) const = default;
};
struct Wait {
  bool operator==(const Wait&) const = default;
};
struct Keepalive2 {
  UTime timestamp;
  bool operator==(const Keepalive2&) const = default;
};
struct Keepalive2Ack {
  UTime timestamp;
  bool operator==(const Keepalive2Ack&) const = default;
};
struct Ack {
  uint64_t seq = 0;
  bool operator==(const Ack&) const = default;
};
struct CompressionRequest {
  bool is_compress = false;
  std::vector<uint32_t> preferred_methods;
  bool operator==(const CompressionRequest&) const = default;
};
struct CompressionDone {
  bool is_compress = false;
  uint32_t method = 0;
  bool operator==(const CompressionDone&) const = default;
};

using ControlPayload =
    std::variant<Hello, AuthRequest, AuthBadMethod, AuthReplyMore, AuthRequestMore, AuthDone,
                 AuthSignature, ClientIdent, ServerIdent, IdentMissingFeatures, SessionReconnect,
                 SessionReset, SessionRetry, SessionRetryGlobal, SessionReconnectOk, Wait,
                 Keepalive2, Keepalive2Ack, Ack, CompressionRequest, CompressionDone>;

// The tag a payload is sent under.
Tag tag_of(const ControlPayload& p);

// Decodes the payload of a control frame. Returns nullopt with a reason for a
// payload that is too short or malformed; trailing bytes are allowed (newer
// senders may append fields).
std::optional<ControlPayload> decode_control(Tag tag, Bytes payload, std::string* why);
void encode_control(const ControlPayload& p, ByteBuffer& out);

}  // namespace cephwire::msgr2
