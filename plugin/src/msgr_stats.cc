// The "msgr" tap and what listens to it, as Wireshark's SMB2 and NFS have
// them: service response time tables (Statistics -> Service Response Time ->
// MSGR, `tshark -z msgr,srt`), one per request type with a row per procedure
// (osd_op's first op, "call rbd.create", mon_command's prefix), and a
// statistics tree (Statistics -> MSGR, `tshark -z msgr,tree`): messages and
// bytes by type and by sender, and each procedure's latency with its p50, p90
// and p99.
#include <cstring>
#include <map>
#include <string>

#include "cephwire/msg_types.h"
#include "cephwire/percentile.h"
#include "msgr_transactions.h"

#include <epan/srt_table.h>
#include <epan/stats_tree.h>
#include <epan/tap.h>

namespace msgr {

int msgr_tap = -1;

namespace {

using namespace cephwire;

// One table per request type, in this order.
constexpr guint16 kFamilies[] = {kMsgOsdOp,    kMsgMonCommand, kMsgMonGetVersion, kMsgStatfs,
                                 kMsgPoolOp,   kMsgGetPoolStats, kMsgAuth,        kMsgClientRequest,
                                 kMsgOsdRepOp, kMsgOsdPing,      kMsgCommand,     kMsgMgrCommand};

void srt_init(struct register_srt*, GArray* srt_array) {
  static std::string names[std::size(kFamilies)], columns[std::size(kFamilies)];
  for (size_t i = 0; i < std::size(kFamilies); ++i) {
    names[i] = msg_type_label(kFamilies[i]);
    columns[i] = names[i] + " procedure";  // tshark prints no table name: the column says which
    // No filter string: a row is a procedure name, not a field value.
    init_srt_table(names[i].c_str(), names[i].c_str(), srt_array, 0, columns[i].c_str(), nullptr, nullptr);
  }
}

// The row of a procedure, added the first time it is seen.
int srt_row(srt_stat_table* t, const char* procedure) {
  for (int i = 0; i < t->num_procs; ++i)
    if (t->procedures[i].procedure && std::strcmp(t->procedures[i].procedure, procedure) == 0) return i;
  init_srt_table_row(t, t->num_procs, procedure);
  return t->num_procs - 1;
}

tap_packet_status srt_packet(void* pss, packet_info* pinfo, epan_dissect_t*, const void* prv, tap_flags_t) {
  const auto* m = static_cast<const MsgrTap*>(prv);
  if (!m->answered || !m->procedure) return TAP_PACKET_DONT_REDRAW;
  auto* data = static_cast<srt_data_t*>(pss);
  for (size_t i = 0; i < std::size(kFamilies); ++i) {
    if (kFamilies[i] != m->family || i >= data->srt_array->len) continue;
    auto* t = g_array_index(data->srt_array, srt_stat_table*, i);
    add_srt_table_data(t, srt_row(t, m->procedure), &m->request_time, pinfo);
    return TAP_PACKET_REDRAW;
  }
  return TAP_PACKET_DONT_REDRAW;
}

const char* const kByType = "Messages by type";
const char* const kBytesByType = "Bytes by type";
const char* const kBySender = "Messages by sender";
const char* const kByPair = "Messages by sender and receiver";
const char* const kByOsd = "Messages to and from each OSD";
const char* const kLatency = "Latency by procedure (us)";
int st_by_type = -1, st_bytes = -1, st_by_sender = -1, st_by_pair = -1, st_by_osd = -1, st_latency = -1;

// Each procedure's latency percentiles, per tree (a GUI may have several
// open): kept exact as replies come, so the tree's last values are the
// capture's (cephwire/percentile.h, as `inspect --ops --json` has them).
struct Percentiles {
  RunningPercentile<gint> p50{0.5}, p90{0.9}, p99{0.99};
};
std::map<stats_tree*, std::map<std::string, Percentiles>>* percentiles = nullptr;

void tree_init(stats_tree* st) {
  if (percentiles) percentiles->erase(st);  // a retap starts over
  st_by_type = stats_tree_create_node(st, kByType, 0, STAT_DT_INT, TRUE);
  st_bytes = stats_tree_create_node(st, kBytesByType, 0, STAT_DT_INT, TRUE);
  st_by_sender = stats_tree_create_node(st, kBySender, 0, STAT_DT_INT, TRUE);
  st_by_pair = stats_tree_create_node(st, kByPair, 0, STAT_DT_INT, TRUE);
  st_by_osd = stats_tree_create_node(st, kByOsd, 0, STAT_DT_INT, TRUE);
  st_latency = stats_tree_create_node(st, kLatency, 0, STAT_DT_INT, TRUE);
}

tap_packet_status tree_packet(stats_tree* st, packet_info*, epan_dissect_t*, const void* prv, tap_flags_t) {
  const auto* m = static_cast<const MsgrTap*>(prv);
  const std::string type = msg_type_label(m->type);
  tick_stat_node(st, kByType, 0, FALSE);
  tick_stat_node(st, type.c_str(), st_by_type, FALSE);
  increase_stat_node(st, kBytesByType, 0, FALSE, gint(m->bytes));
  increase_stat_node(st, type.c_str(), st_bytes, FALSE, gint(m->bytes));
  tick_stat_node(st, kBySender, 0, FALSE);
  const char* sender = m->sender ? m->sender : "(not named)";
  tick_stat_node(st, sender, st_by_sender, FALSE);
  const std::string pair = std::string(sender) + " -> " + (m->receiver ? m->receiver : "(not named)");
  tick_stat_node(st, kByPair, 0, FALSE);
  tick_stat_node(st, pair.c_str(), st_by_pair, FALSE);
  for (const char* n : {m->sender, m->receiver})
    if (n && std::strncmp(n, "osd.", 4) == 0) {
      tick_stat_node(st, kByOsd, 0, FALSE);
      tick_stat_node(st, n, st_by_osd, FALSE);
    }
  return TAP_PACKET_REDRAW;
}

}  // namespace

// The latency of a reply, for the tree: the tap runs after the reply's frame.
static tap_packet_status tree_latency(stats_tree* st, packet_info* pinfo, const MsgrTap& m) {
  nstime_t dt;
  nstime_delta(&dt, &pinfo->abs_ts, &m.request_time);
  const gint us = gint(dt.secs * 1000000 + dt.nsecs / 1000);
  const std::string name = msg_type_label(m.family) + " " + m.procedure;
  avg_stat_node_add_value_int(st, kLatency, 0, FALSE, us);
  const int node = avg_stat_node_add_value_int(st, name.c_str(), st_latency, TRUE, us);
  if (!percentiles) percentiles = new std::map<stats_tree*, std::map<std::string, Percentiles>>;
  Percentiles& p = (*percentiles)[st][name];
  p.p50.add(us), p.p90.add(us), p.p99.add(us);
  // (a stats tree node has a count and no value column: the percentile is the
  // count; made last first, as the tree lists the newest child first)
  set_stat_node(st, "p99 (us)", node, FALSE, p.p99.value());
  set_stat_node(st, "p90 (us)", node, FALSE, p.p90.value());
  set_stat_node(st, "p50 (us)", node, FALSE, p.p50.value());
  return TAP_PACKET_REDRAW;
}

static void tree_cleanup(stats_tree* st) {
  if (percentiles) percentiles->erase(st);
}

static tap_packet_status tree_all(stats_tree* st, packet_info* pinfo, epan_dissect_t* edt, const void* prv,
                                  tap_flags_t flags) {
  tree_packet(st, pinfo, edt, prv, flags);
  const auto* m = static_cast<const MsgrTap*>(prv);
  if (m->answered && m->procedure) tree_latency(st, pinfo, *m);
  return TAP_PACKET_REDRAW;
}

void register_stats() {
  msgr_tap = register_tap("msgr");
  register_srt_table(proto, "msgr", int(std::size(kFamilies)), srt_packet, srt_init, nullptr);
  stats_tree_register_plugin("msgr", "msgr", "MSGR", 0, tree_all, tree_init, tree_cleanup);
}

}  // namespace msgr
