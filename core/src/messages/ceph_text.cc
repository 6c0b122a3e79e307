#include "cephwire/messages/ceph_text.h"

#include <cinttypes>
#include <cstdio>

#include "cephwire/msg_types.h"
#include "text_types.h"

namespace cephwire::messages {

namespace text {

std::nullopt_t undecoded(std::string* why, const char* what, size_t at) {
  if (why) *why = std::string(what) + " front does not decode (stopped at byte " + std::to_string(at) + ")";
  return std::nullopt;
}

}  // namespace text

namespace {

text::Printer printer(uint16_t type) {
  if (auto p = text::mon_printer(type)) return p;
  if (auto p = text::peering_printer(type)) return p;
  if (auto p = text::mds_printer(type)) return p;
  if (auto p = text::quorum_printer(type)) return p;
  return text::osd_printer(type);
}

}  // namespace

std::string header_summary(uint16_t type, uint64_t tid, uint64_t seq, uint32_t front_len, uint32_t data_len) {
  const char* n = msg_type_name(type);
  char s[160];
  std::snprintf(s, sizeof s, "%s(%u) tid %" PRIu64 " seq %" PRIu64 " front %u data %u", n ? n : "unknown", type, tid,
                seq, front_len, data_len);
  return s;
}

bool has_ceph_text(uint16_t type) { return printer(type) != nullptr; }

std::optional<std::string> ceph_text(const TextInput& m, std::string* why, DecodedFields* fields) {
  const auto p = printer(m.type);
  if (!p) {
    if (why) *why = "no text for " + msg_type_label(m.type) + " messages";
    return std::nullopt;
  }
  return p(m, why, fields);
}

}  // namespace cephwire::messages
