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
#include <array>
#include <map>
#include <memory>
#include <optional>

#include "cephwire/parser.h"
#include "cephwire/ports.h"
#include "cephwire/sync.h"
#include "msgr_fields.h"
#include "msgr_reorder.h"

extern "C" {
#include <epan/conversation.h>
#include <epan/dissectors/packet-tcp.h>
}

namespace msgr {
namespace {

using cephwire::Bytes;
using cephwire::PduContext;
using cephwire::PduKind;
using cephwire::PduStatus;

struct Silent : cephwire::Listener {};

struct ConvState {
  bool decided = false;  // is this conversation Ceph at all?
  guint32 first_frame = 0;  // the first frame claimed (first pass); earlier ones are left to TCP on every pass
  guint32 probed = 0;     // bytes searched for a message while undecided
  // While undecided, a boundary whose confirmation lies in a later segment
  // of its direction: where the next item would begin.
  struct Pending {
    cephwire::Protocol protocol = cephwire::Protocol::Unknown;
    guint32 start = 0;             // where the boundary is
    std::array<guint32, 2> next{};  // where the next item would begin
    std::vector<uint8_t> held;     // the bytes from start on, up to this segment
  };
  std::unique_ptr<Pending> pending[2];  // (not optional: gcc 16 warns falsely of its vector)
  // Where a connection without a banner was claimed (the confirmed boundary):
  // its first message, on every pass.
  struct Claim {
    guint32 seq;
    cephwire::Protocol protocol;
    std::vector<uint8_t> held;  // its bytes in earlier segments (first pass; dissected in the claiming frame)
  };
  std::optional<Claim> claim[2];
  bool ceph = false;
  guint16 server_port = 0;
  address server_addr = ADDRESS_INIT_NONE;
  Silent silent;
  std::unique_ptr<cephwire::Connection> parser;  // the first pass only
  std::map<guint32, PduContext> ctx[2];          // by sequence number, where it changes
  guint32 next_seq[2] = {0, 0};                  // first pass: where the next bytes should start
  bool started[2] = {false, false};
  // Where each direction's ciphertext begins (set on the first pass): the
  // note goes on that PDU on every pass.
  std::optional<guint32> cipher_start[2];
  guint32 forced[2] = {0, 0};  // where the dissector last set the context itself
  // Where the first pass found bytes that are not the PDU expected there (and
  // which kind it expected): later passes say so at the same place.
  std::map<guint32, PduKind> invalid[2];
  // With TCP reassembly off: PDUs that spanned segments, by the sequence
  // number they start at (where they end, and what they are), so that the
  // segments after the first are shown as their parts, not parsed anew.
  struct Part {
    guint32 end;
    PduKind kind;
  };
  std::map<guint32, Part> parts[2];
  // Segments that begin with bytes already seen (a retransmission, or one that
  // overlaps the previous segment): how many to pass over, by frame number, as
  // the first pass found; the new bytes after them are dissected on every pass.
  std::map<guint32, gint> seen_before;
  // Segments TCP passed out of order: the reordering (first pass), and what
  // each call showed, by frame number and sequence number.
  Reorder reorder[2];
  bool reorder_noted = false;
  std::map<std::pair<guint32, guint32>, std::vector<Step>> steps[2];
  guint32 called_in = 0;  // first pass: the last frame TCP passed bytes of this conversation in
  // Segments TCP did not pass on (out of order, with tcp.no_subdissector_on_error)
  // that the postdissector fed to the reordering: their bytes, by frame.
  struct Withheld {
    cephwire::Dir d;
    guint32 seq;
    std::vector<uint8_t> bytes;
    bool last;  // a FIN or RST: the direction ends
  };
  std::map<guint32, Withheld> withheld;
  // First pass: the bytes of a PDU TCP was asked to reassemble, from where it
  // begins, as far as they were seen (direct calls and the postdissector). A
  // hole before TCP hands them back means TCP will not: the reordering starts
  // with them.
  struct Lent {
    guint32 seq;                                    // where the PDU begins
    guint32 length;                                 // its length, when its header told (else 0)
    std::map<guint32, std::vector<uint8_t>> parts;  // its bytes seen, by sequence number, in any order
    // Are all of its bytes here?
    bool whole() const {
      guint32 end = seq;
      for (const auto& [at, b] : parts) {
        if (gint32(at - end) > 0) return false;
        if (gint32(at + guint32(b.size()) - end) > 0) end = at + guint32(b.size());
      }
      return length > 0 && gint32(end - (seq + length)) >= 0;
    }
  };
  std::optional<Lent> lent[2];
};

bool same(const PduContext& a, const PduContext& b) {
  return a.kind == b.kind && a.server == b.server && a.v1_footer_with_sig == b.v1_footer_with_sig && a.rev1 == b.rev1 &&
         a.compression == b.compression;
}

ws::wmem_cb_ret wmem_free_state(wmem_allocator_t*, wmem_cb_event_t, void* data) {
  auto* s = static_cast<ConvState*>(data);
  free_address(&s->server_addr);
  delete s;
  return false;  // do not keep the callback
}

// Does a conversation start like Ceph (the core's rule)?
bool looks_like_ceph(tvbuff_t* tvb) {
  const guint n = tvb_captured_length(tvb);
  return cephwire::starts_like_ceph(Bytes(tvb_get_ptr(tvb, 0, gint(n)), n), cephwire::Limits{});
}

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

cephwire::Dir dir_of(const ConvState& s, const packet_info* pinfo) {
  const bool to_server = pinfo->destport == s.server_port && addresses_equal(&pinfo->dst, &s.server_addr);
  return to_server ? cephwire::Dir::ToServer : cephwire::Dir::ToClient;
}

// Undecided, first pass: a confirmed boundary in this segment, or the next
// item of a boundary found earlier in this direction, where it was expected.
// Returns the claimed boundary.
std::optional<ConvState::Claim> probe_midstream(ConvState& s, tvbuff_t* tvb, guint32 seq, cephwire::Dir d) {
  const gint len = gint(tvb_captured_length(tvb));
  const Bytes bytes(tvb_get_ptr(tvb, 0, len), size_t(len));
  auto& pend = s.pending[size_t(d)];
  if (pend && pend->start + guint32(pend->held.size()) != seq) pend.reset();  // not contiguous: start again
  if (pend) {
    // The boundary found earlier is confirmed where its lengths say the next
    // item begins (which may be in the bytes held, or in this segment).
    std::vector<uint8_t> window = pend->held;
    window.insert(window.end(), bytes.begin(), bytes.end());
    const size_t probe_size = pend->protocol == cephwire::Protocol::V1 ? cephwire::kSyncProbeV1 : cephwire::kSyncProbeV2;
    bool ahead = false;
    for (guint32 next : pend->next) {
      const size_t at = next - pend->start;
      if (at + probe_size > window.size()) {
        ahead = true;  // its header is not all here yet
      } else if (cephwire::probe(window.data() + at, window.size() - at, pend->protocol, cephwire::Limits{})) {
        ConvState::Claim c{pend->start, pend->protocol, std::move(pend->held)};
        pend.reset();
        return c;
      }
    }
    if (ahead) {
      pend->held.insert(pend->held.end(), bytes.begin(), bytes.end());
      return std::nullopt;
    }
    pend.reset();  // refuted: the next item is not where it should be
  }
  if (s.probed >= 65536) return std::nullopt;
  const auto head = bytes.first(std::min<size_t>(bytes.size(), 65536));
  s.probed += guint32(head.size());
  std::optional<cephwire::SyncMatch> later;
  auto m = cephwire::find_confirmed_sync(head, cephwire::Protocol::Unknown, cephwire::Limits{}, &later);
  if (m) return ConvState::Claim{seq + guint32(m->offset), m->protocol, {}};
  if (later) {
    // Held from the boundary on, so that once confirmed it is dissected from
    // there (as many bytes as its lengths say, within the limits).
    const auto ends = cephwire::item_ends(head.data() + later->offset, later->protocol);
    auto p = std::make_unique<ConvState::Pending>();
    p->protocol = later->protocol;
    p->start = seq + guint32(later->offset);
    for (size_t i = 0; i < 2; ++i) p->next[i] = p->start + guint32(ends[i]);
    p->held.assign(bytes.begin() + ptrdiff_t(later->offset), bytes.end());
    pend = std::move(p);
  }
  return std::nullopt;
}

// One call of the dissector: a segment (or what TCP reassembled) of one
// direction, and the protocol item it adds to once it shows something.
struct Call {
  ConvState& s;
  tvbuff_t* tvb;
  packet_info* pinfo;
  proto_tree* tree;
  guint32 seq0;  // the sequence number of tvb's first byte
  cephwire::Dir d;
  bool first_pass;
  proto_item* root = nullptr;
  proto_tree* tree_msgr = nullptr;
  bool desegmented = false;  // TCP was asked for more bytes
  bool tail = false;         // the reordering handed the rest of the segment back to the usual walk

