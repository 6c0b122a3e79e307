#include "rewrite.h"

#include <ostream>

#include "cephwire/messages/mon_client.h"
#include "cephwire/messages/osd_op.h"
#include "cephwire/msg_types.h"

namespace cephwire::replay {

void RewriteLog::note(const std::string& what, const std::string& example) {
  Entry& e = entries_[what];
  if (e.count++ == 0) e.example = example;
}

nlohmann::json RewriteLog::json() const {
  nlohmann::json a = nlohmann::json::array();
  for (auto& [what, e] : entries_) a.push_back({{"rewrite", what}, {"count", e.count}, {"example", e.example}});
  return a;
}

void RewriteLog::print(std::ostream& out) const {
  for (auto& [what, e] : entries_) out << "  " << what << ": " << e.count << " (e.g. " << e.example << ")\n";
}

std::shared_ptr<OutgoingMessage> rewrite_for_live(const RecordedMessage& r, const LiveFacts& live,
                                                  const LiveOsdOp* osd_op, RewriteLog& log, std::string* why) {
  const Message& cm = *r.msg;
  auto out = std::make_shared<OutgoingMessage>();
  Message& m = out->msg;
  m.msgr_version = cm.msgr_version;
  m.tid = cm.tid;
  m.type = cm.type;
  m.priority = cm.priority;
  m.version = cm.version;
  m.compat_version = cm.compat_version;
  m.data_off = cm.data_off;
  m.reserved = cm.reserved;
  m.flags = cm.flags;
  m.set_middle(cm.middle);
  out->data_from = r.msg;
  m.data_len = cm.data_len;

  if (cm.type == kMsgOsdOp) {
    if (!osd_op || !osd_op->placement) {
      if (why) *why = "no live placement for its object";
      return nullptr;
    }
    messages::MOSDOp op = osd_op->op;
    const Placement& placement = *osd_op->placement;
    const std::string& obj = op.oid;
    if (op.pool != placement.pool_id) {
      log.note("osd_op pool id", std::to_string(op.pool) + " -> " + std::to_string(placement.pool_id) + " (" + obj + ")");
      op.pool = op.oloc.pool = placement.pool_id;
    }
    if (op.seed != placement.seed) {
      log.note("osd_op placement group", std::to_string(op.seed) + " -> " + std::to_string(placement.seed) + " (" + obj + ")");
      op.seed = placement.seed;
    }
    if (op.osdmap_epoch != placement.epoch) {
      log.note("osd_op map epoch", std::to_string(op.osdmap_epoch) + " -> " + std::to_string(placement.epoch));
      op.osdmap_epoch = placement.epoch;
    }
    // Squid's osd_op v9 adds a span context that older OSDs cannot read.
    if (op.version >= messages::MOSDOp::kVersionOtel && !(live.features & kFeatureServerSquid)) {
      log.note("osd_op version", "9 -> 8 (the live cluster predates Squid; its span context is dropped)");
      op.version = messages::MOSDOp::kVersion;
      m.version = op.version;
    }
    m.set_front(op.encode());
    return out;
  }
  m.set_front(cm.front);
  if (cm.type == kMsgMonCommand && live.have_fsid &&
      cm.front.size() >= messages::MMonCommand::kFsidOffset + live.fsid.size() &&
      !std::equal(live.fsid.begin(), live.fsid.end(), cm.front.begin() + messages::MMonCommand::kFsidOffset)) {
    std::copy(live.fsid.begin(), live.fsid.end(), m.front.begin() + messages::MMonCommand::kFsidOffset);
    log.note("mon_command fsid", "-> " + messages::uuid_to_string(live.fsid));
  }
  return out;
}

}  // namespace cephwire::replay
