// `send`: the replay's loop. Each plan step goes out, in the plan's order, at
// its due time and once the replies it waits for have come, on its client's
// live session; then the loop waits for every reply and for the sessions to
// drain, and closes them. The parts are in their own files: live_client (the
// monitor client, placement, sessions to the OSDs), session_pool (the poll
// loop), pacing, causal_order, reply_matcher, send_report.
#include "send.h"

#include <algorithm>
#include <cstdio>
#include <list>

#include "causal_order.h"
#include "live_client.h"
#include "pacing.h"
#include "reply_matcher.h"
#include "rewrite.h"
#include "send_report.h"
#include "session_pool.h"

namespace cephwire::replay {
namespace {

using nlohmann::json;

constexpr uint64_t kHighWater = 64ull << 20;  // unsent bytes a session may hold
constexpr uint64_t kLowWater = 16ull << 20;

class Replayer : public SessionHandler {
 public:
  Replayer(const RecordedCapture& cap, const Plan& plan, const SendOptions& o, std::ostream& err)
      : cap_(cap),
        plan_(plan),
        o_(o),
        err_(err),
        pool_(o.timeout_ms, *this),
        cluster_{cap, plan, o, pool_, *this, rewrites_, failures_, {}, LiveCluster::kOwnTidBase, {}},
        pacer_(o, plan.steps.empty() ? 0 : first_ts(plan)),
        gate_(plan),
        replies_(cap) {
    if (o.progress) pool_.after_round = [this] { show_progress(); };
    replies_.on_done = [this](const PlanStep& st) {
      gate_.answered(st);
      ++answered_;
    };
  }

  void run_loop();
  json report(double elapsed_s);
  json in_flight() const;
  // Everything sent and answered as recorded, and nothing the capture lost of the clients' messages.
  // Non-empty when the live monitor could not be used at all (refused, the
  // wrong protocol on its port): nothing can be replayed, so the replay stops.
  const std::string& unreachable() const { return unreachable_; }
  bool ok() const {
    return failures_.empty() && replies_.mismatches().empty() && replies_.missing() == 0 && plan_.lost == 0;
  }

 private:
  // SessionHandler
  void on_message(WireSession& w, Message& m) override;
  void on_failed(WireSession& w, const std::string& why) override;

  static uint64_t first_ts(const Plan& p) {
    uint64_t t = p.steps.front().ts_usec;
    for (auto& st : p.steps) t = std::min(t, st.ts_usec);
    return t;
  }
  LiveClient& new_client(size_t plan_index);
  void wait_for_causes(const PlanStep& st);
  bool send_step(LiveClient& c, const PlanStep& st);
  void wait_for_replies();
  void close_sessions();
  void show_progress(bool final = false);

  const RecordedCapture& cap_;
  const Plan& plan_;
  const SendOptions& o_;
  std::ostream& err_;
  RewriteLog rewrites_;
  std::vector<std::string> failures_;
  SessionPool pool_;
  LiveCluster cluster_;
  Pacer pacer_;
  CausalGate gate_;
  ReplyMatcher replies_;
  uint64_t answered_ = 0;  // requests done waiting for (for the causal wait's progress)
  std::list<LiveClient> clients_;
  std::vector<std::pair<WireSession*, uint64_t>> sent_seqs_;  // this loop's replayed messages
  bool closing_ = false;
  bool any_client_up_ = false;
  std::string unreachable_;

