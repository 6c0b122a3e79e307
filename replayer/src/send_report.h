// The report of a `send`: what went out, what came back and how it compared,
// every rewrite and failure. JSON for --json, and the text a user reads.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>

#include <nlohmann/json.hpp>

namespace cephwire::replay {

// Message counts by type, named ("osd_op": 12).
nlohmann::json by_type_names(const std::map<uint16_t, uint64_t>& counts);

void print_report(std::ostream& out, const nlohmann::json& r);

}  // namespace cephwire::replay
