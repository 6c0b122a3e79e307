// File -> Export Objects -> MSGR, `tshark --export-objects msgr,DIR`: every
// RADOS object the capture writes or reads, and every CephFS file whose data
// objects those are, one entry per object (file) and version (the core's
// messages/object_export.h; Wireshark makes the names safe for the file
// system). Only while an export listens: otherwise this costs nothing.
#include <optional>
#include <string>

#include "cephwire/messages/object_export.h"
#include "msgr_transactions.h"

#include <epan/export_object.h>
#include <epan/tap.h>

namespace msgr {

namespace {

using namespace cephwire;

int eo_tap = -1;
expert_field ei_not_exported_ = EI_INIT;
expert_field* ei_not_exported = &ei_not_exported_;

// The packet being dissected, for the entries the export makes of it.
packet_info* current = nullptr;

// Each entry's bytes are the export list's (made with GLib's allocator; the
// list frees them): the export remembers an object's latest version by them.
Bytes emit(const messages::ExportEntry& x) {
  auto* e = g_new0(export_object_entry_t, 1);
  e->pkt_num = current->num;
  e->hostname = g_strdup(x.host.c_str());
  e->content_type = g_strdup(x.what.c_str());
  e->filename = g_strdup(x.name.c_str());
  e->payload_len = x.bytes.size();
  e->payload_data = static_cast<decltype(e->payload_data)>(g_malloc(x.bytes.size() ? x.bytes.size() : 1));
  if (!x.bytes.empty()) memcpy(e->payload_data, x.bytes.data(), x.bytes.size());
  tap_queue_packet(eo_tap, current, e);
  return Bytes(e->payload_data, e->payload_len);
}

messages::ObjectExport* state = nullptr;

void reset() {
  delete state;
  state = nullptr;
}

tap_packet_status eo_packet(void* tapdata, packet_info*, epan_dissect_t*, const void* data, tap_flags_t) {
  auto* list = static_cast<export_object_list_t*>(tapdata);
  list->add_entry(list->gui_data, static_cast<export_object_entry_t*>(const_cast<void*>(data)));
  return TAP_PACKET_REDRAW;
}

}  // namespace

bool exporting_objects() { return eo_tap >= 0 && have_tap_listener(eo_tap); }

void export_objects(packet_info* pinfo, proto_tree* tree, const LaidMessage& m, Bytes front, Bytes data,
                    const std::optional<TrackedPlace>& p) {
  if (!state) state = new messages::ObjectExport(emit);
  std::optional<messages::ExportPlace> place;
  if (p) place = messages::ExportPlace{p->request, p->request_index};
  current = pinfo;
  auto why = state->add({m.type, m.version, front, data, m.src}, place);
  current = nullptr;
  if (why) expert_add_info_format(pinfo, proto_tree_get_parent(tree), ei_not_exported, "%s", why->c_str());
}

void register_export(expert_module_t* em) {
  static ei_register_info experts[] = {
      {&ei_not_exported_, {"msgr.object.not_exported", PI_UNDECODED, PI_WARN, "Object not exported", EXPFILL}},
  };
  expert_register_field_array(em, experts, array_length(experts));
  eo_tap = register_export_object(proto, eo_packet, reset);
}

}  // namespace msgr
