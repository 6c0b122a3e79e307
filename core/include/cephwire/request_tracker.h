// Requests joined to their replies across a capture, in capture order: one
// tracker for the plugin (its first pass) and for `inspect --ops`, so that
// both link the same messages (messages/transaction.h says which are which).
//
// A reply answers the latest open request of its family and key in its scope:
// the client's (the requester's name, whichever session carried either), or
// the connection's (the request in the other direction). A request whose key
// comes again before any reply is a resend: the earlier one is not left
// unanswered, it is resent as the later one.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "cephwire/direction.h"
#include "cephwire/entity.h"
#include "cephwire/messages/transaction.h"

namespace cephwire {

struct TrackedMessage {
  uint64_t connection = 0;  // any id, one per TCP connection
  Dir dir = Dir::ToServer;
  EntityName sender;        // the sender's name when known (type 0: not)
  uint64_t tid = 0;         // the header's
  uint64_t frame = 0;       // the frame that completed the message
  uint64_t ts_nsec = 0;     // that frame's capture time
  uint16_t type = 0;
  messages::Transaction txn;
};

struct TrackedReply {
  size_t request = 0;  // index into RequestTracker::requests()
  uint64_t frame = 0, ts_nsec = 0;
  uint16_t type = 0;
  std::optional<int32_t> result;
  bool final = true;
  uint64_t latency_nsec = 0;  // from the request's frame
};

struct TrackedRequest {
  uint64_t connection = 0;
  Dir dir = Dir::ToServer;
  EntityName client;  // the requester, when known
  uint64_t frame = 0, ts_nsec = 0;
  uint16_t type = 0;
  uint64_t tid = 0;
  std::string procedure;
  std::vector<size_t> replies;       // into RequestTracker::replies(), in order
  std::optional<size_t> resent_as;   // the request that resent it
  bool answered() const { return !replies.empty(); }
};

class RequestTracker {
 public:
  struct Placed {
    bool request = true;
    size_t index = 0;  // into requests() or replies()
  };
  // Feed messages in capture order. nullopt: a reply no request in the
  // capture asked for.
  std::optional<Placed> add(const TrackedMessage& m);

  const std::vector<TrackedRequest>& requests() const { return requests_; }
  const std::vector<TrackedReply>& replies() const { return replies_; }

 private:
  // (family, scope id, key): scope id is the client's name, or the
  // connection and the request's direction.
  using Key = std::tuple<uint16_t, uint8_t, uint64_t, uint64_t, uint64_t>;
  std::optional<Key> key_of(const TrackedMessage& m, Dir request_dir) const;

  std::vector<TrackedRequest> requests_;
  std::vector<TrackedReply> replies_;
  std::map<Key, size_t> open_;                               // the latest request of each key
  std::map<std::pair<uint64_t, uint8_t>, std::deque<size_t>> in_order_;  // (connection, request dir): open auths
  std::map<std::pair<uint64_t, uint8_t>, EntityName> names_;  // (connection, dir) -> its sender
};

}  // namespace cephwire
