// One PDU into the tree: the core lays it out (cephwire/layout.h: every field
// with its name, bytes and value, CRC verdicts included) and this file only
// places the fields. A field's name is its filter name after "msgr."; every
// offset lies inside the bytes the core was given, so no tvb access can throw.
#include <new>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "cephwire/layout.h"

#include <epan/tap.h>
#include "msgr_fields.h"
#include "msgr_secure.h"
#include "msgr_transactions.h"

namespace msgr {
namespace {

using namespace cephwire;

// The registered field of a layout name (cached by the name's address).
int field_id(const char* name, const char* suffix = "") {
  static std::unordered_map<const char*, int> ids[2];
  auto& cache = ids[*suffix ? 1 : 0];
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  const std::string full = std::string("msgr.") + name + suffix;
  const int id = proto_registrar_get_id_byname(full.c_str());
  cache.emplace(name, id);
  return id;
}

int subtree(GroupKind g) {
  switch (g) {
    case GroupKind::Msg: return ett.msg;
    case GroupKind::Header: return ett.header;
    case GroupKind::Footer: return ett.footer;
    case GroupKind::Preamble: return ett.preamble;
    case GroupKind::Segment: return ett.segment;
    case GroupKind::Epilogue: return ett.epilogue;
    case GroupKind::Payload: return ett.payload;
    case GroupKind::Data: return ett.data;
    case GroupKind::Addr: return ett.addr;
    case GroupKind::Front: return ett.front;
  }
  return ett.payload;
}

expert_field* expert(FieldNote n) {
  switch (n) {
    case FieldNote::Aborted: return &ei.aborted;
    case FieldNote::LateUnknown: return &ei.late_unknown;
    case FieldNote::Compressed: return &ei.compressed;
    case FieldNote::Undecoded: return &ei.undecoded;
    case FieldNote::Malformed:
    case FieldNote::None: break;
  }
  return &ei.malformed;
}

LayoutOptions layout_options() {
  return {bool(prefs.verify_crc), bool(prefs.zero_crc_unset), bool(prefs.decode_fronts)};
}

// A CRC with its status field, as the core judged it. A bad one is shown as
// proto_tree_add_checksum shows it, with an expert text that says which CRC.
proto_item* add_crc(proto_tree* t, tvbuff_t* tvb, packet_info* pinfo, const LaidField& f, int hf_crc) {
  const int hf_status = field_id(f.name, ".status");
  if (f.status != CrcStatus::Bad)
    return proto_tree_add_checksum(t, tvb, f.off, hf_crc, hf_status, &ei.crc_bad, pinfo, f.computed,
                                   ENC_LITTLE_ENDIAN,
                                   f.status == CrcStatus::Good ? PROTO_CHECKSUM_VERIFY : PROTO_CHECKSUM_NO_FLAGS);
  proto_item* it = proto_tree_add_item(t, hf_crc, tvb, f.off, 4, ENC_LITTLE_ENDIAN);
  proto_item_append_text(it, " incorrect, should be 0x%08x", f.computed);
  proto_item* st = proto_tree_add_uint(t, hf_status, tvb, f.off, 4, PROTO_CHECKSUM_E_BAD);
  proto_item_set_generated(st);
  expert_add_info_format(pinfo, st, &ei.crc_bad, "Bad %s CRC32C [should be 0x%08x]", f.text.c_str(), f.computed);
  return it;
}

proto_item* add_value(proto_tree* t, tvbuff_t* tvb, packet_info* pinfo, const LaidField& f, int id) {
  const gint off = gint(f.off), len = gint(f.len);
  const ftenum_t type = proto_registrar_get_ftype(id);
  switch (f.kind) {
    case FieldKind::Group:
      return proto_tree_add_item(t, id, tvb, off, len, ENC_NA);
    case FieldKind::Wire:
      return proto_tree_add_item(t, id, tvb, off, len, ENC_LITTLE_ENDIAN);
    case FieldKind::Uint:
      if (type == FT_UINT64) return proto_tree_add_uint64(t, id, tvb, off, len, f.u);
      return proto_tree_add_uint(t, id, tvb, off, len, guint32(f.u));
    case FieldKind::Int:
      if (type == FT_INT64) return proto_tree_add_int64(t, id, tvb, off, len, f.i);
      return proto_tree_add_int(t, id, tvb, off, len, gint32(f.i));
    case FieldKind::Text:
      return proto_tree_add_string(t, id, tvb, off, len, f.text.c_str());
    case FieldKind::Bool:
      return proto_tree_add_boolean(t, id, tvb, off, len, f.u);
    case FieldKind::Ipv4: {
      ws_in4_addr v4;
      std::memcpy(&v4, f.ip.data(), 4);  // network order, as the wire has it
      return proto_tree_add_ipv4(t, id, tvb, off, len, v4);
    }
    case FieldKind::Ipv6: {
      ws_in6_addr v6;
      std::memcpy(v6.bytes, f.ip.data(), 16);
      return proto_tree_add_ipv6(t, id, tvb, off, len, &v6);
    }
    case FieldKind::Features:
      // A CEPH_FEATURE mask with a subtree of the bits that are set, by name.
      return proto_tree_add_bitmask_value_with_flags(t, tvb, guint(off), id, ett.features, hf.feature_bits, f.u,
                                                     BMT_NO_FALSE | BMT_NO_APPEND);
    case FieldKind::OsdFlags:
      // The item's text names the set bits; a boolean for each beneath it.
      return proto_tree_add_bitmask_value_with_flags(t, tvb, guint(off), id, ett.osd_flags, hf.osd_flag_bits, f.u,
                                                     BMT_NO_FALSE);
    case FieldKind::Crc:
      return add_crc(t, tvb, pinfo, f, id);
    case FieldKind::Bytes:
      if (f.new_source) add_new_data_source(pinfo, tvb_new_subset_length(tvb, off, len), f.text.c_str());
      return proto_tree_add_item(t, id, tvb, off, len, ENC_NA);
    case FieldKind::Note:
      break;
  }
  return nullptr;
}

// Places a layout's fields under `root`; the PDU is `tvb`, a decompressed
// frame (source 1) becomes a data source of its own.
void place(const PduLayout& l, tvbuff_t* tvb, packet_info* pinfo, proto_tree* root) {
  tvbuff_t* src[3] = {tvb, nullptr, nullptr};
  auto source = [&](const std::vector<uint8_t>& bytes, const char* name) -> tvbuff_t* {
    if (bytes.empty()) return nullptr;
    auto* copy = static_cast<guint8*>(wmem_memdup(pinfo->pool, bytes.data(), bytes.size()));
    tvbuff_t* t = tvb_new_child_real_data(tvb, copy, guint(bytes.size()), gint(bytes.size()));
    add_new_data_source(pinfo, t, name);
    return t;
  };
  src[2] = source(l.decrypted, "Decrypted msgr2 frame");
  src[1] = source(l.inflated, "Decompressed msgr2 frame");
  std::vector<proto_item*> items(l.fields.size(), nullptr);
  std::vector<proto_tree*> trees{root};  // trees[d]: where fields of depth d go
  for (size_t i = 0; i < l.fields.size(); ++i) {
    const LaidField& f = l.fields[i];
    tvbuff_t* b = src[f.source < 3 ? f.source : 0];
    trees.resize(std::min<size_t>(trees.size(), size_t(f.depth) + 1));
    proto_tree* t = trees.back();
    if (!b) continue;
    if (f.kind == FieldKind::Note) {
      const char* words = f.text.c_str();
      // On every pass: without a tree the item is null, and the expert info still counts.
      if (f.target >= 0) {
        proto_item* about = items[size_t(f.target)];
        if (f.text.empty())
          expert_add_info(pinfo, about, expert(f.note));
        else
          expert_add_info_format(pinfo, about, expert(f.note), "%s", words);
      } else {
        proto_tree_add_expert_format(t, pinfo, expert(f.note), b, gint(f.off), gint(f.len), "%s", words);
      }
      continue;
    }
    const bool opens = i + 1 < l.fields.size() && l.fields[i + 1].depth > f.depth;
    proto_item* it = nullptr;
    if (f.kind == FieldKind::Group && !f.name) {
      proto_tree* sub = proto_tree_add_subtree(t, b, gint(f.off), gint(f.len), subtree(f.group), &it, f.text.c_str());
      if (opens) trees.push_back(sub);
    } else {
      const int id = field_id(f.name);
      if (id < 0) {  // a name the core lays out that no field has: a bug, said rather than hidden
        proto_tree_add_expert_format(t, pinfo, &ei.malformed, b, gint(f.off), gint(f.len),
                                     "cephwire: no field msgr.%s", f.name);
        continue;
      }
      it = add_value(t, b, pinfo, f, id);
      if (f.kind == FieldKind::Group && !f.text.empty()) proto_item_set_text(it, "%s", f.text.c_str());
      if (opens) trees.push_back(proto_item_add_subtree(it, subtree(f.group)));
    }
    if (f.generated) proto_item_set_generated(it);
    if (!f.suffix.empty()) proto_item_append_text(it, "%s", f.suffix.c_str());
    items[i] = it;
  }
}

const char* summary(packet_info* pinfo, const PduLayout& l) {
  return l.summary.empty() ? nullptr : wmem_strdup(pinfo->pool, l.summary.c_str());
}

Bytes bytes_of(tvbuff_t* tvb, guint len) { return Bytes(tvb_get_ptr(tvb, 0, gint(len)), len); }

}  // namespace

const char* dissect_pdu(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, const PduContext& ctx,
                        const PduWhere& where) {
  const guint len = tvb_reported_length(tvb);
  // (an integer field takes no -1 length: the PDU's own)
  proto_item* pi = proto_tree_add_uint(tree, hf.pdu, tvb, 0, gint(len), guint32(ctx.kind));
  proto_item_set_text(pi, "%s", pdu_kind_name(ctx.kind));
  proto_tree* t = proto_item_add_subtree(pi, ett.pdu);
  const PduLayout l = pdu_layout(ctx, bytes_of(tvb, len), layout_options());
  place(l, tvb, pinfo, t);
  if (!l.decrypted.empty() && where.secure) add_secure_items(t, tvb, *where.secure);
  if (l.message) {
    auto* tap = new (wmem_alloc(pinfo->pool, sizeof(MsgrTap))) MsgrTap;  // freed with the packet
    tap->type = l.message->type;
    tap->bytes = len;
    if (l.message->src.type) tap->sender = wmem_strdup(pinfo->pool, l.message->src.to_string().c_str());
    if (where.names) {
      if (l.message->src.type) where.names[size_t(where.dir)] = l.message->src;
      const cephwire::EntityName& peer = where.names[1 - size_t(where.dir)];
      if (peer.type) tap->receiver = wmem_strdup(pinfo->pool, peer.to_string().c_str());
    }
    std::optional<TrackedPlace> place;
    if (l.message->txn) place = show_transaction(tvb, pinfo, t, *l.message, where, *tap);
    tap_queue_packet(msgr_tap, pinfo, tap);
    if (exporting_objects()) {
      const LaidMessage& m = *l.message;
      const Bytes src = l.source_bytes(m.source, bytes_of(tvb, len));
      export_objects(pinfo, t, m, src.subspan(m.front_off, m.front_len), src.subspan(m.data_off, m.data_len), place);
    }
  }
  return summary(pinfo, l);
}

const char* dissect_cut(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, const PduContext& ctx, guint64 length) {
  const guint have = tvb_captured_length(tvb);
  proto_item* pi = proto_tree_add_uint(tree, hf.pdu, tvb, 0, gint(have), guint32(ctx.kind));
  proto_item_set_text(pi, "%s, cut short by the capture gap after it (%u of %" PRIu64 " bytes in the capture)",
                      pdu_kind_name(ctx.kind), have, length);
  proto_tree* t = proto_item_add_subtree(pi, ett.pdu);
  const PduLayout l = cut_layout(ctx, bytes_of(tvb, have), layout_options());
  place(l, tvb, pinfo, t);
  return summary(pinfo, l);
}

}  // namespace msgr
