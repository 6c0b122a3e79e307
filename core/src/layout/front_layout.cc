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
    case ValueKind::Uint: {
      LaidField& u = b.uint(d.name, off, d.len, d.u);
      if (!d.label.empty()) u.suffix = " (" + d.label + ")";
      return u;
    }
    case ValueKind::Int: {
      LaidField& v = b.sint(d.name, off, d.len, d.i);
      if (!d.label.empty()) v.suffix = " (" + d.label + ")";
      return v;
    }
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

void decoded_fields(Builder& b, uint32_t section_off, uint8_t section, uint16_t type, uint16_t version,
                    const messages::DecodedFields& f) {
  uint32_t end = 0;
  bool any = false;
  for (const auto& d : f)
    if (d.section == section) end = std::max(end, d.off + d.len), any = true;
  if (!any) return;
  b.open(GroupKind::Front, section == 0 ? "front_decoded" : "data_decoded", section_off, end,
         std::string(type_name(type)) + " v" + std::to_string(version) +
             (section == 0 ? " (decoded front)" : " (decoded data)"));
  const uint8_t depth = b.depth();
  for (const auto& d : f) {
    if (d.section != section) continue;
    while (b.depth() > depth + d.depth) b.close();
    laid(b, section_off, d);
  }
  while (b.depth() > depth) b.close();
  b.close();
}

}  // namespace cephwire::layout
