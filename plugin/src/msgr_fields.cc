#include "msgr_fields.h"

#include "cephwire/feature_list.h"

#include <cctype>
#include <string>
#include <vector>

#include "cephwire/features.h"

#include "cephwire/msg_types.h"
#include "cephwire/msgr1.h"
#include "cephwire/msgr2.h"

namespace msgr {

int proto = -1;
dissector_handle_t handle = nullptr;
Prefs prefs;
Fields hf;
Subtrees ett;
Experts ei;

namespace {

// value_strings built from the core's tables, so the names live in one place.
std::vector<value_string> msg_type_vals() {
  size_t n = 0;
  const cephwire::MsgTypeEntry* t = cephwire::msg_type_table(&n);
  std::vector<value_string> v;
  for (size_t i = 0; i < n; ++i) v.push_back({t[i].type, t[i].name});
  v.push_back({0, nullptr});
  return v;
}

template <class F>
std::vector<value_string> names(unsigned lo, unsigned hi, F name) {
  std::vector<value_string> v;
  for (unsigned i = lo; i <= hi; ++i)
    if (const char* s = name(uint8_t(i))) v.push_back({i, s});
  v.push_back({0, nullptr});
  return v;
}

// cephwire::PduKind by the core's names (filled before registration).
value_string kPduKinds[size_t(cephwire::PduKind::Unknown) + 2];
const value_string kAddrTypes[] = {{0, "none"}, {1, "legacy"}, {2, "msgr2"}, {3, "any"}, {0, nullptr}};
const value_string kCompression[] = {{0, "none"}, {1, "snappy"}, {2, "zlib"}, {3, "zstd"}, {4, "lz4"},
                                     {5, "brotli"}, {0, nullptr}};
const value_string kVersions[] = {{1, "msgr v1"}, {2, "msgr2"}, {0, nullptr}};
const value_string kConModes[] = {{1, "crc"}, {2, "secure"}, {0, nullptr}};
const value_string kAuth[] = {{cephwire::kAuthUnknown, cephwire::auth_method_name(cephwire::kAuthUnknown)},
                              {cephwire::kAuthNone, cephwire::auth_method_name(cephwire::kAuthNone)},
                              {cephwire::kAuthCephx, cephwire::auth_method_name(cephwire::kAuthCephx)},
                              {cephwire::kAuthGss, cephwire::auth_method_name(cephwire::kAuthGss)},
                              {0, nullptr}};
const value_string kEntity[] = {{1, "mon"}, {2, "mds"}, {4, "osd"}, {8, "client"}, {0x10, "mgr"}, {0x20, "auth"},
                                {0xff, "any"}, {0, nullptr}};

// msgr.feature.<name>: one boolean per CEPH_FEATURE bit, named from the core's
// table (the first name of a shared bit makes the filter name).
// One boolean per CEPH_FEATURE bit, from the core's list (fixed at compile time).
void register_feature_bits() {
#define MSGR_FEATURE(b, name, filter) \
  {&hf.feature_bit[b], {name, "msgr.feature." filter, FT_BOOLEAN, 64, nullptr, 1ull << b, "CEPH_FEATURE bit " #b, HFILL}},
#define MSGR_RETIRED(b) \
  {&hf.feature_bit[b], {"retired", "msgr.feature.bit" #b, FT_BOOLEAN, 64, nullptr, 1ull << b, \
                        "CEPH_FEATURE bit " #b ", retired and not reused", HFILL}},
  static hf_register_info bits[] = {CEPHWIRE_CEPH_FEATURES(MSGR_FEATURE, MSGR_RETIRED)};
#undef MSGR_FEATURE
#undef MSGR_RETIRED
  static_assert(array_length(bits) == 64);
  proto_register_field_array(proto, bits, array_length(bits));
}

}  // namespace

void register_fields() {
  for (size_t k = 0; k <= size_t(cephwire::PduKind::Unknown); ++k)
    kPduKinds[k] = {guint32(k), cephwire::pdu_kind_name(cephwire::PduKind(k))};

  static auto msg_types = msg_type_vals();
  static auto v1_tags = names(1, 16, cephwire::msgr1::tag_name);
  static auto v2_tags = names(1, 22, cephwire::msgr2::tag_name);

  static hf_register_info fields[] = {
      {&hf.version, {"Messenger version", "msgr.version", FT_UINT8, BASE_DEC, VALS(kVersions), 0, "Messenger protocol of this connection: 1 (msgr v1) or 2 (msgr2)", HFILL}},
      {&hf.pdu, {"PDU", "msgr.pdu", FT_UINT8, BASE_DEC, VALS(kPduKinds), 0,
                 "What the bytes are: banner, v1 connect, v1 tag, msgr2 frame, ciphertext...", HFILL}},
      {&hf.banner, {"Banner", "msgr.banner", FT_STRING, BASE_NONE, nullptr, 0, "The banner text a peer sends first (\"ceph v027\" or \"ceph v2\")", HFILL}},
      {&hf.v1_tag, {"Tag", "msgr.v1.tag", FT_UINT8, BASE_DEC, VALS(v1_tags.data()), 0, "msgr v1 tag byte: what follows it (MSG, ACK, KEEPALIVE2, CLOSE, ...)", HFILL}},
      {&hf.v2_tag, {"Tag", "msgr.v2.tag", FT_UINT8, BASE_DEC, VALS(v2_tags.data()), 0, "msgr2 frame tag: HELLO, AUTH_*, IDENT, MESSAGE, KEEPALIVE2, ACK, ...", HFILL}},
      {&hf.addr, {"Address", "msgr.addr", FT_STRING, BASE_NONE, nullptr, 0, "An entity address as Ceph prints it (type:ip:port/nonce)", HFILL}},
      {&hf.peer_addr, {"Peer address", "msgr.peer_addr", FT_STRING, BASE_NONE, nullptr, 0, "The address the sender sees for its peer", HFILL}},
      {&hf.nonce, {"Nonce", "msgr.nonce", FT_UINT32, BASE_DEC, nullptr, 0, "The address nonce: tells one process's messenger from another's", HFILL}},
      {&hf.c_features, {"Features", "msgr.v1.connect.features", FT_UINT64, BASE_HEX, nullptr, 0, "Feature bits of the sender (ceph_msg_connect / connect_reply)", HFILL}},
      {&hf.c_host_type, {"Host type", "msgr.v1.connect.host_type", FT_UINT32, BASE_HEX, VALS(kEntity), 0, "Entity type of the connecting peer (mon, osd, client, ...)", HFILL}},
      {&hf.c_global_seq, {"Global seq", "msgr.v1.connect.global_seq", FT_UINT32, BASE_DEC, nullptr, 0, "The sender's global connection counter", HFILL}},
      {&hf.c_connect_seq, {"Connect seq", "msgr.v1.connect.connect_seq", FT_UINT32, BASE_DEC, nullptr, 0, "Connection attempts to this peer in the current session", HFILL}},
      {&hf.c_proto_ver, {"Protocol version", "msgr.v1.connect.protocol_version", FT_UINT32, BASE_DEC, nullptr, 0, "Messenger protocol version for this peer type", HFILL}},
      {&hf.c_auth_proto, {"Authorizer protocol", "msgr.v1.connect.authorizer_protocol", FT_UINT32, BASE_DEC, VALS(kAuth), 0, "Auth protocol of the authorizer that follows (1 none, 2 cephx)", HFILL}},
      {&hf.c_auth_len, {"Authorizer length", "msgr.v1.connect.authorizer_len", FT_UINT32, BASE_DEC, nullptr, 0, "Length of the authorizer that follows", HFILL}},
      {&hf.c_flags, {"Flags", "msgr.v1.connect.flags", FT_UINT8, BASE_HEX, nullptr, 0, "1: lossy", HFILL}},
      {&hf.authorizer, {"Authorizer", "msgr.v1.authorizer", FT_BYTES, BASE_NONE, nullptr, 0, "The authorizer or the server's challenge / reply bytes", HFILL}},
      {&hf.r_tag, {"Reply tag", "msgr.v1.reply.tag", FT_UINT8, BASE_DEC, VALS(v1_tags.data()), 0, "The server's answer to connect: READY, SEQ, RETRY_*, WAIT, BADAUTHORIZER, ...", HFILL}},
      {&hf.seq_value, {"Last received seq", "msgr.v1.seq", FT_UINT64, BASE_DEC, nullptr, 0, "After a SEQ connect reply", HFILL}},
      {&hf.ack_seq, {"Acknowledged seq", "msgr.ack", FT_UINT64, BASE_DEC, nullptr, 0, "The highest message seq the sender acknowledges", HFILL}},
      {&hf.stamp_sec, {"Timestamp (s)", "msgr.keepalive.sec", FT_UINT32, BASE_DEC, nullptr, 0, "KEEPALIVE2 timestamp, seconds", HFILL}},
      {&hf.stamp_nsec, {"Timestamp (ns)", "msgr.keepalive.nsec", FT_UINT32, BASE_DEC, nullptr, 0, "KEEPALIVE2 timestamp, nanoseconds", HFILL}},
      {&hf.msg, {"Message", "msgr.msg", FT_NONE, BASE_NONE, nullptr, 0, "A Ceph message: header, front, middle and data", HFILL}},
      {&hf.msg_type, {"Type", "msgr.msg.type", FT_UINT16, BASE_DEC, VALS(msg_types.data()), 0, "Message type (CEPH_MSG_* / MSG_*), one per message", HFILL}},
      {&hf.msg_seq, {"Message seq", "msgr.msg.seq", FT_UINT64, BASE_DEC, nullptr, 0, "Message sequence number within the session (ceph_msg_header seq)", HFILL}},
      {&hf.msg_tid, {"Transaction id", "msgr.msg.tid", FT_UINT64, BASE_DEC, nullptr, 0, "Transaction id: a request and its reply share it", HFILL}},
      {&hf.msg_priority, {"Priority", "msgr.msg.priority", FT_UINT16, BASE_DEC, nullptr, 0, "Message priority (127 default, 196 high, 255 highest)", HFILL}},
      {&hf.msg_version, {"Version", "msgr.msg.version", FT_UINT16, BASE_DEC, nullptr, 0, "Encoding version of the message's front (header version)", HFILL}},
      {&hf.msg_compat, {"Compat version", "msgr.msg.compat_version", FT_UINT16, BASE_DEC, nullptr, 0, "Oldest version a receiver must understand to decode the front", HFILL}},
      {&hf.msg_front_len, {"Front length", "msgr.msg.front_len", FT_UINT32, BASE_DEC, nullptr, 0, "Length of the front (the message's encoded fields)", HFILL}},
      {&hf.msg_middle_len, {"Middle length", "msgr.msg.middle_len", FT_UINT32, BASE_DEC, nullptr, 0, "Length of the middle section", HFILL}},
      {&hf.msg_data_len, {"Data length", "msgr.msg.data_len", FT_UINT32, BASE_DEC, nullptr, 0, "Length of the data payload", HFILL}},
      {&hf.msg_data_off, {"Data offset", "msgr.msg.data_off", FT_UINT16, BASE_HEX, nullptr, 0, "Data offset hint: its low 12 bits place the data in its first page", HFILL}},
      {&hf.msg_page_off, {"First-page offset", "msgr.msg.data_page_offset", FT_UINT16, BASE_DEC, nullptr, 0, "data_off & 0xfff", HFILL}},
      {&hf.msg_pages, {"Pages", "msgr.msg.data_pages", FT_UINT32, BASE_DEC, nullptr, 0, "4 KiB pages the data occupies at its first-page offset", HFILL}},
      {&hf.msg_src, {"Source", "msgr.msg.src", FT_STRING, BASE_NONE, nullptr, 0, "The sending entity (v1 header; msgr2 from HELLO and IDENT)", HFILL}},
      {&hf.front_decoded, {"Decoded front", "msgr.front_decoded", FT_NONE, BASE_NONE, nullptr, 0, "The front, decoded by the core's message layer", HFILL}},
      {&hf.op_oid, {"Object", "msgr.osd_op.oid", FT_STRING, BASE_NONE, nullptr, 0, "Object name", HFILL}},
      {&hf.op_nspace, {"Namespace", "msgr.osd_op.nspace", FT_STRING, BASE_NONE, nullptr, 0, "Object namespace", HFILL}},
      {&hf.op_pool, {"Pool", "msgr.osd_op.pool", FT_INT64, BASE_DEC, nullptr, 0, "Pool id of the op's placement group", HFILL}},
      {&hf.op_pg, {"Placement group", "msgr.osd_op.pg", FT_STRING, BASE_NONE, nullptr, 0, "pool.seed (hex)", HFILL}},
      {&hf.op_epoch, {"OSD map epoch", "msgr.osd_op.epoch", FT_UINT32, BASE_DEC, nullptr, 0, "OSD map epoch the client sent the op at", HFILL}},
      {&hf.op_op, {"Op", "msgr.osd_op.op", FT_STRING, BASE_NONE, nullptr, 0, "One op of the request (writefull, read, stat, call, ...)", HFILL}},
      {&hf.op_result, {"Result", "msgr.result", FT_INT32, BASE_DEC, nullptr, 0, "0 or a negative errno", HFILL}},
      {&hf.cmd_fsid, {"Cluster fsid", "msgr.mon_command.fsid", FT_STRING, BASE_NONE, nullptr, 0, "Cluster fsid the command is meant for", HFILL}},
      {&hf.cmd_cmd, {"Command", "msgr.mon_command.cmd", FT_STRING, BASE_NONE, nullptr, 0, "The monitor command (JSON)", HFILL}},
      {&hf.cmd_r, {"Return code", "msgr.mon_command_ack.r", FT_INT32, BASE_DEC, nullptr, 0, "The command's return code (negative errno on failure)", HFILL}},
      {&hf.cmd_rs, {"Status", "msgr.mon_command_ack.rs", FT_STRING, BASE_NONE, nullptr, 0, "The command's status text", HFILL}},
      {&hf.auth_protocol, {"Auth protocol", "msgr.auth.protocol", FT_UINT32, BASE_DEC, VALS(kAuth), 0, "Auth protocol of the MAuth request", HFILL}},
      {&hf.auth_name, {"Entity name", "msgr.auth.name", FT_STRING, BASE_NONE, nullptr, 0, "Entity name authenticating (client.admin, osd.0, ...)", HFILL}},
      {&hf.auth_global_id, {"Global id", "msgr.auth.global_id", FT_UINT64, BASE_DEC, nullptr, 0, "Global id the monitor assigns (MAuthReply) or the client claims", HFILL}},
      {&hf.msg_ack_seq, {"Ack seq", "msgr.msg.ack_seq", FT_UINT64, BASE_DEC, nullptr, 0, "msgr2: the highest seq the sender of this message has received", HFILL}},
      {&hf.msg_flags, {"Flags", "msgr.msg.flags", FT_UINT8, BASE_HEX, nullptr, 0, "msgr2 message header flags", HFILL}},
      {&hf.front, {"Front", "msgr.msg.front", FT_BYTES, BASE_NONE, nullptr, 0, "The front bytes", HFILL}},
      {&hf.middle, {"Middle", "msgr.msg.middle", FT_BYTES, BASE_NONE, nullptr, 0, "The middle bytes", HFILL}},
      {&hf.data, {"Data", "msgr.msg.data", FT_BYTES, BASE_NONE, nullptr, 0, "The data payload bytes", HFILL}},
      {&hf.v1_header_crc, {"Header CRC", "msgr.v1.header_crc", FT_UINT32, BASE_HEX, nullptr, 0, "CRC32C of the ceph_msg_header (seed 0)", HFILL}},
      {&hf.v1_header_crc_status, {"Header CRC status", "msgr.v1.header_crc.status", FT_UINT8, BASE_NONE, VALS(proto_checksum_vals), 0, "Verdict on the header CRC", HFILL}},
      {&hf.v1_front_crc, {"Front CRC", "msgr.v1.front_crc", FT_UINT32, BASE_HEX, nullptr, 0, "CRC32C of the front (seed 0)", HFILL}},
      {&hf.v1_front_crc_status, {"Front CRC status", "msgr.v1.front_crc.status", FT_UINT8, BASE_NONE, VALS(proto_checksum_vals), 0, "Verdict on the front CRC", HFILL}},
      {&hf.v1_middle_crc, {"Middle CRC", "msgr.v1.middle_crc", FT_UINT32, BASE_HEX, nullptr, 0, "CRC32C of the middle (seed 0)", HFILL}},
      {&hf.v1_middle_crc_status, {"Middle CRC status", "msgr.v1.middle_crc.status", FT_UINT8, BASE_NONE, VALS(proto_checksum_vals), 0, "Verdict on the middle CRC", HFILL}},
      {&hf.v1_data_crc, {"Data CRC", "msgr.v1.data_crc", FT_UINT32, BASE_HEX, nullptr, 0, "CRC32C of the data (seed 0)", HFILL}},
      {&hf.v1_data_crc_status, {"Data CRC status", "msgr.v1.data_crc.status", FT_UINT8, BASE_NONE, VALS(proto_checksum_vals), 0, "Verdict on the data CRC", HFILL}},
      {&hf.footer_flags, {"Footer flags", "msgr.v1.footer.flags", FT_UINT8, BASE_HEX, nullptr, 0, "1 complete, 2 no data crc, 4 signed", HFILL}},
      {&hf.footer_sig, {"Signature", "msgr.v1.footer.sig", FT_UINT64, BASE_HEX, nullptr, 0, "cephx message signature", HFILL}},
      {&hf.v2_supported, {"Supported features", "msgr.v2.banner.supported", FT_UINT64, BASE_HEX, nullptr, 0, "msgr2 features the sender supports", HFILL}},
      {&hf.v2_required, {"Required features", "msgr.v2.banner.required", FT_UINT64, BASE_HEX, nullptr, 0, "msgr2 features the sender requires of its peer", HFILL}},
      {&hf.v2_rev1, {"REVISION_1 (msgr2.1)", "msgr.v2.banner.revision_1", FT_BOOLEAN, 64, nullptr, 0x1, "msgr2.1 framing (inline segment 0 CRC, 13-byte epilogue)", HFILL}},
      {&hf.v2_compression, {"COMPRESSION", "msgr.v2.banner.compression", FT_BOOLEAN, 64, nullptr, 0x2, "On-wire compression (COMPRESSION_REQUEST/DONE)", HFILL}},
      {&hf.num_segments, {"Segments", "msgr.v2.num_segments", FT_UINT8, BASE_DEC, nullptr, 0, "Segments this frame declares (1 to 4)", HFILL}},
      {&hf.seg_len, {"Segment length", "msgr.v2.segment.length", FT_UINT32, BASE_DEC, nullptr, 0, "Length of a segment", HFILL}},
      {&hf.seg_align, {"Segment alignment", "msgr.v2.segment.alignment", FT_UINT16, BASE_DEC, nullptr, 0, "Alignment the receiver should give a segment's buffer", HFILL}},
      {&hf.pre_flags, {"Flags", "msgr.v2.flags", FT_UINT8, BASE_HEX, nullptr, 0, "Preamble flags", HFILL}},
      {&hf.pre_compressed, {"Compressed", "msgr.v2.flags.compressed", FT_BOOLEAN, 8, nullptr, 0x1, "The segments are compressed (FRAME_EARLY_DATA_COMPRESSED)", HFILL}},
      {&hf.preamble_crc, {"Preamble CRC", "msgr.v2.preamble_crc", FT_UINT32, BASE_HEX, nullptr, 0, "CRC32C of the preamble's first 28 bytes (seed 0)", HFILL}},
      {&hf.preamble_crc_status, {"Preamble CRC status", "msgr.v2.preamble_crc.status", FT_UINT8, BASE_NONE, VALS(proto_checksum_vals), 0, "Verdict on the preamble CRC", HFILL}},
      {&hf.segment_crc, {"Segment CRC", "msgr.v2.segment_crc", FT_UINT32, BASE_HEX, nullptr, 0, "CRC32C of a segment (seed 0xffffffff)", HFILL}},
      {&hf.segment_crc_status, {"Segment CRC status", "msgr.v2.segment_crc.status", FT_UINT8, BASE_NONE, VALS(proto_checksum_vals), 0, "Verdict on a segment CRC", HFILL}},
      {&hf.segment_index, {"Segment", "msgr.v2.segment_index", FT_UINT8, BASE_DEC, nullptr, 0, "Which segment a CRC belongs to (0 header, 1 front, 2 middle, 3 data)", HFILL}},
      {&hf.late, {"Late status/flags", "msgr.v2.late", FT_UINT8, BASE_HEX, nullptr, 0, "rev1: 0x0e complete, 0x01 aborted; rev0: bit 0 aborted", HFILL}},
      {&hf.entity_type, {"Entity type", "msgr.v2.entity_type", FT_UINT8, BASE_HEX, VALS(kEntity), 0, "Entity type of the sender (HELLO)", HFILL}},
      {&hf.auth_method, {"Auth method", "msgr.v2.auth_method", FT_UINT32, BASE_DEC, VALS(kAuth), 0, "Auth method (1 none, 2 cephx)", HFILL}},
      {&hf.con_mode, {"Connection mode", "msgr.v2.con_mode", FT_UINT32, BASE_DEC, VALS(kConModes), 0, "Connection mode the server chose (1 crc, 2 secure)", HFILL}},
      {&hf.modes, {"Preferred mode", "msgr.v2.preferred_mode", FT_UINT32, BASE_DEC, VALS(kConModes), 0, "A connection mode the client would accept, in order of preference", HFILL}},
      {&hf.global_id, {"Global id", "msgr.v2.global_id", FT_UINT64, BASE_DEC, nullptr, 0, "Entity number (IDENT) or the global id the monitor assigned (AUTH_DONE)", HFILL}},
      {&hf.global_seq, {"Global seq", "msgr.v2.global_seq", FT_UINT64, BASE_DEC, nullptr, 0, "The sender's global connection counter", HFILL}},
      {&hf.connect_seq, {"Connect seq", "msgr.v2.connect_seq", FT_UINT64, BASE_DEC, nullptr, 0, "Reconnect attempts in this session", HFILL}},
      {&hf.features, {"Supported features", "msgr.v2.features", FT_UINT64, BASE_HEX, nullptr, 0, "Feature bits the sender supports (IDENT)", HFILL}},
      {&hf.req_features, {"Required features", "msgr.v2.required_features", FT_UINT64, BASE_HEX, nullptr, 0, "Feature bits the sender requires of its peer (IDENT)", HFILL}},
      {&hf.cflags, {"Flags", "msgr.v2.ident_flags", FT_UINT64, BASE_HEX, nullptr, 0, "1: lossy", HFILL}},
      {&hf.cookie, {"Cookie", "msgr.v2.cookie", FT_UINT64, BASE_HEX, nullptr, 0, "Session cookie (IDENT, SESSION_RECONNECT)", HFILL}},
      {&hf.result, {"Result", "msgr.v2.result", FT_INT32, BASE_DEC, nullptr, 0, "Result code of AUTH_BAD_METHOD", HFILL}},
      {&hf.method, {"Compression method", "msgr.v2.compression_method", FT_UINT32, BASE_DEC, VALS(kCompression), 0,
                    "Ceph's Compressor::CompressionAlgorithm", HFILL}},
      {&hf.decompressed_with, {"Decompressed with", "msgr.v2.decompressed_with", FT_UINT32, BASE_DEC, VALS(kCompression), 0,
                               "The method this compressed frame's segments were decompressed with", HFILL}},
      {&hf.is_compress, {"Compress", "msgr.v2.is_compress", FT_BOOLEAN, BASE_NONE, nullptr, 0, "Whether the sender asks for / the server agrees on compression", HFILL}},
      {&hf.full, {"Full reset", "msgr.v2.full", FT_BOOLEAN, BASE_NONE, nullptr, 0, "SESSION_RESET: whether the whole session state is reset", HFILL}},
      {&hf.ciphertext, {"Encrypted msgr2 data", "msgr.v2.ciphertext", FT_BYTES, BASE_NONE, nullptr, 0, "msgr2 secure mode: bytes after AUTH_DONE, encrypted with AES-128-GCM", HFILL}},
      {&hf.addr_type, {"Address type", "msgr.addr.type", FT_UINT32, BASE_DEC, VALS(kAddrTypes), 0,
                       "entity_addr_t type: 1 legacy (msgr v1), 2 msgr2, 3 any", HFILL}},
      {&hf.addr_ipv4, {"IPv4 address", "msgr.addr.ipv4", FT_IPv4, BASE_NONE, nullptr, 0,
                       "The IPv4 address of an entity address", HFILL}},
      {&hf.addr_ipv6, {"IPv6 address", "msgr.addr.ipv6", FT_IPv6, BASE_NONE, nullptr, 0,
                       "The IPv6 address of an entity address", HFILL}},
      {&hf.addr_port, {"Port", "msgr.addr.port", FT_UINT16, BASE_DEC, nullptr, 0, "The port of an entity address",
                       HFILL}},
      {&hf.addr_nonce, {"Address nonce", "msgr.addr.nonce", FT_UINT32, BASE_DEC, nullptr, 0,
                        "The nonce of an entity address: tells one process's messenger from another's", HFILL}},
      {&hf.gap_length, {"Bytes missing", "msgr.gap.length", FT_UINT32, BASE_DEC, nullptr, 0,
                        "Bytes of this direction missing from the capture before this segment", HFILL}},
      {&hf.skipped_length, {"Bytes skipped", "msgr.skipped.length", FT_UINT32, BASE_DEC, nullptr, 0,
                            "Bytes passed over: no message boundary (banner, v1 tag, msgr2 preamble with a matching "
                            "CRC) found in them", HFILL}},
      {&hf.held_length, {"Bytes held", "msgr.held.length", FT_UINT32, BASE_DEC, nullptr, 0,
                         "Bytes of this segment held back: TCP passed them before bytes that come earlier in the "
                         "stream (tcp.reassemble_out_of_order is off), or they continue a message begun in reordered "
                         "bytes", HFILL}},
      {&hf.reordered_length, {"Reordered bytes", "msgr.reordered.length", FT_UINT32, BASE_DEC, nullptr, 0,
                              "Bytes put back in stream order by this dissector and dissected in this frame", HFILL}},
  };
  static gint* subtrees[] = {&ett.proto, &ett.pdu, &ett.msg, &ett.header, &ett.footer, &ett.preamble,
                             &ett.segment, &ett.epilogue, &ett.payload, &ett.data, &ett.addr, &ett.features, &ett.front};
  static ei_register_info experts[] = {
      {&ei.crc_bad, {"msgr.crc.bad", PI_CHECKSUM, PI_ERROR, "Bad CRC32C", EXPFILL}},
      {&ei.encrypted, {"msgr.encrypted", PI_SECURITY, PI_NOTE, "msgr2 secure mode: the rest of this direction is encrypted", EXPFILL}},
      {&ei.malformed, {"msgr.malformed", PI_MALFORMED, PI_ERROR, "Malformed", EXPFILL}},
      {&ei.skipped, {"msgr.skipped", PI_SEQUENCE, PI_WARN, "Bytes skipped", EXPFILL}},
      {&ei.aborted, {"msgr.aborted", PI_SEQUENCE, PI_NOTE, "The sender aborted this message", EXPFILL}},
      {&ei.late_unknown, {"msgr.v2.late_status.unknown", PI_PROTOCOL, PI_WARN, "Epilogue status bits Ceph does not define",
                          EXPFILL}},
      {&ei.compressed, {"msgr.compressed", PI_UNDECODED, PI_NOTE, "Compressed frame: segments not decoded", EXPFILL}},
      {&ei.gap, {"msgr.gap", PI_SEQUENCE, PI_WARN, "Capture gap", EXPFILL}},
      {&ei.reordered, {"msgr.reordered", PI_SEQUENCE, PI_NOTE,
                       "TCP passed segments out of order; turn on tcp.reassemble_out_of_order", EXPFILL}},
  };

  proto = proto_register_protocol("Ceph Messenger", "MSGR", "msgr");
  proto_register_field_array(proto, fields, array_length(fields));
  register_feature_bits();
  proto_register_subtree_array(subtrees, array_length(subtrees));
  expert_module_t* em = expert_register_protocol(proto);
  expert_register_field_array(em, experts, array_length(experts));

  module_t* m = prefs_register_protocol(proto, nullptr);
  prefs_register_bool_preference(m, "verify_crc", "Verify CRC32C",
                                 "Check every header, front, middle, data, preamble and segment CRC",
                                 &prefs.verify_crc);
  prefs_register_bool_preference(m, "zero_crc_unset", "A zero CRC means not computed",
                                 "Senders with `ms crc header = false` put 0 in header, front and middle CRCs",
                                 &prefs.zero_crc_unset);
  prefs_register_bool_preference(m, "desegment", "Reassemble messages spanning TCP segments",
                                 "Needs TCP's \"Allow subdissectors to reassemble TCP streams\"", &prefs.desegment);
  handle = register_dissector("msgr", dissect, proto);
}

}  // namespace msgr
