#include "ops_report.h"

#include <cinttypes>
#include <cstdio>
#include <map>

#include "cephwire/messages/ceph_text.h"
#include "cephwire/msg_types.h"
#include "reply_matcher.h"

namespace cephwire::replay {
namespace {

using nlohmann::json;

// The reply that ends a request (its last), if any.
const TrackedReply* last_reply(const RequestTracker& t, const TrackedRequest& q) {
  return q.replies.empty() ? nullptr : &t.replies()[q.replies.back()];
}

std::string result_text(const std::optional<int32_t>& r) {
  if (!r) return "-";
  const char* e = messages::errno_name(*r);
  return std::to_string(*r) + (e && *r ? std::string(" (") + e + ")" : "");
}

double ms(uint64_t nsec) { return double(nsec) / 1e6; }

// "client.4123", or "?" before the handshake named it.
std::string who(const EntityName& n) { return n.type ? n.to_string() : "?"; }

}  // namespace

void print_ops(std::ostream& out, const capture::Summary& s) {
  const RequestTracker& t = s.ops;
  size_t unanswered = 0, failed = 0;
  for (const TrackedRequest& q : t.requests()) {
    const TrackedReply* r = last_reply(t, q);
    char line[96];
    if (r)
      std::snprintf(line, sizeof line, "reply %" PRIu64 " %.3f ms result %s", r->frame, ms(r->latency_nsec),
                    result_text(r->result).c_str());
    else
      std::snprintf(line, sizeof line, "%s", q.resent_as ? "resent" : "NO REPLY");
    unanswered += !r && !q.resent_as;
    failed += r && r->result && *r->result < 0;
    const std::string type = msg_type_label(q.type);
    out << "frame " << q.frame << " session " << q.connection << " " << who(q.client) << " " << type
        << (q.procedure == type ? "" : " " + q.procedure) << " tid " << q.tid << ": " << line << "\n";
  }
  out << t.requests().size() << " requests, " << unanswered << " without a reply, " << failed << " failed\n";
}

json ops_json(const capture::Summary& s) {
  const RequestTracker& t = s.ops;
  json list = json::array();
  std::map<std::string, std::map<std::string, Percentiles>> latency;
  size_t unanswered = 0, failed = 0;
  for (const TrackedRequest& q : t.requests()) {
    json j = {{"frame", q.frame},           {"session", q.connection}, {"client", who(q.client)},
              {"type", msg_type_label(q.type)}, {"procedure", q.procedure}, {"tid", q.tid}};
    json replies = json::array();
    for (size_t i : q.replies) {
      const TrackedReply& r = t.replies()[i];
      json rj = {{"frame", r.frame}, {"latency_ms", ms(r.latency_nsec)}, {"final", r.final}};
      rj["result"] = r.result ? json(*r.result) : json(nullptr);
      replies.push_back(rj);
    }
    j["replies"] = replies;
    if (q.resent_as) j["resent_in"] = t.requests()[*q.resent_as].frame;
    if (const TrackedReply* r = last_reply(t, q)) {
      latency[msg_type_label(q.type)][q.procedure].v.push_back(ms(r->latency_nsec));
      failed += r->result && *r->result < 0;
    } else if (!q.resent_as) {
      ++unanswered;
    }
    list.push_back(std::move(j));
  }
  json lat = json::object();
  for (auto& [type, procs] : latency)
    for (auto& [proc, p] : procs) lat[type][proc] = p.to_json();
  return {{"requests", list}, {"latency_ms", lat}, {"unanswered", unanswered}, {"failed", failed}};
}

}  // namespace cephwire::replay
