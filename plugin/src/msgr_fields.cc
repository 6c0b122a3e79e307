// The protocol, its preferences, subtrees and expert entries, and the value
// strings several layers' fields share. Each layer registers its own fields:
// msgr_framing.cc (PDUs, gaps, held and reordered bytes), msgr_fields_common.cc,
// msgr_fields_v1.cc, msgr_fields_v2.cc, msgr_fields_message.cc,
// msgr_fields_front.cc (what the core lays out, file by file as core/src/layout
// has it), and the feature bits here.
#include "msgr_fields.h"
#include "msgr_secure.h"
#include "msgr_transactions.h"

#include <string>
#include <vector>

#include "cephwire/auth.h"
#include "cephwire/feature_list.h"
#include "cephwire/msg_types.h"

namespace msgr {

int proto = -1;
dissector_handle_t handle = nullptr;
Prefs prefs;
Fields hf;
Subtrees ett;
Experts ei;

// value_strings built from the core's tables, so the names live in one place.
std::vector<value_string> msg_type_vals() {
  size_t n = 0;
  const cephwire::MsgTypeEntry* t = cephwire::msg_type_table(&n);
  std::vector<value_string> v;
  for (size_t i = 0; i < n; ++i) v.push_back({t[i].type, t[i].name});
  v.push_back({0, nullptr});
  return v;
}

std::vector<value_string> tag_names(unsigned lo, unsigned hi, const char* (*name)(uint8_t)) {
  std::vector<value_string> v;
  for (unsigned i = lo; i <= hi; ++i)
    if (const char* s = name(uint8_t(i))) v.push_back({i, s});
  v.push_back({0, nullptr});
  return v;
}

const value_string kAuth[] = {{cephwire::kAuthUnknown, cephwire::auth_method_name(cephwire::kAuthUnknown)},
                              {cephwire::kAuthNone, cephwire::auth_method_name(cephwire::kAuthNone)},
                              {cephwire::kAuthCephx, cephwire::auth_method_name(cephwire::kAuthCephx)},
                              {cephwire::kAuthGss, cephwire::auth_method_name(cephwire::kAuthGss)},
                              {0, nullptr}};
const value_string kEntity[] = {{1, "mon"}, {2, "mds"}, {4, "osd"}, {8, "client"}, {0x10, "mgr"}, {0x20, "auth"},
                                {0xff, "any"}, {0, nullptr}};

namespace {

// msgr.feature.<name>: one boolean per CEPH_FEATURE bit, from the core's list
// (fixed at compile time; the first name of a shared bit makes the filter name).
void register_feature_bits() {
#define MSGR_FEATURE(b, name, filter) \
  {&hf.feature_bit[b], {name, "msgr.feature." filter, FT_BOOLEAN, 64, nullptr, 1ull << b, "CEPH_FEATURE bit " #b, HFILL}},
#define MSGR_RETIRED(b) \
  {&hf.feature_bit[b], {"retired", "msgr.feature.bit" #b, FT_BOOLEAN, 64, nullptr, 1ull << b, \
                        "CEPH_FEATURE bit " #b ", retired and not reused", HFILL}},
  static hf_register_info bits[] = {CEPHWIRE_CEPH_FEATURES(MSGR_FEATURE, MSGR_RETIRED)};
#undef MSGR_FEATURE
#undef MSGR_RETIRED
  static_assert(array_length(bits) == 64);
  proto_register_field_array(proto, bits, array_length(bits));
}

}  // namespace

void register_fields() {
  static gint* subtrees[] = {&ett.proto, &ett.pdu, &ett.msg, &ett.header, &ett.footer, &ett.preamble,
                             &ett.segment, &ett.epilogue, &ett.payload, &ett.data, &ett.addr, &ett.features, &ett.front,
                             &ett.osd_flags};
  static ei_register_info experts[] = {
      {&ei.crc_bad, {"msgr.crc.bad", PI_CHECKSUM, PI_ERROR, "Bad CRC32C", EXPFILL}},
      {&ei.encrypted, {"msgr.encrypted", PI_SECURITY, PI_NOTE, "msgr2 secure mode: the rest of this direction is encrypted", EXPFILL}},
      {&ei.malformed, {"msgr.malformed", PI_MALFORMED, PI_ERROR, "Malformed", EXPFILL}},
      {&ei.skipped, {"msgr.skipped", PI_SEQUENCE, PI_WARN, "Bytes skipped", EXPFILL}},
      {&ei.aborted, {"msgr.aborted", PI_SEQUENCE, PI_NOTE, "The sender aborted this message", EXPFILL}},
      {&ei.late_unknown, {"msgr.v2.late_status.unknown", PI_PROTOCOL, PI_WARN, "Epilogue status bits Ceph does not define",
                          EXPFILL}},
      {&ei.compressed, {"msgr.compressed", PI_UNDECODED, PI_NOTE, "Compressed frame: segments not decoded", EXPFILL}},
      {&ei.undecoded, {"msgr.front.undecoded", PI_UNDECODED, PI_NOTE, "Message front not decoded", EXPFILL}},
      {&ei.gap, {"msgr.gap", PI_SEQUENCE, PI_WARN, "Capture gap", EXPFILL}},
      {&ei.reordered, {"msgr.reordered", PI_SEQUENCE, PI_NOTE,
                       "TCP passed segments out of order; turn on tcp.reassemble_out_of_order", EXPFILL}},
  };

  proto = proto_register_protocol("Ceph Messenger", "MSGR", "msgr");
  register_framing_fields();
  register_common_fields();
  register_v1_fields();
  register_v2_fields();
  register_message_fields();
  register_front_fields();
  register_feature_bits();
  proto_register_subtree_array(subtrees, array_length(subtrees));
  expert_module_t* em = expert_register_protocol(proto);
  expert_register_field_array(em, experts, array_length(experts));
  register_transaction_fields(em);
  register_export(em);
  register_stats();

  module_t* m = prefs_register_protocol(proto, nullptr);
  register_secure(m, em);
  prefs_register_bool_preference(m, "verify_crc", "Verify CRC32C",
                                 "Check every header, front, middle, data, preamble and segment CRC",
                                 &prefs.verify_crc);
  prefs_register_bool_preference(m, "zero_crc_unset", "A zero CRC means not computed",
                                 "Senders with `ms crc header = false` put 0 in header, front and middle CRCs",
                                 &prefs.zero_crc_unset);
  prefs_register_bool_preference(m, "decode_fronts", "Decode message fronts",
                                 "Show each message in Ceph's own words (its print(), as a daemon logs it) and its "
                                 "front's fields; off: the header's summary, the front as bytes",
                                 &prefs.decode_fronts);
  prefs_register_bool_preference(m, "desegment", "Reassemble messages spanning TCP segments",
                                 "Needs TCP's \"Allow subdissectors to reassemble TCP streams\"", &prefs.desegment);
  handle = register_dissector("msgr", dissect, proto);
}

}  // namespace msgr
