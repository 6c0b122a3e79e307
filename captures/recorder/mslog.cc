// cephwire-mslog: turns the `debug ms = 1` logs of a recorded cluster into the
// capture's manifest: per connection, the messages each side received (the
// `<==` lines; `-->` lines over-count at shutdown), by type and count, with
// seq and lengths; and what each side sent (`-->`), an upper bound: a message
// can be on the wire and never read by a process that was shutting down, and
// a queued one may never reach the wire. Logs name clients by address nonce, not by TCP port, so a
// connection is keyed by (client nonce, daemon address). Each received message
// keeps Ceph's own text of it (its print(), as logged between "==== " and the
// " vN ====" that Ceph before 20 appends; Ceph 20 logs no version there).
//
//   cephwire-mslog --capture FILE --scenario NAME [--ceph VERSION] [--object NAME:SIZE:SHA256]... [--file PATH:SIZE:SHA256]... [--file-before-mds-restart PATH:SIZE:SHA256]... LOG...
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cephwire/msg_types.h"
#include "manifest.h"

using nlohmann::json;

namespace {

// What Ceph's Message::print() writes first, for the types a small cluster
// exchanges. A name missing here stops the reduction with the log line, so
// that no message is silently left out.
const std::map<std::string, uint16_t> kPrintNames = {
    {"auth", 17},
    // CephFS: the MDS's, its clients' and the MDS's beacons to the monitor (the
    // MDS's messages to itself, mds_table_request, mds_metrics, mdsping, are local).
    {"client_caps", 0x310},
    {"client_cap_release", 0x313},
    {"client_lease", 0x311},
    {"client_metrics", 29},
    {"client_quota", 0x314},
    {"client_reconnect", 23},
    {"client_reply", 26},
    {"client_request", 24},
    {"client_request_forward", 25},
    {"client_session", 22},
    {"client_snap", 0x312},
    {"fsmap", 45},
    {"mds_metrics", 0x501},
    {"mds_table_request", 102},
    {"mdsbeacon", 100},
    {"mdsmap", 21},
    {"mdsping", 0x502},
    {"auth_reply", 18},
    {"config", 62},
    {"get_config", 63},
    {"getpoolstats", 58},
    {"getpoolstatsreply", 59},
    {"log", 52},  // log(N entries ...) ; log(last N) is the ack, told apart below
    {"mgrmap", 0x704},
    {"mon_command", 50},
    {"mon_command_ack", 51},
    {"mon_get_version", 19},
    {"mon_get_version_reply", 20},
    {"mon_map", 4},
    {"mon_getmap", 5},
    {"mon_subscribe", 15},
    {"mon_subscribe_ack", 16},
    // Between monitors (MMonProbe, MMonElection, MMonPaxos, MRoute, MForward,
    // MMonPing, MTimeCheck2 (which prints as MTimeCheck did), MMonHealthChecks).
    {"mon_probe", 67},
    {"election", 65},
    {"paxos", 66},
    {"route", 47},
    {"forward", 46},
    {"mon_ping", 140},
    {"time_check", 0x609},
    {"mon_health_checks", 0x608},
    {"MOSDMarkMeDown", 74},
    {"osd_alive", 73},
    {"osd_beacon", 79},
    {"osd_boot", 71},
    {"osd_failure", 72},
    {"osd_map", 41},
    {"osd_op", 42},
    {"osd_op_reply", 43},
    {"osd_pg_created", 116},
    {"osd_ping", 70},
    {"osd_pgtemp", 78},
    {"pg_create2", 120},
    {"pool_op", 49},
    {"pool_op_reply", 48},
    {"pg_created", 116},
    {"pg_info2", 132},
    {"pg_lease", 133},
    {"pg_lease_ack", 134},
    {"pg_log", 83},
    {"PGlog", 83},  // Ceph 20 prints MOSDPGLog so
    {"pg_notify2", 130},
    {"pg_notify", 80},
    {"pg_query2", 131},
    {"poolop", 49},
    {"poolop_reply", 48},
    {"osd_repop", 112},
    {"osd_repop_reply", 113},
    {"mon_get_purged_snaps", 76},
    {"mon_get_purged_snaps_reply", 77},
    {"statfs", 13},
    {"statfs_reply", 14},
    {"ping", 2},
    {"watch-notify", 44},
    {"service_map", 0x707},
    {"mgropen", 0x700},
    {"mgrconfigure", 0x701},
    {"mgrreport", 0x702},
    {"mgrbeacon", 0x703},
    {"mgrdigest", 0x705},
    {"time_check", 0x600},
};

struct Addr {
  std::string type;  // v1, v2, any or "" (legacy print without a type)
  std::string host;  // ip:port
  uint64_t nonce = 0;
};

// "v2:127.0.0.1:3300/0" or "127.0.0.1:0/123"
Addr parse_addr(const std::string& s) {
  Addr a;
  std::string rest = s;
  auto colon = rest.find(':');
  if (colon != std::string::npos && (rest.compare(0, 3, "v1:") == 0 || rest.compare(0, 3, "v2:") == 0 ||
                                     rest.compare(0, 4, "any:") == 0)) {
    a.type = rest.substr(0, colon);
    rest = rest.substr(colon + 1);
  }
  auto slash = rest.rfind('/');
  a.host = rest.substr(0, slash);
  if (slash != std::string::npos) a.nonce = std::stoull(rest.substr(slash + 1));
  return a;
}

// "[v2:127.0.0.1:3300/0,v1:127.0.0.1:6789/0]" or a single address.
std::vector<Addr> parse_addrvec(std::string s) {
  std::vector<Addr> v;
  if (!s.empty() && s.front() == '[') s = s.substr(1, s.size() - 2);
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    std::string one = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!one.empty()) v.push_back(parse_addr(one));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return v;
}

