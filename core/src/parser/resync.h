// Searching for the next message boundary after a gap, an error, or a capture
// that starts mid-connection (sync.h says what a boundary is). Before the
// connection is claimed as Ceph, a boundary counts only once a second CRC
// confirms it; after, the first header (v1) or preamble (msgr2) whose CRC
// matches is enough.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "cephwire/bytes.h"
#include "cephwire/parser.h"

namespace cephwire::parser {

struct Side;

// Takes bytes of a searching direction. When a boundary is found the
// direction is back in its machine and the bytes from the boundary to the end
// of what was carried over are returned, to be parsed before the rest of `in`.
std::optional<std::vector<uint8_t>> resync_step(Side& s, Bytes& in);

// The first bytes of a direction are not a banner: search from them on.
void no_banner(Side& s);

// At the end of input: report the bytes searched through as skipped.
void resync_finish(Side& s);

}  // namespace cephwire::parser
