// One whole PDU into the tree. All wire knowledge comes from the core: the
// struct decoders, field offsets, frame layouts and CRC32C; this file only
// places items. Every offset used here lies inside the PDU, whose length the
// core has checked, so no tvb access can throw.
#include <array>
#include <cstring>
#include <string>

#include "cephwire/compression.h"
#include "cephwire/crc32c.h"
#include "cephwire/frames_v2.h"
#include "cephwire/msg_types.h"
#include "cephwire/msgr1.h"
#include "cephwire/msgr2.h"
#include "msgr_fields.h"

namespace msgr {
namespace {

using namespace cephwire;

const char* type_name(uint16_t type) {
  const char* n = msg_type_name(type);
  return n ? n : "unknown";
}

const guint8* ptr(tvbuff_t* tvb, gint off, gint len) { return tvb_get_ptr(tvb, off, len); }

// A CRC with its status field; zero may mean "not computed" by preference.
// `what` names the CRC in the expert text ("Bad front CRC32C [should be ...]").
void add_crc(proto_tree* t, tvbuff_t* tvb, packet_info* pinfo, gint off, int hf_crc, int hf_status, uint32_t computed,
             bool verifiable, bool zero_may_be_unset, const char* what) {
  const uint32_t wire = tvb_get_letohl(tvb, off);
  bool verify = prefs.verify_crc && verifiable && !(zero_may_be_unset && prefs.zero_crc_unset && wire == 0);
  if (!verify || wire == computed) {
    proto_tree_add_checksum(t, tvb, off, hf_crc, hf_status, &ei.crc_bad, pinfo, computed, ENC_LITTLE_ENDIAN,
                            verify ? PROTO_CHECKSUM_VERIFY : PROTO_CHECKSUM_NO_FLAGS);
    return;
  }
  // Bad: as proto_tree_add_checksum shows it, with an expert text that says which CRC.
  proto_item* it = proto_tree_add_item(t, hf_crc, tvb, off, 4, ENC_LITTLE_ENDIAN);
  proto_item_append_text(it, " incorrect, should be 0x%08x", computed);
  proto_item* st = proto_tree_add_uint(t, hf_status, tvb, off, 4, PROTO_CHECKSUM_E_BAD);
  proto_item_set_generated(st);
  expert_add_info_format(pinfo, st, &ei.crc_bad, "Bad %s CRC32C [should be 0x%08x]", what, computed);
}

void add_string(proto_tree* t, int hf_id, tvbuff_t* tvb, gint off, gint len, const std::string& s) {
  proto_tree_add_string(t, hf_id, tvb, off, len, s.c_str());
}

// An address (or address vector) as Ceph prints it, with each address's parts
// as typed items beneath it, each on its own bytes (msgr.addr.ipv4 ==
// 10.0.0.5 filters as ip.addr does). `legacy`: the 136-byte v1 form.
void add_addrs(proto_tree* t, int hf_id, tvbuff_t* tvb, gint off, gint len, const std::vector<EntityAddr>& addrs,
               const std::string& text, bool legacy = false) {
  proto_item* it = proto_tree_add_string(t, hf_id, tvb, off, len, text.c_str());
  proto_tree* at = proto_item_add_subtree(it, ett.payload);
  std::vector<size_t> starts{0};
  if (!legacy) {
    auto places = cephwire::addrvec_places(Bytes(ptr(tvb, off, len), size_t(len)));
    if (!places || places->starts.size() != addrs.size()) return;
    starts = places->starts;
  }
  for (size_t i = 0; i < addrs.size(); ++i) {
    const auto& a = addrs[i];
    const gint s0 = off + gint(starts[i]);
    const bool old_form = legacy || ws::get_u8(tvb, s0) == 0;  // a marker-0 address is the legacy form
    const auto p = old_form ? cephwire::AddrPlace::legacy(a.family) : cephwire::AddrPlace::versioned(a.family);
    proto_tree_add_uint(at, hf.addr_type, tvb, s0 + gint(p.type), 4, a.type);
    proto_tree_add_uint(at, hf.addr_nonce, tvb, s0 + gint(p.nonce), 4, a.nonce);
    if (p.ip_len == 4) {
      ws_in4_addr v4;
      std::memcpy(&v4, a.ip.data(), 4);  // network order, as the wire has it
      proto_tree_add_ipv4(at, hf.addr_ipv4, tvb, s0 + gint(p.ip), 4, v4);
    } else if (p.ip_len == 16) {
      ws_in6_addr v6;
      std::memcpy(v6.bytes, a.ip.data(), 16);
      proto_tree_add_ipv6(at, hf.addr_ipv6, tvb, s0 + gint(p.ip), 16, &v6);
    }
    if (p.ip_len) proto_tree_add_uint(at, hf.addr_port, tvb, s0 + gint(p.port), 2, a.port);
  }
}

// Info column text: "osd_op(42) tid 7 seq 3 front 221 data 4194304".
const char* message_info(packet_info* pinfo, uint16_t type, uint64_t tid, uint64_t seq, uint32_t front,
                         uint32_t data) {
  return wmem_strdup_printf(pinfo->pool, "%s(%u) tid %" PRIu64 " seq %" PRIu64 " front %u data %u", type_name(type),
                            type, tid, seq, front, data);
}

// The message fields common to both versions; the data payload becomes its
// own data source with its page layout.
void add_sections(proto_tree* mt, tvbuff_t* tvb, packet_info* pinfo, uint16_t type, uint16_t version, gint front_off,
                  uint32_t front_len, gint middle_off, uint32_t middle_len, gint data_off, uint32_t data_len,
                  uint16_t data_off_field) {
  if (front_len) {
    proto_item* fi = proto_tree_add_item(mt, hf.front, tvb, front_off, gint(front_len), ENC_NA);
    add_front_fields(fi, tvb, pinfo, front_off, gint(front_len), type, version);
  }
  if (middle_len) proto_tree_add_item(mt, hf.middle, tvb, middle_off, gint(middle_len), ENC_NA);
  if (data_len) {
    tvbuff_t* dtvb = tvb_new_subset_length(tvb, data_off, gint(data_len));
    add_new_data_source(pinfo, dtvb, "Data payload");  // Wireshark adds " (N bytes)"
    proto_item* di = proto_tree_add_item(mt, hf.data, tvb, data_off, gint(data_len), ENC_NA);
    proto_tree* dt = proto_item_add_subtree(di, ett.data);
    const uint32_t page_off = data_off_field & 0xfff;
    proto_tree_add_uint(dt, hf.msg_page_off, tvb, data_off, 0, page_off);
    proto_tree_add_uint(dt, hf.msg_pages, tvb, data_off, 0, (page_off + data_len + 4095) / 4096);
  }
}

// ---- msgr v1 -------------------------------------------------------------------

// ceph_msg_header, after the MSG tag.
void v1_header(proto_tree* mt, tvbuff_t* tvb, packet_info* pinfo, const msgr1::MsgHeader& hdr) {
  proto_tree* ht = proto_tree_add_subtree(mt, tvb, 1, msgr1::MsgHeader::kSize, ett.header, nullptr, "ceph_msg_header");
  using H = msgr1::MsgHeader::Off;
  constexpr gint at = 1;  // after the tag
  proto_tree_add_item(ht, hf.msg_seq, tvb, at + H::seq, 8, ENC_LITTLE_ENDIAN);
  proto_tree_add_item(ht, hf.msg_tid, tvb, at + H::tid, 8, ENC_LITTLE_ENDIAN);
  proto_tree_add_item(ht, hf.msg_type, tvb, at + H::type, 2, ENC_LITTLE_ENDIAN);
  proto_tree_add_item(ht, hf.msg_priority, tvb, at + H::priority, 2, ENC_LITTLE_ENDIAN);
  proto_tree_add_item(ht, hf.msg_version, tvb, at + H::version, 2, ENC_LITTLE_ENDIAN);
  proto_tree_add_item(ht, hf.msg_front_len, tvb, at + H::front_len, 4, ENC_LITTLE_ENDIAN);
  proto_tree_add_item(ht, hf.msg_middle_len, tvb, at + H::middle_len, 4, ENC_LITTLE_ENDIAN);
  proto_tree_add_item(ht, hf.msg_data_len, tvb, at + H::data_len, 4, ENC_LITTLE_ENDIAN);
  proto_tree_add_item(ht, hf.msg_data_off, tvb, at + H::data_off, 2, ENC_LITTLE_ENDIAN);
  add_string(ht, hf.msg_src, tvb, at + H::src, EntityName::kSize, hdr.src.to_string());
  proto_tree_add_item(ht, hf.msg_compat, tvb, at + H::compat_version, 2, ENC_LITTLE_ENDIAN);
  add_crc(ht, tvb, pinfo, at + H::crc, hf.v1_header_crc, hf.v1_header_crc_status,
          msgr1::MsgHeader::compute_crc(ptr(tvb, 1, msgr1::MsgHeader::kSize)), true, true, "header");
}

const char* v1_message(tvbuff_t* tvb, packet_info* pinfo, proto_tree* t, const PduContext& ctx) {
  proto_tree_add_uint(t, hf.v1_tag, tvb, 0, 1, msgr1::kTagMsg);
  const guint8* h = ptr(tvb, 1, msgr1::MsgHeader::kSize);
  const auto hdr = msgr1::MsgHeader::decode(h);
  proto_item* mi = proto_tree_add_item(t, hf.msg, tvb, 0, -1, ENC_NA);
  proto_item_set_text(mi, "Message: %s(%u) seq %" PRIu64, type_name(hdr.type), hdr.type, hdr.seq);
  proto_tree* mt = proto_item_add_subtree(mi, ett.msg);
  v1_header(mt, tvb, pinfo, hdr);

  const gint front = 1 + msgr1::MsgHeader::kSize;
  const gint middle = front + gint(hdr.front_len);
  const gint data = middle + gint(hdr.middle_len);
  const gint footer = data + gint(hdr.data_len);
  add_sections(mt, tvb, pinfo, hdr.type, hdr.version, front, hdr.front_len, middle, hdr.middle_len, data, hdr.data_len, hdr.data_off);

  const bool with_sig = ctx.v1_footer_with_sig;
  const auto ft = msgr1::MsgFooter::decode(ptr(tvb, footer, gint(msgr1::MsgFooter::size(with_sig))), with_sig);
  proto_tree* fk = proto_tree_add_subtree(mt, tvb, footer, gint(msgr1::MsgFooter::size(with_sig)), ett.footer,
                                          nullptr, with_sig ? "ceph_msg_footer" : "ceph_msg_footer_old");
  using F = msgr1::MsgFooter::Off;
  add_crc(fk, tvb, pinfo, footer + F::front_crc, hf.v1_front_crc, hf.v1_front_crc_status,
          ceph_crc32c(kCrcSeedV1, ptr(tvb, front, gint(hdr.front_len)), hdr.front_len), true, true, "front");
  add_crc(fk, tvb, pinfo, footer + F::middle_crc, hf.v1_middle_crc, hf.v1_middle_crc_status,
          ceph_crc32c(kCrcSeedV1, ptr(tvb, middle, gint(hdr.middle_len)), hdr.middle_len), true, true, "middle");
  add_crc(fk, tvb, pinfo, footer + F::data_crc, hf.v1_data_crc, hf.v1_data_crc_status,
          ceph_crc32c(kCrcSeedV1, ptr(tvb, data, gint(hdr.data_len)), hdr.data_len), !(ft.flags & msgr1::kFooterNoCrc),
          false, "data");
  if (with_sig) proto_tree_add_item(fk, hf.footer_sig, tvb, footer + F::sig, 8, ENC_LITTLE_ENDIAN);
  proto_item* fl = proto_tree_add_item(fk, hf.footer_flags, tvb, footer + F::flags(with_sig), 1, ENC_NA);
  if (!(ft.flags & msgr1::kFooterComplete)) expert_add_info(pinfo, fl, &ei.aborted);
  return message_info(pinfo, hdr.type, hdr.tid, hdr.seq, hdr.front_len, hdr.data_len);
}

const char* v1_open(tvbuff_t* tvb, packet_info* pinfo, proto_tree* t, const PduContext& ctx) {
  const uint8_t tag = ws::get_u8(tvb, 0);
  if (tag == msgr1::kTagMsg) return v1_message(tvb, pinfo, t, ctx);
  proto_tree_add_item(t, hf.v1_tag, tvb, 0, 1, ENC_NA);
  if (tag == msgr1::kTagAck) {
    proto_tree_add_item(t, hf.ack_seq, tvb, 1, 8, ENC_LITTLE_ENDIAN);
    return wmem_strdup_printf(pinfo->pool, "ACK %" PRIu64, tvb_get_letoh64(tvb, 1));
  }
  if (tag == msgr1::kTagKeepalive2 || tag == msgr1::kTagKeepalive2Ack) {
    proto_tree_add_item(t, hf.stamp_sec, tvb, 1, 4, ENC_LITTLE_ENDIAN);
    proto_tree_add_item(t, hf.stamp_nsec, tvb, 5, 4, ENC_LITTLE_ENDIAN);
  }
  return msgr1::tag_name(tag);
}

const char* v1_banner(tvbuff_t* tvb, packet_info* pinfo, proto_tree* t, const PduContext& ctx) {
  proto_tree_add_uint(t, hf.version, tvb, 0, 9, 1);
  add_string(t, hf.banner, tvb, 0, 9, "ceph v027");
  const auto a = EntityAddr::decode_legacy(ptr(tvb, 9, EntityAddr::kLegacySize));
  add_addrs(t, hf.addr, tvb, 9, EntityAddr::kLegacySize, {a}, a.to_string(), true);
  proto_tree_add_uint(t, hf.nonce, tvb, 13, 4, a.nonce);
  if (ctx.server) {
    const auto p = EntityAddr::decode_legacy(ptr(tvb, 9 + EntityAddr::kLegacySize, EntityAddr::kLegacySize));
    add_addrs(t, hf.peer_addr, tvb, 9 + EntityAddr::kLegacySize, EntityAddr::kLegacySize, {p}, p.to_string(), true);
  }
  return wmem_strdup_printf(pinfo->pool, "banner msgr v1 %s", a.to_string().c_str());
}

// A CEPH_FEATURE mask with a subtree of the bits that are set, by name.
void add_features(proto_tree* t, int field, tvbuff_t* tvb, gint off) {
  proto_tree_add_bitmask_with_flags(t, tvb, guint(off), field, ett.features, hf.feature_bits, ENC_LITTLE_ENDIAN,
                                    BMT_NO_FALSE | BMT_NO_APPEND);
}
void add_features(proto_tree* t, int field, tvbuff_t* tvb, gint off, uint64_t value) {
  proto_tree_add_bitmask_value_with_flags(t, tvb, guint(off), field, ett.features, hf.feature_bits, value,
                                          BMT_NO_FALSE | BMT_NO_APPEND);
}

const char* v1_connect(tvbuff_t* tvb, proto_tree* t) {
  using O = msgr1::Connect::Off;
  add_features(t, hf.c_features, tvb, O::features);
  proto_tree_add_item(t, hf.c_host_type, tvb, O::host_type, 4, ENC_LITTLE_ENDIAN);
  proto_tree_add_item(t, hf.c_global_seq, tvb, O::global_seq, 4, ENC_LITTLE_ENDIAN);
  proto_tree_add_item(t, hf.c_connect_seq, tvb, O::connect_seq, 4, ENC_LITTLE_ENDIAN);
  proto_tree_add_item(t, hf.c_proto_ver, tvb, O::protocol_version, 4, ENC_LITTLE_ENDIAN);
  proto_tree_add_item(t, hf.c_auth_proto, tvb, O::authorizer_protocol, 4, ENC_LITTLE_ENDIAN);
  proto_tree_add_item(t, hf.c_auth_len, tvb, O::authorizer_len, 4, ENC_LITTLE_ENDIAN);
  proto_tree_add_item(t, hf.c_flags, tvb, O::flags, 1, ENC_NA);
  const gint alen = gint(tvb_get_letohl(tvb, O::authorizer_len));
  if (alen) proto_tree_add_item(t, hf.authorizer, tvb, msgr1::Connect::kSize, alen, ENC_NA);
  return "connect";
}

const char* v1_reply(tvbuff_t* tvb, packet_info* pinfo, proto_tree* t) {
  const uint8_t tag = ws::get_u8(tvb, 0);
  using O = msgr1::ConnectReply::Off;
  constexpr gint end = msgr1::ConnectReply::kSize;
  proto_tree_add_item(t, hf.r_tag, tvb, O::tag, 1, ENC_NA);
  add_features(t, hf.c_features, tvb, O::features);
  proto_tree_add_item(t, hf.c_global_seq, tvb, O::global_seq, 4, ENC_LITTLE_ENDIAN);
  proto_tree_add_item(t, hf.c_connect_seq, tvb, O::connect_seq, 4, ENC_LITTLE_ENDIAN);
  proto_tree_add_item(t, hf.c_proto_ver, tvb, O::protocol_version, 4, ENC_LITTLE_ENDIAN);
  proto_tree_add_item(t, hf.c_auth_len, tvb, O::authorizer_len, 4, ENC_LITTLE_ENDIAN);
  proto_tree_add_item(t, hf.c_flags, tvb, O::flags, 1, ENC_NA);
  const gint alen = gint(tvb_get_letohl(tvb, O::authorizer_len));
  if (alen) proto_tree_add_item(t, hf.authorizer, tvb, end, alen, ENC_NA);
  if (tag == msgr1::kTagSeq) proto_tree_add_item(t, hf.seq_value, tvb, end + alen, 8, ENC_LITTLE_ENDIAN);
  const char* n = msgr1::tag_name(tag);
  return wmem_strdup_printf(pinfo->pool, "connect_reply %s", n ? n : "?");
}

// ---- msgr2 ---------------------------------------------------------------------

const char* v2_banner(tvbuff_t* tvb, packet_info* pinfo, proto_tree* t) {
  proto_tree_add_uint(t, hf.version, tvb, 0, 8, 2);
  add_string(t, hf.banner, tvb, 0, 8, "ceph v2");
  using B = msgr2::Banner;
  proto_item* sup = proto_tree_add_item(t, hf.v2_supported, tvb, B::kOffSupported, 8, ENC_LITTLE_ENDIAN);
  proto_tree* st = proto_item_add_subtree(sup, ett.payload);
  proto_tree_add_item(st, hf.v2_rev1, tvb, B::kOffSupported, 8, ENC_LITTLE_ENDIAN);
  proto_tree_add_item(st, hf.v2_compression, tvb, B::kOffSupported, 8, ENC_LITTLE_ENDIAN);
  proto_tree_add_item(t, hf.v2_required, tvb, B::kOffRequired, 8, ENC_LITTLE_ENDIAN);
  return wmem_strdup_printf(pinfo->pool, "banner msgr2 supported 0x%" PRIx64, tvb_get_letoh64(tvb, B::kOffSupported));
}

// Control payload fields (segment 0 at `off`).
void v2_control(tvbuff_t* tvb, proto_tree* t, gint off, gint len, const msgr2::ControlPayload& p) {
  using namespace msgr2;
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Hello>) {
          proto_tree_add_uint(t, hf.entity_type, tvb, off, 1, v.entity_type);
          add_addrs(t, hf.peer_addr, tvb, off + 1, len - 1, {v.peer_addr}, v.peer_addr.to_string());
        } else if constexpr (std::is_same_v<T, AuthRequest>) {
          proto_tree_add_uint(t, hf.auth_method, tvb, off, 4, v.method);
          // le32 method, then vector<u32> preferred_modes: le32 count, the modes.
          for (size_t i = 0; i < v.preferred_modes.size(); ++i)
            proto_tree_add_uint(t, hf.modes, tvb, off + 8 + gint(4 * i), 4, v.preferred_modes[i]);
        } else if constexpr (std::is_same_v<T, AuthBadMethod>) {
          proto_tree_add_uint(t, hf.auth_method, tvb, off, 4, v.method);
          proto_tree_add_int(t, hf.result, tvb, off + 4, 4, v.result);
        } else if constexpr (std::is_same_v<T, AuthDone>) {
          proto_tree_add_uint64(t, hf.global_id, tvb, off, 8, uint64_t(v.global_id));
          proto_tree_add_uint(t, hf.con_mode, tvb, off + 8, 4, v.con_mode);
        } else if constexpr (std::is_same_v<T, ClientIdent> || std::is_same_v<T, ServerIdent>) {
          // Each field where it lies; the core knows the layout (and found it
          // when it decoded the payload).
          using L = IdentLayout;
          const auto l = ident_layout(tag_of(p), Bytes(tvb_get_ptr(tvb, off, len), size_t(len)));
          if (!l) return;
          const gint at = off + gint(l->fixed);
          add_addrs(t, hf.addr, tvb, off, gint(l->addrs_len), v.addrs.addrs, v.addrs.to_string());
          if constexpr (std::is_same_v<T, ClientIdent>)
            add_addrs(t, hf.peer_addr, tvb, off + gint(l->addrs_len), gint(l->target_len), {v.target_addr},
                      v.target_addr.to_string());
          proto_tree_add_uint64(t, hf.global_id, tvb, at + L::kGlobalId, 8, uint64_t(v.global_id));
          proto_tree_add_uint64(t, hf.global_seq, tvb, at + L::kGlobalSeq, 8, v.global_seq);
          add_features(t, hf.features, tvb, at + L::kSupportedFeatures, v.supported_features);
          add_features(t, hf.req_features, tvb, at + L::kRequiredFeatures, v.required_features);
          proto_tree_add_uint64(t, hf.cflags, tvb, at + L::kFlags, 8, v.flags);
          proto_tree_add_uint64(t, hf.cookie, tvb, at + L::kCookie, 8, v.cookie);
        } else if constexpr (std::is_same_v<T, SessionReconnect>) {
          // The address vector, then five le64: the cookies, global_seq, connect_seq, msg_seq.
          auto places = cephwire::addrvec_places(Bytes(ptr(tvb, off, len), size_t(len)));
          if (!places) return;
          const gint at = off + gint(places->end);
          add_addrs(t, hf.addr, tvb, off, gint(places->end), v.addrs.addrs, v.addrs.to_string());
          proto_item_append_text(proto_tree_add_uint64(t, hf.cookie, tvb, at, 8, v.client_cookie), " (client)");
          proto_item_append_text(proto_tree_add_uint64(t, hf.cookie, tvb, at + 8, 8, v.server_cookie), " (server)");
          proto_tree_add_uint64(t, hf.global_seq, tvb, at + 16, 8, v.global_seq);
          proto_tree_add_uint64(t, hf.connect_seq, tvb, at + 24, 8, v.connect_seq);
          proto_tree_add_uint64(t, hf.ack_seq, tvb, at + 32, 8, v.msg_seq);
        } else if constexpr (std::is_same_v<T, SessionReset>) {
          proto_tree_add_boolean(t, hf.full, tvb, off, 1, v.full);
        } else if constexpr (std::is_same_v<T, SessionRetry>) {
          proto_tree_add_uint64(t, hf.connect_seq, tvb, off, 8, v.connect_seq);
        } else if constexpr (std::is_same_v<T, SessionRetryGlobal>) {
          proto_tree_add_uint64(t, hf.global_seq, tvb, off, 8, v.global_seq);
        } else if constexpr (std::is_same_v<T, SessionReconnectOk> || std::is_same_v<T, Ack>) {
          proto_tree_add_item(t, hf.ack_seq, tvb, off, 8, ENC_LITTLE_ENDIAN);
        } else if constexpr (std::is_same_v<T, Keepalive2> || std::is_same_v<T, Keepalive2Ack>) {
          proto_tree_add_item(t, hf.stamp_sec, tvb, off, 4, ENC_LITTLE_ENDIAN);
          proto_tree_add_item(t, hf.stamp_nsec, tvb, off + 4, 4, ENC_LITTLE_ENDIAN);
        } else if constexpr (std::is_same_v<T, CompressionRequest>) {
          proto_tree_add_boolean(t, hf.is_compress, tvb, off, 1, v.is_compress);
          for (uint32_t m : v.preferred_methods) proto_tree_add_uint(t, hf.method, tvb, off + 1, len - 1, m);
        } else if constexpr (std::is_same_v<T, CompressionDone>) {
          proto_tree_add_boolean(t, hf.is_compress, tvb, off, 1, v.is_compress);
          proto_tree_add_uint(t, hf.method, tvb, off + 1, 4, v.method);
        } else if constexpr (std::is_same_v<T, IdentMissingFeatures>) {
          add_features(t, hf.features, tvb, off, v.features);
        }
      },
      p);
}

