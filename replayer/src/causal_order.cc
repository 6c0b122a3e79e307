#include "causal_order.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "cephwire/messages/osd_op.h"
#include "cephwire/messages/transaction.h"
#include "cephwire/request_tracker.h"
#include "cephwire/msg_types.h"

namespace cephwire::replay {
namespace {

using messages::MOSDOp;
using messages::MOSDOpReply;

const RecordedMessage& request_of(const RecordedCapture& cap, const PlanStep& st) {
  return cap.sessions[st.session].messages[st.message];
}

// Each request's reply on its own session, as the plugin and `inspect --ops`
// join them (cephwire/request_tracker.h): every message of the capture in
// frame order. Only requests with a tid wait for theirs.
void find_replies(const RecordedCapture& cap, std::vector<PlanStep>& steps) {
  std::vector<std::tuple<uint64_t, size_t, size_t>> order;  // (frame, session, message)
  for (size_t s = 0; s < cap.sessions.size(); ++s)
    for (size_t i = 0; i < cap.sessions[s].messages.size(); ++i)
      order.emplace_back(cap.sessions[s].messages[i].frame, s, i);
  std::sort(order.begin(), order.end());
  RequestTracker tracker;
  std::map<std::pair<size_t, size_t>, size_t> request_of_message;  // (session, message) -> request
  std::vector<std::pair<size_t, size_t>> message_of_reply;         // reply -> (session, message)
  for (const auto& [frame, s, i] : order) {
    const RecordedMessage& r = cap.sessions[s].messages[i];
    const Message& m = *r.msg;
    auto t = messages::message_transaction(m);
    if (!t) continue;
    auto p = tracker.add({s, r.dir, m.src, m.tid, frame, r.ts_usec * 1000, m.type, std::move(*t)});
    if (!p) continue;
    if (p->request)
      request_of_message[{s, i}] = p->index;
    else
      message_of_reply.emplace_back(s, i);
  }
  for (auto& st : steps) {
    // A replay waits for replies named by a tid (not auth's, pings', a version's
    // handle), and for an MDS session's: the MDS must have opened the session
    // before it takes a request of it (Ceph 16.2.15 dies of one it answers
    // in between, SessionMap::hit_session).
    const Message& req = *request_of(cap, st).msg;
    if (!req.tid && req.type != kMsgClientSession) continue;
    auto q = request_of_message.find({st.session, st.message});
    if (q == request_of_message.end()) continue;
    for (size_t reply : tracker.requests()[q->second].replies)
      if (message_of_reply[reply].first == st.session) {
        st.reply = message_of_reply[reply].second;
        break;
      }
  }
}

using ObjectKey = std::tuple<int64_t, std::string, std::string, std::string>;  // pool, nspace, key, name

// Writes to each object with the version the OSD gave them (its PG log
// version: the order it applied them in), by step index.
std::map<ObjectKey, std::vector<std::pair<uint64_t, size_t>>> writes_by_object(const RecordedCapture& cap,
                                                                               const std::vector<PlanStep>& steps) {
  std::map<ObjectKey, std::vector<std::pair<uint64_t, size_t>>> w;
  for (size_t i = 0; i < steps.size(); ++i) {
    const PlanStep& st = steps[i];
    const Message& m = *request_of(cap, st).msg;
    if (m.type != kMsgOsdOp || !st.reply) continue;
    auto op = MOSDOp::decode(m.version, m.front, nullptr);
    if (!op || !(op->flags & messages::kOsdFlagWrite)) continue;
    const Message& r = *cap.sessions[st.session].messages[*st.reply].msg;
    auto rep = MOSDOpReply::decode(r.version, r.front, nullptr);
    if (!rep || rep->replay_version == 0) continue;  // no version: nothing says when it was applied
    w[ObjectKey{op->oloc.pool, op->oloc.nspace, op->oloc.key, op->oid}].emplace_back(rep->replay_version, i);
  }
  return w;
}

}  // namespace

void order_steps(const RecordedCapture& cap, Plan& plan) {
  auto& steps = plan.steps;
  find_replies(cap, steps);

  // A write the OSD applied after a later-captured one moves to just behind
  // it (never earlier than captured: what it waited for, it still waits for).
  struct Key {
    size_t major, minor, orig;
    bool operator<(const Key& o) const { return std::tie(major, minor, orig) < std::tie(o.major, o.minor, o.orig); }
  };
  std::vector<Key> keys(steps.size());
  for (size_t i = 0; i < steps.size(); ++i) keys[i] = {i, 0, i};
  auto writes = writes_by_object(cap, steps);
  for (auto& [object, list] : writes) {
    std::stable_sort(list.begin(), list.end());
    for (size_t k = 1; k < list.size(); ++k) {
      const Key& prev = keys[list[k - 1].second];
      Key& cur = keys[list[k].second];
      if (prev < cur) continue;
      cur = {prev.major, prev.minor + 1, cur.orig};
      auto frame = [&](size_t i) { return std::to_string(request_of(cap, steps[i]).frame); };
      plan.reorders.push_back("object " + std::get<3>(object) + ": the write of frame " + frame(list[k].second) +
                              " (version " + std::to_string(list[k].first) + ") goes after that of frame " +
                              frame(list[k - 1].second) + " (version " + std::to_string(list[k - 1].first) +
                              "), as the OSD applied them");
    }
  }
  std::vector<size_t> order(steps.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return keys[a] < keys[b]; });
  std::vector<size_t> new_index(steps.size());
  std::vector<PlanStep> sorted;
  sorted.reserve(steps.size());
  for (size_t i = 0; i < order.size(); ++i) {
    new_index[order[i]] = i;
    sorted.push_back(steps[order[i]]);
    plan.reordered += keys[order[i]].minor != 0;
  }
  steps.swap(sorted);
  // One session's writes the OSD applies in the order they came (one
  // connection, one PG); only a write on another session must be waited for.
  for (auto& [object, list] : writes)
    for (size_t k = 1; k < list.size(); ++k) {
      PlanStep& cur = steps[new_index[list[k].second]];
      const size_t prev = new_index[list[k - 1].second];
      if (steps[prev].session != cur.session) cur.after = prev;
    }

