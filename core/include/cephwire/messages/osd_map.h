// What a replay needs from MOSDMap (41): the pool names of the maps it
// carries. A captured client names its pool only by id on the wire; the name
// is in the OSD map the monitor sent it, and a fresh cluster may give the same
// name another id.
//
// MOSDMap front: fsid, map<epoch, blob> incremental maps, map<epoch, blob>
// full maps, ... A full OSDMap (Luminous and later) is a versioned wrapper
// around a versioned client part: fsid, epoch, created, modified,
// map<le64, pg_pool_t> pools (each a versioned struct, skipped by its
// length), map<le64, string> pool_name. An incremental's client part: fsid,
// epoch, modified, new_pool_max, new_flags, blob fullmap, blob crush,
// new_max_osd, new_pools, new_pool_names.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "cephwire/bytes.h"

namespace cephwire::messages {

struct OsdMapPools {
  uint32_t newest_epoch = 0;              // of the maps the message carries
  std::map<int64_t, std::string> names;   // pool id -> name, later maps win
  unsigned full_maps = 0, incremental_maps = 0;
};

// Adds what one MOSDMap front tells to `into`. False with a reason for a front
// or a map that does not decode (what was read before stays).
bool read_osdmap_pools(Bytes front, OsdMapPools& into, std::string* why);

}  // namespace cephwire::messages
