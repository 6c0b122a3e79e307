// File -> Export Objects -> MSGR, `tshark --export-objects msgr,DIR`: every
// RADOS object the capture writes or reads, one entry per object and version,
// named by pool and object ("1/obj_100"; Wireshark makes the name safe for the
// file system). An osd_op's writes (writefull, write, append with their bytes;
// truncate, zero, delete) are applied, in capture order, when its reply says
// they succeeded; a read reply's bytes are laid on the object where they were
// read. Only while an export listens: otherwise this costs nothing.
#include <map>
#include <string>
#include <vector>

#include "cephwire/messages/object_data.h"
#include "cephwire/msg_types.h"
#include "msgr_transactions.h"

#include <epan/export_object.h>
#include <epan/tap.h>

namespace msgr {

namespace {

using namespace cephwire;
using messages::ObjectChange;

int eo_tap = -1;
expert_field ei_not_exported_ = EI_INIT;
expert_field* ei_not_exported = &ei_not_exported_;

struct Pending {
  std::string path;
  std::vector<uint8_t> data;  // the request's data: the changes' bytes point into it
  std::vector<ObjectChange> changes;
};
// The latest version of each object is the payload of its latest entry,
// which the export list owns (until the reset that clears this state too): an
// object's bytes are held once per version exported, and once more only
// while a change is applied.
struct Latest {
  const uint8_t* data = nullptr;
  size_t len = 0;
};
struct ExportState {
  std::map<size_t, Pending> pending;  // by request (the tracker's index)
  std::map<std::string, Latest> latest;
};
ExportState* state = nullptr;

void reset() {
  delete state;
  state = nullptr;
}

tap_packet_status eo_packet(void* tapdata, packet_info*, epan_dissect_t*, const void* data, tap_flags_t) {
  auto* list = static_cast<export_object_list_t*>(tapdata);
  // The entry and its bytes were made with GLib's allocator; the list owns them now.
  list->add_entry(list->gui_data, static_cast<export_object_entry_t*>(const_cast<void*>(data)));
  return TAP_PACKET_REDRAW;
}

Latest emit(packet_info* pinfo, const std::string& path, const messages::ObjectImage& image, const std::string& what,
            const std::string& host) {
  auto* e = g_new0(export_object_entry_t, 1);
  e->pkt_num = pinfo->num;
  e->hostname = g_strdup(host.c_str());
  e->content_type = g_strdup(what.c_str());
  e->filename = g_strdup(path.c_str());
  e->payload_len = image.bytes().size();
  e->payload_data = static_cast<decltype(e->payload_data)>(g_malloc(image.bytes().size() ? image.bytes().size() : 1));
  if (!image.bytes().empty()) memcpy(e->payload_data, image.bytes().data(), image.bytes().size());
  tap_queue_packet(eo_tap, pinfo, e);
  return {e->payload_data, e->payload_len};
}

}  // namespace

bool exporting_objects() { return eo_tap >= 0 && have_tap_listener(eo_tap); }

void export_objects(packet_info* pinfo, proto_tree* tree, const LaidMessage& m, Bytes front, Bytes data,
                    const TrackedPlace& p) {
  if (!state) state = new ExportState;
  std::string why;
  if (m.type == kMsgOsdOp && p.request) {
    auto op = messages::MOSDOp::decode(m.version, front, nullptr);
    if (!op || (op->flags & messages::kOsdFlagPgOp)) return;
    Pending w;
    w.path = messages::object_path(*op);
    w.data.assign(data.begin(), data.end());
    auto changes = messages::requested_changes(*op, Bytes(w.data.data(), w.data.size()), &why);
    if (!changes) {
      expert_add_info_format(pinfo, proto_tree_get_parent(tree), ei_not_exported, "Object %s not exported: %s",
                             w.path.c_str(), why.c_str());
      return;
    }
    w.changes = std::move(*changes);
    if (w.changes.empty()) w.data.clear();  // a read: only its name is needed
    state->pending[p.request_index] = std::move(w);
    return;
  }
  if (m.type != kMsgOsdOpReply || p.request) return;
  auto it = state->pending.find(p.request_index);
  if (it == state->pending.end()) return;
  Pending w = std::move(it->second);
  state->pending.erase(it);
  auto reply = messages::MOSDOpReply::decode(m.version, front, nullptr);
  if (!reply || reply->result < 0) return;  // refused: nothing changed
  messages::ObjectImage image;
  if (auto l = state->latest.find(w.path); l != state->latest.end()) image.assign(Bytes(l->second.data, l->second.len));
  std::string what;
  auto apply = [&](const ObjectChange& c) {
    if (!image.apply(c, &why)) {
      expert_add_info_format(pinfo, proto_tree_get_parent(tree), ei_not_exported, "Object %s not exported: %s",
                             w.path.c_str(), why.c_str());
      return false;
    }
    what += (what.empty() ? "" : "+") + std::string(messages::change_name(c.kind));
    return true;
  };
  for (const ObjectChange& c : w.changes)
    if (!apply(c)) return;
  // A read that returns what the object is known to hold makes no new version.
  if (auto reads = messages::read_results(*reply, data, &why))
    for (const ObjectChange& c : *reads)
      if (!image.holds(c.offset, c.data) && !apply(c)) return;
  if (what.empty()) return;
  if (!image.exists()) {  // deleted: the next write starts it anew
    state->latest.erase(w.path);
    return;
  }
  state->latest[w.path] = emit(pinfo, w.path, image, what, m.src.type ? m.src.to_string() : "");
}

void register_export(expert_module_t* em) {
  static ei_register_info experts[] = {
      {&ei_not_exported_, {"msgr.object.not_exported", PI_UNDECODED, PI_WARN, "Object not exported", EXPFILL}},
  };
  expert_register_field_array(em, experts, array_length(experts));
  eo_tap = register_export_object(proto, eo_packet, reset);
}

}  // namespace msgr
