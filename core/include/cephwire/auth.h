// Ceph's auth method numbers (CEPH_AUTH_* in ceph_fs.h): the same in v1
// authorizers, MAuth and msgr2's AUTH_* frames.
#pragma once

#include <cstdint>

namespace cephwire {

inline constexpr uint32_t kAuthUnknown = 0;
inline constexpr uint32_t kAuthNone = 1;
inline constexpr uint32_t kAuthCephx = 2;
inline constexpr uint32_t kAuthGss = 4;
const char* auth_method_name(uint32_t method);  // "none", "cephx", "gss", or "unknown"

}  // namespace cephwire
