// Requests linked to their replies, as Wireshark's request/response
// dissectors (NFS, SMB2) link them: the first pass feeds every request and
// reply, in frame order, to one tracker for the file (the core's
// RequestTracker, which `inspect --ops` uses too); every pass shows what it
// found for the PDU, looked up by frame and place in the stream.
//
// A reply's link to its request, its time and a failed result are known when
// the reply is dissected, so every pass shows them. A request's link to its
// reply (and a note that none came) points forward: it shows once the first
// pass has read the reply, that is with -2 and in the GUI, as NFS's and SMB2's
// do.
#include <map>
#include <tuple>

#include "cephwire/messages/ceph_text.h"
#include "cephwire/msg_types.h"
#include "cephwire/request_tracker.h"
#include "msgr_transactions.h"

#include <epan/expert.h>

namespace msgr {

namespace {

using cephwire::RequestTracker;

struct {
  int response_in = -1, response_to = -1, time = -1, resent_in = -1, procedure = -1;
} id;
expert_field ei_failed = EI_INIT, ei_unanswered = EI_INIT;

// The capture file's requests and replies, and where each PDU's went.
struct FileState {
  RequestTracker tracker;
  // (frame, conversation, direction, sequence number of the PDU)
  std::map<std::tuple<guint32, uint64_t, uint8_t, guint32>, RequestTracker::Placed> placed;
};
FileState* file_state = nullptr;

void init_file() {
  delete file_state;
  file_state = new FileState;
}
void cleanup_file() {
  delete file_state;
  file_state = nullptr;
}

uint64_t nsec_of(const nstime_t& t) { return uint64_t(t.secs) * 1000000000u + uint64_t(t.nsecs); }
nstime_t nstime_of(uint64_t ns) {
  nstime_t t;
  t.secs = time_t(ns / 1000000000u);
  t.nsecs = int(ns % 1000000000u);
  return t;
}

proto_item* frame_link(proto_tree* t, tvbuff_t* tvb, int hf_id, uint64_t frame) {
  proto_item* it = proto_tree_add_uint(t, hf_id, tvb, 0, 0, guint32(frame));
  proto_item_set_generated(it);
  return it;
}

// "osd_op writefull", "mon_command osd pool create", "auth".
std::string what(uint16_t type, const std::string& procedure) {
  const std::string name = cephwire::msg_type_label(type);
  return procedure.empty() || procedure == name ? name : name + " " + procedure;
}

}  // namespace

std::optional<TrackedPlace> show_transaction(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree,
                                             const cephwire::LaidMessage& m, const PduWhere& w, MsgrTap& tap) {
  if (!file_state) return std::nullopt;
  const auto key = std::make_tuple(pinfo->num, w.conversation, uint8_t(w.dir), w.seq);
  std::optional<RequestTracker::Placed> p;
  if (w.first_pass) {
    p = file_state->tracker.add({w.conversation, w.dir, m.src, m.tid, pinfo->num, nsec_of(pinfo->abs_ts), m.type, *m.txn});
    if (p) file_state->placed.emplace(key, *p);
  } else if (auto it = file_state->placed.find(key); it != file_state->placed.end()) {
    p = it->second;
  }
  const RequestTracker& tr = file_state->tracker;
  if (p && p->request) {
    const cephwire::TrackedRequest& q = tr.requests()[p->index];
    proto_item_set_generated(proto_tree_add_string(tree, id.procedure, tvb, 0, 0, q.procedure.c_str()));
    for (size_t r : q.replies) frame_link(tree, tvb, id.response_in, tr.replies()[r].frame);
    if (q.resent_as) frame_link(tree, tvb, id.resent_in, tr.requests()[*q.resent_as].frame);
    if (!w.first_pass && !q.answered() && !q.resent_as)
      expert_add_info_format(pinfo, proto_tree_get_parent(tree), &ei_unanswered,
                             "%s (tid %" PRIu64 ") got no reply in this capture", what(q.type, q.procedure).c_str(),
                             q.tid);
    return TrackedPlace{true, p->index};
  }
  // A reply: its request (when the capture has it), the time between, its result.
  std::string procedure = m.txn->procedure;
  std::optional<TrackedPlace> place;
  if (p) {
    const cephwire::TrackedReply& r = tr.replies()[p->index];
    place = TrackedPlace{false, r.request};
    const cephwire::TrackedRequest& q = tr.requests()[r.request];
    procedure = q.procedure;
    tap.answered = true;
    tap.family = m.txn->family;
    tap.procedure = wmem_strdup(pinfo->pool, procedure.c_str());
    tap.request_time = nstime_of(q.ts_nsec);
    frame_link(tree, tvb, id.response_to, q.frame);
    const nstime_t dt = nstime_of(r.latency_nsec);
    proto_item_set_generated(proto_tree_add_time(tree, id.time, tvb, 0, 0, &dt));
  }
  proto_item_set_generated(proto_tree_add_string(tree, id.procedure, tvb, 0, 0, procedure.c_str()));
  if (m.txn->result && *m.txn->result < 0) {
    const int r = *m.txn->result;
    const char* e = cephwire::messages::errno_name(r);
    expert_add_info_format(pinfo, proto_tree_get_parent(tree), &ei_failed, "%s failed: %d (%s)",
                           what(m.txn->family, procedure).c_str(), r, e ? e : "?");
  }
  return place;
}

void register_transaction_fields(expert_module_t* em) {
  static hf_register_info fields[] = {
      {&id.response_in, {"Response in", "msgr.response_in", FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0, "The frame that completes the reply to this request", HFILL}},
      {&id.response_to, {"Response to", "msgr.response_to", FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0, "The frame that completes the request this reply answers", HFILL}},
      {&id.time, {"Time", "msgr.time", FT_RELATIVE_TIME, BASE_NONE, nullptr, 0, "Time from the request's frame to the reply's", HFILL}},
      {&id.resent_in, {"Resent in", "msgr.resent_in", FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_RETRANS_NEXT), 0, "The frame that completes this request sent again (same client and tid, before any reply)", HFILL}},
      {&id.procedure, {"Procedure", "msgr.procedure", FT_STRING, BASE_NONE, nullptr, 0, "What the request asks: osd_op's first op (\"call rbd.create\"), mon_command's prefix, client_request's MDS op", HFILL}},
  };
  proto_register_field_array(proto, fields, array_length(fields));
  static ei_register_info experts[] = {
      {&ei_failed, {"msgr.failed", PI_RESPONSE_CODE, PI_WARN, "The request failed", EXPFILL}},
      {&ei_unanswered, {"msgr.unanswered", PI_SEQUENCE, PI_NOTE, "The request got no reply in this capture", EXPFILL}},
  };
  expert_register_field_array(em, experts, array_length(experts));
  register_init_routine(init_file);
  register_cleanup_routine(cleanup_file);
}

}  // namespace msgr
