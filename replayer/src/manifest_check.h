// Compares what the capture reader found in a capture with the capture's
// manifest (captures/README.md has the schema).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cephwire/capture/summary.h"

namespace cephwire::replay {

// Every difference, one sentence each; empty when the capture matches.
std::vector<std::string> check_manifest(const capture::Summary& s, const nlohmann::json& manifest);
nlohmann::json load_manifest(const std::string& path);  // throws std::runtime_error naming the file

}  // namespace cephwire::replay
