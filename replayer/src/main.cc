// cephwire-replay: inspect captures of Ceph messenger traffic, replay their
// client side to live peers (send), and a built-in test peer (peer).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <fstream>
#include <iostream>

#include "cephwire/msg_types.h"
#include "cephwire/secure/key_store.h"
#include "fields.h"
#include "inspect.h"
#include "export_writer.h"
#include "ops_report.h"
#include "manifest_check.h"
#include "peer.h"
#include "send.h"

namespace {

std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop = true; }

// "4c0f1e8a-7c55-4a7e-9a39-6b1d2c7f0c01"
bool parse_uuid(const std::string& s, cephwire::messages::Uuid& u) {
  std::string hex;
  for (char c : s)
    if (c != '-') hex += c;
  if (hex.size() != 32) return false;
  for (size_t i = 0; i < 16; ++i) {
    char* end = nullptr;
    std::string b = hex.substr(i * 2, 2);
    u[i] = uint8_t(std::strtoul(b.c_str(), &end, 16));
    if (*end) return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace cephwire;
  CLI::App app{"cephwire-replay: inspect and replay captures of Ceph messenger traffic"};
  app.require_subcommand(1);

  auto* inspect = app.add_subcommand("inspect", "Sessions, messages, CRC verdicts, gaps of a capture");
  std::string file;
  bool json = false, verbose = false, fields = false;
  inspect->add_option("CAPTURE", file, "pcap or pcapng file")->required();
  inspect->add_flag("--json", json, "one JSON document (keys: see README)");
  inspect->add_flag("-v,--verbose", verbose, "list every message");
  inspect->add_flag("--fields", fields,
                    "every PDU with its fields as the core lays them out (the plugin's tree): name, value, bytes");
  bool list = false, zero_crc_unset = false, texts = false;
  inspect->add_flag("--zero-crc-unset", zero_crc_unset,
                    "a CRC of 0 means not computed (senders with ms crc header / ms crc data = false)");
  inspect->add_flag("--texts", texts,
                    "with --manifest: compare each message's text with Ceph's own (the receiver's log line), per "
                    "type; exit 1 when any differs; with -v every difference, else the first");
  inspect->add_flag("--list", list, "only the messages, one a line: source destination type seq (for comparisons)");
  bool ops = false;
  inspect->add_flag("--ops", ops,
                    "every request with its reply's frame, the latency and the result; with --json, as records "
                    "with latency percentiles per type and procedure");
  std::string export_dir;
  inspect->add_option("--export-objects", export_dir,
                      "write every RADOS object the capture writes or reads (DIR/rados/POOL/NAME) and every CephFS "
                      "file (DIR/cephfs/PATH), each version, as tshark --export-objects msgr does");
  std::string manifest;
  inspect->add_option("--manifest", manifest, "check the capture against this manifest; exit 1 on any difference");
  std::vector<std::string> keyrings;
  inspect->add_option("--keyring", keyrings,
                      "decrypt msgr2 secure sessions with the keys of this keyring file, secret file or directory "
                      "(repeatable)");

  // ---- send ----
  auto* send = app.add_subcommand("send", "Replay the client side of a capture to a live cluster or the built-in peer");
  replay::SendOptions so;
  std::string to, timing_note;
  std::vector<std::string> maps, pools, types;
  double speed = 0, timeout_s = 10;
  bool topspeed = false, no_progress = false;
  send->add_option("CAPTURE", so.capture, "pcap or pcapng file")->required();
  send->add_option("--keyring", keyrings, "decrypt msgr2 secure sessions with this keyring (repeatable)");
  send->add_option("--to", to, "the live monitor, HOST:PORT (its msgr v1 or msgr2 port, as the capture's sessions speak)");
  send->add_option("--map", maps, "CAPTURED=LIVE: send the sessions to CAPTURED (IP:PORT, e.g. a mgr) to LIVE (HOST:PORT[/NONCE])");
  send->add_option("--pool", pools, "ID=NAME: the captured pool ID is the pool NAME (when the capture holds no OSD map naming it)");
  send->add_option("--client", so.selection.clients, "replay this client process (number as --dry-run lists them)");
  send->add_option("--session", so.selection.sessions, "replay this session (id as inspect lists them)");
  send->add_option("--type", types, "send only messages of this type (name such as osd_op, or number)");
  send->add_option("--until", so.selection.until_frame,
                   "send only what was captured before this frame (a CephFS client's sessions up to an MDS restart)");
  send->add_option("--entity", so.selection.entities, "replay the client process with this name: client.admin (auth name) or client.4123 (captured number)");
  send->add_flag("--dry-run", so.dry_run, "print the plan and connect to nothing");
  auto* speed_opt = send->add_option("--speed", speed, "captured timing, X times faster");
  auto* mbps_opt = send->add_option("--mbps", so.mbps, "pace at N megabits per second");
  send->add_flag("--topspeed", topspeed, "send as fast as the peer takes it");
  send->add_option("--loop", so.loops, "replay N times, each time over new sessions with new entity numbers");
  send->add_option("--timeout", timeout_s, "seconds without progress before a session or reply counts as failed (default 10)");
  send->add_flag("--json", so.json, "the report as one JSON document");
  send->add_flag("--no-progress", no_progress, "no progress line on a terminal");

  // ---- peer ----
  auto* peer = app.add_subcommand("peer", "A built-in test peer: monitor and OSD on one port, msgr v1 and msgr2 crc, auth none");
  std::string listen, fsid = "4c0f1e8a-7c55-4a7e-9a39-6b1d2c7f0c01", fault = "none", report_file;
  replay::PeerOptions po;
  bool peer_json = false;
  double max_time = 0;
  peer->add_option("--listen", listen, "HOST:PORT to listen on (port 0: any; the port is printed)")->required();
  peer->add_option("--osd-id", po.osd_id, "the OSD id it plays (default 0)");
  peer->add_option("--fsid", fsid, "the cluster fsid its monitor map carries");
  peer->add_option("--pcap", po.pcap_path, "write every session, both directions, to this pcap");
  peer->add_option("--fault", fault,
                   "misbehave on the first osd_op: close, reset, stall, garbage, bad-crc, silent, wrong-result; "
                   "or slow-client (the first client's ops 300 ms late)");
  peer->add_option("--first-pool-id", po.first_pool_id, "the id of the first pool `osd map` creates (default 1)");
  peer->add_flag("--objects", po.objects, "keep objects as an OSD does and answer from them");
  peer->add_flag("--json", peer_json, "print the report as JSON when it stops");
  peer->add_option("--report", report_file, "write the JSON report to this file when it stops");
  peer->add_option("--max-time", max_time, "stop after this many seconds (default: at SIGINT or SIGTERM)");

  // A command line that does not parse is unusable input: exit 2, as every
  // other option check below (CLI11's own codes would say 105 and more).
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  // Keyrings: what cannot be read is said (file and line); the rest is used.
  // A manifest names its capture's keyring when no --keyring does.
  if (*inspect && keyrings.empty() && !manifest.empty()) try {
      if (auto k = replay::manifest_keyring(replay::load_manifest(manifest), manifest); !k.empty()) keyrings.push_back(k);
    } catch (const std::exception&) {
      // said below, where the manifest is read
    }
  std::optional<secure::KeyStore> keys;
  if (!keyrings.empty()) {
    secure::Keyring k;
    for (const auto& f : keyrings) k.load(f);
    for (const auto& p : k.problems()) std::cerr << "cephwire-replay: keyring " << p.text() << "\n";
    if (k.empty()) {
      std::cerr << "cephwire-replay: --keyring: no key could be read\n";
      return 2;
    }
    keys.emplace(std::move(k));
  }

  if (*send) {
    so.keys = keys ? &*keys : nullptr;
    std::string why;
    if (!to.empty()) {
      auto hp = replay::parse_host_port(to, &why);
      if (!hp) {
        std::cerr << "cephwire-replay: --to: " << why << "\n";
        return 2;
      }
      so.to = *hp;
    } else if (!so.dry_run) {
      std::cerr << "cephwire-replay: send needs --to HOST:PORT (or --dry-run)\n";
      return 2;
    }
    for (auto& m : maps) {
      auto eq = m.find('=');
      auto hp = eq == std::string::npos ? std::nullopt : replay::parse_host_port(m.substr(eq + 1), &why);
      if (!hp) {
        std::cerr << "cephwire-replay: --map " << m << ": expected CAPTURED_IP:PORT=HOST:PORT " << why << "\n";
        return 2;
      }
      so.maps[m.substr(0, eq)] = *hp;
      so.selection.mapped.push_back(m.substr(0, eq));
    }
    for (auto& p : pools) {
      auto eq = p.find('=');
      char* end = nullptr;
      long long id = eq == std::string::npos ? 0 : std::strtoll(p.c_str(), &end, 10);
      if (eq == std::string::npos || end != p.c_str() + eq || eq + 1 >= p.size()) {
        std::cerr << "cephwire-replay: --pool " << p << ": expected ID=NAME\n";
        return 2;
      }
      so.pool_names[id] = p.substr(eq + 1);
    }
    for (auto& t : types) {
      auto v = replay::parse_msg_type(t);
      if (!v) {
        std::cerr << "cephwire-replay: --type " << t << ": not a message type name or number\n";
        return 2;
      }
      so.selection.types.push_back(*v);
    }
    // Each number in the README's words; a value that cannot mean anything is refused, not read as the default.
    auto bad = [](const std::string& what) {
      std::cerr << "cephwire-replay: " << what << "\n";
      return 2;
    };
    if (so.loops < 1) return bad("--loop N: N is how many times to replay, at least 1");
    if (speed_opt->count() && !(speed > 0)) return bad("--speed X: X times faster than captured, more than 0");
    if (mbps_opt->count() && !(so.mbps > 0)) return bad("--mbps N: megabits per second, more than 0");
    if (!(timeout_s > 0) || timeout_s > 86400)
      return bad("--timeout S: seconds without progress before a session or reply fails, more than 0 and at most 86400");
    int modes = (speed_opt->count() > 0) + (mbps_opt->count() > 0) + topspeed;
    if (modes > 1) {
      std::cerr << "cephwire-replay: --speed, --mbps and --topspeed exclude each other\n";
      return 2;
    }
    if (speed > 0) {
      so.timing = replay::Timing::Speed;
      so.speed = speed;
    } else if (so.mbps > 0) {
      so.timing = replay::Timing::Mbps;
    } else if (topspeed) {
      so.timing = replay::Timing::Top;
    }
    so.timeout_ms = int(timeout_s * 1000);
    so.progress = !no_progress && !so.json && isatty(2);
    return replay::run_send(so, std::cout, std::cerr).exit_code;
  }

  if (*peer) {
    std::string why;
    auto hp = replay::parse_host_port(listen, &why);
    if (!hp) {
      std::cerr << "cephwire-replay: --listen: " << why << "\n";
      return 2;
    }
    po.listen = *hp;
    if (!parse_uuid(fsid, po.fsid)) {
      std::cerr << "cephwire-replay: --fsid " << fsid << ": not a UUID\n";
      return 2;
    }
    auto f = replay::parse_peer_fault(fault);
    if (!f) {
      std::cerr << "cephwire-replay: --fault " << fault << ": expected close, reset, stall, garbage, bad-crc or silent\n";
      return 2;
    }
    po.fault = *f;
    replay::Peer p(po);
    if (!p.start(&why)) {
      std::cerr << "cephwire-replay: " << why << "\n";
      return 2;
    }
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    std::cerr << "cephwire-replay peer: listening on " << hp->host << ":" << p.port() << std::endl;
    p.run(g_stop, int64_t(max_time * 1000));
    auto rep = p.report();
    if (!report_file.empty()) std::ofstream(report_file) << rep.dump(2) << "\n";
    if (peer_json) std::cout << rep.dump(2) << "\n";
    else
      std::cerr << "cephwire-replay peer: " << rep["sessions"] << " sessions, " << rep["messages"] << " messages, "
                << rep["crc_checked"] << " CRCs checked, " << rep["errors"].size() << " errors\n";
    return rep["errors"].empty() ? 0 : 1;
  }

  if (*inspect) {
    capture::SummaryOptions so;
    nlohmann::json man;
    if (!manifest.empty()) {
      try {
        man = replay::load_manifest(manifest);
        so = replay::summary_options(man);  // the manifest says how its capture reads
      } catch (const std::exception& e) {
        std::cerr << "cephwire-replay: " << e.what() << "\n";
        return 2;
      }
    }
    if (zero_crc_unset) so.reader.parser.zero_crc_unset = true;
    if (keys) so.reader.parser.keys = &*keys;
    if (fields) {
      auto r = replay::print_fields(std::cout, file, so.reader);
      if (!r.ok) std::cerr << "cephwire-replay: " << r.error << "\n";
      return r.ok ? 0 : 2;
    }
    so.ops = ops;
    std::optional<replay::ExportWriter> writer;
    std::optional<messages::ObjectExport> exporter;
    if (!export_dir.empty()) {
      writer.emplace(export_dir);
      exporter.emplace([&](const messages::ExportEntry& e) { return writer->write(e); });
      so.exporter = &*exporter;
    }
    capture::Summary s = capture::summarize(file, so);
    if (writer) {
      std::cerr << "exported " << writer->objects() << " objects and " << writer->files() << " CephFS files ("
                << writer->versions() << " further versions, " << writer->bytes() << " bytes) to " << export_dir
                << "\n";
      for (const auto& p : s.not_exported)
        std::cerr << "not exported: session " << p.session << " " << dir_name(p.dir) << " frame " << p.frame
                  << " offset " << p.offset << ": " << p.reason << "\n";
      for (const auto& e : writer->errors()) std::cerr << "cephwire-replay: " << e << "\n";
      if (!writer->errors().empty()) return 2;
    }
    if (ops && json)
      std::cout << replay::ops_json(s).dump(1) << "\n";
    else if (ops)
      replay::print_ops(std::cout, s);
    else if (list && json)
      std::cout << replay::message_list_json(s).dump(1) << "\n";
    else if (list)
      replay::print_message_list(std::cout, s);
    else if (json)
      std::cout << replay::summary_json(s).dump(2) << "\n";
    else
      replay::print_summary(std::cout, s, verbose);
    if (!s.read.ok) std::cerr << "cephwire-replay: " << s.read.error << "\n";
    if (!manifest.empty()) {
      try {
        auto diffs = replay::check_manifest(s, man);
        if (texts)
          for (auto& [type, a] : replay::compare_texts(s, man)) {
            std::cerr << "texts " << msg_type_label(type) << ": " << a.matched << " of " << a.matched + a.differ
                      << " as Ceph logged them";
            if (a.unlogged) std::cerr << ", " << a.unlogged << " not logged";
            std::cerr << "\n";
            if (a.differ) {
              // -v: every difference, else the first
              for (size_t i = 0; i < (verbose ? a.differences.size() : 1); ++i)
                std::cerr << "  ours: " << a.differences[i].first << "\n  Ceph: " << a.differences[i].second << "\n";
              diffs.push_back(msg_type_label(type) + ": " + std::to_string(a.differ) + " texts differ from Ceph's");
            }
          }
        for (auto& d : diffs) std::cerr << "manifest " << manifest << ": " << d << "\n";
        std::cerr << (diffs.empty() ? "matches " : "does NOT match ") << manifest << "\n";
        return diffs.empty() ? 0 : 1;
      } catch (const std::exception& e) {
        std::cerr << "cephwire-replay: " << e.what() << "\n";
        return 2;
      }
    }
    const int status = replay::inspect_exit_status(s);
    return status ? status : s.not_exported.empty() ? 0 : 1;
  }
  return 0;
}
