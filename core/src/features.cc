#include "cephwire/features.h"

#include "cephwire/feature_list.h"

namespace cephwire {

const char* ceph_feature_name(unsigned bit) {
#define CEPHWIRE_NAME(b, name, filter) name,
#define CEPHWIRE_RETIRED(b) nullptr,
  static const char* const kNames[64] = {CEPHWIRE_CEPH_FEATURES(CEPHWIRE_NAME, CEPHWIRE_RETIRED)};
#undef CEPHWIRE_NAME
#undef CEPHWIRE_RETIRED
  return bit < 64 ? kNames[bit] : nullptr;
}

const char* msgr2_feature_name(unsigned bit) {
  switch (bit) {
    case 0: return "REVISION_1";
    case 1: return "COMPRESSION";
    default: return nullptr;
  }
}

}  // namespace cephwire
