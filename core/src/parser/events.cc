// The names of the parser's event fields, and what SessionInfo derives.
#include "cephwire/features.h"
#include "cephwire/parser.h"

namespace cephwire {

const char* crc_field_name(CrcField f) {
  switch (f) {
    case CrcField::V1Header: return "v1.header";
    case CrcField::V1Front: return "v1.front";
    case CrcField::V1Middle: return "v1.middle";
    case CrcField::V1Data: return "v1.data";
    case CrcField::V2Preamble: return "v2.preamble";
    case CrcField::V2Segment: return "v2.segment";
  }
  return "?";
}

const char* crc_status_name(CrcStatus s) {
  switch (s) {
    case CrcStatus::Good: return "good";
    case CrcStatus::Bad: return "bad";
    case CrcStatus::Unverified: return "unverified";
  }
  return "?";
}

const char* skip_reason_name(SkipReason r) {
  switch (r) {
    case SkipReason::NoBanner: return "no banner (capture starts mid-connection)";
    case SkipReason::AfterError: return "after an error";
    case SkipReason::AfterGap: return "after a gap";
  }
  return "?";
}

const char* error_kind_name(ErrorKind k) {
  switch (k) {
    case ErrorKind::Malformed: return "malformed";
    case ErrorKind::LengthLimit: return "length over limit";
    case ErrorKind::UnknownTag: return "unknown tag";
    case ErrorKind::Protocol: return "protocol";
    case ErrorKind::Truncated: return "truncated";
  }
  return "?";
}

bool SessionInfo::v1_footer_with_sig() const {
  // The 21-byte footer is used when the negotiated features (both sides')
  // have MSG_AUTH; until the handshake shows otherwise, assume it.
  uint64_t f = ~uint64_t(0);
  if (v1_features[0]) f &= *v1_features[0];
  if (v1_features[1]) f &= *v1_features[1];
  return (f & kFeatureMsgAuth) != 0;
}

}  // namespace cephwire
