// Field, subtree and expert-info ids of the msgr protocol.
#pragma once

#include <vector>

#include "msgr.h"

namespace msgr {

// Fields the plugin's own code adds; those the core lays out are looked up by
// name (msgr_layout.cc) and registered by msgr_fields_<layer>.cc.
struct Fields {
  int pdu = -1;  // msgr.pdu: what this PDU is
  int ciphertext = -1, gap_length = -1, skipped_length = -1, held_length = -1, reordered_length = -1;
  // CEPH_FEATURE bits, one boolean each, under every feature mask.
  int feature_bit[64];
  int* feature_bits[65];  // null-terminated, for proto_tree_add_bitmask*
  // CEPH_OSD_FLAG bits, under an osd_op's or osd_op_reply's flags.
  int osd_flag_bit[32];
  int* osd_flag_bits[33];
  Fields() {
    for (int i = 0; i < 64; ++i) feature_bit[i] = -1, feature_bits[i] = &feature_bit[i];
    feature_bits[64] = nullptr;
    for (int i = 0; i < 32; ++i) osd_flag_bit[i] = -1, osd_flag_bits[i] = &osd_flag_bit[i];
    osd_flag_bits[32] = nullptr;
  }
};
extern Fields hf;

struct Subtrees {
  int proto = -1, pdu = -1, msg = -1, header = -1, footer = -1, preamble = -1, segment = -1, epilogue = -1,
      payload = -1, data = -1, addr = -1, features = -1, front = -1, osd_flags = -1;
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
  expert_field undecoded = EI_INIT;
  expert_field gap = EI_INIT;
  expert_field reordered = EI_INIT;
};
extern Experts ei;

// Value strings several layers' fields use.
extern const value_string kAuth[];
extern const value_string kEntity[];
std::vector<value_string> msg_type_vals();
std::vector<value_string> tag_names(unsigned lo, unsigned hi, const char* (*name)(uint8_t));

// Each layer's fields (see msgr_fields.cc).
void register_framing_fields();
void register_common_fields();
void register_v1_fields();
void register_v2_fields();
void register_message_fields();
void register_front_fields();

}  // namespace msgr