// A msgr2 MESSAGE: ceph_msg_header2 and the sections, at the segments' offsets
// in `tvb` (the frame, or its decompressed copy); lengths are those of the
// segments. `frame` holds the preamble.
// ceph_msg_header2: segment 0 of a MESSAGE frame, at s0.
void v2_header(proto_tree* mt, tvbuff_t* tvb, gint s0, gint s0len) {
  proto_tree* ht = proto_tree_add_subtree(mt, tvb, s0, s0len, ett.header, nullptr, "ceph_msg_header2");
  using H = msgr2::MsgHeader2::Off;
  proto_tree_add_item(ht, hf.msg_seq, tvb, s0 + H::seq, 8, ENC_LITTLE_ENDIAN);
  proto_tree_add_item(ht, hf.msg_tid, tvb, s0 + H::tid, 8, ENC_LITTLE_ENDIAN);
  proto_tree_add_item(ht, hf.msg_type, tvb, s0 + H::type, 2, ENC_LITTLE_ENDIAN);
  proto_tree_add_item(ht, hf.msg_priority, tvb, s0 + H::priority, 2, ENC_LITTLE_ENDIAN);
  proto_tree_add_item(ht, hf.msg_version, tvb, s0 + H::version, 2, ENC_LITTLE_ENDIAN);
  proto_tree_add_item(ht, hf.msg_data_off, tvb, s0 + H::data_off, 2, ENC_LITTLE_ENDIAN);
  proto_tree_add_item(ht, hf.msg_ack_seq, tvb, s0 + H::ack_seq, 8, ENC_LITTLE_ENDIAN);
  proto_tree_add_item(ht, hf.msg_flags, tvb, s0 + H::flags, 1, ENC_NA);
  proto_tree_add_item(ht, hf.msg_compat, tvb, s0 + H::compat_version, 2, ENC_LITTLE_ENDIAN);
}