bool is_client_addr(const Addr& a) { return a.host.size() >= 2 && a.host.compare(a.host.size() - 2, 2, ":0") == 0; }

struct Conn {
  uint64_t client_nonce = 0;
  std::string daemon;  // ip:port
  std::string client_name, daemon_name;
  bool secure = false;
  std::map<uint16_t, uint64_t> by_type[2];  // received by server, by client
  std::map<uint16_t, uint64_t> sent[2];     // sent client->server, server->client
  std::vector<json> messages;
};

}  // namespace

int main(int argc, char** argv) {
  std::string capture, scenario, auth, mode, keyring, ceph = "16.2";
  bool zero_crc_unset = false;  // the senders write 0 for CRCs they do not compute
  std::vector<std::string> logs, objects, files, files_before;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "cephwire-mslog: " << a << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--capture") capture = value();
    else if (a == "--scenario") scenario = value();
    else if (a == "--auth") auth = value();
    else if (a == "--mode") mode = value();
    else if (a == "--ceph") ceph = value();
    else if (a == "--zero-crc-unset") zero_crc_unset = true;
    else if (a == "--keyring") keyring = value();
    else if (a == "--object") objects.push_back(value());
    else if (a == "--file") files.push_back(value());
    else if (a == "--file-before-mds-restart") files_before.push_back(value());
    else logs.push_back(a);
  }
  if (capture.empty() || logs.empty()) {
    std::cerr << "usage: cephwire-mslog --capture FILE --scenario NAME [--object NAME:SIZE:SHA256]... [--file PATH:SIZE:SHA256]... LOG...\n";
    return 2;
  }

  // <== : 2026-...  THREAD  1 -- ME <== PEERNAME PEERADDR SEQ ==== PRINT ==== F+M+D (MODE C C C) PTR con PTR
  // --> : 2026-...  THREAD  1 -- ME --> PEERADDR -- PRINT -- PTR con PTR   (ME may still be empty)
  static const std::regex recv_re(
      R"(^\S+ \S+\s+1 -- (\S+) <== (\S+) (\S+) (\d+) ==== (.*) ==== (\d+)\+(\d+)\+(\d+) \((\S+) \d+ \d+ \d+\) \S+ con (\S+)$)");
  static const std::regex send_re(R"(^\S+ \S+\s+1 -- (\S*) --> (\S+) -- (.*) -- \S+ con (\S+)$)");
  static const std::regex name_re(R"(^([A-Za-z_\-0-9]+))");
  // Ceph before 20 writes the header version after print() when it is not 0
  // (operator<< of Message): " v8". Taken off, the text is print()'s alone.
  static const std::regex version_re(R"(^(.*) v(\d+)$)");
  const bool appends_version = std::stoi(ceph) < 20;

  struct Line {
    bool received = false;
    std::string me, peer, peer_name, print, mode, con, where;
    std::string text;  // print() alone
    int version = -1;  // the header version the log appended, when it did
    uint64_t seq = 0;
    uint32_t front = 0, middle = 0, data = 0;
    int accepted = -1;  // 1: this process accepted the connection, 0: it dialled, -1: not logged
  };

  auto type_of = [&](const Line& l, uint16_t* type) {
    std::smatch nm;
    std::regex_search(l.print, nm, name_re);
    const std::string name = nm[1];
    if (name == "log" && l.print.compare(0, 9, "log(last ") == 0) {
      *type = 53;  // MLogAck prints "log(last N)"
      return true;
    }
    auto it = kPrintNames.find(name);
    if (it == kPrintNames.end()) {
      std::cerr << "cephwire-mslog: " << l.where << ": unknown message name '" << name << "'; add it to kPrintNames\n";
      return false;
    }
    *type = it->second;
    return true;
  };

  std::map<std::pair<uint64_t, std::string>, Conn> conns;
  uint64_t total = 0, unattributed = 0;
  // Which of two bound daemons serves the other: the monitor everyone, the
  // manager the OSDs and MDSs, an OSD the MDSs (-1: not a daemon kind).
  auto rank = [](const std::string& name) {
    for (auto [kind, r] : {std::pair{"mon.", 3}, {"mgr.", 2}, {"osd.", 1}, {"mds.", 0}})
      if (name.compare(0, 4, kind) == 0) return r;
    return -1;
  };
  for (const auto& path : logs) {
    // The log's own daemon, from its name (mds.a.1234.log).
    const std::string base = path.substr(path.find_last_of('/') + 1);
    const int my_rank = rank(base);
    std::map<std::string, std::string> con_peer;  // a connection's peer, from what it received
    std::ifstream f(path);
    if (!f) {
      std::cerr << "cephwire-mslog: cannot read " << path << "\n";
      return 1;
    }
    std::vector<Line> lines;
    std::map<std::string, std::string> con_me;  // a connection's own address, once known
    // Who opened each connection, where the log says: Ceph logs ".connect" on
    // the side that dials and ".accept" on the side that answers.
    std::map<std::string, bool> con_accepted;
    static const std::regex role_re(R"(conn\((0x[0-9a-f]+) .*\)\.(connect|accept)$)");
    std::string text;
    size_t lineno = 0;
    while (std::getline(f, text)) {
      ++lineno;
      const bool recv = text.find(" <== ") != std::string::npos;
      const bool send = !recv && text.find(" --> ") != std::string::npos && text.find(" ==== ") == std::string::npos;
      std::smatch m;
      if (!recv && !send) {
        if (text.find(").connect") != std::string::npos || text.find(").accept") != std::string::npos)
          if (std::regex_search(text, m, role_re)) con_accepted[m[1]] = m[2] == "accept";
        continue;
      }
      Line l;
      l.where = path + ":" + std::to_string(lineno);
      if (recv) {
        if (!std::regex_match(text, m, recv_re)) {
          std::cerr << "cephwire-mslog: " << l.where << ": unexpected <== line: " << text << "\n";
          return 1;
        }
        l.received = true;
        l.me = m[1];
        l.peer_name = m[2];
        l.peer = m[3];
        l.seq = std::stoull(m[4]);
        l.print = m[5];
        if (std::smatch v; appends_version && std::regex_match(l.print, v, version_re)) {
          l.text = v[1];
          l.version = std::stoi(v[2]);
        } else {
          l.text = l.print;
        }
        l.front = uint32_t(std::stoul(m[6]));
        l.middle = uint32_t(std::stoul(m[7]));
        l.data = uint32_t(std::stoul(m[8]));
        l.mode = m[9];
        l.con = m[10];
      } else {
        if (!std::regex_match(text, m, send_re)) continue;  // other "-->" lines (connection state) are not sends
        l.me = m[1];
        l.peer = m[2];
        l.print = m[3];
        l.con = m[4];
      }
      if (!l.me.empty()) con_me[l.con] = l.me;
      if (l.received) con_peer[l.con] = l.peer_name;
      if (auto role = con_accepted.find(l.con); role != con_accepted.end()) l.accepted = role->second;
      lines.push_back(std::move(l));
    }
    for (auto& l : lines) {
      if (l.me.empty() && con_me.count(l.con)) l.me = con_me[l.con];
      if (l.me.empty()) {  // a send before the messenger knew its address, on a connection that never said more
        ++unattributed;
        continue;
      }
      const auto me = parse_addrvec(l.me);
      auto peers = parse_addrvec(l.peer);
      Addr peer = peers.front();
      for (auto& a : peers)
        if (a.type == "v2") peer = a;  // Pacific prefers msgr2 where both are bound
      bool self = false;
      for (auto& a : me) self = self || (a.host == peer.host && a.nonce == peer.nonce);
      if (self) continue;  // local delivery: never on the wire
      uint16_t type;
      if (!type_of(l, &type)) return 1;
      // Who is the client: a port-0 address is a client messenger (rados,
      // ceph, an OSD's monitor client); between two bound daemons, the monitor
      // is the server.
      Addr mine = me.front();
      for (auto& a : me)
        if (a.type == peer.type) mine = a;  // the address of the protocol this connection speaks
      bool i_am_server;
      if (l.accepted >= 0) i_am_server = l.accepted == 1;
      else if (is_client_addr(peer) != is_client_addr(mine)) i_am_server = is_client_addr(peer);
      else if (int pr = rank(l.received ? l.peer_name : con_peer[l.con]); pr >= 0 && my_rank >= 0 && pr != my_rank)
        i_am_server = my_rank > pr;  // two bound daemons of different kinds: the MDS dials the OSD, both the monitor
      else i_am_server = l.received ? l.peer_name.compare(0, 4, "mon.") != 0 : mine.host.ends_with(":3300") || mine.host.ends_with(":6789");
      const Addr& client = i_am_server ? peer : mine;
      const Addr& daemon = i_am_server ? mine : peer;
      Conn& c = conns[{client.nonce, daemon.host}];
      c.client_nonce = client.nonce;
      c.daemon = daemon.host;
      if (l.received) {
        if (i_am_server) c.client_name = l.peer_name;
        else c.daemon_name = l.peer_name;
        if (l.mode == "secure") c.secure = true;
        const size_t dir = i_am_server ? 0 : 1;
        c.by_type[dir][type]++;
        c.messages.push_back({{"direction", dir == 0 ? "client->server" : "server->client"},
                              {"type", type},
                              {"seq", l.seq},
                              {"front_len", l.front},
                              {"middle_len", l.middle},
                              {"data_len", l.data},
                              {"text", l.text}});
        if (l.version >= 0) c.messages.back()["version"] = l.version;
        ++total;
      } else {
        c.sent[i_am_server ? 1 : 0][type]++;  // direction of travel
      }
    }
  }

  json out = cephwire::gen::empty_manifest(
      capture, "ceph",
      "recorded from Ceph " + ceph + " daemons on 127.0.0.1, scenario " + scenario + ", auth " + auth + ", mode " + mode +
          "; messages from the daemons' and clients' debug ms = 1 logs");
  out["scenario"] = scenario;
  out["ceph"] = ceph;
  if (zero_crc_unset) out["zero_crc_unset"] = true;
  if (!keyring.empty()) out["keyring"] = keyring;  // the cluster's keys, beside the capture
  out["objects"] = json::array();
  uint64_t visible = 0;
  for (auto& [key, c] : conns) {
    json j = {{"client_nonce", c.client_nonce},
              {"daemon", c.daemon},
              {"client", c.client_name},
              {"daemon_name", c.daemon_name},
              {"encrypted", c.secure},
              {"received_by_server", json::object()},
              {"received_by_client", json::object()},
              {"sent_by_client", json::object()},
              {"sent_by_server", json::object()},
              {"messages", c.messages}};
    for (size_t d = 0; d < 2; ++d)
      for (auto& [type, n] : c.sent[d]) {
        const char* name = cephwire::msg_type_name(type);
        j[d == 0 ? "sent_by_client" : "sent_by_server"][std::to_string(type)] = {{"name", name ? name : "unknown"},
                                                                                 {"count", n}};
      }
    for (size_t d = 0; d < 2; ++d)
      for (auto& [type, n] : c.by_type[d]) {
        const char* name = cephwire::msg_type_name(type);
        j[d == 0 ? "received_by_server" : "received_by_client"][std::to_string(type)] = {
            {"name", name ? name : "unknown"}, {"count", n}};
        if (!c.secure) visible += n;
      }
    out["connections"].push_back(j);
  }
  out["messages_total"] = visible;
  out["messages_logged"] = total;
  out["sends_unattributed"] = unattributed;
  for (auto& o : objects) {
    auto a = o.find(':'), b = o.rfind(':');
    out["objects"].push_back(
        {{"name", o.substr(0, a)}, {"size", std::stoull(o.substr(a + 1, b - a - 1))}, {"sha256", o.substr(b + 1)}});
  }
  // A CephFS recording's files (path in the file system, size, SHA-256), at
  // the end and just before the MDS was killed.
  for (auto [key, list] : {std::pair{"files", &files}, {"files_before_mds_restart", &files_before}}) {
    if (list->empty()) continue;
    out[key] = json::array();
    for (auto& o : *list) {
      auto a = o.find(':'), b = o.rfind(':');
      out[key].push_back(
          {{"path", o.substr(0, a)}, {"size", std::stoull(o.substr(a + 1, b - a - 1))}, {"sha256", o.substr(b + 1)}});
    }
  }
  std::cout << out.dump(1) << "\n";
  return 0;
}
