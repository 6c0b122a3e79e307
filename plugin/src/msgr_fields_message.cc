// Message fields (core/src/layout/message_layout.cc, front_layout.cc): the
// message header both protocols share, the sections, and the fronts the
// core's message layer decodes.
#include "msgr_fields.h"


namespace msgr {

namespace {

// Looked up by name when the core lays them out; the ids live here.
struct {
  int msg = -1, msg_type = -1, msg_seq = -1, msg_tid = -1, msg_priority = -1, msg_version = -1, msg_compat = -1,
      msg_front_len = -1, msg_middle_len = -1, msg_data_len = -1, msg_data_off = -1, msg_page_off = -1,
      msg_pages = -1, msg_src = -1, front_decoded = -1, op_oid = -1, op_nspace = -1, op_pool = -1, op_pg = -1,
      op_epoch = -1, op_op = -1, op_result = -1, cmd_fsid = -1, cmd_cmd = -1, cmd_r = -1, cmd_rs = -1,
      auth_protocol = -1, auth_name = -1, auth_global_id = -1, msg_ack_seq = -1, msg_flags = -1, front = -1,
      middle = -1, data = -1, summary = -1;
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
      {&id.front_decoded, {"Decoded front", "msgr.front_decoded", FT_NONE, BASE_NONE, nullptr, 0, "The front, decoded by the core's message layer", HFILL}},
      {&id.op_oid, {"Object", "msgr.osd_op.oid", FT_STRING, BASE_NONE, nullptr, 0, "Object name", HFILL}},
      {&id.op_nspace, {"Namespace", "msgr.osd_op.nspace", FT_STRING, BASE_NONE, nullptr, 0, "Object namespace", HFILL}},
      {&id.op_pool, {"Pool", "msgr.osd_op.pool", FT_INT64, BASE_DEC, nullptr, 0, "Pool id of the op's placement group", HFILL}},
      {&id.op_pg, {"Placement group", "msgr.osd_op.pg", FT_STRING, BASE_NONE, nullptr, 0, "pool.seed (hex)", HFILL}},
      {&id.op_epoch, {"OSD map epoch", "msgr.osd_op.epoch", FT_UINT32, BASE_DEC, nullptr, 0, "OSD map epoch the client sent the op at", HFILL}},
      {&id.op_op, {"Op", "msgr.osd_op.op", FT_STRING, BASE_NONE, nullptr, 0, "One op of the request (writefull, read, stat, call, ...)", HFILL}},
      {&id.op_result, {"Result", "msgr.result", FT_INT32, BASE_DEC, nullptr, 0, "0 or a negative errno", HFILL}},
      {&id.cmd_fsid, {"Cluster fsid", "msgr.mon_command.fsid", FT_STRING, BASE_NONE, nullptr, 0, "Cluster fsid the command is meant for", HFILL}},
      {&id.cmd_cmd, {"Command", "msgr.mon_command.cmd", FT_STRING, BASE_NONE, nullptr, 0, "The monitor command (JSON)", HFILL}},
      {&id.cmd_r, {"Return code", "msgr.mon_command_ack.r", FT_INT32, BASE_DEC, nullptr, 0, "The command's return code (negative errno on failure)", HFILL}},
      {&id.cmd_rs, {"Status", "msgr.mon_command_ack.rs", FT_STRING, BASE_NONE, nullptr, 0, "The command's status text", HFILL}},
      {&id.auth_protocol, {"Auth protocol", "msgr.auth.protocol", FT_UINT32, BASE_DEC, VALS(kAuth), 0, "Auth protocol of the MAuth request", HFILL}},
      {&id.auth_name, {"Entity name", "msgr.auth.name", FT_STRING, BASE_NONE, nullptr, 0, "Entity name authenticating (client.admin, osd.0, ...)", HFILL}},
      {&id.auth_global_id, {"Global id", "msgr.auth.global_id", FT_UINT64, BASE_DEC, nullptr, 0, "Global id the monitor assigns (MAuthReply) or the client claims", HFILL}},
      {&id.msg_ack_seq, {"Ack seq", "msgr.msg.ack_seq", FT_UINT64, BASE_DEC, nullptr, 0, "msgr2: the highest seq the sender of this message has received", HFILL}},
      {&id.msg_flags, {"Flags", "msgr.msg.flags", FT_UINT8, BASE_HEX, nullptr, 0, "msgr2 message header flags", HFILL}},
      {&id.front, {"Front", "msgr.msg.front", FT_BYTES, BASE_NONE, nullptr, 0, "The front bytes", HFILL}},
      {&id.middle, {"Middle", "msgr.msg.middle", FT_BYTES, BASE_NONE, nullptr, 0, "The middle bytes", HFILL}},
      {&id.data, {"Data", "msgr.msg.data", FT_BYTES, BASE_NONE, nullptr, 0, "The data payload bytes", HFILL}},
  };
  proto_register_field_array(proto, fields, array_length(fields));
}

}  // namespace msgr
