#include "object_versions.h"

#include <iterator>

namespace cephwire::replay {

bool ObjectVersions::check(const std::string& object, uint64_t captured, uint64_t live, std::string* why) {
  ++compared_;
  auto& seen = seen_[object];
  auto say = [&](const std::string& what) {
    if (why)
      *why = "object " + object + ": captured version " + std::to_string(captured) + ", live " +
             std::to_string(live) + ", but " + what;
    return false;
  };
  if (auto same = seen.find(captured); same != seen.end())
    return same->second == live ||
           say("an earlier reply with that captured version had live " + std::to_string(same->second));
  auto next = seen.upper_bound(captured);
  if (next != seen.begin()) {
    auto prev = std::prev(next);
    if (prev->second >= live)
      return say("it follows captured " + std::to_string(prev->first) + " (live " + std::to_string(prev->second) +
                 ") in the recording");
  }
  if (next != seen.end() && next->second <= live)
    return say("it precedes captured " + std::to_string(next->first) + " (live " + std::to_string(next->second) +
               ") in the recording");
  seen.emplace(captured, live);
  return true;
}

}  // namespace cephwire::replay