const char* v2_message(tvbuff_t* tvb, packet_info* pinfo, proto_tree* t, const std::array<gint, 4>& off,
                       const std::array<gint, 4>& len, tvbuff_t* frame, bool decompressed) {
  const gint s0 = off[0], s0len = len[0];
  const auto h = msgr2::MsgHeader2::decode(ptr(tvb, s0, msgr2::MsgHeader2::kSize));
  proto_item* mi = proto_tree_add_item(t, hf.msg, tvb, s0, -1, ENC_NA);
  proto_item_set_text(mi, "Message: %s(%u) seq %" PRIu64, type_name(h.type), h.type, h.seq);
  proto_tree* mt = proto_item_add_subtree(mi, ett.msg);
  v2_header(mt, tvb, s0, s0len);
  // Lengths come from the segment table (the wire's), or are those decompressed.
  const uint32_t lens[3] = {uint32_t(len[1]), uint32_t(len[2]), uint32_t(len[3])};
  const int fields[3] = {hf.msg_front_len, hf.msg_middle_len, hf.msg_data_len};
  for (int i = 0; i < 3; ++i) {
    proto_item* li = proto_tree_add_uint(mt, fields[i], frame, 8 + 6 * i, 4, lens[i]);
    if (decompressed) proto_item_set_generated(li);
  }
  add_sections(mt, tvb, pinfo, h.type, h.version, off[1], lens[0], off[2], lens[1], off[3], lens[2], h.data_off);
  return message_info(pinfo, h.type, h.tid, h.seq, lens[0], lens[2]);
}

