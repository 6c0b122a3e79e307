// A message front's fields as the printers decoded them (ceph_text.h), under
// a group that names the type and version: each field on its own bytes, with
// the names of errnos and of CEPH_OSD_FLAG bits; a group (an op, a map
// entry) holds the fields after it that lie deeper.
#include "cephwire/msg_types.h"
#include "parts.h"

namespace cephwire::layout {

namespace {

using messages::DecodedField;
using messages::ValueKind;

LaidField& laid(Builder& b, uint32_t base, const DecodedField& d) {
  const uint32_t off = base + d.off;
  switch (d.kind) {
    case ValueKind::Group: {
      // A group's value is what one filters by ("writefull"); its label, the rest.
      LaidField& g = b.open(GroupKind::Front, d.name, off, d.len);
      g.kind = FieldKind::Text;
      g.text = d.text;
      if (!d.label.empty())
        g.suffix = d.label.starts_with(d.text) ? d.label.substr(d.text.size()) : " (" + d.label + ")";
      return g;
    }
    case ValueKind::Uint: return b.uint(d.name, off, d.len, d.u);
    case ValueKind::Int: return b.sint(d.name, off, d.len, d.i);
    case ValueKind::Errno: {
      LaidField& f = b.sint(d.name, off, d.len, d.i);
      if (const char* n = messages::errno_name(int(d.i)); n && d.i < 0) f.suffix = std::string(" (") + n + ")";
      return f;
    }
    case ValueKind::Text: return b.text(d.name, off, d.len, d.text);
    case ValueKind::OsdFlags: {
      LaidField& f = b.uint(d.name, off, d.len, d.u);
      f.kind = FieldKind::OsdFlags;
      return f;
    }
  }
  return b.text(d.name, off, d.len, d.text);
}

}  // namespace

void front_fields(Builder& b, uint32_t front_off, uint16_t type, uint16_t version, const messages::DecodedFields& f) {
  uint32_t end = 0;
  for (const auto& d : f) end = std::max(end, d.off + d.len);
  b.open(GroupKind::Front, "front_decoded", front_off, end,
         std::string(type_name(type)) + " v" + std::to_string(version) + " (decoded front)");
  const uint8_t depth = b.depth();
  for (const auto& d : f) {
    while (b.depth() > depth + d.depth) b.close();
    laid(b, front_off, d);
  }
  while (b.depth() > depth) b.close();
  b.close();
}

}  // namespace cephwire::layout
