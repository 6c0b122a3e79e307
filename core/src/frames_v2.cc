#include "cephwire/frames_v2.h"

namespace cephwire::msgr2 {
namespace {

std::vector<uint8_t> to_vec(Bytes b) { return {b.begin(), b.end()}; }

template <class T>
struct Codec;  // decode(ByteReader&) -> optional<T>; encode(const T&, ByteBuffer&)

template <>
struct Codec<Hello> {
  static std::optional<Hello> decode(ByteReader& r) {
    Hello h;
    h.entity_type = r.u8();
    auto a = EntityAddr::decode(r);
    if (!a) return std::nullopt;
    h.peer_addr = *a;
    return h;
  }
  static void encode(const Hello& h, ByteBuffer& o) {
    o.encode_8(h.entity_type);
    h.peer_addr.encode(o);
  }
};
template <>
struct Codec<AuthRequest> {
  static std::optional<AuthRequest> decode(ByteReader& r) {
    AuthRequest a;
    a.method = r.le32();
    a.preferred_modes = r.u32_vector();
    a.auth_payload = to_vec(r.blob());
    return a;
  }
  static void encode(const AuthRequest& a, ByteBuffer& o) {
    o.encode_32(a.method);
    o.encode_u32_vector(a.preferred_modes);
    o.encode_blob(a.auth_payload);
  }
};
template <>
struct Codec<AuthBadMethod> {
  static std::optional<AuthBadMethod> decode(ByteReader& r) {
    AuthBadMethod a;
    a.method = r.le32();
    a.result = int32_t(r.le32());
    a.allowed_methods = r.u32_vector();
    a.allowed_modes = r.u32_vector();
    return a;
  }
  static void encode(const AuthBadMethod& a, ByteBuffer& o) {
    o.encode_32(a.method);
    o.encode_32(uint32_t(a.result));
    o.encode_u32_vector(a.allowed_methods);
    o.encode_u32_vector(a.allowed_modes);
  }
};
template <>
struct Codec<AuthReplyMore> {
  static std::optional<AuthReplyMore> decode(ByteReader& r) { return AuthReplyMore{to_vec(r.blob())}; }
  static void encode(const AuthReplyMore& a, ByteBuffer& o) { o.encode_blob(a.auth_payload); }
};
template <>
struct Codec<AuthRequestMore> {
  static std::optional<AuthRequestMore> decode(ByteReader& r) { return AuthRequestMore{to_vec(r.blob())}; }
  static void encode(const AuthRequestMore& a, ByteBuffer& o) { o.encode_blob(a.auth_payload); }
};
template <>
struct Codec<AuthDone> {
  static std::optional<AuthDone> decode(ByteReader& r) {
    AuthDone a;
    a.global_id = r.le64();
    a.con_mode = r.le32();
    a.auth_payload = to_vec(r.blob());
    return a;
  }
  static void encode(const AuthDone& a, ByteBuffer& o) {
    o.encode_64(a.global_id);
    o.encode_32(a.con_mode);
    o.encode_blob(a.auth_payload);
  }
};
template <>
struct Codec<AuthSignature> {
  static std::optional<AuthSignature> decode(ByteReader& r) {
    AuthSignature a;
    Bytes b = r.bytes(32);
    if (!r.ok()) return std::nullopt;
    std::copy(b.begin(), b.end(), a.sha256.begin());
    return a;
  }
  static void encode(const AuthSignature& a, ByteBuffer& o) { o.append(a.sha256.data(), 32); }
};
template <>
struct Codec<ClientIdent> {
  static std::optional<ClientIdent> decode(ByteReader& r) {
    ClientIdent c;
    auto v = EntityAddrvec::decode(r);
    if (!v) return std::nullopt;
    c.addrs = std::move(*v);
    auto t = EntityAddr::decode(r);
    if (!t) return std::nullopt;
    c.target_addr = *t;
    c.global_id = int64_t(r.le64());
    c.global_seq = r.le64();
    c.supported_features = r.le64();
    c.required_features = r.le64();
    c.flags = r.le64();
    c.cookie = r.le64();
    return c;
  }
  static void encode(const ClientIdent& c, ByteBuffer& o) {
    c.addrs.encode(o);
    c.target_addr.encode(o);
    o.encode_64(uint64_t(c.global_id));
    o.encode_64(c.global_seq);
    o.encode_64(c.supported_features);
    o.encode_64(c.required_features);
    o.encode_64(c.flags);
    o.encode_64(c.cookie);
  }
};
template <>
struct Codec<ServerIdent> {
  static std::optional<ServerIdent> decode(ByteReader& r) {
    ServerIdent s;
    auto v = EntityAddrvec::decode(r);
    if (!v) return std::nullopt;
    s.addrs = std::move(*v);
    s.global_id = int64_t(r.le64());
    s.global_seq = r.le64();
    s.supported_features = r.le64();
    s.required_features = r.le64();
    s.flags = r.le64();
    s.cookie = r.le64();
    return s;
  }
  static void encode(const ServerIdent& s, ByteBuffer& o) {
    s.addrs.encode(o);
    o.encode_64(uint64_t(s.global_id));
    o.encode_64(s.global_seq);
    o.encode_64(s.supported_features);
    o.encode_64(s.required_features);
    o.encode_64(s.flags);
    o.encode_64(s.cookie);
  }
};
template <>
struct Codec<IdentMissingFeatures> {
  static std::optional<IdentMissingFeatures> decode(ByteReader& r) { return IdentMissingFeatures{r.le64()}; }
  static void encode(const IdentMissingFeatures& m, ByteBuffer& o) { o.encode_64(m.features); }
};
template <>
struct Codec<SessionReconnect> {
  static std::optional<SessionReconnect> decode(ByteReader& r) {
    SessionReconnect s;
    auto v = EntityAddrvec::decode(r);
    if (!v) return std::nullopt;
    s.addrs = std::move(*v);
    s.client_cookie = r.le64();
    s.server_cookie = r.le64();
    s.global_seq = r.le64();
    s.connect_seq = r.le64();
    s.msg_seq = r.le64();
    return s;
  }
  static void encode(const SessionReconnect& s, ByteBuffer& o) {
    s.addrs.encode(o);
    o.encode_64(s.client_cookie);
    o.encode_64(s.server_cookie);
    o.encode_64(s.global_seq);
    o.encode_64(s.connect_seq);
    o.encode_64(s.msg_seq);
  }
};
template <>
struct Codec<SessionReset> {
  static std::optional<SessionReset> decode(ByteReader& r) { return SessionReset{r.u8() != 0}; }
  static void encode(const SessionReset& s, ByteBuffer& o) { o.encode_8(s.full); }
};
template <>
struct Codec<SessionRetry> {
  static std::optional<SessionRetry> decode(ByteReader& r) { return SessionRetry{r.le64()}; }
  static void encode(const SessionRetry& s, ByteBuffer& o) { o.encode_64(s.connect_seq); }
};
template <>
struct Codec<SessionRetryGlobal> {
  static std::optional<SessionRetryGlobal> decode(ByteReader& r) { return SessionRetryGlobal{r.le64()}; }
  static void encode(const SessionRetryGlobal& s, ByteBuffer& o) { o.encode_64(s.global_seq); }
};
template <>
struct Codec<SessionReconnectOk> {
  static std::optional<SessionReconnectOk> decode(ByteReader& r) { return SessionReconnectOk{r.le64()}; }
  static void encode(const SessionReconnectOk& s, ByteBuffer& o) { o.encode_64(s.msg_seq); }
};
template <>
struct Codec<Wait> {
  static std::optional<Wait> decode(ByteReader&) { return Wait{}; }
  static void encode(const Wait&, ByteBuffer&) {}
};
template <>
struct Codec<Keepalive2> {
  static std::optional<Keepalive2> decode(ByteReader& r) {
    Keepalive2 k;
    k.timestamp.sec = r.le32();
    k.timestamp.nsec = r.le32();
    return k;
  }
  static void encode(const Keepalive2& k, ByteBuffer& o) {
    o.encode_32(k.timestamp.sec);
    o.encode_32(k.timestamp.nsec);
  }
};
template <>
struct Codec<Keepalive2Ack> {
  static std::optional<Keepalive2Ack> decode(ByteReader& r) {
    Keepalive2Ack k;
    k.timestamp.sec = r.le32();
    k.timestamp.nsec = r.le32();
    return k;
  }
  static void encode(const Keepalive2Ack& k, ByteBuffer& o) {
    o.encode_32(k.timestamp.sec);
    o.encode_32(k.timestamp.nsec);
  }
};
template <>
struct Codec<Ack> {
  static std::optional<Ack> decode(ByteReader& r) { return Ack{r.le64()}; }
  static void encode(const Ack& a, ByteBuffer& o) { o.encode_64(a.seq); }
};
template <>
struct Codec<CompressionRequest> {
  static std::optional<CompressionRequest> decode(ByteReader& r) {
    CompressionRequest c;
    c.is_compress = r.u8() != 0;
    c.preferred_methods = r.u32_vector();
    return c;
  }
  static void encode(const CompressionRequest& c, ByteBuffer& o) {
    o.encode_8(c.is_compress);
    o.encode_u32_vector(c.preferred_methods);
  }
};
template <>
struct Codec<CompressionDone> {
  static std::optional<CompressionDone> decode(ByteReader& r) {
    CompressionDone c;
    c.is_compress = r.u8() != 0;
    c.method = r.le32();
    return c;
  }
  static void encode(const CompressionDone& c, ByteBuffer& o) {
    o.encode_8(c.is_compress);
    o.encode_32(c.method);
  }
};

// Variant index i holds the payload of tag i + 1, except that MESSAGE (17) has
// no control payload: tags above it are shifted by one.
constexpr size_t index_of(Tag t) {
  auto v = size_t(t);
  return v < size_t(Tag::Message) ? v - 1 : v - 2;
}
constexpr Tag tag_at(size_t index) {
  return Tag(index + 1 < size_t(Tag::Message) ? index + 1 : index + 2);
}

template <size_t I>
std::optional<ControlPayload> decode_at(ByteReader& r) {
  using T = std::variant_alternative_t<I, ControlPayload>;
  auto v = Codec<T>::decode(r);
  if (!v || !r.ok()) return std::nullopt;
  return ControlPayload(std::in_place_index<I>, std::move(*v));
}

template <size_t... I>
std::optional<ControlPayload> decode_index(size_t index, ByteReader& r, std::index_sequence<I...>) {
  using Fn = std::optional<ControlPayload> (*)(ByteReader&);
  static constexpr Fn kTable[] = {&decode_at<I>...};
  return kTable[index](r);
}

}  // namespace

Tag tag_of(const ControlPayload& p) { return tag_at(p.index()); }

std::optional<ControlPayload> decode_control(Tag tag, Bytes payload, std::string* why) {
  auto t = uint8_t(tag);
  if (t == 0 || t > kMaxTag || tag == Tag::Message) {
    if (why) *why = "not a control frame tag " + std::to_string(t);
    return std::nullopt;
  }
  ByteReader r(payload);
  auto out = decode_index(index_of(tag), r,
                          std::make_index_sequence<std::variant_size_v<ControlPayload>>());
  if (!out && why)
    *why = std::string(tag_name(t)) + " payload of " + std::to_string(payload.size()) +
           " bytes is truncated or malformed";
  return out;
}

void encode_control(const ControlPayload& p, ByteBuffer& out) {
  std::visit([&](const auto& v) { Codec<std::decay_t<decltype(v)>>::encode(v, out); }, p);
}

std::optional<IdentLayout> ident_layout(Tag tag, Bytes payload) {
  if (tag != Tag::ClientIdent && tag != Tag::ServerIdent) return std::nullopt;
  ByteReader r(payload);
  IdentLayout l;
  if (!EntityAddrvec::decode(r)) return std::nullopt;
  l.addrs_len = r.pos();
  if (tag == Tag::ClientIdent) {
    if (!EntityAddr::decode(r)) return std::nullopt;
    l.target_len = r.pos() - l.addrs_len;
  }
  l.fixed = r.pos();
  if (!r.ok() || r.remaining() < IdentLayout::kFixedSize) return std::nullopt;
  return l;
}

}  // namespace cephwire::msgr2
