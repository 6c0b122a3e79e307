#include "session.h"

namespace cephwire::parser {

CrcCheck Session::check(CrcField field, uint8_t seg, uint32_t wire, uint32_t computed, uint64_t at, bool verifiable,
                        bool zero_means_unset) const {
  CrcCheck c;
  c.field = field;
  c.segment = seg;
  c.wire = wire;
  c.computed = computed;
  c.offset = at;
  if (!opt.verify_crc || !verifiable || (zero_means_unset && opt.zero_crc_unset && wire == 0))
    c.status = CrcStatus::Unverified;
  else
    c.status = wire == computed ? CrcStatus::Good : CrcStatus::Bad;
  return c;
}

std::string tag_label(uint8_t tag) {
  const char* n = msgr2::tag_name(tag);
  return n ? n : "tag " + std::to_string(tag);
}

}  // namespace cephwire::parser
