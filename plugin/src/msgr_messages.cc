// Message fronts the core's message layer decodes, as fields under the front:
// osd_op (object, pool, placement group, epoch, ops), osd_op_reply (result),
// mon_command (the JSON command, fsid), mon_command_ack (r, rs), auth and
// auth_reply. The values come from the core's decoders; the items span the
// front, whose fields are not fixed in place.
#include <string>

#include "cephwire/messages/mon_client.h"
#include "cephwire/messages/osd_op.h"
#include "cephwire/msg_types.h"
#include "msgr_fields.h"

namespace msgr {

namespace {

using namespace cephwire;
using namespace cephwire::messages;

proto_tree* decoded(proto_item* front_item, tvbuff_t* tvb, gint off, gint len, const char* what) {
  proto_tree* ft = proto_item_add_subtree(front_item, ett.front);
  proto_item* it = proto_tree_add_item(ft, hf.front_decoded, tvb, off, len, ENC_NA);
  proto_item_set_text(it, "%s", what);
  return proto_item_add_subtree(it, ett.front);
}

void add_str(proto_tree* t, int field, tvbuff_t* tvb, gint off, gint len, const std::string& s) {
  proto_tree_add_string(t, field, tvb, off, len, s.c_str());
}

}  // namespace

void add_front_fields(proto_item* front_item, tvbuff_t* tvb, packet_info* pinfo, gint off, gint len, uint16_t type,
                      uint16_t version) {
  Bytes front(tvb_get_ptr(tvb, off, len), size_t(len));
  std::string why;
  switch (type) {
    case kMsgOsdOp: {
      auto m = MOSDOp::decode(version, front, &why);
      if (!m) break;
      proto_tree* t = decoded(front_item, tvb, off, len, m->version == MOSDOp::kVersionOtel ? "osd_op (MOSDOp v9)" : "osd_op (MOSDOp v8)");
      add_str(t, hf.op_oid, tvb, off, len, m->oid);
      if (!m->oloc.nspace.empty()) add_str(t, hf.op_nspace, tvb, off, len, m->oloc.nspace);
      proto_tree_add_int64(t, hf.op_pool, tvb, off + MOSDOp::Off::kPgPool, 8, m->pool);
      add_str(t, hf.op_pg, tvb, off, len, std::to_string(m->pool) + "." + wmem_strdup_printf(pinfo->pool, "%x", m->seed));
      proto_tree_add_uint(t, hf.op_epoch, tvb, off + MOSDOp::Off::kEpoch, 4, m->osdmap_epoch);
      for (auto& o : m->ops) {
        const char* n = osd_op_name(o.op);
        add_str(t, hf.op_op, tvb, off, len, n ? n : wmem_strdup_printf(pinfo->pool, "0x%04x", o.op));
      }
      return;
    }
    case kMsgOsdOpReply: {
      auto m = MOSDOpReply::decode(version, front, &why);
      if (!m) break;
      proto_tree* t = decoded(front_item, tvb, off, len, "osd_op_reply (MOSDOpReply)");
      add_str(t, hf.op_oid, tvb, off, len, m->oid);
      proto_tree_add_int(t, hf.op_result, tvb, off, len, m->result);
      return;
    }
    case kMsgMonCommand: {
      auto m = MMonCommand::decode(front, &why);
      if (!m) break;
      proto_tree* t = decoded(front_item, tvb, off, len, "mon_command (MMonCommand)");
      add_str(t, hf.cmd_fsid, tvb, off + gint(MMonCommand::kFsidOffset), 16, uuid_to_string(m->fsid));
      for (auto& c : m->cmd) add_str(t, hf.cmd_cmd, tvb, off, len, c);
      return;
    }
    case kMsgMonCommandAck: {
      auto m = MMonCommandAck::decode(front, &why);
      if (!m) break;
      proto_tree* t = decoded(front_item, tvb, off, len, "mon_command_ack (MMonCommandAck)");
      proto_tree_add_int(t, hf.cmd_r, tvb, off + gint(PaxosHeader::kSize), 4, m->r);
      add_str(t, hf.cmd_rs, tvb, off, len, m->rs);
      for (auto& c : m->cmd) add_str(t, hf.cmd_cmd, tvb, off, len, c);
      return;
    }
    case kMsgAuth: {
      auto m = MAuth::decode(front, &why);
      if (!m) break;
      proto_tree* t = decoded(front_item, tvb, off, len, "auth (MAuth)");
      proto_tree_add_uint(t, hf.auth_protocol, tvb, off + gint(PaxosHeader::kSize), 4, m->protocol);
      if (m->protocol == 0)
        if (auto i = AuthInitialRequest::decode(m->auth_payload, nullptr)) add_str(t, hf.auth_name, tvb, off, len, i->name.to_string());
      return;
    }
    case kMsgAuthReply: {
      auto m = MAuthReply::decode(front, &why);
      if (!m) break;
      proto_tree* t = decoded(front_item, tvb, off, len, "auth_reply (MAuthReply)");
      proto_tree_add_uint(t, hf.auth_protocol, tvb, off, 4, m->protocol);
      proto_tree_add_int(t, hf.op_result, tvb, off + 4, 4, m->result);
      proto_tree_add_uint64(t, hf.auth_global_id, tvb, off + 8, 8, m->global_id);
      return;
    }
    default:
      return;
  }
  // A known type whose front does not decode: say why, without an error
  // (newer senders may use encodings this release does not know).
  proto_tree* ft = proto_item_add_subtree(front_item, ett.front);
  proto_item* it = proto_tree_add_item(ft, hf.front_decoded, tvb, off, len, ENC_NA);
  proto_item_set_text(it, "Front not decoded: %s", why.c_str());
}

}  // namespace msgr
