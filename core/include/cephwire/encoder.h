// Encoders: valid msgr v1 and msgr2 (crc mode, rev0 and rev1) frames, messages
// and handshakes. Large payloads are not copied: a WireFrame borrows the
// message's front, middle and data pages between its own head and tail bytes,
// ready for writev(); append_to()/flatten() copy when a caller wants bytes.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "cephwire/bytes.h"
#include "cephwire/features.h"
#include "cephwire/direction.h"
#include "cephwire/frames_v2.h"
#include "cephwire/message.h"
#include "cephwire/msgr1.h"
#include "cephwire/msgr2.h"

namespace cephwire {

struct WireFrame {
  std::vector<uint8_t> head;
  std::vector<Bytes> body;  // borrowed: valid while the Message lives (or `owned`)
  std::vector<uint8_t> tail;
  // Bytes the frame made itself and body points into (compressed segments).
  std::shared_ptr<const std::vector<std::vector<uint8_t>>> owned;

  uint64_t size() const;
  void append_to(Pagelist& out) const;
  void append_to(std::vector<uint8_t>& out) const;
  std::vector<uint8_t> flatten() const;
};

namespace msgr1 {

struct EncodeOptions {
  bool footer_with_sig = true;  // peers share CEPH_FEATURE_MSG_AUTH
  uint8_t footer_flags = kFooterComplete;
  uint64_t sig = 0;
  bool crc_data = true;  // false: data_crc 0 and footer flag NOCRC, as `ms crc data = false`
};

// Offsets inside an encoded MSG, from its tag byte.
struct MessageLayout {
  static constexpr uint64_t kHeader = 1;
  static constexpr uint64_t kHeaderCrc = 1 + MsgHeader::kCrcOffset;
  uint64_t front = 0, middle = 0, data = 0, footer = 0, total = 0;
  // footer + 0 / 4 / 8: front, middle, data crc; flags last.
  static MessageLayout of(const Message& m, bool footer_with_sig);
};

// tag MSG, header (with its CRC), front, middle, data, footer (with CRCs).
WireFrame encode_message(const Message& m, const EncodeOptions& o = {});
// The same with the data taken from `data` (m.data is ignored): a replay sends
// a rewritten front with the captured data pages, without copying them.
WireFrame encode_message(const Message& m, const Pagelist& data, const EncodeOptions& o = {});

// "ceph v027" + my legacy address (client), or + my address + the address the
// server sees for the client (server).
std::vector<uint8_t> encode_client_hello(const EntityAddr& mine);
std::vector<uint8_t> encode_server_hello(const EntityAddr& mine, const EntityAddr& peer_seen);
std::vector<uint8_t> encode_connect(Connect c, Bytes authorizer);
std::vector<uint8_t> encode_connect_reply(ConnectReply r, Bytes authorizer);
std::vector<uint8_t> encode_ack(uint64_t seq);
std::vector<uint8_t> encode_keepalive2(uint8_t tag, uint32_t sec, uint32_t nsec);
std::vector<uint8_t> encode_tag(uint8_t tag);  // CLOSE, KEEPALIVE
std::vector<uint8_t> encode_seq(uint64_t seq);  // bare le64 after a SEQ reply

// A whole v1 handshake: banners and addresses both ways, connect, connect
// reply (READY, or SEQ followed by the seq exchange).
struct HandshakeSpec {
  EntityAddr client_addr;
  EntityAddr server_addr;
  uint64_t client_features = 0;
  uint64_t server_features = 0;
  uint32_t host_type = kEntityClient;
  uint32_t global_seq = 1;
  uint32_t connect_seq = 0;
  uint32_t protocol_version = 0;
  uint32_t authorizer_protocol = 0;
  std::vector<uint8_t> authorizer;
  uint8_t reply_tag = kTagReady;  // or kTagSeq
  uint64_t server_seq = 0;        // SEQ: what the server last received
  uint64_t client_seq = 0;        // SEQ: what the client acknowledges
};
Conversation handshake(const HandshakeSpec& h);

}  // namespace msgr1

namespace msgr2 {

struct EncodeOptions {
  bool rev1 = true;
  uint8_t late_status = kLateStatusComplete;  // rev1; rev0 writes 0 (complete) or the aborted flag
  bool aborted = false;
  uint8_t preamble_flags = 0;  // kFlagCompressed marks segments as compressed
  // encode_message: compress each segment with this method (compression.h),
  // as a sender does after COMPRESSION_DONE; sets kFlagCompressed. 0: none.
  uint32_t compress_method = 0;
};

std::vector<uint8_t> encode_banner(const Banner& b);

// A frame from raw segments (1..4; trailing empty segments are dropped but one
// always stays). Alignments default to Ceph's: 8, and 4096 for MESSAGE data.
WireFrame encode_frame(Tag tag, std::span<const Bytes> segments, const EncodeOptions& o = {});
WireFrame encode_control(const ControlPayload& p, const EncodeOptions& o = {});
// MESSAGE: header2, front, middle, data (borrowed from m).
WireFrame encode_message(const Message& m, const EncodeOptions& o = {});
WireFrame encode_message(const Message& m, const Pagelist& data, const EncodeOptions& o = {});

// A whole msgr2 crc-mode handshake with auth none: banners, HELLO both ways,
// AUTH_REQUEST, AUTH_DONE, AUTH_SIGNATURE both ways (32 zero bytes under auth
// none), CLIENT_IDENT, SERVER_IDENT.
struct HandshakeSpec {
  Banner client_banner{kMsgr2FeatureRevision1, 0};
  Banner server_banner{kMsgr2FeatureRevision1, 0};
  uint8_t client_type = kEntityClient;
  uint8_t server_type = kEntityMon;
  EntityAddr client_addr;  // as the server sees it
  EntityAddr server_addr;
  uint32_t auth_method = kAuthNone;
  std::vector<uint8_t> auth_payload;
  uint32_t con_mode = kConModeCrc;
  uint64_t global_id = 4100;   // assigned in AUTH_DONE, used in CLIENT_IDENT
  int64_t server_id = 0;       // SERVER_IDENT global_id (an OSD's id, a mon's rank)
  uint64_t features = kFeaturesCeph18;
  uint64_t client_cookie = 1;
  uint64_t server_cookie = 2;
};
// rev1 follows from the banners.
Conversation handshake(const HandshakeSpec& h);
// The IDENT frames that handshake sends.
ClientIdent client_ident_of(const HandshakeSpec& h);
ServerIdent server_ident_of(const HandshakeSpec& h);

}  // namespace msgr2

}  // namespace cephwire
