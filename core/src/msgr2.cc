#include "cephwire/msgr2.h"

#include "cephwire/crc32c.h"
#include "struct_fields.h"

namespace cephwire::msgr2 {

const char* tag_name(uint8_t tag) {
  static constexpr const char* kNames[] = {
      nullptr,          "HELLO",         "AUTH_REQUEST",       "AUTH_BAD_METHOD",
      "AUTH_REPLY_MORE", "AUTH_REQUEST_MORE", "AUTH_DONE",      "AUTH_SIGNATURE",
      "CLIENT_IDENT",   "SERVER_IDENT",  "IDENT_MISSING_FEATURES", "SESSION_RECONNECT",
      "SESSION_RESET",  "SESSION_RETRY", "SESSION_RETRY_GLOBAL", "SESSION_RECONNECT_OK",
      "WAIT",           "MESSAGE",       "KEEPALIVE2",         "KEEPALIVE2_ACK",
      "ACK",            "COMPRESSION_REQUEST", "COMPRESSION_DONE"};
  return tag <= kMaxTag ? kNames[tag] : nullptr;
}

Preamble Preamble::decode(const uint8_t* p) {
  Preamble r;
  r.tag = p[0];
  r.num_segments = p[1];
  for (size_t i = 0; i < kMaxSegments; ++i) {
    r.segments[i].length = load_le32(p + 2 + 6 * i);
    r.segments[i].alignment = load_le16(p + 6 + 6 * i);
  }
  r.flags = p[26];
  r.reserved = p[27];
  r.crc = load_le32(p + 28);
  return r;
}

void Preamble::encode(uint8_t* p) const {
  p[0] = tag;
  p[1] = num_segments;
  for (size_t i = 0; i < kMaxSegments; ++i) {
    store_le32(p + 2 + 6 * i, segments[i].length);
    store_le16(p + 6 + 6 * i, segments[i].alignment);
  }
  p[26] = flags;
  p[27] = reserved;
  store_le32(p + 28, crc);
}

uint32_t Preamble::compute_crc(const uint8_t* p) { return ceph_crc32c(kCrcSeedPreamble, p, kCrcOffset); }

bool Preamble::plausible() const {
  if (tag == 0 || tag > kMaxTag) return false;
  if (num_segments < 1 || num_segments > kMaxSegments) return false;
  for (size_t i = num_segments; i < kMaxSegments; ++i)
    if (segments[i].length != 0) return false;
  // Senders drop trailing empty segments; Ceph refuses a last declared one that is empty.
  if (num_segments > 1 && segments[num_segments - 1].length == 0) return false;
  return true;
}

Epilogue Epilogue::decode(const uint8_t* p, bool rev1) {
  Epilogue e;
  e.late = p[0];
  if (rev1) {
    for (size_t i = 1; i < kMaxSegments; ++i) e.crc[i] = load_le32(p + 1 + 4 * (i - 1));
  } else {
    for (size_t i = 0; i < kMaxSegments; ++i) e.crc[i] = load_le32(p + 1 + 4 * i);
  }
  return e;
}

void Epilogue::encode(uint8_t* p, bool rev1) const {
  p[0] = late;
  if (rev1) {
    for (size_t i = 1; i < kMaxSegments; ++i) store_le32(p + 1 + 4 * (i - 1), crc[i]);
  } else {
    for (size_t i = 0; i < kMaxSegments; ++i) store_le32(p + 1 + 4 * i, crc[i]);
  }
}

FrameLayout FrameLayout::of(const Preamble& p, bool rev1) {
  FrameLayout l;
  l.rev1 = rev1;
  l.num_segments = p.num_segments;
  uint64_t off = Preamble::kSize;
  for (size_t i = 0; i < kMaxSegments && i < p.num_segments; ++i) {
    l.seg_offset[i] = off;
    l.seg_length[i] = p.segments[i].length;
    off += p.segments[i].length;
    if (i == 0 && rev1 && p.segments[0].length > 0) {
      l.seg0_crc_offset = int64_t(off);
      off += 4;
    }
  }
  if (!rev1 || p.num_segments > 1) {
    l.epilogue_offset = int64_t(off);
    off += Epilogue::size(rev1);
  }
  l.total = off;
  return l;
}

int64_t FrameLayout::crc_offset(size_t i) const {
  if (i >= num_segments) return -1;
  if (rev1 && i == 0) return seg0_crc_offset;
  if (epilogue_offset < 0) return -1;
  return epilogue_offset + 1 + 4 * int64_t(rev1 ? i - 1 : i);
}

MsgHeader2 MsgHeader2::decode(const uint8_t* p) { return wire::decode_fixed<MsgHeader2>(p); }

void MsgHeader2::encode(uint8_t* p) const { wire::encode_fixed(*this, p); }

const char* con_mode_name(uint32_t mode) {
  switch (mode) {
    case kConModeCrc: return "crc";
    case kConModeSecure: return "secure";
  }
  return "unknown";
}

}  // namespace cephwire::msgr2
