#include "reply_matcher.h"

#include <algorithm>
#include <cstring>

#include "cephwire/messages/osd_op.h"
#include "cephwire/messages/result.h"
#include "cephwire/messages/transaction.h"
#include "cephwire/msg_types.h"
#include "cephwire/percentile.h"

namespace cephwire::replay {

std::string describe_step(const RecordedCapture& cap, const PlanStep& st) {
  const RecordedSession& s = cap.sessions[st.session];
  const RecordedMessage& r = s.messages[st.message];
  return s.describe() + " frame " + std::to_string(r.frame) + " " + msg_type_label(r.msg->type) + " tid " +
         std::to_string(r.msg->tid);
}

std::string result_str(std::optional<int32_t> r) {
  if (!r) return "-";
  return std::to_string(*r) + (*r < 0 ? " (" + std::string(strerror(-*r)) + ")" : "");
}

nlohmann::json Percentiles::to_json() {
  if (v.empty()) return nlohmann::json::object();
  std::sort(v.begin(), v.end());
  auto at = [&](double p) { return v[percentile_rank(p, v.size())]; };
  return {{"p50", at(0.5)}, {"p90", at(0.9)}, {"p99", at(0.99)}, {"max", v.back()}, {"count", v.size()}};
}

namespace {

// "pool/nspace/key/name", as the versions of one object are kept.
std::string object_of(const messages::MOSDOp& op) {
  if (op.oid.empty() || (op.flags & messages::kOsdFlagPgOp)) return {};  // a placement group's op: no object
  return std::to_string(op.oloc.pool) + "/" + op.oloc.nspace + "/" + op.oloc.key + "/" + op.oid;
}

}  // namespace

namespace {

// What ties a reply to its request on a session: the tid, or for an MDS
// session's open, close and renewal (tid 0) their transaction's key.
std::optional<uint64_t> match_key(const Message& m) {
  if (m.tid) return m.tid;
  if (m.type != kMsgClientSession && m.type != kMsgClientReconnect) return std::nullopt;
  auto t = messages::message_transaction(m);
  if (!t) return std::nullopt;
  return (uint64_t(1) << 63) | t->key;
}

}  // namespace

void ReplyMatcher::expect(WireSession* w, const PlanStep& st, const messages::MOSDOp* op) {
  if (!st.reply) return;
  const RecordedSession& s = cap_.sessions[st.session];
  const Message& req = *s.messages[st.message].msg;
  const Message& rep = *s.messages[*st.reply].msg;
  const auto key = match_key(req);
  if (!key) return;
  Outstanding o{&st, rep.type, messages::reply_result(rep.type, rep.version, rep.front), {}, {}, Clock::now()};
  if (op && rep.type == kMsgOsdOpReply) {
    auto r = messages::MOSDOpReply::decode(rep.version, rep.front, nullptr);
    if (r && rep.version >= 5) {
      o.object = object_of(*op);
      o.version = r->user_version;
    }
  }
  ++expected_;
  captured_latency_.v.push_back(double(s.messages[*st.reply].ts_usec - s.messages[st.message].ts_usec) / 1000.0);
  if (in_flight_.size() <= st.client) {
    in_flight_.resize(st.client + 1);
    most_in_flight_.resize(st.client + 1);
  }
  most_in_flight_[st.client] = std::max(most_in_flight_[st.client], ++in_flight_[st.client]);
  outstanding_.emplace(std::make_pair(w, *key), std::move(o));
}

void ReplyMatcher::done(std::multimap<std::pair<WireSession*, uint64_t>, Outstanding>::iterator it) {
  const PlanStep& st = *it->second.step;
  outstanding_.erase(it);
  --in_flight_[st.client];
  if (on_done) on_done(st);
}

void ReplyMatcher::on_message(WireSession& w, const Message& m) {
  const auto key = match_key(m);
  if (!key) return;
  auto it = outstanding_.find({&w, *key});
  if (it == outstanding_.end()) return;
  Outstanding& o = it->second;
  latency_.v.push_back(std::chrono::duration<double, std::milli>(Clock::now() - o.sent).count());
  const auto got = messages::reply_result(m.type, m.version, m.front);
  std::string why;
  if (m.type != o.type || got != o.result) {
    mismatches_.push_back(describe_step(cap_, *o.step) + ": captured " + msg_type_label(o.type) + " result " +
                          result_str(o.result) + ", live " + msg_type_label(m.type) + " result " + result_str(got));
  } else if (o.version && !o.object.empty()) {
    auto live = messages::MOSDOpReply::decode(m.version, m.front, nullptr);
    if (live && m.version >= 5 && !versions_.check(o.object, *o.version, live->user_version, &why))
      mismatches_.push_back(describe_step(cap_, *o.step) + ": " + why);
    else
      ++matched_;
  } else {
    ++matched_;
  }
  done(it);
}

void ReplyMatcher::session_failed(WireSession& w, const std::string& why, std::vector<std::string>& failures) {
  for (auto o = outstanding_.begin(); o != outstanding_.end();) {
    if (o->first.first == &w) {
      failures.push_back(why + " (" + describe_step(cap_, *o->second.step) + " got no reply)");
      ++missing_;
      auto gone = o++;
      done(gone);
    } else {
      ++o;
    }
  }
}

void ReplyMatcher::end_loop(int timeout_ms, std::vector<std::string>& failures) {
  for (auto& [key, o] : outstanding_) {
    failures.push_back(describe_step(cap_, *o.step) + ": no reply within " + std::to_string(timeout_ms) +
                       " ms (its session: " + key.first->name() + ")");
    ++missing_;
    if (on_done) on_done(*o.step);
  }
  outstanding_.clear();
  std::fill(in_flight_.begin(), in_flight_.end(), 0);
}

}  // namespace cephwire::replay
