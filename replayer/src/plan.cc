#include "plan.h"

#include <algorithm>
#include <set>

#include "causal_order.h"
#include "cephwire/msg_types.h"

namespace cephwire::replay {
namespace {

SessionRole role_of(const RecordedSession& s) {
  if (s.server_type == kEntityMon) return SessionRole::Monitor;
  if (s.server_type == kEntityOsd) return SessionRole::Osd;
  if (s.server_type != 0) return SessionRole::Other;
  // v1 sessions that carried no server message yet: the port tells; msgr2
  // sessions begun before the capture (no SERVER_IDENT): what the client sent
  // there (only OSDs take osd_ops).
  if (s.server.port == 6789 || s.server.port == 3300) return SessionRole::Monitor;
  for (auto& r : s.messages)
    if (r.dir == Dir::ToServer && r.msg->type == kMsgOsdOp) return SessionRole::Osd;
  return SessionRole::Other;
}

const char* role_name(SessionRole r) {
  switch (r) {
    case SessionRole::Monitor: return "mon";
    case SessionRole::Osd: return "osd";
    default: return "other";
  }
}

bool entity_matches(const RecordedClient& c, const std::string& e) {
  if (c.auth_name && c.auth_name->to_string() == e) return true;
  if (c.global_id && "client." + std::to_string(*c.global_id) == e) return true;
  return false;
}

template <class T>
bool contains(const std::vector<T>& v, const T& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

std::optional<uint16_t> parse_msg_type(const std::string& s) {
  size_t n = 0;
  auto* table = msg_type_table(&n);
  for (size_t i = 0; i < n; ++i)
    if (s == table[i].name) return table[i].type;
  char* end = nullptr;
  unsigned long v = std::strtoul(s.c_str(), &end, 0);
  if (!s.empty() && !*end && v <= 0xffff) return uint16_t(v);
  return std::nullopt;
}

Plan make_plan(const RecordedCapture& cap, const Selection& sel) {
  Plan plan;
  plan.selection_until = sel.until_frame;
  for (size_t want : sel.clients)
    if (want == 0 || want > cap.clients.size())
      plan.errors.push_back("--client " + std::to_string(want) + ": the capture has " +
                            std::to_string(cap.clients.size()) + " client processes");
  for (size_t want : sel.sessions) {
    bool found = false;
    for (auto& s : cap.sessions) found |= s.id == want;
    if (!found) plan.errors.push_back("--session " + std::to_string(want) + ": no Ceph session with that id");
  }
  for (auto& e : sel.entities) {
    bool found = false;
    for (auto& c : cap.clients) found |= entity_matches(c, e);
    if (!found) plan.errors.push_back("--entity " + e + ": no client process with that name in the capture");
  }

  for (size_t ci = 0; ci < cap.clients.size(); ++ci) {
    const RecordedClient& c = cap.clients[ci];
    if (!sel.clients.empty() && !contains(sel.clients, ci + 1)) continue;
    if (!sel.entities.empty() &&
        std::none_of(sel.entities.begin(), sel.entities.end(), [&](auto& e) { return entity_matches(c, e); }))
      continue;
    PlanClient pc;
    pc.client = ci;
    for (size_t si : c.sessions) {
      const RecordedSession& s = cap.sessions[si];
      if (!sel.sessions.empty() && !contains(sel.sessions, s.id)) continue;
      PlanSession ps{si, role_of(s), {}};
      if (s.encrypted)
        ps.refused = s.not_decrypted.empty() ? "msgr2 secure mode: the capture holds only ciphertext (give --keyring)"
                                             : "msgr2 secure mode, not decrypted: " + s.not_decrypted;
      // An MDS is found by its rank in the live FS map; other daemons (a mgr) need --map.
      else if (ps.role == SessionRole::Other && s.server_type != kEntityMds && !contains(sel.mapped, s.server.to_string()))
        ps.refused = "a session to a " + std::string(entity_type_name(s.server_type) ? entity_type_name(s.server_type) : "peer of unknown type") +
                     " at " + s.server.to_string() + ", which the replayer cannot locate (give --map " +
                     s.server.to_string() + "=HOST:PORT)";
      else if (s.info.midstream && !c.midstream)
        ps.refused = "it began before the capture did (no handshake)";
      pc.has_monitor |= ps.role == SessionRole::Monitor && ps.refused.empty();
      pc.sessions.push_back(ps);
    }
    if (pc.sessions.empty()) continue;
    size_t pi = plan.clients.size();
    for (auto& ps : pc.sessions) {
      const RecordedSession& s = cap.sessions[ps.session];
      if (ps.refused.empty())
        for (auto& l : s.losses) {
          if (l.dir != Dir::ToServer) continue;
          plan.skipped.push_back(s.describe() + ", frame " + std::to_string(l.frame) + ", stream offset " +
                                 std::to_string(l.offset) + ": " + l.what +
                                 ": the client's messages there were not sent");
          ++plan.lost;
        }
      for (size_t mi = 0; mi < s.messages.size(); ++mi) {
        const RecordedMessage& r = s.messages[mi];
        if (r.dir != Dir::ToServer) continue;
        const Message& m = *r.msg;
        std::string where = s.describe() + ", frame " + std::to_string(r.frame) + ": " + msg_type_label(m.type) +
                            " seq " + std::to_string(m.seq);
        if (!ps.refused.empty()) {
          plan.skipped.push_back(where + ": " + ps.refused);
          continue;
        }
        if (m.type == kMsgAuth && ps.role == SessionRole::Monitor) {
          ++plan.regenerated;  // the replay authenticates with auth none itself
          continue;
        }
        if (!sel.types.empty() && !contains(sel.types, m.type)) {
          ++plan.filtered;
          continue;
        }
        if (sel.until_frame && r.frame >= sel.until_frame) {
          ++plan.after_until;
          continue;
        }
        if (!r.crc_ok) {
          plan.skipped.push_back(where + ": captured with a bad CRC");
          continue;
        }
        if (m.gap_bytes || m.aborted) {
          plan.skipped.push_back(where + (m.aborted ? ": aborted by its sender" : ": bytes of it are missing from the capture"));
          continue;
        }
        PlanStep st;
        st.client = pi;
        st.session = ps.session;
        st.message = mi;
        st.ts_usec = r.ts_usec;
        plan.steps.push_back(st);
        plan.bytes += m.front.size() + m.middle.size() + m.data.length();
      }
    }
    // A client met before the capture began gets a monitor session of the
    // replay's own (auth none, as client.admin): its messages are whole, its
    // entity number and features come from the live cluster.
    pc.own_monitor = c.midstream;
    if (!pc.has_monitor && !pc.own_monitor) {
      // An OSD's own client (a copy-from's), or one that met its monitor
      // before the capture began: not the capture user's client. Asked for by
      // name or number it is an error; else a note.
      const std::string why = "client " + std::to_string(ci + 1) + " " + c.describe() +
                              ": no monitor session to replay (a replay begins where the client met its monitor)";
      const bool asked = !sel.clients.empty() || !sel.entities.empty();
      if (asked) {
        plan.errors.push_back(why);
      } else {
        plan.skipped.push_back(why + ": not replayed");
        // Its messages are left out with it.
        auto mine = [&](const PlanStep& st) { return st.client == pi; };
        for (auto& st : plan.steps)
          if (mine(st)) {
            const Message& m = *cap.sessions[st.session].messages[st.message].msg;
            plan.bytes -= m.front.size() + m.middle.size() + m.data.length();
          }
        plan.steps.erase(std::remove_if(plan.steps.begin(), plan.steps.end(), mine), plan.steps.end());
        continue;
      }
    }
    plan.clients.push_back(std::move(pc));
  }
  // Sessions no client process owns: their handshake (the client's address and
  // nonce) is not in the capture.
  if (sel.clients.empty() && sel.entities.empty()) {
    std::set<size_t> owned;
    for (auto& c : cap.clients) owned.insert(c.sessions.begin(), c.sessions.end());
    for (size_t si = 0; si < cap.sessions.size(); ++si) {
      const RecordedSession& s = cap.sessions[si];
      if (owned.count(si) || (!sel.sessions.empty() && !contains(sel.sessions, s.id))) continue;
      size_t sent = 0;
      for (auto& r : s.messages) sent += r.dir == Dir::ToServer;
      plan.skipped.push_back(s.describe() + ": " + std::to_string(sent) + " client message(s) not replayed: " +
                             (s.encrypted ? "msgr2 secure mode, only ciphertext"
                              : s.info.midstream
                                  ? "it began before the capture did, so its client (address, nonce) is unknown"
                                  : "no client address seen in its handshake"));
    }
  }
  if (plan.clients.empty() && plan.errors.empty()) {
    // Sessions without a known client are those whose CLIENT_IDENT was never
    // seen in clear: secure mode, or a capture that began mid-session.
    size_t secure = 0;
    for (auto& s : cap.sessions) secure += s.encrypted;
    const bool selected = !sel.clients.empty() || !sel.sessions.empty() || !sel.entities.empty();
    if (cap.sessions.empty())
      plan.errors.push_back("the capture holds no Ceph session: nothing to replay");
    else if (secure)
      plan.errors.push_back(std::to_string(secure) + " of the capture's " + std::to_string(cap.sessions.size()) +
                            " Ceph sessions are msgr2 secure mode: the capture holds only ciphertext, nothing to replay"
                            " (--keyring with the cluster's keys decrypts them)");
    else
      plan.errors.push_back(selected ? "nothing in the capture matches the selection (see --dry-run for why)"
                                     : "no client process in the capture can be replayed (see --dry-run for why)");
  }
  std::stable_sort(plan.steps.begin(), plan.steps.end(),
                   [](const PlanStep& a, const PlanStep& b) { return a.ts_usec < b.ts_usec; });
  order_steps(cap, plan);
  return plan;
}

namespace {

// What the steps add up to: messages per session and per type.
struct StepCounts {
  std::map<size_t, size_t> per_session;  // by index into RecordedCapture::sessions
  std::map<uint16_t, uint64_t> per_type;
};

StepCounts count_steps(const RecordedCapture& cap, const Plan& plan) {
  StepCounts n;
  for (auto& st : plan.steps) {
    ++n.per_session[st.session];
    ++n.per_type[cap.sessions[st.session].messages[st.message].msg->type];
  }
  return n;
}

}  // namespace

void print_plan(std::ostream& out, const RecordedCapture& cap, const Plan& plan) {
  const StepCounts counts = count_steps(cap, plan);
  out << "plan for " << cap.file << ": " << plan.clients.size() << " client process(es), " << plan.steps.size()
      << " message(s), " << plan.bytes << " bytes\n";
  for (size_t i = 0; i < plan.clients.size(); ++i) {
    auto& pc = plan.clients[i];
    out << "client " << pc.client + 1 << ": " << cap.clients[pc.client].describe() << "\n";
    for (auto& ps : pc.sessions) {
      auto& s = cap.sessions[ps.session];
      const size_t n = counts.per_session.count(ps.session) ? counts.per_session.at(ps.session) : 0;
      out << "  " << s.describe() << " [" << role_name(ps.role) << "]: " << n << " message(s) to send";
      if (!ps.refused.empty()) out << "; refused: " << ps.refused;
      out << "\n";
    }
  }
  out << "messages by type:";
  for (auto& [t, n] : counts.per_type) out << " " << msg_type_label(t) << "=" << n;
  out << "\nregenerated (auth, replaced by the auth-none handshake): " << plan.regenerated << "\n";
  if (plan.filtered) out << "left out by --type: " << plan.filtered << "\n";
  if (plan.after_until)
    out << "left out by --until " << plan.selection_until << ": " << plan.after_until
        << " (captured at or after that frame)\n";
  for (auto& r : plan.reorders) out << "reordered: " << r << "\n";
  for (auto& s : plan.skipped) out << "skipped: " << s << "\n";
  for (auto& e : plan.errors) out << "error: " << e << "\n";
}

nlohmann::json plan_json(const RecordedCapture& cap, const Plan& plan) {
  using nlohmann::json;
  const StepCounts counts = count_steps(cap, plan);
  json clients = json::array();
  for (auto& pc : plan.clients) {
    json sessions = json::array();
    for (auto& ps : pc.sessions) {
      auto& s = cap.sessions[ps.session];
      const size_t n = counts.per_session.count(ps.session) ? counts.per_session.at(ps.session) : 0;
      sessions.push_back({{"session", s.id}, {"role", role_name(ps.role)}, {"describe", s.describe()},
                          {"messages", n}, {"refused", ps.refused}});
    }
    auto& c = cap.clients[pc.client];
    clients.push_back({{"client", pc.client + 1}, {"describe", c.describe()},
                       {"auth_name", c.auth_name ? c.auth_name->to_string() : ""}, {"sessions", sessions}});
  }
  std::map<std::string, uint64_t> by_type;
  for (auto& [t, n] : counts.per_type) by_type[msg_type_label(t)] = n;
  return json{{"capture", cap.file},         {"clients", clients},         {"messages", plan.steps.size()},
              {"bytes", plan.bytes},         {"by_type", by_type},         {"regenerated", plan.regenerated},
              {"filtered", plan.filtered}, {"after_until", plan.after_until},   {"skipped", plan.skipped},    {"lost", plan.lost},
              {"reordered", plan.reordered},  {"reorders", plan.reorders},
              {"errors", plan.errors}};
}

}  // namespace cephwire::replay
