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

bool decrypt_frame_in_place(const FrameCipher& c, std::span<uint8_t> wire, DecryptedFrame& f, std::string* why,
                            const Limits& limits) {
  const SecureLength l = secure_frame_length(c, wire, limits);
  if (l.status != SecureStatus::Complete || wire.size() < l.length) {
    *why = l.status == SecureStatus::Complete || l.status == SecureStatus::NeedMore ? "the secure frame is cut short"
                                                                                    : l.why;
    return false;
  }
  f.preamble = l.preamble;
  f.wire_length = l.length;
  f.seg.fill({});
  f.seg0_rest = {};
  f.late_status = -1;
  const auto& s = f.preamble.segments;
  const uint32_t nseg = f.preamble.num_segments;
  uint8_t* w = wire.data();
  // Each GCM operation decrypted over its own ciphertext (OpenSSL allows out == in).
  auto open = [&](uint64_t at, uint64_t len, const GcmNonce& nonce) {
    const OutPiece piece{w + at, size_t(len - kGcmTagSize)};
    return gcm_open_into(c.key, nonce, Bytes(w + at, size_t(len)), {&piece, 1});
  };
  // Segments `first` on from `at`, each padded to 16, then the epilogue.
  auto place = [&](uint32_t first, uint64_t at) {
    for (uint32_t i = first; i < nseg; ++i) {
      f.seg[i] = Bytes(w + at, s[i].length);
      at += pad16(s[i].length);
    }
    f.late_status = w[at];
  };
  f.preamble_bytes = Bytes(w, msgr2::Preamble::kSize);
  if (!c.rev1) {
    f.ops = 1;
    if (!open(0, l.length, c.nonce)) return *why = "GCM tag mismatch", false;
    place(0, msgr2::Preamble::kSize);
    return true;
  }
  FrameCipher n = c;
  if (!open(0, kFirstOpSize, n.nonce)) return *why = "GCM tag mismatch", false;
  n.advance(1);
  f.ops = 1;
  f.seg[0] = Bytes(w + msgr2::Preamble::kSize, std::min<uint32_t>(s[0].length, kInlineSize));
  uint64_t at = kFirstOpSize;
  if (s[0].length > kInlineSize) {
    const uint64_t n2 = pad16(s[0].length) - kInlineSize + kGcmTagSize;
    if (!open(at, n2, n.nonce)) return *why = "GCM tag mismatch in the rest of segment 0", false;
    f.seg0_rest = Bytes(w + at, s[0].length - kInlineSize);
    n.advance(1);
    ++f.ops;
    at += n2;
  }
  if (nseg > 1) {
    if (!open(at, l.length - at, n.nonce)) return *why = "GCM tag mismatch in the payload segments", false;
    place(1, at);
    ++f.ops;
  }
  return true;
}

std::optional<DecryptedFrame> decrypt_frame(const FrameCipher& c, Bytes wire, std::string* why, const Limits& limits) {
  // A copy decrypted in place, then laid out contiguously.
  std::vector<uint8_t> buf(wire.begin(), wire.end());
  DecryptedFrame in;
  if (!decrypt_frame_in_place(c, buf, in, why, limits)) return std::nullopt;
  DecryptedFrame f;
  f.preamble = in.preamble;
  f.ops = in.ops;
  f.wire_length = in.wire_length;
  const uint32_t nseg = f.preamble.num_segments;
  f.plain.assign(in.preamble_bytes.begin(), in.preamble_bytes.end());
  for (uint32_t i = 0; i < nseg; ++i) {
    f.seg_off[i] = uint32_t(f.plain.size());
    f.plain.insert(f.plain.end(), in.seg[i].begin(), in.seg[i].end());
    if (i == 0) f.plain.insert(f.plain.end(), in.seg0_rest.begin(), in.seg0_rest.end());
    f.seg_len[i] = uint32_t(f.plain.size()) - f.seg_off[i];
  }
  if (in.late_status >= 0) {
    f.late_off = int(f.plain.size());
    f.plain.push_back(uint8_t(in.late_status));
  }
  const Bytes plain(f.plain);
  f.preamble_bytes = plain.first(msgr2::Preamble::kSize);
  for (uint32_t i = 0; i < nseg; ++i) f.seg[i] = plain.subspan(f.seg_off[i], f.seg_len[i]);
  f.late_status = in.late_status;
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
