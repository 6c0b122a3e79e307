#include "builder.h"

#include <cstring>

namespace cephwire::layout {

LaidField& Builder::push(FieldKind k, const char* name, uint32_t off, uint32_t len) {
  LaidField& f = out_.emplace_back();
  f.kind = k;
  f.name = name;
  f.off = off;
  f.len = len;
  f.depth = depth_;
  f.source = source_;
  return f;
}

LaidField& Builder::wire(const char* name, uint32_t off, uint32_t len) {
  LaidField& f = push(FieldKind::Wire, name, off, len);
  const uint8_t* p = src_.data() + off;
  switch (len) {
    case 1: f.u = p[0]; break;
    case 2: f.u = load_le16(p); break;
    case 4: f.u = load_le32(p); break;
    case 8: f.u = load_le64(p); break;
    default: break;
  }
  return f;
}

LaidField& Builder::uint(const char* name, uint32_t off, uint32_t len, uint64_t v) {
  LaidField& f = push(FieldKind::Uint, name, off, len);
  f.u = v;
  return f;
}

LaidField& Builder::sint(const char* name, uint32_t off, uint32_t len, int64_t v) {
  LaidField& f = push(FieldKind::Int, name, off, len);
  f.i = v;
  return f;
}

LaidField& Builder::text(const char* name, uint32_t off, uint32_t len, std::string v) {
  LaidField& f = push(FieldKind::Text, name, off, len);
  f.text = std::move(v);
  return f;
}

LaidField& Builder::boolean(const char* name, uint32_t off, uint32_t len, bool v) {
  LaidField& f = push(FieldKind::Bool, name, off, len);
  f.u = v;
  return f;
}

LaidField& Builder::features(const char* name, uint32_t off, uint64_t v) {
  LaidField& f = push(FieldKind::Features, name, off, 8);
  f.u = v;
  return f;
}

LaidField& Builder::bytes(const char* name, uint32_t off, uint32_t len) { return push(FieldKind::Bytes, name, off, len); }

LaidField& Builder::crc(const char* name, uint32_t off, uint32_t computed, bool verifiable, bool zero_may_be_unset,
                        std::string what, const LayoutOptions& o) {
  LaidField& f = push(FieldKind::Crc, name, off, 4);
  f.u = load_le32(src_.data() + off);
  f.computed = computed;
  f.text = std::move(what);
  const bool verify = o.verify_crc && verifiable && !(zero_may_be_unset && o.zero_crc_unset && f.u == 0);
  f.status = !verify ? CrcStatus::Unverified : f.u == computed ? CrcStatus::Good : CrcStatus::Bad;
  return f;
}

LaidField& Builder::open(GroupKind g, const char* name, uint32_t off, uint32_t len, std::string label) {
  LaidField& f = push(FieldKind::Group, name, off, len);
  f.group = g;
  f.text = std::move(label);
  ++depth_;
  return f;
}

void Builder::note(FieldNote n, int32_t target, std::string words, uint32_t off, uint32_t len) {
  LaidField& f = push(FieldKind::Note, nullptr, off, len);
  f.note = n;
  f.target = target;
  f.text = std::move(words);
}

void Builder::addrs(const char* name, uint32_t off, uint32_t len, const std::vector<EntityAddr>& a,
                    const std::string& shown, bool legacy) {
  open(GroupKind::Payload, name, off, len).kind = FieldKind::Text;
  out_.back().text = shown;
  std::vector<size_t> starts{0};
  if (!legacy) {
    auto places = addrvec_places(src_.subspan(off, len));
    if (!places || places->starts.size() != a.size()) return close();
    starts = places->starts;
  }
  for (size_t k = 0; k < a.size(); ++k) {
    const uint32_t s0 = off + uint32_t(starts[k]);
    const bool old_form = legacy || src_[s0] == 0;  // a marker-0 address is the legacy form
    const auto p = old_form ? AddrPlace::legacy(a[k].family) : AddrPlace::versioned(a[k].family);
    // Userspace writes type 0 in the legacy form, which decodes as legacy (1):
    // then the type shown is derived, not its bytes.
    const uint32_t type_off = s0 + uint32_t(p.type);
    uint("addr.type", type_off, 4, a[k].type).generated = load_le32(src_.data() + type_off) != a[k].type;
    uint("addr.nonce", s0 + uint32_t(p.nonce), 4, a[k].nonce);
    if (p.ip_len == 4 || p.ip_len == 16) {
      LaidField& ip = push(p.ip_len == 4 ? FieldKind::Ipv4 : FieldKind::Ipv6, p.ip_len == 4 ? "addr.ipv4" : "addr.ipv6",
                           s0 + uint32_t(p.ip), uint32_t(p.ip_len));
      std::memcpy(ip.ip.data(), a[k].ip.data(), p.ip_len);
      uint("addr.port", s0 + uint32_t(p.port), 2, a[k].port);
    }
  }
  close();
}

}  // namespace cephwire::layout
