// Caps on every length read from the wire, checked before anything is
// allocated (defaults in the spirit of the kernel's CEPH_MSG_MAX_*_LEN).
#pragma once

#include <cstdint>

#include "cephwire/msgr1.h"
#include "cephwire/msgr2.h"

namespace cephwire {

struct Limits {
  uint32_t max_control = 16u << 20;  // msgr2 control payloads, v1 authorizers
  uint32_t max_front = 16u << 20;
  uint32_t max_middle = 16u << 20;
  uint32_t max_data = 64u << 20;
};

bool within_limits(const msgr1::MsgHeader& h, const Limits& l);
// MESSAGE segments against front/middle/data caps, other frames against the control cap.
bool within_limits(const msgr2::Preamble& p, const Limits& l);

}  // namespace cephwire
