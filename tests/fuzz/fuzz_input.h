// The parser fuzzer's input format, shared with the seed writer: a flags byte
// (parser options), then records [u8 control][le16 length][bytes]. Control bit
// 0 is the direction (1: server->client), bit 1 makes the record a gap of
// `length` bytes instead of data.
#pragma once

#include <cstdint>
#include <vector>

#include "cephwire/direction.h"

namespace cephwire::fuzz {

inline void append_record(std::vector<uint8_t>& out, Dir d, const uint8_t* p, size_t n, bool gap = false) {
  while (n > 0 || gap) {
    size_t k = n < 0xffff ? n : 0xffff;
    out.push_back(uint8_t((d == Dir::ToClient ? 1 : 0) | (gap ? 2 : 0)));
    out.push_back(uint8_t(k));
    out.push_back(uint8_t(k >> 8));
    if (!gap) out.insert(out.end(), p, p + k);
    p += gap ? 0 : k;
    n -= k;
    if (gap) break;
  }
}

}  // namespace cephwire::fuzz
