#include "cephwire/auth.h"

namespace cephwire {

const char* auth_method_name(uint32_t method) {
  switch (method) {
    case kAuthNone: return "none";
    case kAuthCephx: return "cephx";
    case kAuthGss: return "gss";
    default: return "unknown";
  }
}

}  // namespace cephwire
