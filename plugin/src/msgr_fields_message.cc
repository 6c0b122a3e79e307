// Message fields (core/src/layout/message_layout.cc): the message header both
// protocols share, its summary and the sections.
#include "msgr_fields.h"


namespace msgr {

namespace {

// Looked up by name when the core lays them out; the ids live here.
struct {
  int msg = -1, msg_type = -1, msg_seq = -1, msg_tid = -1, msg_priority = -1, msg_version = -1, msg_compat = -1,
      msg_front_len = -1, msg_middle_len = -1, msg_data_len = -1, msg_data_off = -1, msg_page_off = -1,
      msg_pages = -1, msg_src = -1, msg_ack_seq = -1, msg_flags = -1, front = -1, middle = -1, data = -1,
      summary = -1;
} id;

}  // namespace

void register_message_fields() {
  static auto msg_types = msg_type_vals();
  static hf_register_info fields[] = {
      {&id.msg, {"Message", "msgr.msg", FT_NONE, BASE_NONE, nullptr, 0, "A Ceph message: header, front, middle and data", HFILL}},
      {&id.summary, {"Summary", "msgr.msg.summary", FT_STRING, BASE_NONE, nullptr, 0, "Ceph's own text of the message: what its print() writes, as a daemon logs it at debug ms = 1 (times in UTC)", HFILL}},
      {&id.msg_type, {"Type", "msgr.msg.type", FT_UINT16, BASE_DEC, VALS(msg_types.data()), 0, "Message type (CEPH_MSG_* / MSG_*), one per message", HFILL}},
      {&id.msg_seq, {"Message seq", "msgr.msg.seq", FT_UINT64, BASE_DEC, nullptr, 0, "Message sequence number within the session (ceph_msg_header seq)", HFILL}},
      {&id.msg_tid, {"Transaction id", "msgr.msg.tid", FT_UINT64, BASE_DEC, nullptr, 0, "Transaction id: a request and its reply share it", HFILL}},
      {&id.msg_priority, {"Priority", "msgr.msg.priority", FT_UINT16, BASE_DEC, nullptr, 0, "Message priority (127 default, 196 high, 255 highest)", HFILL}},
      {&id.msg_version, {"Version", "msgr.msg.version", FT_UINT16, BASE_DEC, nullptr, 0, "Encoding version of the message's front (header version)", HFILL}},
      {&id.msg_compat, {"Compat version", "msgr.msg.compat_version", FT_UINT16, BASE_DEC, nullptr, 0, "Oldest version a receiver must understand to decode the front", HFILL}},
      {&id.msg_front_len, {"Front length", "msgr.msg.front_len", FT_UINT32, BASE_DEC, nullptr, 0, "Length of the front (the message's encoded fields)", HFILL}},
      {&id.msg_middle_len, {"Middle length", "msgr.msg.middle_len", FT_UINT32, BASE_DEC, nullptr, 0, "Length of the middle section", HFILL}},
      {&id.msg_data_len, {"Data length", "msgr.msg.data_len", FT_UINT32, BASE_DEC, nullptr, 0, "Length of the data payload", HFILL}},
      {&id.msg_data_off, {"Data offset", "msgr.msg.data_off", FT_UINT16, BASE_HEX, nullptr, 0, "Data offset hint: its low 12 bits place the data in its first page", HFILL}},
      {&id.msg_page_off, {"First-page offset", "msgr.msg.data_page_offset", FT_UINT16, BASE_DEC, nullptr, 0, "data_off & 0xfff", HFILL}},
      {&id.msg_pages, {"Pages", "msgr.msg.data_pages", FT_UINT32, BASE_DEC, nullptr, 0, "4 KiB pages the data occupies at its first-page offset", HFILL}},
      {&id.msg_src, {"Source", "msgr.msg.src", FT_STRING, BASE_NONE, nullptr, 0, "The sending entity (v1 header; msgr2 from HELLO and IDENT)", HFILL}},
      {&id.msg_ack_seq, {"Ack seq", "msgr.msg.ack_seq", FT_UINT64, BASE_DEC, nullptr, 0, "msgr2: the highest seq the sender of this message has received", HFILL}},
      {&id.msg_flags, {"Flags", "msgr.msg.flags", FT_UINT8, BASE_HEX, nullptr, 0, "msgr2 message header flags", HFILL}},
      {&id.front, {"Front", "msgr.msg.front", FT_BYTES, BASE_NONE, nullptr, 0, "The front bytes", HFILL}},
      {&id.middle, {"Middle", "msgr.msg.middle", FT_BYTES, BASE_NONE, nullptr, 0, "The middle bytes", HFILL}},
      {&id.data, {"Data", "msgr.msg.data", FT_BYTES, BASE_NONE, nullptr, 0, "The data payload bytes", HFILL}},
  };
  proto_register_field_array(proto, fields, array_length(fields));
}

}  // namespace msgr
