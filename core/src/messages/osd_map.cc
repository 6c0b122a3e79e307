#include "cephwire/messages/osd_map.h"

#include "cephwire/messages/encoding.h"

namespace cephwire::messages {
namespace {

// map<le64, versioned struct>: skips the values by their lengths.
bool skip_pool_map(ByteReader& r) {
  uint32_t n = r.le32();
  if (n > r.remaining() / 14) return false;  // le64 key + struct header at least
  for (uint32_t i = 0; i < n; ++i) {
    r.le64();
    auto h = read_struct_header(r);
    if (!h || !r.skip(h->length)) return false;
  }
  return r.ok();
}

bool read_names(ByteReader& r, OsdMapPools& into) {
  uint32_t n = r.le32();
  if (n > r.remaining() / 12) return false;  // le64 key + le32 length at least
  for (uint32_t i = 0; i < n; ++i) {
    int64_t id = int64_t(r.le64());
    std::string name = r.string();
    if (!r.ok()) return false;
    into.names[id] = std::move(name);
  }
  return true;
}

bool read_full(Bytes map, OsdMapPools& into, std::string* why) {
  ByteReader r(map);
  auto wrapper = read_struct_header(r);
  if (wrapper && wrapper->version < 7) {
    if (why) *why = "full OSD map of version " + std::to_string(wrapper->version) + " (pre-Luminous) is not understood";
    return false;
  }
  auto client = read_struct_header(r);
  r.skip(16 + 4 + 8 + 8);  // fsid, epoch, created, modified
  if (!wrapper || !client || !skip_pool_map(r) || !read_names(r, into)) {
    if (why) *why = "full OSD map does not decode (stopped at byte " + std::to_string(r.pos()) + ")";
    return false;
  }
  ++into.full_maps;
  return true;
}

bool read_incremental(Bytes map, OsdMapPools& into, std::string* why) {
  ByteReader r(map);
  auto wrapper = read_struct_header(r);
  if (wrapper && wrapper->version < 7) {
    if (why) *why = "incremental OSD map of version " + std::to_string(wrapper->version) + " is not understood";
    return false;
  }
  auto client = read_struct_header(r);
  r.skip(16 + 4 + 8 + 8 + 4);  // fsid, epoch, modified, new_pool_max, new_flags
  Bytes fullmap = r.blob();
  r.blob();                    // crush
  r.le32();                    // new_max_osd
  if (!wrapper || !client || !r.ok() || (!fullmap.empty() && !read_full(fullmap, into, why)) ||
      !skip_pool_map(r) || !read_names(r, into)) {
    if (why && why->empty()) *why = "incremental OSD map does not decode (stopped at byte " + std::to_string(r.pos()) + ")";
    return false;
  }
  ++into.incremental_maps;
  return true;
}

}  // namespace

bool read_osdmap_pools(Bytes front, OsdMapPools& into, std::string* why) {
  if (why) why->clear();
  ByteReader r(front);
  r.skip(16);  // fsid
  // Incremental maps first, then full maps, as the front has them; a client
  // applies them by epoch, and names only grow or change by id.
  for (int full = 0; full < 2; ++full) {
    uint32_t n = r.le32();
    if (!r.ok() || n > r.remaining() / 8) {
      if (why) *why = "osd_map front is truncated";
      return false;
    }
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t epoch = r.le32();
      Bytes map = r.blob();
      if (!r.ok()) {
        if (why) *why = "osd_map front is truncated in the map of epoch " + std::to_string(epoch);
        return false;
      }
      if (!(full ? read_full(map, into, why) : read_incremental(map, into, why))) {
        if (why) *why += " (epoch " + std::to_string(epoch) + ")";
        return false;
      }
      if (epoch > into.newest_epoch) into.newest_epoch = epoch;
    }
  }
  return true;
}

}  // namespace cephwire::messages
