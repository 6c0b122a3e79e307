// Conversations, per-direction state and the PDU loop.
//
// What a PDU is depends on where the stream is (banner, connect, open; msgr2
// revision, secure mode). On the first pass a core Connection parser is fed
// every PDU of the conversation in stream order, and before each PDU the
// context it gives (Connection::next_pdu) is recorded against the PDU's TCP
// sequence number wherever it changes. Every later pass (-2, clicking around
// in Wireshark) looks the context up by sequence number, so the same bytes
// always dissect the same way.
#include <algorithm>

#include "cephwire/ports.h"
#include "msgr_conversation.h"
#include "msgr_transactions.h"

namespace msgr {
namespace {

bool same(const PduContext& a, const PduContext& b) {
  return a.kind == b.kind && a.server == b.server && a.v1_footer_with_sig == b.v1_footer_with_sig && a.rev1 == b.rev1 &&
         a.compression == b.compression && a.source == b.source && a.cipher.key == b.cipher.key &&
         a.cipher.nonce == b.cipher.nonce;
}

ws::wmem_cb_ret wmem_free_state(wmem_allocator_t*, wmem_cb_event_t, void* data) {
  auto* s = static_cast<ConvState*>(data);
  free_address(&s->server_addr);
  delete s;
  return false;  // do not keep the callback
}

}  // namespace

ConvState* state_for(packet_info* pinfo, conversation_t* conv) {
  auto* s = static_cast<ConvState*>(conversation_get_proto_data(conv, proto));
  if (s) return s;
  s = new ConvState;
  wmem_register_callback(wmem_file_scope(), wmem_free_state, s);
  // The server: the port the SYN went to, else the Ceph port, else the destination.
  struct tcp_analysis* tcpd = get_tcp_conversation_data(conv, pinfo);
  guint16 sp = tcpd ? tcpd->server_port : 0;
  bool dst_is_server;
  if (sp && (pinfo->destport == sp) != (pinfo->srcport == sp))
    dst_is_server = pinfo->destport == sp;
  else if (cephwire::is_ceph_port(pinfo->destport) != cephwire::is_ceph_port(pinfo->srcport))
    dst_is_server = cephwire::is_ceph_port(pinfo->destport);
  else
    dst_is_server = true;
  s->server_port = guint16(dst_is_server ? pinfo->destport : pinfo->srcport);
  copy_address(&s->server_addr, dst_is_server ? &pinfo->dst : &pinfo->src);
  conversation_add_proto_data(conv, proto, s);
  return s;
}

// The context of the PDU at `seq`; on the first pass it is taken from the
// parser and recorded.
PduContext context_at(ConvState& s, cephwire::Dir d, guint32 seq, bool first_pass) {
  auto& m = s.ctx[size_t(d)];
  if (first_pass && s.parser) {
    // Where the dissector itself decided (a boundary found by searching, or
    // bytes that are not what the parser expected), its decision stands: the
    // parser catches up once it is fed these bytes.
    if (s.forced[size_t(d)] == seq && m.count(seq)) return m[seq];
    PduContext c = s.parser->next_pdu(d);
    auto it = m.upper_bound(seq);
    const bool handshake = c.kind != PduKind::V1Open && c.kind != PduKind::V2Frame;
    if (it == m.begin() || handshake || !same(std::prev(it)->second, c)) m[seq] = c;
    return c;
  }
  auto it = m.upper_bound(seq);
  if (it == m.begin()) return PduContext{};  // Unknown
  return std::prev(it)->second;
}

void note_context(ConvState& s, cephwire::Dir d, guint32 seq, const PduContext& c) {
  s.ctx[size_t(d)][seq] = c;
  s.forced[size_t(d)] = seq;
}

Walked Call::show(const Step& st) {
  switch (st.kind) {
    case Step::HeldBehindHole:
    case Step::HeldInMessage: {
      proto_item* it = proto_tree_add_uint(tt(), hf.held_length, tvb, gint(st.seq - seq0), gint(st.length), st.length);
      if (st.kind == Step::HeldBehindHole)
        proto_item_set_text(it, "[%u bytes held: bytes before them in the stream have not been seen yet]", st.length);
      else
        proto_item_set_text(it, "[%u bytes held: they continue a message begun in reordered bytes]", st.length);
      return {};
    }
    case Step::Gap:
      gap_item(tvb, st.length);
      if (first_pass && s.parser) s.parser->gap(d, st.length);
      return {};
    case Step::Tail:
      tail = true;
      return walk(tvb, seq0, gint(st.seq - seq0), false);
    case Step::Stream: break;
  }
  const gint n = gint(st.bytes->size());
  tvbuff_t* rt = tvb_new_child_real_data(tvb, st.bytes->data(), guint(n), n);
  add_new_data_source(pinfo, rt, "Reordered bytes");
  proto_item* it = proto_tree_add_uint(tt(), hf.reordered_length, rt, 0, n, guint32(n));
  if (st.claim)
    proto_item_set_text(it, "[%d bytes held until a second CRC showed this connection is Ceph, dissected here]", n);
  else
    proto_item_set_text(it, "[%d bytes put back in stream order, dissected here]", n);
  if (st.first)
    expert_add_info_format(pinfo, it, &ei.reordered,
                           "TCP passed segments of this conversation out of order (tcp.reassemble_out_of_order is "
                           "off): bytes were held until the ones before them arrived. Turn on "
                           "tcp.reassemble_out_of_order to have TCP put them in order");
  Walked w = walk(rt, st.seq, 0, true);
  if (st.cut && w.consumed < size_t(n)) {
    // What there is of the PDU the gap cuts: its header says which message.
    const Bytes rest(st.bytes->data() + w.consumed, size_t(n) - w.consumed);
    const PduContext ctx = context_at(s, d, st.seq + guint32(w.consumed), first_pass);
    const auto pl = cephwire::pdu_length(ctx, rest);
    const char* info = dissect_cut(tvb_new_subset_remaining(rt, gint(w.consumed)), pinfo, tt(), ctx,
                                   pl.status == PduStatus::Complete ? pl.length : 0);
    if (info) {
      col_append_sep_str(pinfo->cinfo, COL_INFO, ", ", info);
      proto_item_append_text(root, ", %s", info);
    }
    feed(rest);
    w.consumed = size_t(n);
  }
  return w;
}

// The PDU loop over t (whose first byte is at sequence number `base`), from
// `offset`. `own`: t is a buffer of the dissector's own (reordered bytes): a
// PDU it does not hold whole is left for the caller, never for TCP.
Walked Call::walk(tvbuff_t* t, guint32 base, gint offset, bool own) {
  const gint len = gint(tvb_reported_length(t));
  const bool to_server = d == cephwire::Dir::ToServer;

  while (offset < len) {
    const guint32 seq = base + guint32(offset);
    PduContext ctx = context_at(s, d, seq, first_pass);
    const gint avail = tvb_captured_length_remaining(t, offset);
    if (avail <= 0) break;
    Bytes bytes(tvb_get_ptr(t, offset, avail), size_t(avail));
    auto not_here = [&](PduKind kind) {
      proto_item* it = proto_tree_add_uint(tt(), hf.pdu, t, offset, len - offset, guint32(kind));
      proto_item_set_text(it, "Not a %s here", cephwire::pdu_kind_name(kind));
      expert_add_info_format(pinfo, it, &ei.malformed, "Not a valid %s: looking for the next message",
                             cephwire::pdu_kind_name(kind));
    };
    if (!first_pass && ctx.kind == PduKind::Unknown)
      if (auto inv = s.invalid[dir()].find(seq); inv != s.invalid[dir()].end()) not_here(inv->second);

    // The rest of a PDU that began in an earlier segment (TCP reassembly off).
    auto& parts = s.parts[dir()];
    if (auto p = parts.upper_bound(seq); !own && p != parts.begin()) {
      --p;
      if (p->first != seq && gint32(p->second.end - seq) > 0) {
        const gint n = std::min<gint>(gint(p->second.end - seq), avail);
        proto_item* it = proto_tree_add_uint(tt(), hf.pdu, t, offset, n, guint32(p->second.kind));
        proto_item_set_text(it, "Part of a %s that began %u bytes earlier (TCP reassembly is off)",
                            cephwire::pdu_kind_name(p->second.kind), seq - p->first);
        feed(bytes.first(size_t(n)));
        offset += n;
        continue;
      }
    }

    if (ctx.kind == PduKind::Unknown) {
      // Mid-stream (a capture that starts late, or after a gap): look for
      // the next message whose CRC matches.
      std::optional<cephwire::SyncMatch> m;
      if (auto c = s.claim[dir()]; c && gint32(c->seq - seq) >= 0 && gint32(c->seq - seq) < avail)
        m = cephwire::SyncMatch{size_t(c->seq - seq), c->protocol};  // the confirmed boundary it was claimed at
      else
        m = cephwire::find_sync(bytes, cephwire::Protocol::Unknown, cephwire::Limits{});
      const size_t skip = m ? m->offset : size_t(avail);
      if (skip > 0) {
        proto_item* it = proto_tree_add_uint(tt(), hf.skipped_length, t, offset, gint(skip), guint32(skip));
        proto_item_set_text(it, "Skipped %zu bytes before the next message that can be found", skip);
        expert_add_info_format(pinfo, it, &ei.skipped, "%zu bytes skipped: no message boundary found in them", skip);
        feed(bytes.first(skip));
        offset += gint(skip);
      }
      if (!m) break;
      PduContext found;
      found.kind = m->protocol == cephwire::Protocol::V1 ? PduKind::V1Open : PduKind::V2Frame;
      found.server = !to_server;
      note_context(s, d, base + guint32(offset), found);
      continue;
    }

    if (ctx.kind == PduKind::Ciphertext) {
      if (first_pass && !s.cipher_start[dir()]) s.cipher_start[dir()] = seq;
      dissect_opaque(tvb_new_subset_remaining(t, offset), pinfo, tt(), s.cipher_start[dir()] == seq,
                     &s.silent.secure);
      feed(bytes);
      offset = len;
      break;
    }

    const auto pl = cephwire::pdu_length(ctx, bytes);
    if (ctx.kind == PduKind::V2Secure && pl.status == PduStatus::Invalid) {
      // The frame's first block does not authenticate: the rest of this
      // direction stays ciphertext (the parser, fed these bytes, says the same).
      PduContext opaque = ctx;
      opaque.kind = PduKind::Ciphertext;
      note_context(s, d, seq, opaque);
      if (first_pass) s.cipher_start[dir()] = seq;
      proto_item* it = proto_tree_add_item(tt(), hf.ciphertext, t, offset, len - offset, ENC_NA);
      expert_add_info_format(pinfo, it, &ei.malformed,
                             "msgr2 secure frame: GCM tag mismatch; the rest of this direction stays encrypted");
      col_append_sep_str(pinfo->cinfo, COL_INFO, ", ", "encrypted msgr2 data (GCM tag mismatch)");
      feed(bytes);
      offset = len;
      break;
    }
    if (ctx.kind == PduKind::Banner && pl.status == PduStatus::Invalid) {
      note_context(s, d, seq, PduContext{});  // no banner: the capture starts mid-connection
      continue;
    }
    if (pl.status == PduStatus::Invalid || pl.status == PduStatus::Unframed) {
      not_here(ctx.kind);
      if (first_pass) s.invalid[dir()][seq] = ctx.kind;
      note_context(s, d, seq, PduContext{});  // Unknown from here: search for the next message
      continue;
    }
    if (pl.status == PduStatus::NeedMore || pl.length > guint64(avail)) {
      if (own)  // the caller holds these bytes until there are enough
        return {size_t(offset), pl.status == PduStatus::Complete ? size_t(pl.length) : 0};
      if (pinfo->can_desegment && prefs.desegment) {
        pinfo->desegment_offset = offset;
        pinfo->desegment_len =
            pl.status == PduStatus::NeedMore ? DESEGMENT_ONE_MORE_SEGMENT : guint32(pl.length - guint64(avail));
        if (first_pass) {
          s.next_seq[dir()] = seq;  // these bytes come again, reassembled
          s.lent[dir()] = ConvState::Lent{seq, pl.status == PduStatus::Complete ? guint32(pl.length) : 0, {}};
          s.lent[dir()]->parts[seq].assign(bytes.begin(), bytes.end());
        }
        desegmented = true;
        return {size_t(offset), 0};
      }
      proto_item* it = proto_tree_add_uint(tt(), hf.pdu, t, offset, len - offset, guint32(ctx.kind));
      proto_item_set_text(it, "Part of a %s (TCP reassembly is off)", cephwire::pdu_kind_name(ctx.kind));
      if (first_pass) {
        // Its length is known: the segments that carry the rest are its parts.
        if (pl.status == PduStatus::Complete) parts[seq] = {guint32(seq + pl.length), ctx.kind};
        feed(bytes);
      }
      offset = len;
      break;
    }
    const gint n = gint(pl.length);
    tvbuff_t* pdu_tvb = tvb_new_subset_length(t, offset, n);
    const char* info = dissect_pdu(pdu_tvb, pinfo, tt(), ctx, PduWhere{uint64_t(uintptr_t(&s)), d, seq, first_pass, s.names, &s.silent.secure});
    if (info) {
      col_append_sep_str(pinfo->cinfo, COL_INFO, ", ", info);
      proto_item_append_text(root, ", %s", info);  // "Ceph Messenger, osd_op(42) tid 7 ..."
    }
    feed(bytes.first(size_t(n)));
    offset += n;
  }
  return {size_t(offset), 0};
}

int dissect(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data) {
  auto* ti = static_cast<struct tcpinfo*>(data);
  if (!ti) return 0;
  conversation_t* conv = find_or_create_conversation(pinfo);
  ConvState* s = state_for(pinfo, conv);
  const bool first_pass = !PINFO_FD_VISITED(pinfo);
  if (!s->decided || pinfo->num < s->first_frame) {
    if (!first_pass) return 0;
    // Decline what is not Ceph, so that other protocols on these ports
    // (BitTorrent, RTSP, ...) are unaffected. A capture that starts
    // mid-connection is claimed at a confirmed boundary (a second CRC agrees,
    // core/sync.h) in its first 64 KiB, or where a boundary found there is
    // confirmed by a later segment.
    s->ceph = looks_like_ceph(tvb);
    if (!s->ceph) {
      const auto at = probe_midstream(*s, tvb, ti->seq, dir_of(*s, pinfo));
      if (at) s->claim[size_t(dir_of(*s, pinfo))] = at;
      s->ceph = bool(at);
      const bool waiting = s->pending[0] || s->pending[1];
      if (!s->ceph && (s->probed < 65536 || waiting)) return 0;  // undecided: look at the next segment too
    }
    s->decided = true;
    s->first_frame = pinfo->num;
    if (s->ceph) {
      cephwire::ParserOptions o;
      o.collect_payload = false;
      o.verify_crc = false;
      o.keys = key_store();  // secure mode: the capture's keys, filled in frame order
      s->parser = std::make_unique<cephwire::Connection>(s->silent, o);
      // Claimed at a boundary in an earlier segment: its bytes since then
      // are dissected here, put in order with this segment's.
      for (size_t k = 0; k < 2; ++k)
        if (auto& c = s->claim[k]; c && !c->held.empty()) {
          s->started[k] = true;
          s->next_seq[k] = c->seq;
          s->reorder[k].start(c->seq, true);
          s->reorder[k].seed(c->seq, c->held, pinfo->num);
          c->held = {};
        }
    }
  }
  if (!s->ceph) return 0;

  Call c{*s, tvb, pinfo, tree, ti->seq, dir_of(*s, pinfo), first_pass};
  col_set_str(pinfo->cinfo, COL_PROTOCOL, "MSGR");
  col_clear(pinfo->cinfo, COL_INFO);
  const gint len = gint(tvb_reported_length(tvb));
  const size_t i = size_t(c.d);
  const auto key = std::make_pair(guint32(pinfo->num), ti->seq);
  if (first_pass) s->called_in = pinfo->num;
  if (first_pass && s->parser) {
    Reorder& r = s->reorder[i];
    if (!s->started[i]) {
      s->started[i] = true;
      s->next_seq[i] = ti->seq;
    } else if (!r.active() && gint32(ti->seq - s->next_seq[i]) > 0) {
      r.start(s->next_seq[i]);  // bytes before this segment have not been seen (yet)
      if (auto& l = s->lent[i]; l && l->seq == s->next_seq[i]) {
        size_t seen = 0;
        for (const auto& [seq, bytes] : l->parts) r.seed(seq, bytes, pinfo->num), seen += bytes.size();
        r.expect(l->length ? l->length : seen + 1);
      }
    } else if (!r.active() && gint32(ti->seq - s->next_seq[i]) < 0) {
      s->seen_before[pinfo->num] = std::min<gint>(gint(s->next_seq[i] - ti->seq), len);
    }
    s->lent[i].reset();  // TCP passes bytes again: what it held, it handed back (or asks anew)
    if (r.active()) {
      const gint n = tvb_captured_length(tvb);
      const bool last = (ti->flags & (TH_FIN | TH_RST)) != 0;
      auto steps = r.segment(ti->seq, Bytes(tvb_get_ptr(tvb, 0, n), size_t(n)), last, false, pinfo->num,
                             &s->reorder_noted, [&](const Step& st) { return c.show(st); });
      s->steps[i][key] = std::move(steps);
      // In order again: from where the reordering ends, or, when it handed
      // the rest of this segment back, as the usual walk over it left it.
      if (!r.active()) return c.tail ? c.finish(len) : (s->next_seq[i] = r.next_seq(), len);
      return len;
    }
  } else if (auto st = s->steps[i].find(key); st != s->steps[i].end()) {
    for (const Step& step : st->second) c.show(step);
    return len;
  }
  gint offset = 0;
  if (auto sb = s->seen_before.find(pinfo->num); sb != s->seen_before.end()) {
    if (sb->second >= len) return len;  // all of it seen before (a retransmission TCP passed on)
    offset = sb->second;                // dissect only what is new
  }
  c.walk(tvb, ti->seq, offset, false);
  return c.finish(len);
}

ws::heur_ret dissect_heur(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data) {
  if (!looks_like_ceph(tvb)) return false;
  conversation_t* conv = find_or_create_conversation(pinfo);
  conversation_set_dissector(conv, handle);
  dissect(tvb, pinfo, tree, data);
  return true;
}

void register_handoff() {
  register_withheld();
  dissector_add_uint_range_with_preference("tcp.port", cephwire::kCephPortRanges, handle);
  heur_dissector_add("tcp", dissect_heur, "Ceph Messenger over TCP", "msgr_tcp", proto, HEURISTIC_ENABLE);
}

void dissect_opaque(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, bool first, const SecureNote* secure) {
  proto_item* it = proto_tree_add_item(tree, hf.ciphertext, tvb, 0, -1, ENC_NA);
  if (first) {
    expert_add_info(pinfo, it, &ei.encrypted);
    if (secure) note_not_decrypted(pinfo, it, *secure);  // "no key for client.admin"
  }
  col_append_sep_str(pinfo->cinfo, COL_INFO, ", ", "encrypted msgr2 data");
}

// The fields this loop adds itself: what each PDU is, gaps, skipped, held and
// reordered bytes, ciphertext.
namespace {
value_string kPduKinds[size_t(PduKind::V2Secure) + 2];  // by the core's names, filled at registration
}  // namespace

void register_framing_fields() {
  for (size_t k = 0; k <= size_t(PduKind::V2Secure); ++k) kPduKinds[k] = {guint32(k), pdu_kind_name(PduKind(k))};
  static hf_register_info fields[] = {
      {&hf.pdu, {"PDU", "msgr.pdu", FT_UINT8, BASE_DEC, VALS(kPduKinds), 0,
                 "What the bytes are: banner, v1 connect, v1 tag, msgr2 frame, ciphertext...", HFILL}},
      {&hf.ciphertext, {"Encrypted msgr2 data", "msgr.v2.ciphertext", FT_BYTES, BASE_NONE, nullptr, 0, "msgr2 secure mode: bytes after AUTH_DONE, encrypted with AES-128-GCM", HFILL}},
      {&hf.gap_length, {"Bytes missing", "msgr.gap.length", FT_UINT32, BASE_DEC, nullptr, 0,
                        "Bytes of this direction missing from the capture before this segment", HFILL}},
      {&hf.skipped_length, {"Bytes skipped", "msgr.skipped.length", FT_UINT32, BASE_DEC, nullptr, 0,
                            "Bytes passed over: no message boundary (banner, v1 tag, msgr2 preamble with a matching "
                            "CRC) found in them", HFILL}},
      {&hf.held_length, {"Bytes held", "msgr.held.length", FT_UINT32, BASE_DEC, nullptr, 0,
                         "Bytes of this segment held back: TCP passed them before bytes that come earlier in the "
                         "stream (tcp.reassemble_out_of_order is off), or they continue a message begun in reordered "
                         "bytes", HFILL}},
      {&hf.reordered_length, {"Reordered bytes", "msgr.reordered.length", FT_UINT32, BASE_DEC, nullptr, 0,
                              "Bytes put back in stream order by this dissector and dissected in this frame", HFILL}},
  };
  proto_register_field_array(proto, fields, array_length(fields));
}

}  // namespace msgr
