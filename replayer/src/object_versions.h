// Object versions compared relative to each other. An OSD numbers writes per
// placement group (PG log versions, which other objects' writes advance
// too), so a live cluster's numbers are not the recording's; what a faithful
// replay keeps is their order per object: each reply to an object sees a
// version in the same place among that object's versions as it did in the
// capture (a later write a later version, a read the version of the write
// before it).
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace cephwire::replay {

class ObjectVersions {
 public:
  // A reply about `object` carried `captured` in the capture and `live` now:
  // false, with the reason, when that breaks the order seen so far.
  bool check(const std::string& object, uint64_t captured, uint64_t live, std::string* why);
  void clear() { seen_.clear(); }
  uint64_t compared() const { return compared_; }

 private:
  std::map<std::string, std::map<uint64_t, uint64_t>> seen_;  // object -> captured -> live
  uint64_t compared_ = 0;
};

}  // namespace cephwire::replay
