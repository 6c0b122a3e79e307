// The streaming parser: one Connection per TCP connection, fed the bytes of
// each direction in any split (one byte at a time gives the same events as the
// whole buffer). It keeps the negotiated state that later bytes depend on
// (protocol, v1 footer size, msgr2 revision and mode) and reports what it finds
// to a Listener, QUICHE-style: banners, handshake items, control frames,
// messages with their CRC verdicts, gaps, skipped bytes and errors, each with
// its stream offset.
//
// Nothing from the wire is trusted: every length is checked against Limits
// before anything is allocated, and bad input becomes an error event followed
// by a search for the next message whose header (v1) or preamble (msgr2) CRC
// matches. The parser never throws on wire input.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "cephwire/bytes.h"
#include "cephwire/direction.h"
#include "cephwire/entity.h"
#include "cephwire/frames_v2.h"
#include "cephwire/limits.h"
#include "cephwire/message.h"
#include "cephwire/msgr1.h"
#include "cephwire/msgr2.h"

namespace cephwire {

namespace secure {
class KeyStore;
}

enum class Protocol : uint8_t { Unknown = 0, V1 = 1, V2 = 2 };

struct ParserOptions {
  Limits limits;
  bool verify_crc = true;        // false: every CRC is reported Unverified
  bool zero_crc_unset = false;   // `ms crc header = false` senders: CRC 0 means "not computed"
  bool collect_payload = true;   // false: messages carry lengths and CRCs but no bytes
  bool collect_data = true;      // false: fronts and middles kept, data only checked (a sink that needs no data)
  // With collect_data false, the data of messages of this one type is still
  // kept (0: none): client_reconnect, whose payload is all data.
  uint16_t collect_data_of_type = 0;
  bool keeps_data_of(uint16_t type) const {
    return collect_data || (collect_data_of_type != 0 && type == collect_data_of_type);
  }
  // Bytes a direction may hold while it waits for the other direction's
  // handshake (e.g. the server's banner decides the client's frame format).
  size_t max_pending = 1u << 20;
  // msgr2 secure mode: the keys that open connections (secure/key_store.h);
  // null: secure connections stay ciphertext. Shared by a capture's connections.
  secure::KeyStore* keys = nullptr;
};

enum class CrcField : uint8_t { V1Header, V1Front, V1Middle, V1Data, V2Preamble, V2Segment };
const char* crc_field_name(CrcField f);  // "v1.header", ..., "v2.segment"
enum class CrcStatus : uint8_t { Good, Bad, Unverified };
const char* crc_status_name(CrcStatus s);

struct CrcCheck {
  CrcField field = CrcField::V1Header;
  uint8_t segment = 0;  // msgr2 segment index
  CrcStatus status = CrcStatus::Unverified;
  uint32_t wire = 0;      // the value on the wire
  uint32_t computed = 0;  // what the bytes give
  uint64_t offset = 0;    // stream offset of the CRC field
};

struct BannerEvent {
  Protocol protocol = Protocol::Unknown;
  uint64_t offset = 0;
  uint64_t length = 0;
  // v1: the sender's legacy address; a server also tells the client's address as it sees it.
  EntityAddr v1_addr;
  std::optional<EntityAddr> v1_peer_addr;
  msgr2::Banner v2;
};

struct V1ConnectEvent {
  msgr1::Connect connect;
  Bytes authorizer;
  uint64_t offset = 0;
};

struct V1ConnectReplyEvent {
  msgr1::ConnectReply reply;
  Bytes authorizer;  // for CHALLENGE_AUTHORIZER: the challenge
  uint64_t offset = 0;
};

// v1 open-state tags other than MSG, and the bare le64 seq exchange after a
// SEQ connect reply (tag 0 there).
struct V1TagEvent {
  uint8_t tag = 0;
  uint64_t value = 0;  // ACK seq, SEQ exchange value
  msgr2::UTime stamp;  // KEEPALIVE2(_ACK)
  uint64_t offset = 0;
  uint64_t length = 0;
};

struct V2FrameEvent {
  msgr2::Preamble preamble;
  msgr2::FrameLayout layout;
  uint64_t offset = 0;
  Bytes payload;                                  // segment 0 (control frames), decompressed
  const msgr2::ControlPayload* decoded = nullptr;  // null: malformed, or compressed and not decompressed
  std::span<const CrcCheck> crcs;
  bool aborted = false;
  bool decrypted = false;  // a secure-mode frame, decrypted (offset and length are the wire's)
};

struct MessageEvent {
  Message& msg;  // the listener may move out of it
  uint64_t offset = 0;  // v1: the MSG tag; msgr2: the preamble
  uint64_t length = 0;  // bytes on the wire
  std::span<const CrcCheck> crcs;
  const msgr2::Preamble* preamble = nullptr;  // msgr2 only
  msgr2::FrameLayout layout;                  // msgr2 only
  // msgr2 compressed frame: the method its segments were decompressed with
  // (the message's lengths are the decompressed ones; the preamble has the
  // wire's), and segment 0, the ceph_msg_header2, decompressed.
  uint32_t compression = 0;
  Bytes header2;
  bool decrypted = false;  // a secure-mode frame, decrypted
  bool crc_ok() const {
    for (auto& c : crcs)
      if (c.status == CrcStatus::Bad) return false;
    return true;
  }
};

struct GapEvent {
  uint64_t offset = 0;
  uint64_t length = 0;
  bool inside_payload = false;  // absorbed by a message's front/middle/data; parsing stays in sync
};

enum class SkipReason : uint8_t { NoBanner, AfterError, AfterGap };
const char* skip_reason_name(SkipReason r);
struct SkipEvent {
  uint64_t offset = 0;
  uint64_t length = 0;
  SkipReason reason = SkipReason::NoBanner;
};

enum class ErrorKind : uint8_t {
  Malformed,     // a structure that does not decode
  LengthLimit,   // a length beyond Limits
  UnknownTag,
  Protocol,      // valid bytes in the wrong place
  Truncated,     // input ended inside an item
};
const char* error_kind_name(ErrorKind k);
struct ErrorEvent {
  ErrorKind kind = ErrorKind::Malformed;
  uint64_t offset = 0;
  std::string reason;
};

struct CiphertextEvent {
  uint64_t offset = 0;
  uint64_t length = 0;
  bool first = false;  // the first ciphertext of this direction
};

// msgr2 secure mode with keys: whether a connection opened and with what,
// each direction's AUTH_SIGNATURE check, and where decryption stopped.
struct SecureEvent {
  enum class Kind : uint8_t {
    Opened,     // text: the keyring entry that opened it; how: the route
    NotOpened,  // text: why ("no key for client.admin"); had_key: a given key should have opened it
    Signature,  // good: the peer's AUTH_SIGNATURE matched the HMAC of what it received
    Stopped,    // text: why this direction stays ciphertext from `offset` (GCM tag mismatch, gap)
  };
  Kind kind = Kind::Opened;
  uint64_t offset = 0;
  std::string text;
  std::string how;
  bool good = false;
  bool had_key = false;
};

class Listener {
 public:
  virtual ~Listener() = default;
  virtual void on_banner(Dir, const BannerEvent&) {}
  virtual void on_v1_connect(Dir, const V1ConnectEvent&) {}
  virtual void on_v1_connect_reply(Dir, const V1ConnectReplyEvent&) {}
  virtual void on_v1_tag(Dir, const V1TagEvent&) {}
  virtual void on_v2_frame(Dir, const V2FrameEvent&) {}
  virtual void on_message(Dir, MessageEvent&) {}
  virtual void on_crc(Dir, const CrcCheck&) {}
  virtual void on_gap(Dir, const GapEvent&) {}
  virtual void on_skipped(Dir, const SkipEvent&) {}
  virtual void on_error(Dir, const ErrorEvent&) {}
  virtual void on_ciphertext(Dir, const CiphertextEvent&) {}
  virtual void on_secure(Dir, const SecureEvent&) {}
};

// What the handshake told so far.
struct SessionInfo {
  Protocol protocol = Protocol::Unknown;
  bool midstream = false;  // a direction began without a banner
  // v1
  std::optional<uint64_t> v1_features[2];  // connect (ToServer), connect_reply (ToClient)
  std::optional<EntityAddr> v1_addr[2];    // each side's own banner address
  uint32_t v1_authorizer_protocol = 0;
  // msgr2
  std::optional<msgr2::Banner> v2_banner[2];
  bool rev1 = true;
  uint32_t auth_method = 0;
  uint32_t con_mode = 0;  // 0 until AUTH_DONE
  uint8_t entity_type[2] = {0, 0};  // HELLO (v2) / connect host_type (v1), per sender
  std::optional<int64_t> global_id[2];  // IDENT global_id per sender
  uint64_t assigned_global_id = 0;      // AUTH_DONE
  std::optional<EntityAddrvec> v2_addrs[2];  // IDENT (or SESSION_RECONNECT) addresses per sender
  std::optional<uint64_t> v2_features[2];  // IDENT supported features
  uint32_t compression_method = 0;         // COMPRESSION_DONE (0: none)
  uint32_t client_nonce = 0;               // v1 banner / CLIENT_IDENT address nonce
  // The connection ended inside its handshake (a daemon that restarts refuses
  // connections so): normal traffic, not an error. What was seen, per
  // direction that ended so ("inside the v1 banner address, 9 of 145 bytes").
  std::string closed_in_handshake[2];
  bool v1_footer_with_sig() const;
};

struct PduContext;  // pdu.h

class Connection {
 public:
  explicit Connection(Listener& listener, ParserOptions options = {});
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void feed(Dir dir, Bytes bytes);
  // `length` bytes of this direction are missing from the capture.
  void gap(Dir dir, uint64_t length);
  // End of input: whatever is half-parsed is reported as truncated.
  void finish();

  const SessionInfo& info() const;
  // Bytes seen (fed or lost in gaps) per direction.
  uint64_t offset(Dir dir) const;
  // The lowest stream offset a future event of this direction can name (the
  // start of the item in progress, or of the bytes being skipped).
  uint64_t earliest_pending(Dir dir) const;
  // True once a direction is ciphertext (msgr2 secure mode).
  bool encrypted(Dir dir) const;
  // True while a direction waits for the peer's handshake (its bytes are held).
  bool awaiting_peer(Dir dir) const;
  // What the next PDU of a direction is, for pdu_length(); meaningful at a
  // PDU boundary (after feeding whole PDUs), Unknown elsewhere.
  PduContext next_pdu(Dir dir) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cephwire
