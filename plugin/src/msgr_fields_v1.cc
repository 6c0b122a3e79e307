// msgr v1 fields (core/src/layout/v1_layout.cc): connect and connect_reply,
// the tags, the footer and the header/front/middle/data CRCs.
#include "msgr_fields.h"

#include "cephwire/msgr1.h"

namespace msgr {

namespace {

// Looked up by name when the core lays them out; the ids live here.
struct {
  int v1_tag = -1, c_features = -1, c_host_type = -1, c_global_seq = -1, c_connect_seq = -1, c_proto_ver = -1,
      c_auth_proto = -1, c_auth_len = -1, c_flags = -1, authorizer = -1, r_tag = -1, seq_value = -1,
      v1_header_crc = -1, v1_header_crc_status = -1, v1_front_crc = -1, v1_front_crc_status = -1, v1_middle_crc = -1,
      v1_middle_crc_status = -1, v1_data_crc = -1, v1_data_crc_status = -1, footer_flags = -1, footer_sig = -1;
} id;

}  // namespace

void register_v1_fields() {
  static auto v1_tags = tag_names(1, 16, cephwire::msgr1::tag_name);
  static hf_register_info fields[] = {
      {&id.v1_tag, {"Tag", "msgr.v1.tag", FT_UINT8, BASE_DEC, VALS(v1_tags.data()), 0, "msgr v1 tag byte: what follows it (MSG, ACK, KEEPALIVE2, CLOSE, ...)", HFILL}},
      {&id.c_features, {"Features", "msgr.v1.connect.features", FT_UINT64, BASE_HEX, nullptr, 0, "Feature bits of the sender (ceph_msg_connect / connect_reply)", HFILL}},
      {&id.c_host_type, {"Host type", "msgr.v1.connect.host_type", FT_UINT32, BASE_HEX, VALS(kEntity), 0, "Entity type of the connecting peer (mon, osd, client, ...)", HFILL}},
      {&id.c_global_seq, {"Global seq", "msgr.v1.connect.global_seq", FT_UINT32, BASE_DEC, nullptr, 0, "The sender's global connection counter", HFILL}},
      {&id.c_connect_seq, {"Connect seq", "msgr.v1.connect.connect_seq", FT_UINT32, BASE_DEC, nullptr, 0, "Connection attempts to this peer in the current session", HFILL}},
      {&id.c_proto_ver, {"Protocol version", "msgr.v1.connect.protocol_version", FT_UINT32, BASE_DEC, nullptr, 0, "Messenger protocol version for this peer type", HFILL}},
      {&id.c_auth_proto, {"Authorizer protocol", "msgr.v1.connect.authorizer_protocol", FT_UINT32, BASE_DEC, VALS(kAuth), 0, "Auth protocol of the authorizer that follows (1 none, 2 cephx)", HFILL}},
      {&id.c_auth_len, {"Authorizer length", "msgr.v1.connect.authorizer_len", FT_UINT32, BASE_DEC, nullptr, 0, "Length of the authorizer that follows", HFILL}},
      {&id.c_flags, {"Flags", "msgr.v1.connect.flags", FT_UINT8, BASE_HEX, nullptr, 0, "1: lossy", HFILL}},
      {&id.authorizer, {"Authorizer", "msgr.v1.authorizer", FT_BYTES, BASE_NONE, nullptr, 0, "The authorizer or the server's challenge / reply bytes", HFILL}},
      {&id.r_tag, {"Reply tag", "msgr.v1.reply.tag", FT_UINT8, BASE_DEC, VALS(v1_tags.data()), 0, "The server's answer to connect: READY, SEQ, RETRY_*, WAIT, BADAUTHORIZER, ...", HFILL}},
      {&id.seq_value, {"Last received seq", "msgr.v1.seq", FT_UINT64, BASE_DEC, nullptr, 0, "After a SEQ connect reply", HFILL}},
      {&id.v1_header_crc, {"Header CRC", "msgr.v1.header_crc", FT_UINT32, BASE_HEX, nullptr, 0, "CRC32C of the ceph_msg_header (seed 0)", HFILL}},
      {&id.v1_header_crc_status, {"Header CRC status", "msgr.v1.header_crc.status", FT_UINT8, BASE_NONE, VALS(proto_checksum_vals), 0, "Verdict on the header CRC", HFILL}},
      {&id.v1_front_crc, {"Front CRC", "msgr.v1.front_crc", FT_UINT32, BASE_HEX, nullptr, 0, "CRC32C of the front (seed 0)", HFILL}},
      {&id.v1_front_crc_status, {"Front CRC status", "msgr.v1.front_crc.status", FT_UINT8, BASE_NONE, VALS(proto_checksum_vals), 0, "Verdict on the front CRC", HFILL}},
      {&id.v1_middle_crc, {"Middle CRC", "msgr.v1.middle_crc", FT_UINT32, BASE_HEX, nullptr, 0, "CRC32C of the middle (seed 0)", HFILL}},
      {&id.v1_middle_crc_status, {"Middle CRC status", "msgr.v1.middle_crc.status", FT_UINT8, BASE_NONE, VALS(proto_checksum_vals), 0, "Verdict on the middle CRC", HFILL}},
      {&id.v1_data_crc, {"Data CRC", "msgr.v1.data_crc", FT_UINT32, BASE_HEX, nullptr, 0, "CRC32C of the data (seed 0)", HFILL}},
      {&id.v1_data_crc_status, {"Data CRC status", "msgr.v1.data_crc.status", FT_UINT8, BASE_NONE, VALS(proto_checksum_vals), 0, "Verdict on the data CRC", HFILL}},
      {&id.footer_flags, {"Footer flags", "msgr.v1.footer.flags", FT_UINT8, BASE_HEX, nullptr, 0, "1 complete, 2 no data crc, 4 signed", HFILL}},
      {&id.footer_sig, {"Signature", "msgr.v1.footer.sig", FT_UINT64, BASE_HEX, nullptr, 0, "cephx message signature", HFILL}},
  };
  proto_register_field_array(proto, fields, array_length(fields));
}

}  // namespace msgr
