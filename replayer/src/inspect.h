// `cephwire-replay inspect`: what a capture holds, for people and for scripts.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "cephwire/capture/summary.h"

namespace cephwire::replay {

nlohmann::json summary_json(const capture::Summary& s);
void print_summary(std::ostream& out, const capture::Summary& s, bool verbose);
// One line a message: "SRC DST TYPE SEQ", endpoints as ip:port ([v6]:port).
void print_message_list(std::ostream& out, const capture::Summary& s);
// The same list as JSON: per message its session, direction, endpoints, type,
// seq, tid, lengths, frames and Ceph's text of it (null, with text_error, when
// its front did not decode).
nlohmann::json message_list_json(const capture::Summary& s);
// 0: clean; 1: CRC errors, gaps or parse errors; 2: the file could not be read whole.
int inspect_exit_status(const capture::Summary& s);

}  // namespace cephwire::replay
