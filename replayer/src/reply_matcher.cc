#include "reply_matcher.h"

#include <algorithm>
#include <cstring>
#include <set>

#include "cephwire/messages/result.h"
#include "cephwire/msg_types.h"

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
  auto at = [&](double p) { return v[std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5))]; };
  return {{"p50", at(0.5)}, {"p90", at(0.9)}, {"p99", at(0.99)}, {"max", v.back()}, {"count", v.size()}};
}

ReplyMatcher::ReplyMatcher(const RecordedCapture& cap) : cap_(cap) {
  for (auto& s : cap.sessions) {
    auto& replies = captured_[&s];
    std::set<uint64_t> asked;
    for (auto& r : s.messages)
      if (r.dir == Dir::ToServer && r.msg->tid) asked.insert(r.msg->tid);
    for (auto& r : s.messages)
      if (r.dir == Dir::ToClient && r.msg->tid && asked.count(r.msg->tid) && !replies.count(r.msg->tid))
        replies[r.msg->tid] = Captured{r.msg->type, messages::reply_result(r.msg->type, r.msg->version, r.msg->front)};
  }
}

void ReplyMatcher::expect(WireSession* w, const PlanStep& st) {
  const RecordedSession& s = cap_.sessions[st.session];
  const uint64_t tid = s.messages[st.message].msg->tid;
  if (!tid) return;
  auto replies = captured_.find(&s);
  if (replies == captured_.end()) return;
  auto rep = replies->second.find(tid);
  if (rep == replies->second.end()) return;
  ++expected_;
  outstanding_.emplace(std::make_pair(w, tid), Outstanding{&st, rep->second, Clock::now()});
}

void ReplyMatcher::on_message(WireSession& w, const Message& m) {
  auto it = outstanding_.find({&w, m.tid});
  if (m.tid == 0 || it == outstanding_.end()) return;
  Outstanding& o = it->second;
  latency_.v.push_back(std::chrono::duration<double, std::milli>(Clock::now() - o.sent).count());
  const auto got = messages::reply_result(m.type, m.version, m.front);
  if (m.type != o.expected.type || got != o.expected.result)
    mismatches_.push_back(describe_step(cap_, *o.step) + ": captured " + msg_type_label(o.expected.type) +
                          " result " + result_str(o.expected.result) + ", live " + msg_type_label(m.type) +
                          " result " + result_str(got));
  else
    ++matched_;
  outstanding_.erase(it);
}

void ReplyMatcher::session_failed(WireSession& w, const std::string& why, std::vector<std::string>& failures) {
  for (auto o = outstanding_.begin(); o != outstanding_.end();) {
    if (o->first.first == &w) {
      failures.push_back(why + " (" + describe_step(cap_, *o->second.step) + " got no reply)");
      ++missing_;
      o = outstanding_.erase(o);
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
  }
  outstanding_.clear();
}

}  // namespace cephwire::replay
