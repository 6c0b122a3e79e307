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

// Where the decoder found `field` (the n-th of that name), in the tvb: the
// front starts at `off`. The whole front when the decoder did not say.
struct Where {
  gint off, len;
};
Where where(const Spans& spans, std::string_view field, gint off, gint len, size_t n = 0) {
  const auto v = spans_of(spans, field);
  if (n >= v.size()) return {off, len};
  return {off + gint(v[n].off), gint(v[n].len)};
}

}  // namespace

void add_front_fields(proto_item* front_item, tvbuff_t* tvb, packet_info* pinfo, gint off, gint len, uint16_t type,
                      uint16_t version) {
  Bytes front(tvb_get_ptr(tvb, off, len), size_t(len));
  std::string why;
  switch (type) {
    case kMsgOsdOp: {
      Spans sp;
      auto m = MOSDOp::decode(version, front, &why, &sp);
      if (!m) break;
      proto_tree* t = decoded(front_item, tvb, off, len, m->version == MOSDOp::kVersionOtel ? "osd_op (MOSDOp v9)" : "osd_op (MOSDOp v8)");
      Where w = where(sp, "oid", off, len);
      add_str(t, hf.op_oid, tvb, w.off, w.len, m->oid);
      w = where(sp, "nspace", off, len);
      if (!m->oloc.nspace.empty()) add_str(t, hf.op_nspace, tvb, w.off, w.len, m->oloc.nspace);
      proto_tree_add_int64(t, hf.op_pool, tvb, off + MOSDOp::Off::kPgPool, 8, m->pool);
      w = where(sp, "pg", off, len);
      add_str(t, hf.op_pg, tvb, w.off, w.len,
              std::to_string(m->pool) + "." + wmem_strdup_printf(pinfo->pool, "%x", m->seed));
      w = where(sp, "epoch", off, len);
      proto_tree_add_uint(t, hf.op_epoch, tvb, w.off, w.len, m->osdmap_epoch);
      for (size_t i = 0; i < m->ops.size(); ++i) {
        const char* n = osd_op_name(m->ops[i].op);
        w = where(sp, "op", off, len, i);
        add_str(t, hf.op_op, tvb, w.off, w.len, n ? n : wmem_strdup_printf(pinfo->pool, "0x%04x", m->ops[i].op));
      }
      return;
    }
    case kMsgOsdOpReply: {
      Spans sp;
      auto m = MOSDOpReply::decode(version, front, &why, &sp);
      if (!m) break;
      proto_tree* t = decoded(front_item, tvb, off, len, "osd_op_reply (MOSDOpReply)");
      Where w = where(sp, "oid", off, len);
      add_str(t, hf.op_oid, tvb, w.off, w.len, m->oid);
      w = where(sp, "result", off, len);
      proto_tree_add_int(t, hf.op_result, tvb, w.off, w.len, m->result);
      return;
    }
    case kMsgMonCommand: {
      Spans sp;
      auto m = MMonCommand::decode(front, &why, &sp);
      if (!m) break;
      proto_tree* t = decoded(front_item, tvb, off, len, "mon_command (MMonCommand)");
      Where w = where(sp, "fsid", off, len);
      add_str(t, hf.cmd_fsid, tvb, w.off, w.len, uuid_to_string(m->fsid));
      for (size_t i = 0; i < m->cmd.size(); ++i) {
        w = where(sp, "cmd", off, len, i);
        add_str(t, hf.cmd_cmd, tvb, w.off, w.len, m->cmd[i]);
      }
      return;
    }
    case kMsgMonCommandAck: {
      Spans sp;
      auto m = MMonCommandAck::decode(front, &why, &sp);
      if (!m) break;
      proto_tree* t = decoded(front_item, tvb, off, len, "mon_command_ack (MMonCommandAck)");
      Where w = where(sp, "r", off, len);
      proto_tree_add_int(t, hf.cmd_r, tvb, w.off, w.len, m->r);
      w = where(sp, "rs", off, len);
      add_str(t, hf.cmd_rs, tvb, w.off, w.len, m->rs);
      for (size_t i = 0; i < m->cmd.size(); ++i) {
        w = where(sp, "cmd", off, len, i);
        add_str(t, hf.cmd_cmd, tvb, w.off, w.len, m->cmd[i]);
      }
      return;
    }
    case kMsgAuth: {
      Spans sp;
      auto m = MAuth::decode(front, &why, &sp);
      if (!m) break;
      proto_tree* t = decoded(front_item, tvb, off, len, "auth (MAuth)");
      Where w = where(sp, "protocol", off, len);
      proto_tree_add_uint(t, hf.auth_protocol, tvb, w.off, w.len, m->protocol);
      w = where(sp, "auth_payload", off, len);  // the initial request, in its blob
      if (m->protocol == 0)
        if (auto i = AuthInitialRequest::decode(m->auth_payload, nullptr))
          add_str(t, hf.auth_name, tvb, w.off, w.len, i->name.to_string());
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
