// msgr2 PDUs: the banner, and frames: the preamble with its segment table,
// segment 0 as a control payload or ceph_msg_header2, the payload sections,
// the segment CRCs and the epilogue. A compressed frame is decompressed into
// source 1 of the layout, which its payload fields then lie in.
#include <cinttypes>
#include <cstdio>

#include "cephwire/compression.h"
#include "cephwire/crc32c.h"
#include "cephwire/limits.h"
#include "cephwire/secure/secure_frames.h"
#include "parts.h"

namespace cephwire::layout {

namespace {

using namespace msgr2;

std::string format(const char* fmt, unsigned a, unsigned b = 0) {
  char s[96];
  std::snprintf(s, sizeof s, fmt, a, b);
  return s;
}

void banner(PduLayout& out, Builder& b) {
  b.uint("version", 0, 8, 2);
  b.text("banner", 0, 8, "ceph v2");
  b.open(GroupKind::Payload, "v2.banner.supported", Banner::kOffSupported, 8).kind = FieldKind::Wire;
  const uint64_t supported = load_le64(b.src().data() + Banner::kOffSupported);
  out.fields.back().u = supported;
  b.wire("v2.banner.revision_1", Banner::kOffSupported, 8);
  b.wire("v2.banner.compression", Banner::kOffSupported, 8);
  b.close();
  b.wire("v2.banner.required", Banner::kOffRequired, 8);
  char s[64];
  std::snprintf(s, sizeof s, "banner msgr2 supported 0x%" PRIx64, supported);
  out.summary = s;
}

void message(PduLayout& out, Builder& b, Bytes frame, uint8_t frame_source, const std::array<uint32_t, 4>& off,
             const std::array<uint32_t, 4>& len, bool decompressed, const EntityName& sender, const LayoutOptions& o) {
  const Bytes src = b.src();
  const uint32_t s0 = off[0];
  const auto h = MsgHeader2::decode(src.data() + s0);
  b.open(GroupKind::Msg, "msg", s0, uint32_t(src.size()) - s0, message_label(h.type, h.seq));
  messages::DecodedFields front;
  out.summary = message_text(out, b, {h.type, h.version, h.tid, h.seq, sender, off[1], len[1], off[3], len[3], off[2], len[2]}, o, &front);
  v2_header(b, s0, len[0]);
  // Lengths come from the segment table (the wire's), or are those decompressed.
  static const char* const kLens[3] = {"msg.front_len", "msg.middle_len", "msg.data_len"};
  const uint8_t source = b.source();
  b.use(frame, frame_source);
  for (int i = 0; i < 3; ++i) b.uint(kLens[i], 8 + 6 * i, 4, len[i + 1]).generated = decompressed;
  b.use(src, source);
  SectionPlaces s;
  for (int i = 0; i < 3; ++i) s.off[i] = off[i + 1], s.len[i] = len[i + 1];
  sections(b, h.type, h.version, s, h.data_off, front);
  b.close();
}

void control(PduLayout& out, Builder& b, uint8_t tag, uint32_t s0, uint32_t s0len) {
  std::string why;
  auto decoded = decode_control(Tag(tag), b.src().subspan(s0, s0len), &why);
  b.open(GroupKind::Payload, nullptr, s0, s0len, "Payload");
  if (decoded)
    v2_control(b, s0, s0len, *decoded);
  else
    b.note(FieldNote::Malformed, -1, why, s0, s0len);
  b.close();
  const char* n = tag_name(tag);
  out.summary = n ? n : "";
  if (decoded && tag == uint8_t(Tag::AuthDone))
    out.summary = std::string("AUTH_DONE con_mode ") + con_mode_name(std::get<AuthDone>(*decoded).con_mode);
}

// A frame: crc mode as on the wire, or a secure one decrypted (source 2,
// laid out by `layout`: no segment CRCs, a one-byte epilogue).
void frame(PduLayout& out, Builder& b, const PduContext& ctx, const LayoutOptions& o, const FrameLayout& layout,
           bool secure) {
  const Bytes pdu = b.src();
  const uint8_t base = b.source();
  const auto pre = Preamble::decode(pdu.data());
  const bool compressed = pre.flags & kFlagCompressed;
  b.open(GroupKind::Preamble, nullptr, 0, Preamble::kSize, "Preamble");
  b.wire("v2.tag", 0, 1);
  b.wire("v2.num_segments", 1, 1);
  for (uint32_t i = 0; i < pre.num_segments && i < kMaxSegments; ++i) {
    b.open(GroupKind::Segment, nullptr, 2 + 6 * i, 6, format("Segment %u: %u bytes", i, pre.segments[i].length));
    b.wire("v2.segment.length", 2 + 6 * i, 4);
    b.wire("v2.segment.alignment", 6 + 6 * i, 2);
    b.close();
  }
  b.open(GroupKind::Payload, "v2.flags", 26, 1).kind = FieldKind::Wire;
  out.fields.back().u = pre.flags;
  const int32_t flags_field = b.last();
  b.wire("v2.flags.compressed", 26, 1);
  b.close();
  b.crc("v2.preamble_crc", Preamble::kCrcOffset, Preamble::compute_crc(pdu.data()), true, true, "preamble", o);
  b.close();

  std::array<uint32_t, 4> off{}, len{};
  for (uint32_t i = 0; i < kMaxSegments; ++i) {
    off[i] = uint32_t(layout.seg_offset[i]);
    len[i] = i < layout.num_segments ? layout.seg_length[i] : 0;
  }
  bool readable = !compressed;
  if (compressed && ctx.compression) {
    std::string why;
    std::array<Bytes, 4> wire;
    for (size_t i = 0; i < 4; ++i) wire[i] = pdu.subspan(off[i], len[i]);
    auto d = decompress_frame(ctx.compression, wire, pre.tag == uint8_t(Tag::Message), Limits{}, &why);
    if (!d) b.note(FieldNote::Malformed, -1, "Compressed frame: " + why, 0, uint32_t(pdu.size()));
    std::array<uint32_t, 4> doff{}, dlen{};
    for (size_t i = 0; d && i < 4; ++i) {
      doff[i] = uint32_t(out.inflated.size());
      dlen[i] = uint32_t((*d)[i].size());
      out.inflated.insert(out.inflated.end(), (*d)[i].begin(), (*d)[i].end());
    }
    if (d && !out.inflated.empty()) {
      off = doff;
      len = dlen;
      readable = true;
      LaidField& w = b.uint("v2.decompressed_with", 26, 1, ctx.compression);
      w.generated = true;
      w.suffix = format(" (%u bytes decompressed)", unsigned(out.inflated.size()));
      b.use(Bytes(out.inflated), 1);
    }
  } else if (compressed) {
    b.note(FieldNote::Compressed, flags_field);
  }
  const uint32_t s0 = off[0], s0len = len[0];
  const bool is_message = pre.tag == uint8_t(Tag::Message);
  if (is_message && readable && s0len >= MsgHeader2::kSize) {
    message(out, b, pdu, base, off, len, compressed, ctx.source, o);
  } else if (readable && !is_message) {
    control(out, b, pre.tag, s0, s0len);
  } else if (is_message && readable) {
    // Ceph refuses a MESSAGE whose header segment cannot hold ceph_msg_header2.
    b.note(FieldNote::Malformed, -1,
           format("MESSAGE segment 0 of %u bytes is shorter than ceph_msg_header2 (%u bytes)", s0len,
                  unsigned(MsgHeader2::kSize)),
           s0, s0len);
    out.summary = "MESSAGE (malformed)";
  } else {
    const char* n = tag_name(pre.tag);
    out.summary = std::string(n ? n : "") + " (compressed)";
  }
  b.use(pdu, base);
  // Segment CRCs: seg0 right after it (rev1), the rest in the epilogue (none in secure mode).
  for (uint32_t i = 0; i < layout.num_segments && !secure; ++i) {
    const int64_t at = layout.crc_offset(i);
    if (at < 0) continue;
    b.open(GroupKind::Segment, nullptr, uint32_t(at), 4, format("Segment %u CRC", i));
    b.uint("v2.segment_index", uint32_t(at), 0, i).generated = true;  // which segment: no bytes of its own
    b.crc("v2.segment_crc", uint32_t(at),
          ceph_crc32c(kCrcSeedSegment, pdu.subspan(layout.seg_offset[i], layout.seg_length[i])), true, true,
          format("segment %u", i), o);
    b.close();
  }
  if (layout.epilogue_offset >= 0) {
    const uint32_t e = uint32_t(layout.epilogue_offset);
    const uint32_t elen = secure ? 1 : uint32_t(Epilogue::size(ctx.rev1));
    b.open(GroupKind::Epilogue, nullptr, e, elen, "Epilogue");
    b.wire("v2.late", e, 1);
    const int32_t late_field = b.last();
    Epilogue ep;
    if (secure)
      ep.late = pdu[e];
    else
      ep = Epilogue::decode(pdu.data() + e, ctx.rev1);
    if (ep.aborted(ctx.rev1)) b.note(FieldNote::Aborted, late_field);
    // msgr2.1 late_status: 0x0e complete or 0x01 aborted, high nibble 0;
    // msgr2.0 late_flags: bit 0 aborted. Anything else Ceph never sends.
    const uint8_t status = ep.late & kLateStatusMask;
    const bool known = ctx.rev1 ? ((ep.late & 0xf0) == 0 && (status == kLateStatusComplete || status == kLateStatusAborted))
                                : (ep.late & ~kLateFlagAborted) == 0;
    if (!known)
      b.note(FieldNote::LateUnknown, late_field,
             format(ctx.rev1 ? "late_status 0x%02x has bits Ceph does not define"
                             : "late_flags 0x%02x has bits Ceph does not define",
                    ep.late));
    b.close();
  }
}

}  // namespace

void v2_header(Builder& b, uint32_t s0, uint32_t s0len) {
  b.open(GroupKind::Header, nullptr, s0, s0len, "ceph_msg_header2");
  fixed_fields(b, MsgHeader2::decode(b.src().data() + s0), s0);
  b.close();
}

// A secure frame: the ciphertext, and the frame decrypted (source 2) with
// every field as in crc mode.
void secure_frame(PduLayout& out, Builder& b, const PduContext& ctx, const LayoutOptions& o) {
  const Bytes wire = b.src();
  b.bytes("v2.ciphertext", 0, uint32_t(wire.size()));
  const int32_t ct = b.last();
  std::string why;
  auto f = secure::decrypt_frame(ctx.cipher, wire, &why);
  if (!f) {
    b.note(FieldNote::Malformed, ct, "msgr2 secure frame not decrypted: " + why);
    out.summary = "encrypted msgr2 frame (" + why + ")";
    return;
  }
  b.boolean("decrypted", 0, uint32_t(wire.size()), true).generated = true;
  FrameLayout l;
  l.rev1 = ctx.rev1;
  l.num_segments = f->preamble.num_segments;
  for (size_t i = 0; i < kMaxSegments; ++i) {
    l.seg_offset[i] = f->seg_off[i];
    l.seg_length[i] = f->seg_len[i];
  }
  l.epilogue_offset = f->late_off;
  l.total = f->plain.size();
  out.decrypted = std::move(f->plain);
  b.use(Bytes(out.decrypted), 2);
  frame(out, b, ctx, o, l, true);
}

void v2_pdu(PduLayout& out, const PduContext& ctx, Bytes pdu, const LayoutOptions& o) {
  Builder b(out.fields, pdu);
  if (ctx.kind == PduKind::Banner) return banner(out, b);
  out.fields.reserve(48);
  b.uint("version", 0, 0, 2).generated = true;
  if (ctx.kind == PduKind::V2Secure) return secure_frame(out, b, ctx, o);
  frame(out, b, ctx, o, FrameLayout::of(Preamble::decode(pdu.data()), ctx.rev1), false);
}

}  // namespace cephwire::layout