const char* v2_frame(tvbuff_t* tvb, packet_info* pinfo, proto_tree* t, const PduContext& ctx) {
  const guint8* pre_bytes = ptr(tvb, 0, msgr2::Preamble::kSize);
  const auto pre = msgr2::Preamble::decode(pre_bytes);
  const auto layout = msgr2::FrameLayout::of(pre, ctx.rev1);
  const bool compressed = pre.flags & msgr2::kFlagCompressed;
  proto_tree* pt = proto_tree_add_subtree(t, tvb, 0, msgr2::Preamble::kSize, ett.preamble, nullptr, "Preamble");
  proto_tree_add_item(pt, hf.v2_tag, tvb, 0, 1, ENC_NA);
  proto_tree_add_item(pt, hf.num_segments, tvb, 1, 1, ENC_NA);
  for (uint32_t i = 0; i < pre.num_segments && i < msgr2::kMaxSegments; ++i) {
    proto_tree* sg = proto_tree_add_subtree_format(pt, tvb, gint(2 + 6 * i), 6, ett.segment, nullptr, "Segment %u: %u bytes",
                                                   i, pre.segments[i].length);
    proto_tree_add_item(sg, hf.seg_len, tvb, gint(2 + 6 * i), 4, ENC_LITTLE_ENDIAN);
    proto_tree_add_item(sg, hf.seg_align, tvb, gint(6 + 6 * i), 2, ENC_LITTLE_ENDIAN);
  }
  proto_item* fi = proto_tree_add_item(pt, hf.pre_flags, tvb, 26, 1, ENC_NA);
  proto_tree_add_item(proto_item_add_subtree(fi, ett.payload), hf.pre_compressed, tvb, 26, 1, ENC_NA);
  add_crc(pt, tvb, pinfo, msgr2::Preamble::kCrcOffset, hf.preamble_crc, hf.preamble_crc_status,
          msgr2::Preamble::compute_crc(pre_bytes), true, true, "preamble");

  // Segment CRCs: seg0 right after it (rev1), the rest in the epilogue.
  auto seg_crc = [&](uint32_t i) {
    const int64_t at = layout.crc_offset(i);
    if (at < 0) return;
    const gint len = gint(layout.seg_length[i]);
    proto_tree* ct = proto_tree_add_subtree_format(t, tvb, gint(at), 4, ett.segment, nullptr, "Segment %u CRC", i);
    proto_item* si = proto_tree_add_uint(ct, hf.segment_index, tvb, gint(at), 0, i);  // which segment: no bytes of its own
    proto_item_set_generated(si);
    add_crc(ct, tvb, pinfo, gint(at), hf.segment_crc, hf.segment_crc_status,
            ceph_crc32c(kCrcSeedSegment, ptr(tvb, gint(layout.seg_offset[i]), len), size_t(len)), true, true,
            wmem_strdup_printf(pinfo->pool, "segment %u", i));
  };

  const char* info = nullptr;
  // A compressed frame (after COMPRESSION_DONE) is decompressed by the core
  // into a data source of its own: its segments one after another.
  tvbuff_t* ftvb = tvb;
  std::array<gint, 4> off{}, len{};
  for (uint32_t i = 0; i < msgr2::kMaxSegments; ++i) {
    off[i] = gint(layout.seg_offset[i]);
    len[i] = i < layout.num_segments ? gint(layout.seg_length[i]) : 0;
  }
  bool readable = !compressed;
  if (compressed && ctx.compression) {
    std::string why;
    std::array<Bytes, 4> wire;
    for (size_t i = 0; i < 4; ++i) wire[i] = Bytes(ptr(tvb, off[i], len[i]), size_t(len[i]));
    auto d = cephwire::decompress_frame(ctx.compression, wire, pre.tag == uint8_t(msgr2::Tag::Message),
                                        cephwire::Limits{}, &why);
    std::vector<uint8_t> flat;
    std::array<gint, 4> doff{}, dlen{};
    const bool ok = d.has_value();
    if (!ok) proto_tree_add_expert_format(t, pinfo, &ei.malformed, tvb, 0, -1, "Compressed frame: %s", why.c_str());
    for (size_t i = 0; ok && i < 4; ++i) {
      doff[i] = gint(flat.size());
      dlen[i] = gint((*d)[i].size());
      flat.insert(flat.end(), (*d)[i].begin(), (*d)[i].end());
    }
    if (ok && !flat.empty()) {
      auto* copy = static_cast<guint8*>(wmem_memdup(pinfo->pool, flat.data(), flat.size()));
      ftvb = tvb_new_child_real_data(tvb, copy, guint(flat.size()), gint(flat.size()));
      add_new_data_source(pinfo, ftvb, "Decompressed msgr2 frame");
      off = doff;
      len = dlen;
      readable = true;
      proto_item* ci = proto_tree_add_uint(t, hf.decompressed_with, tvb, 26, 1, ctx.compression);
      proto_item_set_generated(ci);
      proto_item_append_text(ci, " (%u bytes decompressed)", guint(flat.size()));
    }
  } else if (compressed) {
    expert_add_info(pinfo, fi, &ei.compressed);
  }
  const gint s0 = off[0], s0len = len[0];
  if (pre.tag == uint8_t(msgr2::Tag::Message) && readable && s0len >= gint(msgr2::MsgHeader2::kSize)) {
    info = v2_message(ftvb, pinfo, t, off, len, tvb, compressed);
  } else if (readable && pre.tag != uint8_t(msgr2::Tag::Message)) {
    std::string why;
    auto decoded = msgr2::decode_control(msgr2::Tag(pre.tag), Bytes(ptr(ftvb, s0, s0len), size_t(s0len)), &why);
    proto_tree* ct = proto_tree_add_subtree(t, ftvb, s0, s0len, ett.payload, nullptr, "Payload");
    if (decoded) {
      v2_control(ftvb, ct, s0, s0len, *decoded);
    } else {
      proto_tree_add_expert_format(ct, pinfo, &ei.malformed, ftvb, s0, s0len, "%s", why.c_str());
    }
    info = msgr2::tag_name(pre.tag);
    if (decoded && pre.tag == uint8_t(msgr2::Tag::AuthDone)) {
      const auto& done = std::get<msgr2::AuthDone>(*decoded);
      info = wmem_strdup_printf(pinfo->pool, "AUTH_DONE con_mode %s", msgr2::con_mode_name(done.con_mode));
    }
  } else if (pre.tag == uint8_t(msgr2::Tag::Message) && readable) {
    // Ceph refuses a MESSAGE whose header segment cannot hold ceph_msg_header2.
    proto_tree_add_expert_format(t, pinfo, &ei.malformed, ftvb, s0, s0len,
                                 "MESSAGE segment 0 of %d bytes is shorter than ceph_msg_header2 (%zu bytes)", s0len,
                                 msgr2::MsgHeader2::kSize);
    info = "MESSAGE (malformed)";
  } else {
    info = wmem_strdup_printf(pinfo->pool, "%s (compressed)", msgr2::tag_name(pre.tag));
  }
  for (uint32_t i = 0; i < layout.num_segments; ++i) seg_crc(i);
  if (layout.epilogue_offset >= 0) {
    const gint e = gint(layout.epilogue_offset);
    proto_tree* et = proto_tree_add_subtree(t, tvb, e, gint(msgr2::Epilogue::size(ctx.rev1)), ett.epilogue, nullptr,
                                            "Epilogue");
    proto_item* li = proto_tree_add_item(et, hf.late, tvb, e, 1, ENC_NA);
    const auto ep = msgr2::Epilogue::decode(ptr(tvb, e, gint(msgr2::Epilogue::size(ctx.rev1))), ctx.rev1);
    if (ep.aborted(ctx.rev1)) expert_add_info(pinfo, li, &ei.aborted);
    // msgr2.1 late_status: 0x0e complete or 0x01 aborted, high nibble 0;
    // msgr2.0 late_flags: bit 0 aborted. Anything else Ceph never sends.
    const bool known = ctx.rev1 ? ((ep.late & 0xf0) == 0 && ((ep.late & msgr2::kLateStatusMask) == msgr2::kLateStatusComplete ||
                                                              (ep.late & msgr2::kLateStatusMask) == msgr2::kLateStatusAborted))
                                : (ep.late & ~msgr2::kLateFlagAborted) == 0;
    if (!known)
      expert_add_info_format(pinfo, li, &ei.late_unknown, "%s 0x%02x has bits Ceph does not define",
                             ctx.rev1 ? "late_status" : "late_flags", ep.late);
  }
  return info;
}

}  // namespace

