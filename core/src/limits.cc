#include "cephwire/limits.h"

namespace cephwire {

bool within_limits(const msgr1::MsgHeader& h, const Limits& l) {
  return h.front_len <= l.max_front && h.middle_len <= l.max_middle && h.data_len <= l.max_data;
}

bool within_limits(const msgr2::Preamble& p, const Limits& l) {
  const auto& s = p.segments;
  if (s[0].length > l.max_control) return false;
  if (p.tag == uint8_t(msgr2::Tag::Message))
    return s[1].length <= l.max_front && s[2].length <= l.max_middle && s[3].length <= l.max_data;
  return s[1].length <= l.max_control && s[2].length <= l.max_control && s[3].length <= l.max_control;
}

}  // namespace cephwire