  // The replies in the order they were captured; each request waits for
  // those captured before it was.
  auto reply_frame = [&](size_t i) { return cap.sessions[steps[i].session].messages[*steps[i].reply].frame; };
  plan.reply_order.clear();
  for (size_t i = 0; i < steps.size(); ++i)
    if (steps[i].reply) plan.reply_order.push_back(i);
  std::stable_sort(plan.reply_order.begin(), plan.reply_order.end(),
                   [&](size_t a, size_t b) { return reply_frame(a) < reply_frame(b); });
  std::vector<uint64_t> frames(plan.reply_order.size());
  std::vector<size_t> latest(plan.reply_order.size());  // the latest step among the first r replies' requests
  for (size_t r = 0; r < frames.size(); ++r) {
    frames[r] = reply_frame(plan.reply_order[r]);
    latest[r] = std::max(r ? latest[r - 1] : 0, plan.reply_order[r]);
  }
  // Each client's most requests in flight at once, as captured.
  std::vector<std::pair<uint64_t, int>> events;  // frame, +1 sent / -1 answered
  for (size_t c = 0; c < plan.clients.size(); ++c) {
    events.clear();
    for (auto& st : steps)
      if (st.client == c && st.reply) {
        events.emplace_back(request_of(cap, st).frame, 1);
        events.emplace_back(cap.sessions[st.session].messages[*st.reply].frame, -1);
      }
    std::sort(events.begin(), events.end());
    long now = 0, most = 0;
    for (auto& [frame, d] : events) most = std::max(most, now += d);
    plan.clients[c].in_flight = size_t(most);
  }
  for (size_t i = 0; i < steps.size(); ++i) {
    const uint64_t sent = request_of(cap, steps[i]).frame;
    const size_t before = size_t(std::lower_bound(frames.begin(), frames.end(), sent) - frames.begin());
    // Never wait for a request that goes later than this one (a moved write
    // could make that so): the replay would wait forever.
    const size_t sendable = size_t(std::lower_bound(latest.begin(), latest.end(), i) - latest.begin());
    steps[i].waits_for = std::min(before, sendable);
  }
}

CausalGate::CausalGate(const Plan& plan) : plan_(plan), answered_(plan.steps.size(), 0) {}

void CausalGate::clear() {
  std::fill(answered_.begin(), answered_.end(), 0);
  prefix_ = 0;
  given_up_ = false;
}

void CausalGate::answered(const PlanStep& st) {
  answered_[size_t(&st - plan_.steps.data())] = 1;
  while (prefix_ < plan_.reply_order.size() && answered_[plan_.reply_order[prefix_]]) ++prefix_;
}

bool CausalGate::ready(const PlanStep& st) const {
  return given_up_ || (prefix_ >= st.waits_for && (!st.after || answered_[*st.after]));
}

}  // namespace cephwire::replay
