#include "rewrite.h"

#include <algorithm>
#include <ostream>

#include "cephwire/messages/ceph_text.h"
#include "cephwire/messages/mon_client.h"
#include "cephwire/messages/osd_op.h"
#include "cephwire/msg_types.h"
#include "cephwire/pagelist.h"

namespace cephwire::replay {

std::string unnamed_pool(int64_t captured) {
  return "the capture never names pool " + std::to_string(captured) + " (no osd map with it); give --pool " +
         std::to_string(captured) + "=NAME";
}

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

namespace {

// Pool ids inside op payloads (a copy-from's source, a pgls cursor's): the
// live ones. The data is copied only then (other ops borrow it).
bool rewrite_payload_pools(const LiveOsdOp& osd_op, const Message& cm, OutgoingMessage& out, RewriteLog& log,
                           std::string* why) {
  bool differs = false;
  for (auto& p : osd_op.payload_pools) differs |= p.captured != p.live;
  if (!differs) return true;
  std::vector<uint8_t> data(cm.data.length());
  cm.data.copy_out(0, data.data(), data.size());
  for (auto& p : osd_op.payload_pools) {
    if (p.data_offset + 8 > data.size()) {
      if (why) *why = "the pool id of its " + p.what + " lies outside the message data";
      return false;
    }
    store_le64(data.data() + p.data_offset, uint64_t(p.live));
    log.note(p.what, std::to_string(p.captured) + " -> " + std::to_string(p.live) + " (" + p.example + ")");
  }
  Pagelist pl;
  pl.append(data.data(), data.size());
  out.msg.set_data(std::move(pl));
  out.data_from = nullptr;
  return true;
}

// A pool op names its pool by id (pool snapshots, self-managed snapshots):
// the live id of the pool of that name. Creating a pool names it by name only.
bool rewrite_pool_op(const LiveFacts& live, Message& m, RewriteLog& log, std::string* why) {
  auto op = messages::MPoolOp::decode(m.front, why);
  if (!op) return false;
  if (op->op == messages::MPoolOp::kCreate) return true;
  const int64_t captured = op->pool;
  auto it = live.pools.find(captured);
  if (it == live.pools.end()) {
    auto name = live.pool_names.find(captured);
    if (why)
      *why = name == live.pool_names.end()
                 ? "poolop " + std::string(messages::pool_op_name(op->op) ? messages::pool_op_name(op->op) : "?") +
                       ": " + unnamed_pool(captured)
                 : "poolop names pool " + name->second + " (captured id " + std::to_string(captured) +
                       "), which the live cluster does not have";
    return false;
  }
  if (it->second != captured) {
    store_le32(m.front.data() + messages::MPoolOp::kPoolOffset, uint32_t(it->second));
    log.note("poolop pool id", std::to_string(captured) + " -> " + std::to_string(it->second) + " (" +
                                   (messages::pool_op_name(op->op) ? messages::pool_op_name(op->op) : "?") + ")");
  }
  return true;
}

// A statfs (v2) may name a data pool by id (a CephFS client's): the live one.
bool rewrite_statfs(const LiveFacts& live, Message& m, RewriteLog& log, std::string* why) {
  const size_t at = messages::MStatfs::kDataPoolOffset;
  if (m.version < 2 || m.front.size() < at + 9 || m.front[at] == 0) return true;
  const int64_t captured = int64_t(load_le64(m.front.data() + at + 1));
  auto it = live.pools.find(captured);
  if (it == live.pools.end()) {
    if (why)
      *why = "statfs names data pool " + std::to_string(captured) +
             ", which the live cluster does not have by the capture's name for it (give --pool " +
             std::to_string(captured) + "=NAME)";
    return false;
  }
  if (it->second != captured) {
    store_le64(m.front.data() + at + 1, uint64_t(it->second));
    log.note("statfs data pool id", std::to_string(captured) + " -> " + std::to_string(it->second));
  }
  return true;
}

// A CephFS client's cap messages tell the MDS the OSD map epoch its writes
// need (osd_epoch_barrier, client_caps v5+ and client_cap_release v2+); the
// MDS then holds every OSD op of its own, its journal's too, until it has
// that epoch. The capture's cluster is ahead of a fresh one: a barrier past
// the live epoch becomes the live epoch. The field's place is the printer's.
void rewrite_epoch_barrier(const LiveFacts& live, Message& m, RewriteLog& log) {
  const std::string_view field =
      m.type == kMsgClientCaps ? "client_caps.osd_epoch_barrier" : "client_cap_release.osd_epoch_barrier";
  messages::DecodedFields fields;
  std::string why;
  if (!live.osdmap_epoch || !messages::ceph_text({m.type, m.version, m.tid, {}, m.front, m.middle, {}}, &why, &fields))
    return;  // one that does not decode goes as captured
  for (const auto& f : fields) {
    if (f.name != field || f.u <= live.osdmap_epoch || f.off + 4 > m.front.size()) continue;
    store_le32(m.front.data() + f.off, live.osdmap_epoch);
    log.note(msg_type_label(m.type) + " osd_epoch_barrier",
             std::to_string(f.u) + " -> " + std::to_string(live.osdmap_epoch));
  }
}

}  // namespace

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
    if (!rewrite_payload_pools(*osd_op, cm, *out, log, why)) return nullptr;
    return out;
  }
  m.set_front(cm.front);
  // Monitor messages that name the cluster: the live one's fsid (a monitor
  // drops a message for another cluster without a word).
  const bool names_cluster = cm.type == kMsgMonCommand || cm.type == kMsgPoolOp || cm.type == kMsgGetPoolStats ||
                             cm.type == kMsgStatfs;
  // A zero fsid names no cluster: a CLI that asked before its monitor map
  // came (the monitor refused it); kept, so that the live one refuses it too.
  const size_t at = messages::kPaxosFsidOffset;
  const bool zero = cm.front.size() >= at + 16 &&
                    std::all_of(cm.front.begin() + at, cm.front.begin() + at + 16, [](uint8_t b) { return b == 0; });
  if (names_cluster && live.have_fsid && !zero && cm.front.size() >= at + live.fsid.size() &&
      !std::equal(live.fsid.begin(), live.fsid.end(), cm.front.begin() + at)) {
    std::copy(live.fsid.begin(), live.fsid.end(), m.front.begin() + at);
    log.note(msg_type_label(cm.type) + " fsid", "-> " + messages::uuid_to_string(live.fsid));
  }
  if (cm.type == kMsgPoolOp && !rewrite_pool_op(live, m, log, why)) return nullptr;
  if (cm.type == kMsgStatfs && !rewrite_statfs(live, m, log, why)) return nullptr;
  if (cm.type == kMsgClientCaps || cm.type == kMsgClientCapRelease) rewrite_epoch_barrier(live, m, log);
  return out;
}

}  // namespace cephwire::replay
