#include "session.h"

namespace cephwire::parser {

std::string tag_label(uint8_t tag) {
  const char* n = msgr2::tag_name(tag);
  return n ? n : "tag " + std::to_string(tag);
}

}  // namespace cephwire::parser
