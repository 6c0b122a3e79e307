// Where each field of a PDU lies, and what it holds: the one description of
// the wire that the plugin places in its tree and `inspect --fields` prints.
// For every structure the core decodes (banners, v1 connect / connect_reply,
// tags, ceph_msg_header, the footer, the msgr2 preamble, header2, segment
// CRCs, the epilogue, each control payload and each decoded front) a layout is
// a flat list of fields in tree order; a Group opens a subtree that holds the
// fields after it with a greater depth. Names are the plugin's filter names
// without "msgr." ("msg.seq", "v2.preamble_crc").
//
// Offsets are into the PDU given (or, for source 1, into the decompressed
// frame the layout carries); every one lies inside the bytes it was made from.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cephwire/bytes.h"
#include "cephwire/messages/transaction.h"
#include "cephwire/parser.h"
#include "cephwire/pdu.h"

namespace cephwire {

enum class FieldKind : uint8_t {
  Group,     // a subtree; `name` (if any) is an item of its own, `text` its label
  Wire,      // the bytes at off/len, little-endian, are the value (`u` holds it too)
  Uint,      // `u`, placed on off/len
  Int,       // `i`
  Text,      // `text`
  Bool,      // `u` != 0
  Ipv4,      // `ip[0..3]`, network order
  Ipv6,      // `ip`
  Features,  // a CEPH_FEATURE mask `u`, with its bits
  OsdFlags,  // a CEPH_OSD_FLAG mask `u`, with its bits
  Crc,       // wire value `u`, the computed one and the verdict
  Bytes,     // opaque bytes
  Note,      // something a reader should be told of, on field `target` (or on off/len when -1)
};

// The subtree a Group opens, by what it holds (the plugin keeps one
// expansion state per kind, as Wireshark's ett_ values do).
enum class GroupKind : uint8_t { Msg, Header, Footer, Preamble, Segment, Epilogue, Payload, Data, Addr, Front };

// What a field says that a reader should be told of (Wireshark's expert infos).
// Undecoded: a message's front that does not decode as its type (the framing
// around it is sound).
enum class FieldNote : uint8_t { None, Aborted, LateUnknown, Compressed, Malformed, Undecoded };

struct LaidField {
  FieldKind kind = FieldKind::Uint;
  const char* name = nullptr;  // null only for a Group that is a label
  uint32_t off = 0, len = 0;
  uint8_t depth = 0;
  uint8_t source = 0;      // 0 the PDU, 1 the decompressed frame, 2 the decrypted frame
  bool generated = false;  // derived, not on the wire
  bool new_source = false; // Bytes: shown as a data source of its own (`text` names it)
  GroupKind group = GroupKind::Payload;
  FieldNote note = FieldNote::None;  // Note
  int32_t target = -1;               // Note: index of the field it is about
  uint64_t u = 0;
  int64_t i = 0;
  std::array<uint8_t, 16> ip{};
  uint32_t computed = 0;  // Crc
  CrcStatus status = CrcStatus::Unverified;
  std::string text;  // Text value; Group label; Crc: what it covers ("front"); a Note's words (empty: its default)
  std::string suffix;  // appended to the item's text (" (client)")
};

// The message a PDU carries, as request/response tracking needs it.
struct LaidMessage {
  uint16_t type = 0, version = 0;
  uint64_t tid = 0, seq = 0;
  EntityName src;  // v1: the header's source; msgr2: the handshake's (PduContext::source)
  std::optional<messages::Transaction> txn;  // a request or a reply
  // Where its front and data lie: in the PDU, or (source 1) in the
  // decompressed frame, or (source 2) in the decrypted frame the layout carries.
  uint8_t source = 0;
  uint32_t front_off = 0, front_len = 0, data_off = 0, data_len = 0;
};

struct PduLayout {
  std::vector<LaidField> fields;
  std::optional<LaidMessage> message;
  std::string summary;             // one line: the Info column
  std::vector<uint8_t> inflated;   // source 1: a compressed frame's segments, decompressed, one after another
  std::vector<uint8_t> decrypted;  // source 2: a secure frame decrypted (secure/secure_frames.h DecryptedFrame)
  // The bytes of a source.
  Bytes source_bytes(uint8_t source, Bytes pdu) const {
    return source == 1 ? Bytes(inflated) : source == 2 ? Bytes(decrypted) : pdu;
  }
};

struct LayoutOptions {
  bool verify_crc = true;
  bool zero_crc_unset = false;
  // Ceph's text of each message and its front's fields; off: the header's
  // summary alone, the front as bytes.
  bool decode_fronts = true;
};

// The layout of a whole PDU of kind ctx.kind (pdu_length() said it is complete).
PduLayout pdu_layout(const PduContext& ctx, Bytes pdu, const LayoutOptions& o = {});
// A PDU cut short by a capture gap: `have` of its `length` bytes; the message
// header when enough of it is there, else nothing.
PduLayout cut_layout(const PduContext& ctx, Bytes have, const LayoutOptions& o = {});

}  // namespace cephwire
