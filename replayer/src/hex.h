// Hexadecimal text of CRCs and feature masks, as the replayer's reports print them.
#pragma once

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <string>

namespace cephwire::replay {

inline std::string hex32(uint32_t v) {  // "0x0000abcd"
  char b[16];
  std::snprintf(b, sizeof b, "0x%08x", v);
  return b;
}

inline std::string hex64(uint64_t v) {  // "0x3f01cfbffffdffff"
  char b[24];
  std::snprintf(b, sizeof b, "0x%" PRIx64, v);
  return b;
}

}  // namespace cephwire::replay
