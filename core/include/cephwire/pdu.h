// How long is the PDU that starts here? For consumers that frame the stream
// themselves (Wireshark's tcp_dissect_pdus get_pdu_len): never copies, never
// throws, never allocates. What a PDU is depends on where the stream is, which
// the parser knows: Connection::next_pdu() gives the context at a boundary.
#pragma once

#include <cstdint>

#include "cephwire/bytes.h"
#include "cephwire/entity.h"
#include "cephwire/parser.h"
#include "cephwire/secure/secure_frames.h"

namespace cephwire {

enum class PduKind : uint8_t {
  Banner,          // "ceph v027" + address(es), or the msgr2 banner
  V1Connect,       // ceph_msg_connect + authorizer
  V1ConnectReply,  // ceph_msg_connect_reply + authorizer (+ le64 after SEQ)
  V1SeqValue,      // the client's le64 after a SEQ reply
  V1Open,          // a tag and what follows it
  V2Frame,         // preamble, segments, CRCs, epilogue
  Ciphertext,      // msgr2 secure mode: no boundaries
  Unknown,         // mid-stream: search with find_sync()
  V2Secure,        // msgr2 secure mode with the connection's keys: a frame, its length read from its first block
};
const char* pdu_kind_name(PduKind k);

struct PduContext {
  PduKind kind = PduKind::Unknown;
  bool server = false;               // the sender is the server (v1 banner carries two addresses)
  bool v1_footer_with_sig = true;    // 21-byte footer
  bool rev1 = true;                  // msgr2.1 framing
  uint32_t compression = 0;          // msgr2: the method COMPRESSION_DONE agreed on (compression.h)
  // msgr2: the sender of this direction as the handshake named it (HELLO's
  // entity type, the IDENT's global id), which a message header does not
  // carry; type 0 when not known. Ceph's text of an osd_op names it.
  EntityName source{};
  // V2Secure: the direction's key and the nonce of this frame.
  secure::FrameCipher cipher{};
};

enum class PduStatus : uint8_t {
  Complete,  // the PDU is `length` bytes
  NeedMore,  // at least `length` bytes are needed to tell
  Invalid,   // these bytes are not a PDU of this kind (or break the limits)
  Unframed,  // ciphertext or unknown position: no length can be given
};

struct PduLength {
  PduStatus status = PduStatus::Invalid;
  uint64_t length = 0;
};

PduLength pdu_length(const PduContext& ctx, Bytes available, const Limits& limits = {});

}  // namespace cephwire
