// The postdissector that picks up segments TCP held back: with
// tcp.no_subdissector_on_error (on by default) TCP passes no out-of-order or
// retransmitted segment to a subdissector, though the bytes are in the frame.
#include "msgr_conversation.h"

namespace msgr {

namespace {

int hf_tcp_seq = -1, hf_tcp_payload = -1, hf_tcp_flags = -1;

// The first value of a field TCP added to this frame's tree.
field_info* tcp_field(proto_tree* tree, int hf_id) {
  if (!tree || hf_id < 0) return nullptr;
  GPtrArray* a = proto_get_finfo_ptr_array(tree, hf_id);
  return a && a->len > 0 ? static_cast<field_info*>(g_ptr_array_index(a, 0)) : nullptr;
}

}  // namespace

// Runs after every frame. A segment TCP did not pass on (it came out of order,
// and tcp.no_subdissector_on_error holds such segments back) is still in the
// frame: where it belongs behind a hole this dissector holds open, its bytes
// (TCP's own tcp.payload) go to the reordering, and what that shows is shown
// here.
static int dissect_withheld(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void*) {
  conversation_t* conv = find_conversation_pinfo(pinfo, 0);
  auto* s = conv ? static_cast<ConvState*>(conversation_get_proto_data(conv, proto)) : nullptr;
  if (!s || !s->ceph || !s->decided) return 0;
  const bool first_pass = !PINFO_FD_VISITED(pinfo);
  if (first_pass) {
    if (s->called_in == pinfo->num || !s->parser) return 0;  // TCP passed this frame's bytes
    const cephwire::Dir d = dir_of(*s, pinfo);
    field_info* seq = tcp_field(tree, hf_tcp_seq);
    field_info* payload = tcp_field(tree, hf_tcp_payload);
    field_info* flags = tcp_field(tree, hf_tcp_flags);
    if (!seq) return 0;
    ConvState::Withheld w{d, fvalue_get_uinteger(ws::value_of(seq)), {}, false};
    // The direction ends here: what waits behind a hole waits in vain.
    w.last = flags && (fvalue_get_uinteger(ws::value_of(flags)) & (TH_FIN | TH_RST)) != 0;
    if (payload && payload->length > 0) {
      const guint8* p = tvb_get_ptr(payload->ds_tvb, payload->start, payload->length);
      w.bytes.assign(p, p + payload->length);
    }
    Reorder& r = s->reorder[size_t(d)];
    if (!r.active()) {
      // TCP keeps it for the PDU it reassembles for us; note what it holds.
      auto& l = s->lent[size_t(d)];
      if (!l || w.bytes.empty() || gint32(w.seq - l->seq) <= 0 || l->parts.count(w.seq)) return 0;
      l->parts[w.seq] = w.bytes;
      // All of the PDU is in the capture, yet TCP did not pass it: it held a
      // segment back (one that came out of order). Reorder from its start.
      if (!l->whole()) return 0;
      r.start(l->seq);
      for (const auto& [at, b] : l->parts)
        if (at != w.seq) r.seed(at, b, pinfo->num);
      r.expect(l->length);
      l.reset();
    } else if (w.bytes.empty() && !w.last) {
      return 0;
    }
    s->withheld[pinfo->num] = std::move(w);
  }
  auto w = s->withheld.find(pinfo->num);
  if (w == s->withheld.end()) return 0;
  const gint n = gint(w->second.bytes.size());
  tvbuff_t* seg = tvb_new_child_real_data(tvb, w->second.bytes.data(), guint(n), n);
  add_new_data_source(pinfo, seg, "TCP payload held back by TCP");
  col_set_str(pinfo->cinfo, COL_PROTOCOL, "MSGR");
  Call c{*s, seg, pinfo, tree, w->second.seq, w->second.d, first_pass};
  const size_t i = size_t(c.d);
  const auto key = std::make_pair(guint32(pinfo->num), w->second.seq);
  if (first_pass) {
    Reorder& r = s->reorder[i];
    s->steps[i][key] = r.segment(w->second.seq, Bytes(w->second.bytes), w->second.last, true, pinfo->num,
                                 &s->reorder_noted,
                                 [&](const Step& st) { return c.show(st); });
    if (!r.active()) s->next_seq[i] = r.next_seq();
  } else if (auto st = s->steps[i].find(key); st != s->steps[i].end()) {
    for (const Step& step : st->second) c.show(step);
  }
  return n;
}

void register_withheld() {
  hf_tcp_seq = proto_registrar_get_id_byname("tcp.seq");
  hf_tcp_payload = proto_registrar_get_id_byname("tcp.payload");
  hf_tcp_flags = proto_registrar_get_id_byname("tcp.flags");
  dissector_handle_t post = create_dissector_handle(dissect_withheld, proto);
  register_postdissector(post);
  // TCP's fields this needs, also on a pass that builds no tree.
  GArray* wanted = g_array_new(FALSE, FALSE, sizeof(int));
  g_array_append_val(wanted, hf_tcp_seq);
  g_array_append_val(wanted, hf_tcp_payload);
  g_array_append_val(wanted, hf_tcp_flags);
  set_postdissector_wanted_hfids(post, wanted);
}

}  // namespace msgr
