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
#include <map>
#include <memory>
#include <optional>

#include "cephwire/parser.h"
#include "cephwire/ports.h"
#include "cephwire/sync.h"
#include "msgr_fields.h"

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
  std::map<guint32, guint32> gaps[2];  // bytes missing before the segment at this sequence number
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
    // mid-connection shows a message whose CRC matches somewhere in its
    // first 64 KiB.
    s->ceph = looks_like_ceph(tvb);
    if (!s->ceph && s->probed < 65536) {
      const gint n = std::min<gint>(tvb_captured_length(tvb), 65536);
      s->probed += guint32(n);
      s->ceph = bool(cephwire::find_sync(Bytes(tvb_get_ptr(tvb, 0, n), size_t(n)), cephwire::Protocol::Unknown,
                                         cephwire::Limits{}));
      if (!s->ceph && s->probed < 65536) return 0;  // undecided: look at the next segment too
    }
    s->decided = true;
    s->first_frame = pinfo->num;
    if (s->ceph) {
      cephwire::ParserOptions o;
      o.collect_payload = false;
      o.verify_crc = false;
      s->parser = std::make_unique<cephwire::Connection>(s->silent, o);
    }
  }
  if (!s->ceph) return 0;

  const bool to_server = pinfo->destport == s->server_port && addresses_equal(&pinfo->dst, &s->server_addr);
  const cephwire::Dir d = to_server ? cephwire::Dir::ToServer : cephwire::Dir::ToClient;
  col_set_str(pinfo->cinfo, COL_PROTOCOL, "MSGR");
  col_clear(pinfo->cinfo, COL_INFO);
  // The protocol item is added with the first thing it shows: a segment TCP
  // only buffers for reassembly gets none, on every pass.
  proto_item* root = nullptr;
  proto_tree* tree_msgr = nullptr;
  auto tt = [&]() {
    if (!root) {
      root = proto_tree_add_item(tree, proto, tvb, 0, -1, ENC_NA);
      tree_msgr = proto_item_add_subtree(root, ett.proto);
    }
    return tree_msgr;
  };

  const gint len = gint(tvb_reported_length(tvb));
  if (first_pass && s->parser) {
    const size_t i = size_t(d);
    if (!s->started[i]) {
      s->started[i] = true;
      s->next_seq[i] = ti->seq;
    } else if (gint32(ti->seq - s->next_seq[i]) > 0) {
      // Bytes the capture lacks: the parser learns of the gap, and the
      // context becomes Unknown here until the next message is found.
      s->gaps[i][ti->seq] = ti->seq - s->next_seq[i];
      s->parser->gap(d, ti->seq - s->next_seq[i]);
      s->next_seq[i] = ti->seq;
    } else if (gint32(ti->seq - s->next_seq[i]) < 0) {
      s->seen_before[pinfo->num] = std::min<gint>(gint(s->next_seq[i] - ti->seq), len);
    }
  }
  gint offset = 0;
  if (auto sb = s->seen_before.find(pinfo->num); sb != s->seen_before.end()) {
    if (sb->second >= len) return len;  // all of it seen before (a retransmission TCP passed on)
    offset = sb->second;                // dissect only what is new
  }

  // A gap shows here: say so, with its size, on every pass.
  if (auto g = s->gaps[size_t(d)].find(ti->seq); g != s->gaps[size_t(d)].end()) {
    proto_item* it = proto_tree_add_uint(tt(), hf.gap_length, tvb, 0, 0, g->second);
    proto_item_set_text(it, "[%u bytes missing from the capture before this segment]", g->second);
    proto_item_set_generated(it);
    expert_add_info_format(pinfo, it, &ei.gap,
                           "Capture gap: %u bytes of this direction are missing before this segment; "
                           "dissection resumes at the next message that can be found",
                           g->second);
  }

  while (offset < len) {
    const guint32 seq = ti->seq + guint32(offset);
    PduContext ctx = context_at(*s, d, seq, first_pass);
    const gint avail = tvb_captured_length_remaining(tvb, offset);
    if (avail <= 0) break;
    Bytes bytes(tvb_get_ptr(tvb, offset, avail), size_t(avail));
    auto not_here = [&](PduKind kind) {
      proto_item* it = proto_tree_add_uint(tt(), hf.pdu, tvb, offset, len - offset, guint32(kind));
      proto_item_set_text(it, "Not a %s here", cephwire::pdu_kind_name(kind));
      expert_add_info_format(pinfo, it, &ei.malformed, "Not a valid %s: looking for the next message",
                             cephwire::pdu_kind_name(kind));
    };
    if (!first_pass && ctx.kind == PduKind::Unknown)
      if (auto inv = s->invalid[size_t(d)].find(seq); inv != s->invalid[size_t(d)].end()) not_here(inv->second);

    // The rest of a PDU that began in an earlier segment (TCP reassembly off).
    auto& parts = s->parts[size_t(d)];
    if (auto p = parts.upper_bound(seq); p != parts.begin()) {
      --p;
      if (p->first != seq && gint32(p->second.end - seq) > 0) {
        const gint n = std::min<gint>(gint(p->second.end - seq), avail);
        proto_item* it = proto_tree_add_uint(tt(), hf.pdu, tvb, offset, n, guint32(p->second.kind));
        proto_item_set_text(it, "Part of a %s that began %u bytes earlier (TCP reassembly is off)",
                            cephwire::pdu_kind_name(p->second.kind), seq - p->first);
        if (first_pass && s->parser) s->parser->feed(d, bytes.first(size_t(n)));
        offset += n;
        continue;
      }
    }

    if (ctx.kind == PduKind::Unknown) {
      // Mid-stream (a capture that starts late, or after a gap): look for
      // the next message whose CRC matches.
      size_t ruled_out = 0;
      auto m = cephwire::find_sync(bytes, cephwire::Protocol::Unknown, cephwire::Limits{}, &ruled_out);
      const size_t skip = m ? m->offset : size_t(avail);
      if (skip > 0) {
        proto_item* it = proto_tree_add_uint(tt(), hf.skipped_length, tvb, offset, gint(skip), guint32(skip));
        proto_item_set_text(it, "Skipped %zu bytes before the next message that can be found", skip);
        expert_add_info_format(pinfo, it, &ei.skipped, "%zu bytes skipped: no message boundary found in them", skip);
        if (first_pass && s->parser) s->parser->feed(d, bytes.first(skip));
        offset += gint(skip);
      }
      if (!m) break;
      PduContext found;
      found.kind = m->protocol == cephwire::Protocol::V1 ? PduKind::V1Open : PduKind::V2Frame;
      found.server = !to_server;
      note_context(*s, d, ti->seq + guint32(offset), found);
      continue;
    }

    if (ctx.kind == PduKind::Ciphertext) {
      if (first_pass && !s->cipher_start[size_t(d)]) s->cipher_start[size_t(d)] = seq;
      dissect_opaque(tvb_new_subset_remaining(tvb, offset), pinfo, tt(), s->cipher_start[size_t(d)] == seq);
      if (first_pass && s->parser) s->parser->feed(d, bytes);
      offset = len;
      break;
    }

    const auto pl = cephwire::pdu_length(ctx, bytes);
    if (ctx.kind == PduKind::Banner && pl.status == PduStatus::Invalid) {
      note_context(*s, d, seq, PduContext{});  // no banner: the capture starts mid-connection
      continue;
    }
    if (pl.status == PduStatus::Invalid || pl.status == PduStatus::Unframed) {
      not_here(ctx.kind);
      if (first_pass) s->invalid[size_t(d)][seq] = ctx.kind;
      note_context(*s, d, seq, PduContext{});  // Unknown from here: search for the next message
      continue;
    }
    if (pl.status == PduStatus::NeedMore || pl.length > guint64(avail)) {
      if (pinfo->can_desegment && prefs.desegment) {
        pinfo->desegment_offset = offset;
        pinfo->desegment_len =
            pl.status == PduStatus::NeedMore ? DESEGMENT_ONE_MORE_SEGMENT : guint32(pl.length - guint64(avail));
        if (first_pass) s->next_seq[size_t(d)] = seq;  // these bytes come again, reassembled
        return len;
      }
      proto_item* it = proto_tree_add_uint(tt(), hf.pdu, tvb, offset, len - offset, guint32(ctx.kind));
      proto_item_set_text(it, "Part of a %s (TCP reassembly is off)", cephwire::pdu_kind_name(ctx.kind));
      if (first_pass) {
        // Its length is known: the segments that carry the rest are its parts.
        if (pl.status == PduStatus::Complete) parts[seq] = {guint32(seq + pl.length), ctx.kind};
        if (s->parser) s->parser->feed(d, bytes);
      }
      offset = len;
      break;
    }
    const gint n = gint(pl.length);
    tvbuff_t* pdu_tvb = tvb_new_subset_length(tvb, offset, n);
    const char* info = dissect_pdu(pdu_tvb, pinfo, tt(), ctx);
    if (info) {
      col_append_sep_str(pinfo->cinfo, COL_INFO, ", ", info);
      proto_item_append_text(root, ", %s", info);  // "Ceph Messenger, osd_op(42) tid 7 ..."
    }
    if (first_pass && s->parser) s->parser->feed(d, bytes.first(size_t(n)));
    offset += n;
  }
  if (first_pass) s->next_seq[size_t(d)] = ti->seq + guint32(len);
  return len;
}

ws::heur_ret dissect_heur(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data) {
  if (!looks_like_ceph(tvb)) return false;
  conversation_t* conv = find_or_create_conversation(pinfo);
  conversation_set_dissector(conv, handle);
  dissect(tvb, pinfo, tree, data);
  return true;
}

void register_handoff() {
  dissector_add_uint_range_with_preference("tcp.port", cephwire::kCephPortRanges, handle);
  heur_dissector_add("tcp", dissect_heur, "Ceph Messenger over TCP", "msgr_tcp", proto, HEURISTIC_ENABLE);
}

}  // namespace msgr
