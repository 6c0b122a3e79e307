// The per-type printers behind ceph_text(), by the family of messages they
// belong to (text_mon.cc: what clients and daemons exchange with a monitor;
// text_osd.cc: OSD requests, maps and the OSDs' reports to the monitor;
// text_mds.cc: CephFS clients, the MDS and its beacons; text_quorum.cc: the
// monitors among themselves).
#pragma once

#include <optional>
#include <string>

#include "cephwire/messages/ceph_text.h"

namespace cephwire::messages::text {

// Ceph's text; with fields, the front's fields too.
using Printer = std::optional<std::string> (*)(const TextInput&, std::string* why, DecodedFields* fields);
// The printer of a type in that family, or nullptr.
Printer mon_printer(uint16_t type);
Printer osd_printer(uint16_t type);
Printer peering_printer(uint16_t type);
Printer mds_printer(uint16_t type);
Printer quorum_printer(uint16_t type);  // text_quorum.cc: among the monitors

// The ops' names of the monitors' messages (get_opname()), nullptr for one
// Ceph does not name.
const char* mon_probe_op_name(uint32_t op);
const char* election_op_name(uint32_t op);
const char* paxos_op_name(uint32_t op);
const char* mon_ping_op_name(uint32_t op);
const char* time_check_op_name(uint32_t op);

// Sets why to "<what> front does not decode (stopped at byte N)".
std::nullopt_t undecoded(std::string* why, const char* what, size_t at);

}  // namespace cephwire::messages::text