  // The protocol item is added with the first thing it shows: a segment TCP
  // only buffers for reassembly gets none, on every pass.
  proto_tree* tt() {
    if (!root) {
      root = proto_tree_add_item(tree, proto, tvb, 0, -1, ENC_NA);
      tree_msgr = proto_item_add_subtree(root, ett.proto);
    }
    return tree_msgr;
  }
  size_t dir() const { return size_t(d); }
  void feed(Bytes b) {
    if (first_pass && s.parser) s.parser->feed(d, b);
  }

  gint finish(gint len) {
    if (first_pass && !desegmented) s.next_seq[dir()] = seq0 + guint32(len);
    return len;
  }

  void gap_item(tvbuff_t* t, guint32 length) {
    proto_item* it = proto_tree_add_uint(tt(), hf.gap_length, t, 0, 0, length);
    proto_item_set_text(it, "%u bytes missing from the capture before these bytes", length);
    proto_item_set_generated(it);
    expert_add_info_format(pinfo, it, &ei.gap,
                           "Capture gap: %u bytes of this direction are missing before these bytes; "
                           "dissection resumes at the next message that can be found",
                           length);
  }

  Walked show(const Step& st);
  Walked walk(tvbuff_t* t, guint32 base, gint offset, bool own);
};

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
      dissect_opaque(tvb_new_subset_remaining(t, offset), pinfo, tt(), s.cipher_start[dir()] == seq);
      feed(bytes);
      offset = len;
      break;
    }