  uint64_t sent_ = 0, sent_bytes_ = 0, acked_ = 0, steps_done_ = 0;
  std::map<uint16_t, uint64_t> sent_by_type_, received_by_type_;  // named in the report
  Clock::time_point last_progress_print_{};
};

void Replayer::on_failed(WireSession& w, const std::string& why) {
  if (closing_) return;  // the replay is over; the peer closing is what was asked for
  const std::string msg = w.name() + ": " + why;
  replies_.session_failed(w, msg, failures_);  // requests that were waiting on it will get no reply
  auto it = cluster_.owner.find(&w);
  if (it != cluster_.owner.end() && it->second->monitor() == &w && !it->second->failed())
    it->second->fail(msg);
  else if (std::find(failures_.begin(), failures_.end(), msg) == failures_.end())
    failures_.push_back(msg);
}

void Replayer::on_message(WireSession& w, Message& m) {
  ++received_by_type_[m.type];
  auto own = cluster_.owner.find(&w);
  if (own != cluster_.owner.end() && own->second->take_monitor_message(w, m)) return;
  replies_.on_message(w, m);
}

LiveClient& Replayer::new_client(size_t plan_index) {
  clients_.emplace_back(cluster_, plan_index);
  LiveClient& c = clients_.back();
  const size_t failures = failures_.size();
  if (c.setup()) {
    any_client_up_ = true;
  } else if (!any_client_up_ && c.monitor_unusable()) {
    // The first client could not even use the monitor: every other would
    // fail the same way; said once.
    unreachable_ = failures_.size() > failures ? failures_.back() : "the live monitor could not be used";
  }
  return c;
}

// Holds a request until the replies the capture shows before it have come
// live. A cluster that stops answering is waited for as long as the timeout,
// once: the rest of the loop then goes out without waiting, and says so.
void Replayer::wait_for_causes(const PlanStep& st) {
  if (gate_.ready(st)) return;
  auto quiet_since = Clock::now();
  uint64_t last = answered_;
  while (!gate_.ready(st)) {
    if (answered_ != last) {
      last = answered_;
      quiet_since = Clock::now();
    }
    if (Clock::now() - quiet_since > std::chrono::milliseconds(o_.timeout_ms)) {
      failures_.push_back(describe_step(cap_, st) + ": the replies the capture shows before it did not come within " +
                          std::to_string(o_.timeout_ms) +
                          " ms; the rest of this loop went out without waiting for replies, so its order may "
                          "differ from the recording's");
      gate_.give_up();
      return;
    }
    pool_.pump([&] { return gate_.ready(st) || answered_ != last; }, Clock::now() + std::chrono::milliseconds(100));
  }
}

// False when the step could not be sent (said in the failures).
bool Replayer::send_step(LiveClient& c, const PlanStep& st) {
  const RecordedMessage& r = cap_.sessions[st.session].messages[st.message];
  auto route = c.route(st);
  WireSession* w = route.session;
  if (!w) {
    if (!route.failure.empty()) failures_.push_back(describe_step(cap_, st) + ": " + route.failure);
    return false;
  }
  if (w->failed()) {
    failures_.push_back(describe_step(cap_, st) + ": its session failed before it could be sent");
    return false;
  }
  std::string why;
  auto out = rewrite_for_live(r, c.facts(), route.osd_op, rewrites_, &why);
  if (!out) {
    failures_.push_back(describe_step(cap_, st) + ": " + why);
    return false;
  }
  const uint64_t bytes = out->msg.front.size() + out->msg.middle.size() + out->data().length();
  replies_.expect(w, st, route.osd_op ? &route.osd_op->op : nullptr);
  sent_seqs_.emplace_back(w, w->send(out));
  ++sent_;
  sent_bytes_ += bytes;
  ++sent_by_type_[r.msg->type];
  if (w->unsent_bytes() > kHighWater)
    pool_.pump([&] { return w->failed() || w->unsent_bytes() < kLowWater; },
               Clock::now() + std::chrono::hours(24));  // the pool fails a session that stops reading
  return true;
}

void Replayer::show_progress(bool final) {
  const auto now = Clock::now();
  if (!final && now - last_progress_print_ < std::chrono::milliseconds(200)) return;
  last_progress_print_ = now;
  const double secs = pacer_.elapsed_s();
  const size_t total = plan_.steps.size() * size_t(std::max(o_.loops, 1));
  const int width = 30;
  const int filled = total ? int(double(steps_done_) / double(total) * width) : width;
  char line[256];
  std::snprintf(line, sizeof line, "\r[%-*s] %llu/%zu messages, %.1f MB, %.1f MB/s, %zu awaiting reply ", width,
                std::string(size_t(filled), '#').c_str(), static_cast<unsigned long long>(steps_done_), total,
                double(sent_bytes_) / 1e6, secs > 0 ? double(sent_bytes_) / 1e6 / secs : 0.0, replies_.waiting());
  err_ << line << (final ? "\n" : "") << std::flush;
}

void Replayer::run_loop() {
  clients_.clear();
  cluster_.owner.clear();
  pool_.clear();
  replies_.clear();
  gate_.clear();
  std::vector<LiveClient*> by_plan(plan_.clients.size(), nullptr);
  unsigned since_round = 0;
  for (auto& st : plan_.steps) {
    LiveClient*& c = by_plan[st.client];
    if (!c) c = &new_client(st.client);
    if (!unreachable_.empty()) return;
    ++steps_done_;
    if (c->failed()) {
      gate_.answered(st);  // nothing will answer it
      continue;
    }
    wait_for_causes(st);
    const auto when = pacer_.due(st.ts_usec, sent_bytes_);
    if (when > Clock::now()) pool_.pump([] { return false; }, when);
    if (!send_step(*c, st)) gate_.answered(st);
    // Write what the sockets take now and read what came: after every few
    // small messages (fewer system calls), at once behind a large one.
    if (++since_round >= 32 || c->unsent() >= (64u << 10)) {
      pool_.poll_round(0);
      since_round = 0;
    }
  }
  // Clients whose selection had no message to send still authenticate.
  for (size_t i = 0; i < plan_.clients.size(); ++i)
    if (!by_plan[i]) new_client(i);
  wait_for_replies();
  pacer_.end_loop();  // the next loop's clock starts at its own first message
  for (WireSession* w : pool_.sessions())  // what could not even be written
    if (!w->failed() && w->unsent_bytes()) {
      const uint64_t unsent = w->unsent_bytes();
      w->close_now();
      on_failed(*w, "the peer stopped reading: " + std::to_string(unsent) + " bytes unsent after " +
                        std::to_string(o_.timeout_ms) + " ms without progress");
    }
  replies_.end_loop(o_.timeout_ms, failures_);
  for (auto& [w, seq] : sent_seqs_)  // acknowledged: replayed messages the peer's acks cover
    acked_ += w->acked_seq() >= seq;
  sent_seqs_.clear();
  close_sessions();
}

// Waits for every reply and for every session to drain, as long as something
// still moves. Acks are not waited for: Ceph's msgr v1 sends none on lossy
// client sessions (recorded traffic has no ACK tag at all).
void Replayer::wait_for_replies() {
  auto quiet_since = Clock::now();
  size_t last_waiting = replies_.waiting();
  uint64_t last_acked = 0;
  auto all_done = [&] {
    uint64_t acked = 0;
    bool flushed = true;
    for (WireSession* w : pool_.sessions()) {
      acked += w->acked_seq();
      flushed &= w->failed() || w->unsent_bytes() == 0;
    }
    if (replies_.waiting() != last_waiting || acked != last_acked) {
      last_waiting = replies_.waiting();
      last_acked = acked;
      quiet_since = Clock::now();
    }
    return replies_.waiting() == 0 && flushed;
  };
  while (!all_done()) {
    if (Clock::now() - quiet_since > std::chrono::milliseconds(o_.timeout_ms)) break;
    pool_.pump(all_done, Clock::now() + std::chrono::milliseconds(100));
  }
}

// A graceful end: FIN, then wait (briefly) for the peer's; closing with
// unread bytes would reset the connection under the peer.
void Replayer::close_sessions() {
  closing_ = true;
  for (WireSession* w : pool_.sessions())
    if (!w->failed() && w->unsent_bytes() == 0) w->shutdown_write();
  pool_.pump(
      [&] {
        for (WireSession* w : pool_.sessions())
          if (!w->failed() && w->fd() >= 0) return false;
        return true;
      },
      Clock::now() + std::chrono::seconds(1));
  for (WireSession* w : pool_.sessions()) w->close_now();
  closing_ = false;
}

// Each client's most requests awaiting a reply at once: as captured, and live.
json Replayer::in_flight() const {
  json a = json::array();
  for (size_t c = 0; c < plan_.clients.size(); ++c)
    a.push_back({{"client", plan_.clients[c].client + 1},
                 {"captured_max", plan_.clients[c].in_flight},
                 {"live_max", replies_.live_in_flight(c)}});
  return a;
}

json Replayer::report(double elapsed_s) {
  const double sending_s = pacer_.sending_s();
  return json{{"capture", cap_.file},
              {"target", o_.to.to_string()},
              {"loops", o_.loops},
              {"clients", cluster_.clients},
              {"sent", {{"messages", sent_}, {"bytes", sent_bytes_}, {"by_type", by_type_names(sent_by_type_)}}},
              {"acknowledged", acked_},
              {"replies",
               {{"expected", replies_.expected()},
                {"matched", replies_.matched()},
                {"mismatched", replies_.mismatches().size()},
                {"missing", replies_.missing()},
                {"versions_compared", replies_.versions_compared()}}},
              {"received_by_type", by_type_names(received_by_type_)},
              {"mismatches", replies_.mismatches()},
              {"failures", failures_},
              {"rewrites", rewrites_.json()},
              {"regenerated", plan_.regenerated},
              {"reordered", plan_.reordered},
              {"reorders", plan_.reorders},
              {"skipped", plan_.skipped},
              {"lost", plan_.lost},
              {"elapsed_s", elapsed_s},
              {"sending_s", sending_s},
              {"rate_mbps", sending_s > 0 ? double(sent_bytes_) * 8 / 1e6 / sending_s : 0.0},
              {"messages_per_s", sending_s > 0 ? double(sent_) / sending_s : 0.0},
              {"latency_ms", replies_.latency().to_json()},
              {"captured_latency_ms", replies_.captured_latency().to_json()},
              {"in_flight", in_flight()}};
}

}  // namespace

namespace {

// An error that stops the replay before it began: one line on stderr and,
// under --json, a JSON document on stdout that says the same.
SendResult unusable(const SendOptions& o, std::ostream& out, std::ostream& err, const std::string& what,
                    const json& where = json::object()) {
  err << "cephwire-replay: " << what << "\n";
  SendResult res;
  res.exit_code = 2;
  res.report = {{"error", what}, {"file", o.capture}};
  res.report.update(where);
  if (o.json) out << res.report.dump(2) << "\n";
  return res;
}

}  // namespace

SendResult run_send(const SendOptions& o, std::ostream& out, std::ostream& err) {
  RecordedCapture cap = load_recorded(o.capture, o.keys);
  // A capture cut short (a killed tcpdump) is replayed as far as it reads.
  const json read_error = cap.read.ok ? json(nullptr)
                                      : json{{"error", cap.read.error},
                                             {"frame", cap.read.frames + 1},
                                             {"offset", cap.read.error_offset}};
  if (!cap.read.ok && cap.sessions.empty())
    return unusable(o, out, err, cap.read.error, {{"frame", cap.read.frames + 1}, {"offset", cap.read.error_offset}});
  if (!cap.read.ok) err << "cephwire-replay: " << cap.read.error << " (replaying what was read before it)\n";
  Plan plan = make_plan(cap, o.selection);
  if (o.dry_run) {
    SendResult res;
    if (o.json)
      out << plan_json(cap, plan).dump(2) << "\n";
    else
      print_plan(out, cap, plan);
    res.exit_code = plan.errors.empty() ? 0 : 2;
    return res;
  }
  if (!plan.errors.empty()) {
    for (size_t i = 1; i < plan.errors.size(); ++i) err << "cephwire-replay: " << plan.errors[i - 1] << "\n";
    return unusable(o, out, err, plan.errors.back());
  }
  Replayer r(cap, plan, o, err);
  auto t0 = Clock::now();
  for (int i = 0; i < std::max(o.loops, 1) && r.unreachable().empty(); ++i) r.run_loop();
  if (!r.unreachable().empty()) return unusable(o, out, err, r.unreachable(), {{"target", o.to.to_string()}});
  const double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
  SendResult res;
  res.report = r.report(elapsed);
  res.report["read_error"] = read_error;
  if (o.progress) err << "\n";
  if (o.json)
    out << res.report.dump(2) << "\n";
  else
    print_report(out, res.report);
  res.exit_code = r.ok() && cap.read.ok ? 0 : 1;
  return res;
}

}  // namespace cephwire::replay
