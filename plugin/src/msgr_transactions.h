// Requests and replies (msgr_transactions.cc): links, times, failed results.
#pragma once

#include <optional>

#include "cephwire/direction.h"
#include "cephwire/layout.h"
#include "msgr.h"

namespace msgr {

// Where a PDU lies: its conversation (any id unique in the file), direction
// and the sequence number it starts at; together with the frame, one PDU.
struct PduWhere {
  uint64_t conversation = 0;
  cephwire::Dir dir = cephwire::Dir::ToServer;
  guint32 seq = 0;
  bool first_pass = true;
  // The names each direction's sender last gave (the conversation's): the
  // receiver of a message is the other direction's.
  cephwire::EntityName* names = nullptr;
  const struct SecureNote* secure = nullptr;  // the connection's secure mode, as the first pass found it
};

// What the "msgr" tap hands its listeners (msgr_stats.cc), one per message.
struct MsgrTap {
  guint16 type = 0;
  guint32 bytes = 0;              // the PDU's
  const char* sender = nullptr;   // "client.4123"; null when not known
  const char* receiver = nullptr;
  // A reply joined to its request: the request's type, procedure and time.
  bool answered = false;
  guint16 family = 0;
  const char* procedure = nullptr;
  nstime_t request_time = NSTIME_INIT_ZERO;
};
extern int msgr_tap;

// A request, or a reply and the request it answers (the tracker's index).
struct TrackedPlace {
  bool request = true;
  size_t request_index = 0;
};

// A message's request/response items, under `tree` (its PDU's subtree); fills
// the tap record's reply part. nullopt: a reply no request in the capture asked for.
std::optional<TrackedPlace> show_transaction(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree,
                                             const cephwire::LaidMessage& m, const PduWhere& w, MsgrTap& tap);
void register_transaction_fields(expert_module_t* em);

// msgr_stats.cc: the tap, the service response time tables (-z msgr,srt) and
// the statistics tree (-z msgr,tree).
void register_stats();

// msgr_export.cc: Export Objects (the objects osd_ops write and read, and the
// CephFS files they are data of). Every message while an export listens; `p`
// for the ones the tracker joined.
bool exporting_objects();  // does an export listen?
void export_objects(packet_info* pinfo, proto_tree* tree, const cephwire::LaidMessage& m, cephwire::Bytes front,
                    cephwire::Bytes data, const std::optional<TrackedPlace>& p);
void register_export(expert_module_t* em);

}  // namespace msgr
