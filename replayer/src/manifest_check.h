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
// How the capture is to be read: "zero_crc_unset" for senders that write 0 as
// the CRCs they do not compute (`ms crc data = false`).
capture::SummaryOptions summary_options(const nlohmann::json& manifest);

}  // namespace cephwire::replay
