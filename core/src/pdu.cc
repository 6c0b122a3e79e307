#include "cephwire/pdu.h"

#include <algorithm>
#include <cstring>

#include "cephwire/sync.h"

namespace cephwire {

const char* pdu_kind_name(PduKind k) {
  switch (k) {
    case PduKind::Banner: return "banner";
    case PduKind::V1Connect: return "v1 connect";
    case PduKind::V1ConnectReply: return "v1 connect reply";
    case PduKind::V1SeqValue: return "v1 seq";
    case PduKind::V1Open: return "v1 tag";
    case PduKind::V2Frame: return "msgr2 frame";
    case PduKind::Ciphertext: return "ciphertext";
    case PduKind::Unknown: return "unknown";
    case PduKind::V2Secure: return "msgr2 secure frame";
  }
  return "?";
}

namespace {

bool starts_with_msgr2_banner(Bytes b) {
  const auto& p = msgr2::kBannerPrefix;
  return b.size() >= p.size() && std::equal(p.begin(), p.end(), b.begin());
}

PduLength need(uint64_t n) { return {PduStatus::NeedMore, n}; }
PduLength done(uint64_t n) { return {PduStatus::Complete, n}; }
constexpr PduLength kInvalid{PduStatus::Invalid, 0};

PduLength banner(const PduContext& ctx, Bytes b) {
  const size_t n = msgr2::kBannerPrefix.size();
  if (b.size() < n) return need(n);
  if (std::memcmp(b.data(), msgr2::kBannerPrefix.data(), n) == 0) {
    if (b.size() < msgr2::kBannerFixedSize) return need(msgr2::kBannerFixedSize);
    uint16_t len = load_le16(b.data() + n);
    if (len < msgr2::kBannerPayloadSize || len > 4096) return kInvalid;
    return done(msgr2::kBannerFixedSize + len);
  }
  if (std::memcmp(b.data(), msgr1::kBanner.data(), n) == 0)
    return done(ctx.server ? msgr1::kServerHelloSize : msgr1::kClientHelloSize);
  return kInvalid;
}

PduLength v1_open(const PduContext& ctx, Bytes b, const Limits& lim) {
  if (b.empty()) return need(1);
  const uint8_t tag = b[0];
  if (tag == msgr1::kTagMsg) {
    if (b.size() < 1 + msgr1::MsgHeader::kSize) return need(1 + msgr1::MsgHeader::kSize);
    auto h = msgr1::MsgHeader::decode(b.data() + 1);
    if (!within_limits(h, lim)) return kInvalid;
    return done(1 + msgr1::MsgHeader::kSize + uint64_t(h.front_len) + h.middle_len + h.data_len +
                msgr1::MsgFooter::size(ctx.v1_footer_with_sig));
  }
  int body = msgr1::fixed_tag_payload(tag);
  return body < 0 ? kInvalid : done(1 + uint64_t(body));
}

PduLength v2_frame(const PduContext& ctx, Bytes b, const Limits& lim) {
  if (b.size() < msgr2::Preamble::kSize) return need(msgr2::Preamble::kSize);
  auto p = msgr2::Preamble::decode(b.data());
  // A bad preamble CRC still gives a length: the dissector shows the CRC as bad.
  if (!p.plausible() || !within_limits(p, lim)) return kInvalid;
  return done(msgr2::FrameLayout::of(p, ctx.rev1).total);
}

}  // namespace

PduLength pdu_length(const PduContext& ctx, Bytes b, const Limits& lim) {
  switch (ctx.kind) {
    case PduKind::Banner: return banner(ctx, b);
    case PduKind::V1Connect: {
      // A peer that answers a v1 banner with a msgr2 one switched protocols:
      // these bytes are no ceph_msg_connect.
      if (starts_with_msgr2_banner(b)) return kInvalid;
      if (b.size() < msgr1::Connect::kSize) return need(msgr1::Connect::kSize);
      uint32_t a = load_le32(b.data() + msgr1::Connect::Off::authorizer_len);
      return a > lim.max_control ? kInvalid : done(msgr1::Connect::kSize + uint64_t(a));
    }
    case PduKind::V1ConnectReply: {
      if (b.size() < msgr1::ConnectReply::kSize) return need(msgr1::ConnectReply::kSize);
      uint32_t a = load_le32(b.data() + msgr1::ConnectReply::Off::authorizer_len);
      if (a > lim.max_control) return kInvalid;
      return done(msgr1::ConnectReply::kSize + uint64_t(a) + (b[0] == msgr1::kTagSeq ? 8 : 0));
    }
    case PduKind::V1SeqValue: return b.size() < 8 ? need(8) : done(8);
    case PduKind::V1Open: return v1_open(ctx, b, lim);
    case PduKind::V2Frame: return v2_frame(ctx, b, lim);
    case PduKind::V2Secure: {
      const auto l = secure::secure_frame_length(ctx.cipher, b, lim);
      if (l.status == secure::SecureStatus::NeedMore) return need(l.length);
      return l.status == secure::SecureStatus::Complete ? done(l.length) : kInvalid;
    }
    case PduKind::Ciphertext:
    case PduKind::Unknown: return {PduStatus::Unframed, 0};
  }
  return kInvalid;
}

}  // namespace cephwire
