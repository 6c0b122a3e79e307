#include "side.h"

#include <algorithm>

namespace cephwire::parser {

void Side::error(ErrorKind kind, uint64_t at, std::string why) {
  S.L.on_error(dir, ErrorEvent{kind, at, std::move(why)});
}

void Side::fail(ErrorKind kind, uint64_t at, std::string why) {
  error(kind, at, std::move(why));
  start_resync(SkipReason::AfterError, std::min(item_off, at));
}

void Side::start_resync(SkipReason why, uint64_t skip_from) {
  acc.clear();
  scan.clear();
  msg = Message{};
  phase = Phase::Resync;
  skip_reason = why;
  skip_start = std::min(skip_from, off);
}

void Side::set_protocol(Protocol p) {
  auto& known = S.info.protocol;
  if (known == Protocol::Unknown) {
    known = p;
  } else if (known != p) {
    error(ErrorKind::Protocol, item_off,
          std::string(dir == Dir::ToServer ? "the client" : "the server") + " speaks " +
              (p == Protocol::V1 ? "msgr v1" : "msgr2") + ", its peer " + (known == Protocol::V1 ? "msgr v1" : "msgr2"));
  }
}

void Side::resume_open(Protocol p) {
  acc.clear();
  phase = Phase::Machine;
  if (p == Protocol::V1) {
    if (!std::holds_alternative<V1Machine>(machine)) machine.emplace<V1Machine>();
    std::get<V1Machine>(machine).resume_open();
  } else {
    if (!std::holds_alternative<V2Machine>(machine)) machine.emplace<V2Machine>();
    std::get<V2Machine>(machine).resume_open();
  }
}

}  // namespace cephwire::parser
