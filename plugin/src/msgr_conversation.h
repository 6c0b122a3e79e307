// A conversation's state (ConvState) and one call of the dissector (Call),
// shared by the files that make up the PDU loop: msgr_framing.cc (the loop,
// contexts by sequence number), msgr_claim.cc (is a connection Ceph, and
// where), msgr_withheld.cc (segments TCP held back), msgr_reorder.h (segments
// out of order).
#pragma once

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "cephwire/parser.h"
#include "cephwire/sync.h"
#include "msgr_fields.h"
#include "msgr_reorder.h"
#include "msgr_secure.h"

extern "C" {
#include <epan/conversation.h>
#include <epan/dissectors/packet-tcp.h>
}

namespace msgr {

using cephwire::Bytes;
using cephwire::PduContext;
using cephwire::PduKind;
using cephwire::PduStatus;

// The first pass's parser: its events are not shown (the layout shows each
// PDU), but what it says of secure mode is kept for every pass.
struct Silent : cephwire::Listener {
  SecureNote secure;
  void on_secure(cephwire::Dir, const cephwire::SecureEvent& e) override {
    if (e.kind == cephwire::SecureEvent::Kind::Opened) secure.key_entity = e.text, secure.key_how = e.how;
    if (e.kind == cephwire::SecureEvent::Kind::NotOpened) secure.not_opened = e.text, secure.had_key = e.had_key;
  }
};

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
  // The name each direction's sender last gave (for the statistics' entity pairs).
  cephwire::EntityName names[2];
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

inline cephwire::Dir dir_of(const ConvState& s, const packet_info* pinfo) {
  const bool to_server = pinfo->destport == s.server_port && addresses_equal(&pinfo->dst, &s.server_addr);
  return to_server ? cephwire::Dir::ToServer : cephwire::Dir::ToClient;
}

// The PDU context at `seq` (first pass: from the parser, recorded where it
// changes; later passes: looked up), and a context the dissector decides itself.
PduContext context_at(ConvState& s, cephwire::Dir d, guint32 seq, bool first_pass);
void note_context(ConvState& s, cephwire::Dir d, guint32 seq, const PduContext& c);

// msgr_claim.cc: does a conversation start like Ceph (the core's rule), and,
// undecided on the first pass, is a boundary confirmed in this segment?
bool looks_like_ceph(tvbuff_t* tvb);
std::optional<ConvState::Claim> probe_midstream(ConvState& s, tvbuff_t* tvb, guint32 seq, cephwire::Dir d);

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

// msgr_withheld.cc: the postdissector that picks up segments TCP held back.
void register_withheld();

}  // namespace msgr
