// Pieces the v1 and msgr2 layouts share: the message item, its sections and
// the one-line summaries; and the per-protocol entry points.
#pragma once

#include <string>

#include "../struct_fields.h"
#include "builder.h"
#include "cephwire/messages/ceph_text.h"
#include "cephwire/msgr1.h"
#include "cephwire/msgr2.h"

namespace cephwire::layout {

const char* type_name(uint16_t type);  // "osd_op", or "unknown"
// "osd_op(42) tid 7 seq 3 front 221 data 4194304"
std::string message_summary(uint16_t type, uint64_t tid, uint64_t seq, uint32_t front, uint32_t data);
// "Message: osd_op(42) seq 3"
std::string message_label(uint16_t type, uint64_t seq);
// Ceph's text of the message (its front at front_off), as the field
// msg.summary, and the front's fields into `fields`; when the front does not
// decode, a note saying where and why, and the header-only summary (alone
// when o.decode_fronts is off). Returns the one-line summary.
struct MessageFacts {
  uint16_t type = 0, version = 0;
  uint64_t tid = 0, seq = 0;
  EntityName src;
  uint32_t front_off = 0, front_len = 0, data_off = 0, data_len = 0;
  uint32_t middle_off = 0, middle_len = 0;
};
// Also sets out.message (with the transaction the message is part of).
std::string message_text(PduLayout& out, Builder& b, const MessageFacts& m, const LayoutOptions& o,
                         messages::DecodedFields* fields);

// Front (with the fields message_text() decoded of it), middle and data (a
// data source of its own, with its page layout).
struct SectionPlaces {
  uint32_t off[3] = {0, 0, 0};
  uint32_t len[3] = {0, 0, 0};
};
void sections(Builder& b, uint16_t type, uint16_t version, const SectionPlaces& s, uint16_t data_off_field,
              const messages::DecodedFields& front);

// The members of a fixed-layout struct at `base`, as its declaration shows them.
template <class S>
void fixed_fields(Builder& b, const S& s, uint32_t base) {
  wire::for_each_field(s, [&](const auto& f, const auto& m) {
    using T = std::decay_t<decltype(m)>;
    if (!f.name) return;
    const uint32_t at = base + uint32_t(f.off);
    if constexpr (std::is_same_v<T, EntityName>)
      b.text(f.name, at, EntityName::kSize, m.to_string());
    else if (f.show == wire::Show::Features)
      b.features(f.name, at, uint64_t(m));
    else
      b.wire(f.name, at, sizeof(T));
  });
}

void v1_header(Builder& b, const msgr1::MsgHeader& h, const LayoutOptions& o);  // after the MSG tag
void v2_header(Builder& b, uint32_t s0, uint32_t s0len);                         // segment 0 of a MESSAGE

void v1_pdu(PduLayout& out, const PduContext& ctx, Bytes pdu, const LayoutOptions& o);
void v2_pdu(PduLayout& out, const PduContext& ctx, Bytes pdu, const LayoutOptions& o);
void v2_control(Builder& b, uint32_t off, uint32_t len, const msgr2::ControlPayload& p);
// A front's decoded fields (front_off: where the front begins), under a group
// that names the type and version.
// The decoded fields of one section (0 front, 2 data) under a group that
// names the type, version and section.
void decoded_fields(Builder& b, uint32_t section_off, uint8_t section, uint16_t type, uint16_t version,
                    const messages::DecodedFields& f);

}  // namespace cephwire::layout