const char* dissect_pdu(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, const PduContext& ctx) {
  // (an integer field takes no -1 length: the PDU's own)
  proto_item* pi = proto_tree_add_uint(tree, hf.pdu, tvb, 0, gint(tvb_reported_length(tvb)), guint32(ctx.kind));
  proto_item_set_text(pi, "%s", pdu_kind_name(ctx.kind));
  proto_tree* t = proto_item_add_subtree(pi, ett.pdu);
  const bool v2 = ctx.kind == PduKind::V2Frame ||
                  (ctx.kind == PduKind::Banner &&
                   tvb_memeql(tvb, 0, reinterpret_cast<const guint8*>(msgr2::kBannerPrefix.data()),
                              msgr2::kBannerPrefix.size()) == 0);
  if (ctx.kind != PduKind::Banner) {
    proto_item* vi = proto_tree_add_uint(t, hf.version, tvb, 0, 0, v2 ? 2 : 1);
    proto_item_set_generated(vi);
  }
  switch (ctx.kind) {
    case PduKind::Banner: return v2 ? v2_banner(tvb, pinfo, t) : v1_banner(tvb, pinfo, t, ctx);
    case PduKind::V1Connect: return v1_connect(tvb, t);
    case PduKind::V1ConnectReply: return v1_reply(tvb, pinfo, t);
    case PduKind::V1SeqValue:
      proto_tree_add_item(t, hf.seq_value, tvb, 0, 8, ENC_LITTLE_ENDIAN);
      return "seq";
    case PduKind::V1Open: return v1_open(tvb, pinfo, t, ctx);
    case PduKind::V2Frame: return v2_frame(tvb, pinfo, t, ctx);
    default: return nullptr;
  }
}

