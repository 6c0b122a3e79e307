// The result a reply carries, whatever its type: osd_op_reply's result,
// mon_command_ack's r, auth_reply's result. What a replay compares.
#pragma once

#include <cstdint>
#include <optional>

#include "cephwire/bytes.h"

namespace cephwire::messages {

// nullopt for a type without a result, or a front that does not decode.
std::optional<int32_t> reply_result(uint16_t type, uint16_t version, Bytes front);

}  // namespace cephwire::messages
