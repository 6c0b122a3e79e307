// Every field the message printers give of a front (DecodedField names), with
// what a display needs to register it: its kind, width, base, title and the
// names of its values. The plugin registers msgr.<name> for each; the tests
// check that every field a printer gives on the recorded captures is here.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "cephwire/messages/ceph_text.h"

namespace cephwire::messages {

struct FrontFieldSpec {
  const char* name;  // "osd_op.extent.offset"
  ValueKind kind;
  uint8_t bits;  // Uint and Int: 8, 16, 32 or 64; OsdFlags: 32 or 64
  bool hex;
  const char* title;  // "Extent offset"
  const char* blurb;
  // The names of its values (an op code's), for values up to names_max; null: none.
  const char* (*names)(uint32_t) = nullptr;
  uint32_t names_max = 0;
};

std::span<const FrontFieldSpec> front_field_specs();
// The spec of a field name, or nullptr.
const FrontFieldSpec* front_field_spec(std::string_view name);

}  // namespace cephwire::messages
