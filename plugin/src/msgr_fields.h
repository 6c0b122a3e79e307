// Field, subtree and expert-info ids of the msgr protocol.
#pragma once

#include "msgr.h"

namespace msgr {

struct Fields {
  int version = -1;       // msgr.version: 1 or 2
  int pdu = -1;           // msgr.pdu: what this PDU is
  int banner = -1;
  int v1_tag = -1;
  int v2_tag = -1;
  int addr = -1, peer_addr = -1, nonce = -1;
  // v1 connect / reply
  int c_features = -1, c_host_type = -1, c_global_seq = -1, c_connect_seq = -1, c_proto_ver = -1, c_auth_proto = -1,
      c_auth_len = -1, c_flags = -1, authorizer = -1;
  int r_tag = -1;
  int seq_value = -1, ack_seq = -1, stamp_sec = -1, stamp_nsec = -1;
  // message
  int msg = -1, msg_type = -1, msg_seq = -1, msg_tid = -1, msg_priority = -1, msg_version = -1, msg_compat = -1,
      msg_front_len = -1, msg_middle_len = -1, msg_data_len = -1, msg_data_off = -1, msg_page_off = -1,
      msg_pages = -1, msg_src = -1, msg_ack_seq = -1, msg_flags = -1;
  int front = -1, middle = -1, data = -1;
  int v1_header_crc = -1, v1_header_crc_status = -1, v1_front_crc = -1, v1_front_crc_status = -1,
      v1_middle_crc = -1, v1_middle_crc_status = -1, v1_data_crc = -1, v1_data_crc_status = -1;
  int footer_flags = -1, footer_sig = -1;
  // msgr2
  int v2_supported = -1, v2_required = -1, v2_rev1 = -1, v2_compression = -1;
  int num_segments = -1, seg_len = -1, seg_align = -1, pre_flags = -1, pre_compressed = -1;
  int preamble_crc = -1, preamble_crc_status = -1, segment_crc = -1, segment_crc_status = -1, segment_index = -1;
  int late = -1;
  int entity_type = -1, auth_method = -1, con_mode = -1, modes = -1, global_id = -1, global_seq = -1, connect_seq = -1,
      features = -1, req_features = -1, cflags = -1, cookie = -1, result = -1, method = -1,
      decompressed_with = -1,
      is_compress = -1, full = -1;
  int ciphertext = -1, gap_length = -1, skipped_length = -1, held_length = -1, reordered_length = -1;
  int addr_type = -1, addr_ipv4 = -1, addr_ipv6 = -1, addr_port = -1, addr_nonce = -1;
  // decoded message fronts (the core's front layouts)
  int front_decoded = -1, op_oid = -1, op_nspace = -1, op_pool = -1, op_pg = -1, op_epoch = -1, op_op = -1,
      op_result = -1, cmd_fsid = -1, cmd_cmd = -1, cmd_r = -1, cmd_rs = -1, auth_protocol = -1, auth_name = -1,
      auth_global_id = -1;
  // CEPH_FEATURE bits, one boolean each, under every feature mask.
  int feature_bit[64];
  int* feature_bits[65];  // null-terminated, for proto_tree_add_bitmask*
  Fields() {
    for (int i = 0; i < 64; ++i) feature_bit[i] = -1, feature_bits[i] = &feature_bit[i];
    feature_bits[64] = nullptr;
  }
};
extern Fields hf;

struct Subtrees {
  int proto = -1, pdu = -1, msg = -1, header = -1, footer = -1, preamble = -1, segment = -1, epilogue = -1,
      payload = -1, data = -1, addr = -1, features = -1, front = -1;
};
extern Subtrees ett;

struct Experts {
  expert_field crc_bad = EI_INIT;
  expert_field encrypted = EI_INIT;
  expert_field malformed = EI_INIT;
  expert_field skipped = EI_INIT;
  expert_field aborted = EI_INIT;
  expert_field late_unknown = EI_INIT;
  expert_field compressed = EI_INIT;
  expert_field gap = EI_INIT;
  expert_field reordered = EI_INIT;
};
extern Experts ei;

}  // namespace msgr
