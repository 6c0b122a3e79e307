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
// The keyring a recorded capture keeps beside it ("keyring" in the manifest),
// as a path; empty when it has none.
std::string manifest_keyring(const nlohmann::json& manifest, const std::string& manifest_path);

// Each message's text (capture::MessageRecord::text) against Ceph's own, as the
// receiver logged it (a recorded manifest's per-message "text"), joined within
// the connection by direction, seq, type and lengths (between monitors, whose
// logs pool what each monitor sent to all its peers, within the sender's
// pool, the dialling monitor known by its CLIENT_IDENT address). Per type.
struct TextAgreement {
  uint64_t matched = 0;
  uint64_t differ = 0;    // ours is another text, or none (undecoded counts here too)
  uint64_t undecoded = 0; // of those, with no text of ours
  uint64_t unlogged = 0;  // on the wire, but no log line tells its text (its receiver exited first)
  std::string ours, ceph; // the first difference
  std::vector<std::pair<std::string, std::string>> differences;  // every one: ours, Ceph's
  double ratio() const { return matched + differ ? double(matched) / double(matched + differ) : 1.0; }
};
std::map<uint16_t, TextAgreement> compare_texts(const capture::Summary& s, const nlohmann::json& manifest);

}  // namespace cephwire::replay
