// Fields both protocols lay out (core/src/layout/builder.cc, v1_layout.cc,
// v2_layout.cc): the messenger version and banner, entity addresses with
// their parts, the nonce, acks and keepalive stamps.
#include "msgr_fields.h"


namespace msgr {

namespace {

const value_string kVersions[] = {{1, "msgr v1"}, {2, "msgr2"}, {0, nullptr}};
const value_string kAddrTypes[] = {{0, "none"}, {1, "legacy"}, {2, "msgr2"}, {3, "any"}, {0, nullptr}};

// Looked up by name when the core lays them out; the ids live here.
struct {
  int version = -1, banner = -1, addr = -1, peer_addr = -1, nonce = -1, ack_seq = -1, stamp_sec = -1,
      stamp_nsec = -1, addr_type = -1, addr_ipv4 = -1, addr_ipv6 = -1, addr_port = -1, addr_nonce = -1;
} id;

}  // namespace

void register_common_fields() {
  static hf_register_info fields[] = {
      {&id.version, {"Messenger version", "msgr.version", FT_UINT8, BASE_DEC, VALS(kVersions), 0, "Messenger protocol of this connection: 1 (msgr v1) or 2 (msgr2)", HFILL}},
      {&id.banner, {"Banner", "msgr.banner", FT_STRING, BASE_NONE, nullptr, 0, "The banner text a peer sends first (\"ceph v027\" or \"ceph v2\")", HFILL}},
      {&id.addr, {"Address", "msgr.addr", FT_STRING, BASE_NONE, nullptr, 0, "An entity address as Ceph prints it (type:ip:port/nonce)", HFILL}},
      {&id.peer_addr, {"Peer address", "msgr.peer_addr", FT_STRING, BASE_NONE, nullptr, 0, "The address the sender sees for its peer", HFILL}},
      {&id.nonce, {"Nonce", "msgr.nonce", FT_UINT32, BASE_DEC, nullptr, 0, "The address nonce: tells one process's messenger from another's", HFILL}},
      {&id.ack_seq, {"Acknowledged seq", "msgr.ack", FT_UINT64, BASE_DEC, nullptr, 0, "The highest message seq the sender acknowledges", HFILL}},
      {&id.stamp_sec, {"Timestamp (s)", "msgr.keepalive.sec", FT_UINT32, BASE_DEC, nullptr, 0, "KEEPALIVE2 timestamp, seconds", HFILL}},
      {&id.stamp_nsec, {"Timestamp (ns)", "msgr.keepalive.nsec", FT_UINT32, BASE_DEC, nullptr, 0, "KEEPALIVE2 timestamp, nanoseconds", HFILL}},
      {&id.addr_type, {"Address type", "msgr.addr.type", FT_UINT32, BASE_DEC, VALS(kAddrTypes), 0,
                       "entity_addr_t type: 1 legacy (msgr v1), 2 msgr2, 3 any", HFILL}},
      {&id.addr_ipv4, {"IPv4 address", "msgr.addr.ipv4", FT_IPv4, BASE_NONE, nullptr, 0,
                       "The IPv4 address of an entity address", HFILL}},
      {&id.addr_ipv6, {"IPv6 address", "msgr.addr.ipv6", FT_IPv6, BASE_NONE, nullptr, 0,
                       "The IPv6 address of an entity address", HFILL}},
      {&id.addr_port, {"Port", "msgr.addr.port", FT_UINT16, BASE_DEC, nullptr, 0, "The port of an entity address",
                       HFILL}},
      {&id.addr_nonce, {"Address nonce", "msgr.addr.nonce", FT_UINT32, BASE_DEC, nullptr, 0,
                        "The nonce of an entity address: tells one process's messenger from another's", HFILL}},
  };
  proto_register_field_array(proto, fields, array_length(fields));
}

}  // namespace msgr