const char* dissect_cut(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, const PduContext& ctx, guint64 length) {
  const gint have = gint(tvb_captured_length(tvb));
  proto_item* pi = proto_tree_add_uint(tree, hf.pdu, tvb, 0, have, guint32(ctx.kind));
  proto_item_set_text(pi, "%s, cut short by the capture gap after it (%d of %" PRIu64 " bytes in the capture)",
                      pdu_kind_name(ctx.kind), have, length);
  proto_tree* t = proto_item_add_subtree(pi, ett.pdu);
  // The message header is enough to say which message the gap cut.
  if (ctx.kind == PduKind::V1Open && have >= gint(1 + msgr1::MsgHeader::kSize) &&
      ws::get_u8(tvb, 0) == msgr1::kTagMsg) {
    proto_tree_add_uint(t, hf.v1_tag, tvb, 0, 1, msgr1::kTagMsg);
    const auto hdr = msgr1::MsgHeader::decode(ptr(tvb, 1, msgr1::MsgHeader::kSize));
    proto_item* mi = proto_tree_add_item(t, hf.msg, tvb, 0, have, ENC_NA);
    proto_item_set_text(mi, "Message: %s(%u) seq %" PRIu64 " (cut short)", type_name(hdr.type), hdr.type, hdr.seq);
    proto_tree* mt = proto_item_add_subtree(mi, ett.msg);
    v1_header(mt, tvb, pinfo, hdr);
    return message_info(pinfo, hdr.type, hdr.tid, hdr.seq, hdr.front_len, hdr.data_len);
  }
  if (ctx.kind != PduKind::V2Frame || have < gint(msgr2::Preamble::kSize + msgr2::MsgHeader2::kSize)) return nullptr;
  const auto pre = msgr2::Preamble::decode(ptr(tvb, 0, msgr2::Preamble::kSize));
  if (pre.tag != uint8_t(msgr2::Tag::Message) || (pre.flags & msgr2::kFlagCompressed) ||
      pre.segments[0].length < msgr2::MsgHeader2::kSize)
    return nullptr;
  const gint s0 = gint(msgr2::Preamble::kSize);
  const auto h = msgr2::MsgHeader2::decode(ptr(tvb, s0, msgr2::MsgHeader2::kSize));
  proto_item* mi = proto_tree_add_item(t, hf.msg, tvb, s0, have - s0, ENC_NA);
  proto_item_set_text(mi, "Message: %s(%u) seq %" PRIu64 " (cut short)", type_name(h.type), h.type, h.seq);
  proto_tree* mt = proto_item_add_subtree(mi, ett.msg);
  v2_header(mt, tvb, s0, gint(msgr2::MsgHeader2::kSize));
  const int fields[3] = {hf.msg_front_len, hf.msg_middle_len, hf.msg_data_len};
  for (int i = 0; i < 3; ++i) proto_tree_add_item(mt, fields[i], tvb, 8 + 6 * i, 4, ENC_LITTLE_ENDIAN);
  return message_info(pinfo, h.type, h.tid, h.seq, pre.segments[1].length, pre.segments[3].length);
}

void dissect_opaque(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, bool first) {
  proto_item* it = proto_tree_add_item(tree, hf.ciphertext, tvb, 0, -1, ENC_NA);
  if (first) expert_add_info(pinfo, it, &ei.encrypted);
  col_append_sep_str(pinfo->cinfo, COL_INFO, ", ", "encrypted msgr2 data");
}

}  // namespace msgr
