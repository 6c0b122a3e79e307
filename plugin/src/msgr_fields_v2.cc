// msgr2 fields (core/src/layout/v2_layout.cc, control_layout.cc): the
// banner, the preamble and its segments, CRCs, the epilogue, and the control
// frames' payloads.
#include "msgr_fields.h"

#include "cephwire/msgr2.h"

namespace msgr {

namespace {

const value_string kCompression[] = {{0, "none"}, {1, "snappy"}, {2, "zlib"}, {3, "zstd"}, {4, "lz4"},
                                     {5, "brotli"}, {0, nullptr}};
const value_string kConModes[] = {{1, "crc"}, {2, "secure"}, {0, nullptr}};

// Looked up by name when the core lays them out; the ids live here.
struct {
  int v2_tag = -1, v2_supported = -1, v2_required = -1, v2_rev1 = -1, v2_compression = -1, num_segments = -1,
      seg_len = -1, seg_align = -1, pre_flags = -1, pre_compressed = -1, preamble_crc = -1, preamble_crc_status = -1,
      segment_crc = -1, segment_crc_status = -1, segment_index = -1, late = -1, entity_type = -1, auth_method = -1,
      con_mode = -1, modes = -1, global_id = -1, global_seq = -1, connect_seq = -1, features = -1, req_features = -1,
      cflags = -1, cookie = -1, result = -1, method = -1, decompressed_with = -1, is_compress = -1, full = -1;
} id;

}  // namespace

void register_v2_fields() {
  static auto v2_tags = tag_names(1, 22, cephwire::msgr2::tag_name);
  static hf_register_info fields[] = {
      {&id.v2_tag, {"Tag", "msgr.v2.tag", FT_UINT8, BASE_DEC, VALS(v2_tags.data()), 0, "msgr2 frame tag: HELLO, AUTH_*, IDENT, MESSAGE, KEEPALIVE2, ACK, ...", HFILL}},
      {&id.v2_supported, {"Supported features", "msgr.v2.banner.supported", FT_UINT64, BASE_HEX, nullptr, 0, "msgr2 features the sender supports", HFILL}},
      {&id.v2_required, {"Required features", "msgr.v2.banner.required", FT_UINT64, BASE_HEX, nullptr, 0, "msgr2 features the sender requires of its peer", HFILL}},
      {&id.v2_rev1, {"REVISION_1 (msgr2.1)", "msgr.v2.banner.revision_1", FT_BOOLEAN, 64, nullptr, 0x1, "msgr2.1 framing (inline segment 0 CRC, 13-byte epilogue)", HFILL}},
      {&id.v2_compression, {"COMPRESSION", "msgr.v2.banner.compression", FT_BOOLEAN, 64, nullptr, 0x2, "On-wire compression (COMPRESSION_REQUEST/DONE)", HFILL}},
      {&id.num_segments, {"Segments", "msgr.v2.num_segments", FT_UINT8, BASE_DEC, nullptr, 0, "Segments this frame declares (1 to 4)", HFILL}},
      {&id.seg_len, {"Segment length", "msgr.v2.segment.length", FT_UINT32, BASE_DEC, nullptr, 0, "Length of a segment", HFILL}},
      {&id.seg_align, {"Segment alignment", "msgr.v2.segment.alignment", FT_UINT16, BASE_DEC, nullptr, 0, "Alignment the receiver should give a segment's buffer", HFILL}},
      {&id.pre_flags, {"Flags", "msgr.v2.flags", FT_UINT8, BASE_HEX, nullptr, 0, "Preamble flags", HFILL}},
      {&id.pre_compressed, {"Compressed", "msgr.v2.flags.compressed", FT_BOOLEAN, 8, nullptr, 0x1, "The segments are compressed (FRAME_EARLY_DATA_COMPRESSED)", HFILL}},
      {&id.preamble_crc, {"Preamble CRC", "msgr.v2.preamble_crc", FT_UINT32, BASE_HEX, nullptr, 0, "CRC32C of the preamble's first 28 bytes (seed 0)", HFILL}},
      {&id.preamble_crc_status, {"Preamble CRC status", "msgr.v2.preamble_crc.status", FT_UINT8, BASE_NONE, VALS(proto_checksum_vals), 0, "Verdict on the preamble CRC", HFILL}},
      {&id.segment_crc, {"Segment CRC", "msgr.v2.segment_crc", FT_UINT32, BASE_HEX, nullptr, 0, "CRC32C of a segment (seed 0xffffffff)", HFILL}},
      {&id.segment_crc_status, {"Segment CRC status", "msgr.v2.segment_crc.status", FT_UINT8, BASE_NONE, VALS(proto_checksum_vals), 0, "Verdict on a segment CRC", HFILL}},
      {&id.segment_index, {"Segment", "msgr.v2.segment_index", FT_UINT8, BASE_DEC, nullptr, 0, "Which segment a CRC belongs to (0 header, 1 front, 2 middle, 3 data)", HFILL}},
      {&id.late, {"Late status/flags", "msgr.v2.late", FT_UINT8, BASE_HEX, nullptr, 0, "rev1: 0x0e complete, 0x01 aborted; rev0: bit 0 aborted", HFILL}},
      {&id.entity_type, {"Entity type", "msgr.v2.entity_type", FT_UINT8, BASE_HEX, VALS(kEntity), 0, "Entity type of the sender (HELLO)", HFILL}},
      {&id.auth_method, {"Auth method", "msgr.v2.auth_method", FT_UINT32, BASE_DEC, VALS(kAuth), 0, "Auth method (1 none, 2 cephx)", HFILL}},
      {&id.con_mode, {"Connection mode", "msgr.v2.con_mode", FT_UINT32, BASE_DEC, VALS(kConModes), 0, "Connection mode the server chose (1 crc, 2 secure)", HFILL}},
      {&id.modes, {"Preferred mode", "msgr.v2.preferred_mode", FT_UINT32, BASE_DEC, VALS(kConModes), 0, "A connection mode the client would accept, in order of preference", HFILL}},
      {&id.global_id, {"Global id", "msgr.v2.global_id", FT_UINT64, BASE_DEC, nullptr, 0, "Entity number (IDENT) or the global id the monitor assigned (AUTH_DONE)", HFILL}},
      {&id.global_seq, {"Global seq", "msgr.v2.global_seq", FT_UINT64, BASE_DEC, nullptr, 0, "The sender's global connection counter", HFILL}},
      {&id.connect_seq, {"Connect seq", "msgr.v2.connect_seq", FT_UINT64, BASE_DEC, nullptr, 0, "Reconnect attempts in this session", HFILL}},
      {&id.features, {"Supported features", "msgr.v2.features", FT_UINT64, BASE_HEX, nullptr, 0, "Feature bits the sender supports (IDENT)", HFILL}},
      {&id.req_features, {"Required features", "msgr.v2.required_features", FT_UINT64, BASE_HEX, nullptr, 0, "Feature bits the sender requires of its peer (IDENT)", HFILL}},
      {&id.cflags, {"Flags", "msgr.v2.ident_flags", FT_UINT64, BASE_HEX, nullptr, 0, "1: lossy", HFILL}},
      {&id.cookie, {"Cookie", "msgr.v2.cookie", FT_UINT64, BASE_HEX, nullptr, 0, "Session cookie (IDENT, SESSION_RECONNECT)", HFILL}},
      {&id.result, {"Result", "msgr.v2.result", FT_INT32, BASE_DEC, nullptr, 0, "Result code of AUTH_BAD_METHOD", HFILL}},
      {&id.method, {"Compression method", "msgr.v2.compression_method", FT_UINT32, BASE_DEC, VALS(kCompression), 0,
                    "Ceph's Compressor::CompressionAlgorithm", HFILL}},
      {&id.decompressed_with, {"Decompressed with", "msgr.v2.decompressed_with", FT_UINT32, BASE_DEC, VALS(kCompression), 0,
                               "The method this compressed frame's segments were decompressed with", HFILL}},
      {&id.is_compress, {"Compress", "msgr.v2.is_compress", FT_BOOLEAN, BASE_NONE, nullptr, 0, "Whether the sender asks for / the server agrees on compression", HFILL}},
      {&id.full, {"Full reset", "msgr.v2.full", FT_BOOLEAN, BASE_NONE, nullptr, 0, "SESSION_RESET: whether the whole session state is reset", HFILL}},
  };
  proto_register_field_array(proto, fields, array_length(fields));
}

}  // namespace msgr
