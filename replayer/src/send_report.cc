#include "send_report.h"

#include <cstdio>

#include "cephwire/msg_types.h"

namespace cephwire::replay {

using nlohmann::json;

json by_type_names(const std::map<uint16_t, uint64_t>& counts) {
  json j = json::object();
  for (auto& [t, n] : counts) j[msg_type_label(t)] = n;
  return j;
}

void print_report(std::ostream& out, const json& r) {
  out << "replayed " << r["capture"].get<std::string>() << " to " << r["target"].get<std::string>() << " ("
      << r["loops"] << " loop(s))\n";
  for (auto& c : r["clients"])
    out << "  client " << c["client"] << " " << c["captured"].get<std::string>() << " -> client."
        << c["live_global_id"] << " (osdmap epoch " << c["osdmap_epoch"] << ")\n";
  auto& s = r["sent"];
  out << "sent: " << s["messages"] << " messages, " << s["bytes"] << " bytes;";
  for (auto& [t, n] : s["by_type"].items()) out << " " << t << "=" << n;
  out << "\nacknowledged by the peer: " << r["acknowledged"] << " (msgr v1 servers do not ack lossy client sessions)\n";
  auto& rp = r["replies"];
  out << "replies: " << rp["matched"] << " of " << rp["expected"] << " matched the capture, " << rp["mismatched"]
      << " mismatched, " << rp["missing"] << " missing; " << rp["versions_compared"]
      << " object versions checked against the recorded order\n";
  if (r.contains("reorders"))
    for (auto& x : r["reorders"]) out << "reordered: " << x.get<std::string>() << "\n";
  char line[200];
  std::snprintf(line, sizeof line,
                "elapsed %.3f s (sending %.3f s: first message to last reply), %.1f Mbit/s, %.0f messages/s\n",
                r["elapsed_s"].get<double>(), r["sending_s"].get<double>(), r["rate_mbps"].get<double>(),
                r["messages_per_s"].get<double>());
  out << line;
  if (!r["latency_ms"].empty()) {
    auto& l = r["latency_ms"];
    std::snprintf(line, sizeof line, "reply latency ms: p50 %.2f, p90 %.2f, p99 %.2f, max %.2f\n",
                  l["p50"].get<double>(), l["p90"].get<double>(), l["p99"].get<double>(), l["max"].get<double>());
    out << line;
  }
  if (r.contains("captured_latency_ms") && !r["captured_latency_ms"].empty()) {
    auto& l = r["captured_latency_ms"];
    std::snprintf(line, sizeof line, "  as captured:     p50 %.2f, p90 %.2f, p99 %.2f, max %.2f\n",
                  l["p50"].get<double>(), l["p90"].get<double>(), l["p99"].get<double>(), l["max"].get<double>());
    out << line;
  }
  if (r.contains("in_flight"))
    for (auto& c : r["in_flight"])
      if (c["captured_max"].get<uint64_t>() > 1 || c["live_max"].get<uint64_t>() > 1)
        out << "  client " << c["client"] << ": at most " << c["live_max"] << " requests in flight (captured: "
            << c["captured_max"] << ")\n";
  if (!r["rewrites"].empty()) {
    out << "rewritten for the live cluster:\n";
    for (auto& w : r["rewrites"])
      out << "  " << w["rewrite"].get<std::string>() << ": " << w["count"] << " (e.g. " << w["example"].get<std::string>()
          << ")\n";
  }
  out << "regenerated: " << r["regenerated"] << " auth message(s) (replaced by the auth-none handshake)\n";
  for (auto& x : r["skipped"]) out << "skipped: " << x.get<std::string>() << "\n";
  if (r.value("lost", 0) > 0)
    out << "NOT REPRODUCED: " << r["lost"] << " stretch(es) of client bytes are missing from the capture; "
        << "their messages were not sent (listed above)\n";
  for (auto& x : r["mismatches"]) out << "MISMATCH: " << x.get<std::string>() << "\n";
  for (auto& x : r["failures"]) out << "FAILED: " << x.get<std::string>() << "\n";
}

}  // namespace cephwire::replay
