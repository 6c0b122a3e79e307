// Decoded front fields (core/src/layout/front_layout.cc): one field for each
// the core's message printers give (front_field_specs.h), typed as the core
// says, and one boolean per CEPH_OSD_FLAG bit under an OSD flags mask.
#include <deque>
#include <string>
#include <vector>

#include "cephwire/messages/ceph_text.h"
#include "cephwire/messages/front_field_specs.h"
#include "msgr_fields.h"

namespace msgr {

namespace {

using cephwire::messages::FrontFieldSpec;
using cephwire::messages::ValueKind;

int front_decoded = -1, data_decoded = -1;

ftenum_t ftype(const FrontFieldSpec& s) {
  switch (s.kind) {
    case ValueKind::Group:
    case ValueKind::Text: return FT_STRING;
    case ValueKind::Errno: return FT_INT32;
    case ValueKind::Int: return s.bits == 64 ? FT_INT64 : s.bits == 32 ? FT_INT32 : s.bits == 16 ? FT_INT16 : FT_INT8;
    case ValueKind::Uint:
    case ValueKind::OsdFlags: break;
  }
  return s.bits == 64 ? FT_UINT64 : s.bits == 32 ? FT_UINT32 : s.bits == 16 ? FT_UINT16 : FT_UINT8;
}

int base(const FrontFieldSpec& s) {
  if (s.kind == ValueKind::Group || s.kind == ValueKind::Text) return BASE_NONE;
  return s.hex ? BASE_HEX : BASE_DEC;
}

// msgr.osd_flag.<name>: the bits Ceph names, "bitN" for the others.
void register_osd_flag_bits() {
  static std::deque<std::string> names;
  static hf_register_info bits[32];
  for (unsigned b = 0; b < 32; ++b) {
    const std::string n = cephwire::messages::osd_flag_name(b);
    const std::string filter = n == "???" ? "bit" + std::to_string(b) : n;
    const char* title = names.emplace_back(n == "???" ? filter : n).c_str();
    const char* abbrev = names.emplace_back("msgr.osd_flag." + filter).c_str();
    const char* blurb = names.emplace_back("CEPH_OSD_FLAG bit " + std::to_string(b)).c_str();
    bits[b] = {&hf.osd_flag_bit[b], {title, abbrev, FT_BOOLEAN, 32, nullptr, 1u << b, blurb, HFILL}};
  }
  proto_register_field_array(proto, bits, array_length(bits));
}

}  // namespace

void register_front_fields() {
  const auto specs = cephwire::messages::front_field_specs();
  static std::vector<int> ids(specs.size(), -1);
  static std::deque<std::string> abbrevs;
  static std::deque<std::vector<value_string>> vals;
  static std::vector<hf_register_info> fields;
  fields.push_back({&front_decoded, {"Decoded front", "msgr.front_decoded", FT_NONE, BASE_NONE, nullptr, 0,
                                     "The front, decoded by the core's message layer", HFILL}});
  fields.push_back({&data_decoded, {"Decoded data", "msgr.data_decoded", FT_NONE, BASE_NONE, nullptr, 0,
                                    "The data segment, decoded by the core's message layer (client_reconnect)",
                                    HFILL}});
  for (size_t i = 0; i < specs.size(); ++i) {
    const FrontFieldSpec& s = specs[i];
    const void* strings = nullptr;
    if (s.names) {
      auto& v = vals.emplace_back();
      for (uint64_t x = 0; x <= s.names_max; ++x)
        if (const char* n = s.names(uint32_t(x))) v.push_back({uint32_t(x), n});
      v.push_back({0, nullptr});
      strings = v.data();
    }
    const char* abbrev = abbrevs.emplace_back(std::string("msgr.") + s.name).c_str();
    fields.push_back({&ids[i], {s.title, abbrev, ftype(s), base(s), strings, 0, s.blurb, HFILL}});
  }
  proto_register_field_array(proto, fields.data(), int(fields.size()));
  register_osd_flag_bits();
}

}  // namespace msgr
