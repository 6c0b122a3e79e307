#include "cephwire/request_tracker.h"

namespace cephwire {
namespace {

bool known(const EntityName& n) { return n.type != 0 && n.num != ~uint64_t(0); }

}  // namespace

std::optional<RequestTracker::Key> RequestTracker::key_of(const TrackedMessage& m, Dir request_dir) const {
  const messages::Transaction& t = m.txn;
  if (t.scope == messages::TxnScope::Client) {
    auto it = names_.find({m.connection, uint8_t(request_dir)});
    if (it != names_.end() && known(it->second))
      return Key{t.family, 0, it->second.type, it->second.num, t.key};
  }
  // The connection's scope, or a client whose name the capture never showed.
  return Key{t.family, uint8_t(1 + uint8_t(request_dir)), m.connection, 0, t.key};
}

std::optional<RequestTracker::Placed> RequestTracker::add(const TrackedMessage& m) {
  if (known(m.sender)) names_[{m.connection, uint8_t(m.dir)}] = m.sender;
  const messages::Transaction& t = m.txn;
  if (t.role == messages::TxnRole::Request) {
    const size_t i = requests_.size();
    TrackedRequest r;
    r.connection = m.connection;
    r.dir = m.dir;
    if (auto n = names_.find({m.connection, uint8_t(m.dir)}); n != names_.end()) r.client = n->second;
    r.frame = m.frame;
    r.ts_nsec = m.ts_nsec;
    r.type = m.type;
    r.tid = m.tid;
    r.procedure = t.procedure;
    requests_.push_back(std::move(r));
    if (t.in_order) {
      in_order_[{m.connection, uint8_t(m.dir)}].push_back(i);
    } else if (auto k = key_of(m, m.dir)) {
      auto [it, fresh] = open_.try_emplace(*k, i);
      if (!fresh) {  // the same key again, unanswered: a resend
        requests_[it->second].resent_as = i;
        it->second = i;
      }
    }
    return Placed{true, i};
  }

  // A reply: the request went the other way.
  const Dir rd = peer_of(m.dir);
  std::optional<size_t> req;
  if (t.in_order) {
    auto it = in_order_.find({m.connection, uint8_t(rd)});
    if (it != in_order_.end() && !it->second.empty()) {
      req = it->second.front();
      if (t.final) it->second.pop_front();
    }
  } else if (auto k = key_of(m, rd)) {
    auto it = open_.find(*k);
    if (it != open_.end()) {
      req = it->second;
      if (t.final) open_.erase(it);
    }
  }
  if (!req) return std::nullopt;
  TrackedRequest& q = requests_[*req];
  const size_t i = replies_.size();
  TrackedReply r;
  r.request = *req;
  r.frame = m.frame;
  r.ts_nsec = m.ts_nsec;
  r.type = m.type;
  r.result = t.result;
  r.final = t.final;
  r.latency_nsec = m.ts_nsec >= q.ts_nsec ? m.ts_nsec - q.ts_nsec : 0;
  replies_.push_back(r);
  q.replies.push_back(i);
  return Placed{false, i};
}

}  // namespace cephwire
