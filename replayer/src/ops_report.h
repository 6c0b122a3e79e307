// `cephwire-replay inspect --ops`: every request with its reply frame, latency
// and result (the core's RequestTracker, which the plugin uses too), and the
// latency percentiles per type and procedure.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "cephwire/capture/summary.h"

namespace cephwire::replay {

// One line a request: frame, session, client, type and procedure, tid, the
// reply's frame, the latency and the result ("-" where there is none).
void print_ops(std::ostream& out, const capture::Summary& s);
// {"requests": [...], "latency_ms": {"osd_op": {"writefull": {p50, p90, p99, max, count}}},
//  "unanswered": N, "failed": N}
nlohmann::json ops_json(const capture::Summary& s);

}  // namespace cephwire::replay
