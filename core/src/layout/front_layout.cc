// Message fronts the core's message layer decodes, as fields under the front:
// osd_op (object, pool, placement group, epoch, ops), osd_op_reply (result),
// mon_command (the JSON command, fsid), mon_command_ack (r, rs), auth and
// auth_reply. Each field lies where the decoder found it (its Spans); the
// whole front when the decoder did not say.
#include <cstdio>

#include "cephwire/messages/mon_client.h"
#include "cephwire/messages/osd_op.h"
#include "cephwire/msg_types.h"
#include "parts.h"

namespace cephwire {

namespace layout {

namespace {

using namespace messages;

struct Place {
  uint32_t off, len;
};

class FrontFields {
 public:
  FrontFields(Builder& b, uint32_t base, uint32_t len) : b_(b), base_(base), len_(len) {}
  // Where the decoder found `field` (the n-th of that name).
  Place at(std::string_view field, size_t n = 0) const {
    const auto v = spans_of(spans, field);
    if (n >= v.size()) return {base_, len_};
    return {base_ + uint32_t(v[n].off), uint32_t(v[n].len)};
  }
  void open(const char* what) { b_.open(GroupKind::Front, "front_decoded", base_, len_, what); }
  void text(const char* name, std::string_view field, std::string v, size_t n = 0) {
    const Place p = at(field, n);
    b_.text(name, p.off, p.len, std::move(v));
  }
  void uint(const char* name, std::string_view field, uint64_t v) {
    const Place p = at(field);
    b_.uint(name, p.off, p.len, v);
  }
  void sint(const char* name, std::string_view field, int64_t v) {
    const Place p = at(field);
    b_.sint(name, p.off, p.len, v);
  }
  Builder& b() { return b_; }
  uint32_t base() const { return base_; }
  Spans spans;

 private:
  Builder& b_;
  uint32_t base_, len_;
};

std::string hex(uint32_t v, const char* fmt = "%x") {
  char s[16];
  std::snprintf(s, sizeof s, fmt, v);
  return s;
}

enum class Front : uint8_t { Decoded, Failed, NotKnown };

// Decoded: its fields are laid out; Failed: a type the core knows whose front
// does not decode (`why` says why); NotKnown: a type the core does not decode.
Front decoded(FrontFields& f, Bytes front, uint16_t type, uint16_t version, std::string* why) {
  switch (type) {
    case kMsgOsdOp: {
      auto m = MOSDOp::decode(version, front, why, &f.spans);
      if (!m) return Front::Failed;
      f.open(m->version == MOSDOp::kVersionOtel ? "osd_op (MOSDOp v9)" : "osd_op (MOSDOp v8)");
      f.text("osd_op.oid", "oid", m->oid);
      if (!m->oloc.nspace.empty()) f.text("osd_op.nspace", "nspace", m->oloc.nspace);
      f.b().sint("osd_op.pool", f.base() + MOSDOp::Off::kPgPool, 8, m->pool);
      f.text("osd_op.pg", "pg", std::to_string(m->pool) + "." + hex(m->seed));
      f.uint("osd_op.epoch", "epoch", m->osdmap_epoch);
      for (size_t i = 0; i < m->ops.size(); ++i) {
        const char* n = osd_op_name(m->ops[i].op);
        f.text("osd_op.op", "op", n ? n : hex(m->ops[i].op, "0x%04x"), i);
      }
      return Front::Decoded;
    }
    case kMsgOsdOpReply: {
      auto m = MOSDOpReply::decode(version, front, why, &f.spans);
      if (!m) return Front::Failed;
      f.open("osd_op_reply (MOSDOpReply)");
      f.text("osd_op.oid", "oid", m->oid);
      f.sint("result", "result", m->result);
      return Front::Decoded;
    }
    case kMsgMonCommand: {
      auto m = MMonCommand::decode(front, why, &f.spans);
      if (!m) return Front::Failed;
      f.open("mon_command (MMonCommand)");
      f.text("mon_command.fsid", "fsid", uuid_to_string(m->fsid));
      for (size_t i = 0; i < m->cmd.size(); ++i) f.text("mon_command.cmd", "cmd", m->cmd[i], i);
      return Front::Decoded;
    }
    case kMsgMonCommandAck: {
      auto m = MMonCommandAck::decode(front, why, &f.spans);
      if (!m) return Front::Failed;
      f.open("mon_command_ack (MMonCommandAck)");
      f.sint("mon_command_ack.r", "r", m->r);
      f.text("mon_command_ack.rs", "rs", m->rs);
      for (size_t i = 0; i < m->cmd.size(); ++i) f.text("mon_command.cmd", "cmd", m->cmd[i], i);
      return Front::Decoded;
    }
    case kMsgAuth: {
      auto m = MAuth::decode(front, why, &f.spans);
      if (!m) return Front::Failed;
      f.open("auth (MAuth)");
      f.uint("auth.protocol", "protocol", m->protocol);
      if (m->protocol == 0)  // the initial request, in its blob
        if (auto i = AuthInitialRequest::decode(m->auth_payload, nullptr))
          f.text("auth.name", "auth_payload", i->name.to_string());
      return Front::Decoded;
    }
    case kMsgAuthReply: {
      auto m = MAuthReply::decode(front, why);
      if (!m) return Front::Failed;
      f.open("auth_reply (MAuthReply)");
      f.b().uint("auth.protocol", f.base(), 4, m->protocol);
      f.b().sint("result", f.base() + 4, 4, m->result);
      f.b().uint("auth.global_id", f.base() + 8, 8, m->global_id);
      return Front::Decoded;
    }
    default:
      return Front::NotKnown;
  }
}

}  // namespace

void front_layout_into(Builder& b, Bytes front, uint32_t base, uint16_t type, uint16_t version) {
  FrontFields f(b, base, uint32_t(front.size()));
  std::string why;
  switch (decoded(f, front, type, version, &why)) {
    case Front::Decoded: return b.close();
    case Front::Failed:
      // Said without an error: newer senders may use encodings this release does not know.
      b.open(GroupKind::Front, "front_decoded", base, uint32_t(front.size()), "Front not decoded: " + why);
      return b.close();
    case Front::NotKnown: return;
  }
}

}  // namespace layout

}  // namespace cephwire