    const auto pl = cephwire::pdu_length(ctx, bytes);
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
    const char* info = dissect_pdu(pdu_tvb, pinfo, tt(), ctx);
    if (info) {
      col_append_sep_str(pinfo->cinfo, COL_INFO, ", ", info);
      proto_item_append_text(root, ", %s", info);  // "Ceph Messenger, osd_op(42) tid 7 ..."
    }
    feed(bytes.first(size_t(n)));
    offset += n;
  }
  return {size_t(offset), 0};
}

}  // namespace

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
int dissect_withheld(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void*) {
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

ws::heur_ret dissect_heur(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data) {
  if (!looks_like_ceph(tvb)) return false;
  conversation_t* conv = find_or_create_conversation(pinfo);
  conversation_set_dissector(conv, handle);
  dissect(tvb, pinfo, tree, data);
  return true;
}

void register_handoff() {
  hf_tcp_seq = proto_registrar_get_id_byname("tcp.seq");
  hf_tcp_payload = proto_registrar_get_id_byname("tcp.payload");
  hf_tcp_flags = proto_registrar_get_id_byname("tcp.flags");
  dissector_handle_t post = create_dissector_handle(dissect_withheld, proto);
  register_postdissector(post);
  GArray* wanted = g_array_new(FALSE, FALSE, sizeof(int));
  g_array_append_val(wanted, hf_tcp_seq);
  g_array_append_val(wanted, hf_tcp_payload);
  g_array_append_val(wanted, hf_tcp_flags);
  set_postdissector_wanted_hfids(post, wanted);
  dissector_add_uint_range_with_preference("tcp.port", cephwire::kCephPortRanges, handle);
  heur_dissector_add("tcp", dissect_heur, "Ceph Messenger over TCP", "msgr_tcp", proto, HEURISTIC_ENABLE);
}

}  // namespace msgr
