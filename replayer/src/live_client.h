// One replayed client process against the live cluster: its monitor session
// (connect, auth none, the monitor map for the fsid, `osd dump` for the OSDs'
// addresses, the entity number the monitor gives), the live placement of each
// object its osd_ops name (`osd map`), and the sessions to the OSDs and mapped
// daemons its messages go to, opened when first needed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "plan.h"
#include "recorded.h"
#include "rewrite.h"
#include "send.h"
#include "session_pool.h"

namespace cephwire::replay {

class LiveClient;

// What the clients of one replay share.
struct LiveCluster {
  static constexpr uint64_t kOwnTidBase = 1ull << 48;  // the replayer's own monitor commands

  const RecordedCapture& cap;
  const Plan& plan;
  const SendOptions& o;
  SessionPool& pool;
  SessionHandler& handler;
  RewriteLog& rewrites;
  std::vector<std::string>& failures;
  std::map<WireSession*, LiveClient*> owner;
  uint64_t own_tid = kOwnTidBase;
  std::vector<nlohmann::json> clients;  // each set-up client, for the report
};

class LiveClient {
 public:
  LiveClient(LiveCluster& cluster, size_t plan_index) : L_(cluster), plan_index_(plan_index) {}

  // Connects to the monitor, authenticates and learns the cluster; false (with a failure) when it cannot.
  bool setup();
  // A message from the monitor session this client waits for itself; true when it took it.
  bool take_monitor_message(WireSession& w, Message& m);

  // Where a step's message goes: its live session and, for an osd_op, its
  // decoded, placed form. No session: `failure` says why, or is empty when
  // the reason was reported already.
  struct Route {
    WireSession* session = nullptr;
    const LiveOsdOp* osd_op = nullptr;
    std::string failure;
  };
  Route route(const PlanStep& st);

  void fail(const std::string& why);
  bool failed() const { return failed_; }
  // The monitor refused the connection or its handshake (not a later step).
  bool monitor_unusable() const { return failed_ && !monitor_ready_; }
  WireSession* monitor() const { return mon_; }
  const LiveFacts& facts() const { return facts_; }
  uint64_t unsent() const;

 private:
  std::optional<nlohmann::json> command(const nlohmann::json& cmd, std::string* why);
  bool resolve_placements();
  const Placement* place(int64_t captured_pool, const messages::ObjectLocator& oloc, const std::string& oid,
                         std::string* why);
  const Placement* place_pg(int64_t captured_pool, uint32_t seed, std::string* why);
  bool payload_pools(const RecordedMessage& r, LiveOsdOp& live, std::string* why);
  WireSession* osd_session(int64_t osd, Protocol p, const RecordedSession& captured, std::string* why);
  WireSession* mapped_session(const RecordedSession& captured, std::string* why);
  WireSession* open_session(const std::string& key, const HostPort& to, Protocol p, const RecordedSession& captured,
                            const std::string& label, std::string* why);
  // The session to a server of `server_type`, as the captured session (or,
  // for one it has not, as a client of that type would) says.
  SessionConfig client_config(int fd, const RecordedSession& captured, const HostPort& to, uint8_t server_type) const;
  std::string label() const;  // "client 2"
  const RecordedClient& captured_client() const;

  LiveCluster& L_;
  size_t plan_index_;
  bool failed_ = false;
  bool monitor_ready_ = false;
  uint32_t nonce_ = 0;
  uint64_t global_id_ = 0;
  WireSession* mon_ = nullptr;
  LiveFacts facts_;
  uint32_t epoch_ = 0;
  std::map<int64_t, std::pair<std::optional<HostPort>, std::optional<HostPort>>> osd_addrs_;  // v1, v2
  // The live MDS of each rank (`fs dump`, asked once, when a session to an MDS is replayed).
  std::optional<std::map<int64_t, std::pair<std::optional<HostPort>, std::optional<HostPort>>>> mds_addrs_;
  std::optional<HostPort> live_mds(int64_t rank, Protocol p, std::string* why);
  std::map<std::string, WireSession*> osds_;  // "osd.N/v1", "map:IP:PORT"
  std::map<std::tuple<std::string, std::string, std::string>, Placement> placements_;
  std::map<const PlanStep*, LiveOsdOp> osd_ops_;  // decoded once and placed
  std::map<uint64_t, Message> command_replies_;    // own tids
  std::optional<Message> auth_reply_, mon_map_;
};

}  // namespace cephwire::replay
