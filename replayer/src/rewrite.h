// What a captured message needs to be accepted by a fresh cluster, and the
// record of every change made, for the report. The data pages are never
// copied: a rewritten message borrows them from the captured one.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cephwire/messages/encoding.h"
#include "cephwire/messages/osd_op.h"
#include "recorded.h"
#include "wire_session.h"

namespace cephwire::replay {

// Where the live cluster puts an object: its pool's id there, the placement
// group, the primary OSD and the map epoch that says so.
struct Placement {
  int64_t pool_id = 0;
  uint32_t seed = 0;
  int64_t primary = -1;
  uint32_t epoch = 0;
};

// A captured osd_op, decoded once, with where its object lives now, and the
// pool ids its data names inside op payloads (a copy-from's source, a pgls
// cursor's pool), each at its byte of the data, with the live pool id.
struct LiveOsdOp {
  messages::MOSDOp op;
  const Placement* placement = nullptr;
  struct PayloadPool {
    size_t data_offset = 0;
    int64_t captured = 0, live = 0;
    std::string what;  // the rewrite's name: "copy-from source pool id"
    std::string example;
  };
  std::vector<PayloadPool> payload_pools;
};

struct LiveFacts {
  messages::Uuid fsid{};
  bool have_fsid = false;
  uint64_t features = 0;  // the live monitor's; the OSDs are of its release
  std::map<int64_t, int64_t> pools;  // captured pool id -> live pool id, for the pools the capture names
  std::map<int64_t, std::string> pool_names;  // captured pool id -> name
  uint32_t osdmap_epoch = 0;  // the live OSD map's epoch when the replay began
};

// Why a captured pool id cannot be mapped: no osd map in the capture names it.
std::string unnamed_pool(int64_t captured);

class RewriteLog {
 public:
  void note(const std::string& what, const std::string& example);
  nlohmann::json json() const;
  void print(std::ostream& out) const;

 private:
  struct Entry {
    uint64_t count = 0;
    std::string example;
  };
  std::map<std::string, Entry> entries_;
};

// The message to send for a captured client message. An osd_op needs its
// decoded form and placement (nullptr otherwise). Null with a reason when it
// cannot be made.
std::shared_ptr<OutgoingMessage> rewrite_for_live(const RecordedMessage& r, const LiveFacts& live,
                                                  const LiveOsdOp* osd_op, RewriteLog& log, std::string* why);

}  // namespace cephwire::replay
