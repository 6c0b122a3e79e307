// The fields of decoded fronts, by message family as the printers give them
// (text_mon.cc, text_osd.cc, text_peering.cc).
#include "cephwire/messages/front_field_specs.h"

#include <algorithm>
#include <array>

#include "cephwire/auth.h"
#include "cephwire/messages/osd_op.h"

namespace cephwire::messages {

namespace {

using K = ValueKind;

const char* op_name(uint32_t v) { return osd_op_name(uint16_t(v)); }
const char* ping_name(uint32_t v) { return osd_ping_op_name(v); }
const char* auth_name(uint32_t v) {
  return v == kAuthNone || v == kAuthCephx || v == kAuthGss ? auth_method_name(v) : nullptr;
}

constexpr FrontFieldSpec kSpecs[] = {
    // Fields several types share.
    {"result", K::Errno, 32, false, "Result", "0 or a negative errno (osd_op_reply, auth_reply)"},
    {"paxos.version", K::Uint, 64, false, "Paxos version", "The version of the sender's map (PaxosServiceMessage)"},
    {"pg.pgid", K::Text, 0, false, "Placement group", "pool.seed (hex), with sN for a shard"},
    {"pg.epoch", K::Uint, 32, false, "Map epoch", "The OSD map epoch the message was sent at"},
    {"pg.min_epoch", K::Uint, 32, false, "Min epoch", "The oldest epoch the message is valid in (query epoch)"},

    // Monitor clients (text_mon.cc).
    {"mon_map.fsid", K::Text, 0, false, "Cluster fsid", "The cluster fsid of the monitor map"},
    {"mon_map.epoch", K::Uint, 32, false, "Monitor map epoch", "The epoch of the monitor map"},
    {"mon_subscribe.item", K::Group, 0, false, "Subscription", "One map subscribed to: name=start, + when ongoing"},
    {"mon_subscribe.what", K::Text, 0, false, "Map", "The map subscribed to (osdmap, monmap, config, mgrmap, ...)"},
    {"mon_subscribe.start", K::Uint, 64, false, "Start", "The first version wanted"},
    {"mon_subscribe.flags", K::Uint, 8, true, "Flags", "CEPH_SUBSCRIBE_ONETIME (1): send once"},
    {"mon_subscribe.hostname", K::Text, 0, false, "Hostname", "The subscriber's host"},
    {"auth.protocol", K::Uint, 32, false, "Auth protocol", "Auth protocol of the request or reply (0: the first request)",
     auth_name, kAuthGss},
    {"auth.payload_len", K::Uint, 32, false, "Payload length", "Length of the auth protocol's payload"},
    {"auth.name", K::Text, 0, false, "Entity name", "Entity name authenticating (client.admin, osd.0, ...)"},
    {"auth.monmap_epoch", K::Uint, 32, false, "Monitor map epoch", "The monitor map epoch the client has"},
    {"auth.global_id", K::Uint, 64, false, "Global id", "Global id the monitor assigns"},
    {"auth.result_len", K::Uint, 32, false, "Result length", "Length of the auth protocol's reply"},
    {"auth.result_msg", K::Text, 0, false, "Message", "The monitor's words on the result"},
    {"mon_get_version.handle", K::Uint, 64, false, "Handle", "Ties a reply to its request"},
    {"mon_get_version.what", K::Text, 0, false, "Map", "The map whose version is asked (osdmap, mdsmap, ...)"},
    {"mon_get_version.version", K::Uint, 64, false, "Version", "The newest version the monitor has"},
    {"mon_get_version.oldest_version", K::Uint, 64, false, "Oldest version", "The oldest version the monitor has"},
    {"mon_command.fsid", K::Text, 0, false, "Cluster fsid", "Cluster fsid the command is meant for"},
    {"statfs.fsid", K::Text, 0, false, "Cluster fsid", "The cluster whose usage is asked or told"},
    {"poolop.fsid", K::Text, 0, false, "Cluster fsid", "The cluster the pool op is meant for"},
    {"poolop.pool", K::Uint, 32, false, "Pool", "The pool the op acts on"},
    {"poolop.op", K::Text, 0, false, "Op", "What is asked (create, delete, create snap, create unmanaged snap, ...)"},
    {"poolop.snapid", K::Uint, 64, false, "Snap id", "The snapshot the op names (delete unmanaged snap)"},
    {"poolop.name", K::Text, 0, false, "Name", "The pool's or the snapshot's name"},
    {"poolop.epoch", K::Uint, 32, false, "Epoch", "The OSD map epoch that has the change"},
    {"statfs.data_pool", K::Int, 64, false, "Data pool", "The pool a CephFS client asks about (its file system's data pool)"},
    {"statfs.version", K::Uint, 64, false, "Version", "The PG map version the usage comes from"},
    {"mon_command.cmd", K::Text, 0, false, "Command", "The monitor command (JSON)"},
    {"mon_command_ack.r", K::Errno, 32, false, "Return code", "The command's return code (negative errno on failure)"},
    {"mon_command_ack.rs", K::Text, 0, false, "Status", "The command's status text"},
    {"log.entries", K::Uint, 32, false, "Entries", "How many log entries the message holds"},
    {"log.entry", K::Group, 0, false, "Entry", "One cluster log entry"},
    {"log.name", K::Text, 0, false, "Who", "The entity that logged it"},
    {"log.stamp", K::Text, 0, false, "Stamp", "When it was logged (UTC)"},
    {"log.seq", K::Uint, 64, false, "Seq", "The entry's sequence number"},
    {"log.msg", K::Text, 0, false, "Text", "What was logged"},
    {"log.channel", K::Text, 0, false, "Channel", "The log channel (cluster, audit)"},
    {"log.last", K::Uint, 64, false, "Last", "The last entry the monitor has"},
    {"config.keys", K::Uint, 32, false, "Keys", "How many options the message sets"},
    {"config.name", K::Text, 0, false, "Option", "An option's name"},
    {"config.value", K::Text, 0, false, "Value", "An option's value"},
    {"mgrmap.epoch", K::Uint, 32, false, "Manager map epoch", "The epoch of the manager map"},

    // OSD requests, maps and reports (text_osd.cc).
    {"osd_op.pg", K::Text, 0, false, "Placement group", "The op's spg: pool.seed (hex), sN for a shard"},
    {"osd_op.pool", K::Int, 64, false, "Pool", "Pool id of the op's placement group"},
    {"osd_op.hash", K::Uint, 32, true, "Object hash", "The object name's hash (its raw pg seed)"},
    {"osd_op.epoch", K::Uint, 32, false, "OSD map epoch", "OSD map epoch the client sent the op at"},
    {"osd_op.flags", K::OsdFlags, 32, true, "Flags", "CEPH_OSD_FLAG_* of the request"},
    {"osd_op.reqid", K::Text, 0, false, "Request id", "osd_reqid_t: client.inc:tid (a client's own name from its "
                                                      "header or the msgr2 handshake)"},
    {"osd_op.client_inc", K::Int, 32, false, "Client incarnation", "The client's incarnation"},
    {"osd_op.mtime", K::Text, 0, false, "Mtime", "Modification time the client sets (UTC)"},
    {"osd_op.locator_pool", K::Int, 64, false, "Locator pool", "Pool of the object locator"},
    {"osd_op.key", K::Text, 0, false, "Locator key", "Object locator key"},
    {"osd_op.nspace", K::Text, 0, false, "Namespace", "Object namespace"},
    {"osd_op.oid", K::Text, 0, false, "Object", "Object name"},
    {"osd_op.op", K::Group, 0, false, "Op", "One op of the request (writefull, read, stat, call, ...), with its arguments"},
    {"osd_op.op.code", K::Uint, 16, true, "Code", "CEPH_OSD_OP_*", op_name, 0xffff},
    {"osd_op.op.flags", K::Uint, 32, true, "Op flags", "CEPH_OSD_OP_FLAG_* (excl, failok, fadvise_*)"},
    {"osd_op.extent.offset", K::Uint, 64, false, "Offset", "Extent offset"},
    {"osd_op.extent.length", K::Uint, 64, false, "Length", "Extent length"},
    {"osd_op.extent.truncate_size", K::Uint, 64, false, "Truncate size", "Extent truncate size"},
    {"osd_op.extent.truncate_seq", K::Uint, 32, false, "Truncate seq", "Extent truncate sequence"},
    {"osd_op.xattr.name_len", K::Uint, 32, false, "Name length", "Length of the attribute's name"},
    {"osd_op.xattr.value_len", K::Uint, 32, false, "Value length", "Length of the attribute's value"},
    {"osd_op.cls.class_len", K::Uint, 8, false, "Class length", "Length of the class name"},
    {"osd_op.cls.method_len", K::Uint, 8, false, "Method length", "Length of the method name"},
    {"osd_op.cls.indata_len", K::Uint, 32, false, "Input length", "Length of the method's input"},
    {"osd_op.pgls.count", K::Uint, 64, false, "Count", "How many objects to list"},
    {"osd_op.pgls.start_epoch", K::Uint, 32, false, "Start epoch", "The epoch the listing began at"},
    {"osd_op.op.payload_len", K::Uint, 32, false, "Payload length", "The op's bytes in the data section (in: "
                                                                    "request; out: reply)"},
    {"osd_op.snapid", K::Uint, 64, true, "Snap id", "The snapshot read (0xfffffffffffffffe: head)"},
    {"osd_op.snap_seq", K::Uint, 64, false, "Snap seq", "The snap context's seq"},
    {"osd_op.snaps", K::Uint, 32, false, "Snaps", "How many snapshots the snap context holds"},
    {"osd_op.attempts", K::Int, 32, false, "Attempts", "How often the client has sent the op"},
    {"osd_op.features", K::Uint, 64, true, "Features", "The client's features"},
    {"osd_op_reply.pg", K::Text, 0, false, "Placement group", "The op's pg: pool.seed (hex)"},
    {"osd_op_reply.flags", K::OsdFlags, 64, true, "Flags", "CEPH_OSD_FLAG_* of the reply (ack, ondisk)"},
    {"osd_op_reply.epoch", K::Uint, 32, false, "OSD map epoch", "The OSD's map epoch"},
    {"osd_op_reply.rval", K::Errno, 32, false, "Op result", "One op's result (0 or a negative errno)"},
    {"osd_op_reply.version", K::Text, 0, false, "Version", "The pg log version of the op (epoch'version)"},
    {"osd_op_reply.user_version", K::Uint, 64, false, "User version", "The object's user version"},
    {"osd_map.fsid", K::Text, 0, false, "Cluster fsid", "The cluster fsid"},
    {"osd_map.incremental", K::Uint, 32, false, "Incremental map", "The epoch of an incremental map the message holds"},
    {"osd_map.full", K::Uint, 32, false, "Full map", "The epoch of a full map the message holds"},
    {"osd_map.oldest", K::Uint, 32, false, "Oldest map", "The oldest map the sender has"},
    {"osd_map.newest", K::Uint, 32, false, "Newest map", "The newest map the sender has"},
    {"osd_boot.osd", K::Int, 32, false, "OSD", "The OSD that booted (its superblock's whoami)"},
    {"osd_boot.boot_epoch", K::Uint, 32, false, "Boot epoch", "The epoch the OSD booted in"},
    {"osd_boot.features", K::Uint, 64, true, "Features", "The OSD's features"},
    {"osd_alive.want", K::Uint, 32, false, "Want up_thru", "The up_thru the OSD asks for"},
    {"osd_mark_me_down.fsid", K::Text, 0, false, "Cluster fsid", "The cluster fsid"},
    {"osd_mark_me_down.osd", K::Int, 32, false, "OSD", "The OSD to mark down"},
    {"osd_mark_me_down.addrs", K::Text, 0, false, "Addresses", "The OSD's addresses"},
    {"osd_mark_me_down.epoch", K::Uint, 32, false, "Epoch", "The epoch the OSD asks in"},
    {"osd_mark_me_down.request_ack", K::Uint, 8, false, "Request ack", "Whether the OSD waits for an ack"},
    {"osd_mark_me_down.down_and_dead", K::Uint, 8, false, "Down and dead", "Whether to mark it dead too"},
    {"osd_beacon.pg", K::Text, 0, false, "Placement group", "A pg the OSD is primary of"},
    {"osd_beacon.min_last_epoch_clean", K::Uint, 32, false, "Min last epoch clean", "The OSD's oldest clean epoch"},
    {"osd_beacon.last_purged_snaps_scrub", K::Text, 0, false, "Last purged snaps scrub", "When (UTC)"},
    {"osd_beacon.report_interval", K::Uint, 32, false, "Report interval", "osd_beacon_report_interval (s)"},
    {"pg_create2.pg", K::Group, 0, false, "PG", "A pg to create: spg=created epoch,stamp"},
    {"pg_create2.created", K::Uint, 32, false, "Created", "The epoch the pg was created in"},
    {"pg_create2.stamp", K::Text, 0, false, "Stamp", "When the pg was created (UTC)"},

    // Peering and replication between OSDs (text_peering.cc).
    {"osd_ping.map_epoch", K::Uint, 32, false, "Map epoch", "The sender's OSD map epoch"},
    {"osd_ping.op", K::Uint, 8, false, "Op", "MOSDPing op", ping_name, 5},
    {"osd_ping.ping_stamp", K::Text, 0, false, "Ping stamp", "When the ping was sent (UTC)"},
    {"osd_ping.up_from", K::Uint, 32, false, "Up from", "The epoch the sender is up from"},
    {"osd_repop.reqid", K::Text, 0, false, "Request id", "The client request replicated"},
};

constexpr bool unique_names() {
  for (size_t i = 1; i < std::size(kSpecs); ++i)
    for (size_t j = 0; j < i; ++j)
      if (std::string_view(kSpecs[i].name) == kSpecs[j].name) return false;
  return true;
}
static_assert(unique_names(), "a front field is declared twice");

}  // namespace

std::span<const FrontFieldSpec> front_field_specs() { return kSpecs; }

const FrontFieldSpec* front_field_spec(std::string_view name) {
  auto it = std::find_if(std::begin(kSpecs), std::end(kSpecs), [&](const FrontFieldSpec& s) { return s.name == name; });
  return it == std::end(kSpecs) ? nullptr : &*it;
}

}  // namespace cephwire::messages
