#include "cephwire/secure/secure_frames.h"

#include <algorithm>

#include "cephwire/crc32c.h"

namespace cephwire::secure {

namespace {

uint64_t pad16(uint64_t n) { return (n + 15) & ~uint64_t(15); }

uint32_t count_segments(const std::array<Bytes, msgr2::kMaxSegments>& segs) {
  uint32_t n = 1;
  for (uint32_t i = 0; i < msgr2::kMaxSegments; ++i)
    if (!segs[i].empty()) n = i + 1;
  return n;
}

SecureLength bad(SecureStatus st, std::string why) {
  SecureLength l;
  l.status = st;
  l.why = std::move(why);
  return l;
}

}  // namespace

std::optional<FrameCipher> FrameCipher::of(Bytes secret, Dir d, bool rev1) {
  if (secret.size() < kMinConnectionSecret) return std::nullopt;
  FrameCipher c;
  c.rev1 = rev1;
  std::copy_n(secret.data() + kSecretKeyOff, c.key.size(), c.key.begin());
  const size_t n = d == Dir::ToServer ? kSecretNonceToServerOff : kSecretNonceToClientOff;
  std::copy_n(secret.data() + n, c.nonce.size(), c.nonce.begin());
  return c;
}

void FrameCipher::advance(unsigned ops) {
  if (rev1) {
    store_le64(nonce.data() + 4, load_le64(nonce.data() + 4) + ops);
  } else {
    store_le32(nonce.data(), load_le32(nonce.data()) + 1);
  }
}

uint64_t secure_wire_length(const msgr2::Preamble& p, bool rev1) {
  const auto& s = p.segments;
  uint64_t rest = 0;
  for (uint32_t i = 1; i < p.num_segments && i < msgr2::kMaxSegments; ++i) rest += pad16(s[i].length);
  if (!rev1) return msgr2::Preamble::kSize + pad16(s[0].length) + rest + kEpilogueSize + kGcmTagSize;
  uint64_t n = kFirstOpSize;
  if (s[0].length > kInlineSize) n += pad16(s[0].length) - kInlineSize + kGcmTagSize;
  if (p.num_segments > 1) n += rest + kEpilogueSize + kGcmTagSize;
  return n;
}

SecureLength secure_frame_length(const FrameCipher& c, Bytes b, const Limits& limits) {
  const size_t head = c.rev1 ? kFirstOpSize : msgr2::Preamble::kSize;
  if (b.size() < head) {
    SecureLength l;
    l.status = SecureStatus::NeedMore;
    l.length = head;
    return l;
  }
  std::array<uint8_t, kFirstOpSize> pt{};
  if (c.rev1) {
    if (!gcm_open(c.key, c.nonce, b.first(kFirstOpSize), pt.data()))
      return bad(SecureStatus::TagMismatch, "GCM tag mismatch on the frame's first block");
  } else {
    auto p = gcm_peek(c.key, c.nonce, b.first(msgr2::Preamble::kSize));
    if (p.size() != msgr2::Preamble::kSize) return bad(SecureStatus::Invalid, "the keystream failed");
    std::copy(p.begin(), p.end(), pt.begin());
  }
  SecureLength l;
  l.preamble = msgr2::Preamble::decode(pt.data());
  if (l.preamble.crc != msgr2::Preamble::compute_crc(pt.data()))
    return bad(c.rev1 ? SecureStatus::Invalid : SecureStatus::TagMismatch,
               "the decrypted preamble's crc does not match: the key or the nonce is wrong");
  if (!l.preamble.plausible() || !within_limits(l.preamble, limits))
    return bad(SecureStatus::Invalid, "the decrypted preamble is not a plausible frame");
  l.status = SecureStatus::Complete;
  l.length = secure_wire_length(l.preamble, c.rev1);
  return l;
}

std::optional<DecryptedFrame> decrypt_frame(const FrameCipher& c, Bytes wire, std::string* why, const Limits& limits) {
  const SecureLength l = secure_frame_length(c, wire, limits);
  if (l.status != SecureStatus::Complete || wire.size() < l.length) {
    *why = l.status == SecureStatus::Complete || l.status == SecureStatus::NeedMore ? "the secure frame is cut short"
                                                                                    : l.why;
    return std::nullopt;
  }
  DecryptedFrame f;
  f.preamble = l.preamble;
  f.wire_length = l.length;
  const auto& s = f.preamble.segments;
  const uint32_t nseg = f.preamble.num_segments;
  uint64_t total = msgr2::Preamble::kSize;
  for (uint32_t i = 0; i < nseg; ++i) total += s[i].length;
  const bool epilogue = !c.rev1 || nseg > 1;
  f.plain.resize(total + (epilogue ? 1 : 0));
  uint32_t at = msgr2::Preamble::kSize;
  for (uint32_t i = 0; i < nseg; ++i) {
    f.seg_off[i] = at;
    f.seg_len[i] = s[i].length;
    at += s[i].length;
  }
  if (epilogue) f.late_off = int(at);
  auto open = [&](Bytes ct_tag, GcmNonce nonce, std::vector<uint8_t>& out) {
    out.resize(ct_tag.size() - kGcmTagSize);
    return gcm_open(c.key, nonce, ct_tag, out.data());
  };
  std::vector<uint8_t> pt;
  if (!c.rev1) {
    f.ops = 1;
    if (!open(wire.first(l.length), c.nonce, pt)) return *why = "GCM tag mismatch", std::nullopt;
    uint64_t p = msgr2::Preamble::kSize;
    std::copy_n(pt.begin(), msgr2::Preamble::kSize, f.plain.begin());
    for (uint32_t i = 0; i < nseg; ++i) {
      std::copy_n(pt.begin() + long(p), s[i].length, f.plain.begin() + f.seg_off[i]);
      p += pad16(s[i].length);
    }
    f.plain[size_t(f.late_off)] = pt[p];
    return f;
  }
  FrameCipher n = c;
  open(wire.first(kFirstOpSize), n.nonce, pt);  // verified by secure_frame_length
  n.advance(1);
  f.ops = 1;
  std::copy_n(pt.begin(), msgr2::Preamble::kSize, f.plain.begin());
  const uint32_t inline_len = std::min<uint32_t>(s[0].length, kInlineSize);
  std::copy_n(pt.begin() + msgr2::Preamble::kSize, inline_len, f.plain.begin() + f.seg_off[0]);
  uint64_t w = kFirstOpSize;
  if (s[0].length > kInlineSize) {
    const uint64_t n2 = pad16(s[0].length) - kInlineSize + kGcmTagSize;
    if (!open(wire.subspan(w, n2), n.nonce, pt)) return *why = "GCM tag mismatch in the rest of segment 0", std::nullopt;
    std::copy_n(pt.begin(), s[0].length - kInlineSize, f.plain.begin() + f.seg_off[0] + kInlineSize);
    n.advance(1);
    ++f.ops;
    w += n2;
  }
  if (nseg > 1) {
    const uint64_t n3 = l.length - w;
    if (!open(wire.subspan(w, n3), n.nonce, pt))
      return *why = "GCM tag mismatch in the payload segments", std::nullopt;
    uint64_t p = 0;
    for (uint32_t i = 1; i < nseg; ++i) {
      std::copy_n(pt.begin() + long(p), s[i].length, f.plain.begin() + f.seg_off[i]);
      p += pad16(s[i].length);
    }
    f.plain[size_t(f.late_off)] = pt[p];
    ++f.ops;
  }
  return f;
}

std::vector<uint8_t> encrypt_frame(FrameCipher& c, uint8_t tag, const std::array<Bytes, msgr2::kMaxSegments>& segs,
                                   uint8_t late) {
  msgr2::Preamble p;
  p.tag = tag;
  p.num_segments = uint8_t(count_segments(segs));
  // Ceph's alignments: 8, and a page for MESSAGE data.
  for (uint32_t i = 0; i < p.num_segments; ++i) {
    p.segments[i].length = uint32_t(segs[i].size());
    p.segments[i].alignment = tag == uint8_t(msgr2::Tag::Message) && i == 3 ? 4096 : 8;
  }
  uint8_t pre[msgr2::Preamble::kSize];
  p.encode(pre);
  store_le32(pre + msgr2::Preamble::kCrcOffset, msgr2::Preamble::compute_crc(pre));
  auto padded = [](std::vector<uint8_t>& v, Bytes b) {
    v.insert(v.end(), b.begin(), b.end());
    v.resize(pad16(v.size()));
  };
  std::vector<uint8_t> out;
  auto seal = [&](const std::vector<uint8_t>& pt) {
    auto ct = gcm_seal(c.key, c.nonce, pt);
    out.insert(out.end(), ct.begin(), ct.end());
    if (c.rev1) c.advance(1);
  };
  std::vector<uint8_t> epi(kEpilogueSize, 0);
  epi[0] = late;
  if (!c.rev1) {
    std::vector<uint8_t> pt(pre, pre + sizeof pre);
    for (uint32_t i = 0; i < p.num_segments; ++i) padded(pt, segs[i]);
    pt.insert(pt.end(), epi.begin(), epi.end());
    seal(pt);
    c.advance(1);
    return out;
  }
  std::vector<uint8_t> op1(pre, pre + sizeof pre);
  op1.insert(op1.end(), segs[0].begin(), segs[0].begin() + long(std::min(segs[0].size(), kInlineSize)));
  op1.resize(msgr2::Preamble::kSize + kInlineSize);
  seal(op1);
  if (segs[0].size() > kInlineSize) {
    std::vector<uint8_t> op2;
    padded(op2, segs[0].subspan(kInlineSize));
    op2.resize(pad16(segs[0].size()) - kInlineSize);
    seal(op2);
  }
  if (p.num_segments > 1) {
    std::vector<uint8_t> op3;
    for (uint32_t i = 1; i < p.num_segments; ++i) padded(op3, segs[i]);
    op3.insert(op3.end(), epi.begin(), epi.end());
    seal(op3);
  }
  return out;
}

}  // namespace cephwire::secure
