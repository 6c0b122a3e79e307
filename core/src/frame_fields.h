// Each msgr2 control frame declared once, as Ceph's frames_v2.h declares
// ControlFrame<Args...>: its members in wire order, each with how it is shown
// (the filter name after "msgr."; none: auth payloads, lists Ceph only checks). decode_control, encode_control
// and the frames' layouts all walk these lists, so the three cannot disagree.
#pragma once

#include <algorithm>
#include <tuple>
#include <type_traits>

#include "cephwire/frames_v2.h"
#include "struct_fields.h"

namespace cephwire::msgr2::wire {

using cephwire::wire::Show;  // as the fixed structs show their members

template <auto Member>
struct F {
  const char* name = nullptr;
  Show show = Show::Value;
  const char* suffix = nullptr;  // after the value (" (client)")
};

template <class T>
struct Frame;  // static constexpr auto fields = std::tuple(F<&T::member>{...}, ...)

#define CEPHWIRE_FRAME(T, ...)                                 \
  template <>                                                  \
  struct Frame<T> {                                            \
    static constexpr auto fields = std::make_tuple(__VA_ARGS__); \
  }

CEPHWIRE_FRAME(Hello, F<&Hello::entity_type>{"v2.entity_type"}, F<&Hello::peer_addr>{"peer_addr"});
CEPHWIRE_FRAME(AuthRequest, F<&AuthRequest::method>{"v2.auth_method"},
               F<&AuthRequest::preferred_modes>{"v2.preferred_mode", Show::Each},
               F<&AuthRequest::auth_payload>{});
CEPHWIRE_FRAME(AuthBadMethod, F<&AuthBadMethod::method>{"v2.auth_method"}, F<&AuthBadMethod::result>{"v2.result"},
               F<&AuthBadMethod::allowed_methods>{},
               F<&AuthBadMethod::allowed_modes>{});
CEPHWIRE_FRAME(AuthReplyMore, F<&AuthReplyMore::auth_payload>{});
CEPHWIRE_FRAME(AuthRequestMore, F<&AuthRequestMore::auth_payload>{});
CEPHWIRE_FRAME(AuthDone, F<&AuthDone::global_id>{"v2.global_id"}, F<&AuthDone::con_mode>{"v2.con_mode"},
               F<&AuthDone::auth_payload>{});
CEPHWIRE_FRAME(AuthSignature, F<&AuthSignature::sha256>{});
CEPHWIRE_FRAME(ClientIdent, F<&ClientIdent::addrs>{"addr"}, F<&ClientIdent::target_addr>{"peer_addr"},
               F<&ClientIdent::global_id>{"v2.global_id"}, F<&ClientIdent::global_seq>{"v2.global_seq"},
               F<&ClientIdent::supported_features>{"v2.features", Show::Features},
               F<&ClientIdent::required_features>{"v2.required_features", Show::Features},
               F<&ClientIdent::flags>{"v2.ident_flags"}, F<&ClientIdent::cookie>{"v2.cookie"});
CEPHWIRE_FRAME(ServerIdent, F<&ServerIdent::addrs>{"addr"}, F<&ServerIdent::global_id>{"v2.global_id"},
               F<&ServerIdent::global_seq>{"v2.global_seq"},
               F<&ServerIdent::supported_features>{"v2.features", Show::Features},
               F<&ServerIdent::required_features>{"v2.required_features", Show::Features},
               F<&ServerIdent::flags>{"v2.ident_flags"}, F<&ServerIdent::cookie>{"v2.cookie"});
CEPHWIRE_FRAME(IdentMissingFeatures, F<&IdentMissingFeatures::features>{"v2.features", Show::Features});
CEPHWIRE_FRAME(SessionReconnect, F<&SessionReconnect::addrs>{"addr"},
               F<&SessionReconnect::client_cookie>{"v2.cookie", Show::Value, " (client)"},
               F<&SessionReconnect::server_cookie>{"v2.cookie", Show::Value, " (server)"},
               F<&SessionReconnect::global_seq>{"v2.global_seq"}, F<&SessionReconnect::connect_seq>{"v2.connect_seq"},
               F<&SessionReconnect::msg_seq>{"ack"});
CEPHWIRE_FRAME(SessionReset, F<&SessionReset::full>{"v2.full"});
CEPHWIRE_FRAME(SessionRetry, F<&SessionRetry::connect_seq>{"v2.connect_seq"});
CEPHWIRE_FRAME(SessionRetryGlobal, F<&SessionRetryGlobal::global_seq>{"v2.global_seq"});
CEPHWIRE_FRAME(SessionReconnectOk, F<&SessionReconnectOk::msg_seq>{"ack"});
template <>
struct Frame<Wait> {
  static constexpr auto fields = std::tuple<>();
};
CEPHWIRE_FRAME(Keepalive2, F<&Keepalive2::timestamp>{"keepalive", Show::Stamp});
CEPHWIRE_FRAME(Keepalive2Ack, F<&Keepalive2Ack::timestamp>{"keepalive", Show::Stamp});
CEPHWIRE_FRAME(Ack, F<&Ack::seq>{"ack"});
CEPHWIRE_FRAME(CompressionRequest, F<&CompressionRequest::is_compress>{"v2.is_compress"},
               F<&CompressionRequest::preferred_methods>{"v2.compression_method", Show::Each});
CEPHWIRE_FRAME(CompressionDone, F<&CompressionDone::is_compress>{"v2.is_compress"},
               F<&CompressionDone::method>{"v2.compression_method"});

#undef CEPHWIRE_FRAME

// How each member type goes on the wire (Ceph's encode() of it). get()
// returns false where the bytes cannot be that type; a short read shows in
// the reader's ok().
inline bool get(ByteReader& r, uint8_t& v) { return v = r.u8(), true; }
inline bool get(ByteReader& r, bool& v) { return v = r.u8() != 0, true; }
inline bool get(ByteReader& r, uint32_t& v) { return v = r.le32(), true; }
inline bool get(ByteReader& r, int32_t& v) { return v = int32_t(r.le32()), true; }
inline bool get(ByteReader& r, uint64_t& v) { return v = r.le64(), true; }
inline bool get(ByteReader& r, int64_t& v) { return v = int64_t(r.le64()), true; }
inline bool get(ByteReader& r, UTime& v) {
  v.sec = r.le32();
  v.nsec = r.le32();
  return true;
}
inline bool get(ByteReader& r, std::vector<uint32_t>& v) { return v = r.u32_vector(), true; }
inline bool get(ByteReader& r, std::vector<uint8_t>& v) {
  const Bytes b = r.blob();
  v.assign(b.begin(), b.end());
  return true;
}
inline bool get(ByteReader& r, std::array<uint8_t, 32>& v) {
  const Bytes b = r.bytes(32);
  if (!r.ok()) return false;
  std::copy(b.begin(), b.end(), v.begin());
  return true;
}
inline bool get(ByteReader& r, EntityAddr& v) {
  auto a = EntityAddr::decode(r);
  if (a) v = *a;
  return a.has_value();
}
inline bool get(ByteReader& r, EntityAddrvec& v) {
  auto a = EntityAddrvec::decode(r);
  if (a) v = std::move(*a);
  return a.has_value();
}

inline void put(ByteBuffer& o, uint8_t v) { o.encode_8(v); }
inline void put(ByteBuffer& o, bool v) { o.encode_8(v); }
inline void put(ByteBuffer& o, uint32_t v) { o.encode_32(v); }
inline void put(ByteBuffer& o, int32_t v) { o.encode_32(uint32_t(v)); }
inline void put(ByteBuffer& o, uint64_t v) { o.encode_64(v); }
inline void put(ByteBuffer& o, int64_t v) { o.encode_64(uint64_t(v)); }
inline void put(ByteBuffer& o, const UTime& v) {
  o.encode_32(v.sec);
  o.encode_32(v.nsec);
}
inline void put(ByteBuffer& o, const std::vector<uint32_t>& v) { o.encode_u32_vector(v); }
inline void put(ByteBuffer& o, const std::vector<uint8_t>& v) { o.encode_blob(v); }
inline void put(ByteBuffer& o, const std::array<uint8_t, 32>& v) { o.append(v.data(), v.size()); }
inline void put(ByteBuffer& o, const EntityAddr& v) { v.encode(o); }
inline void put(ByteBuffer& o, const EntityAddrvec& v) { v.encode(o); }

template <auto Member>
constexpr auto member_of(const F<Member>&) {
  return Member;
}

// Calls f(field, member) for each member of v in wire order; stops at the first false.
template <class T, class Fn>
bool for_each_member(T& v, Fn&& f) {
  return std::apply([&](const auto&... field) { return (f(field, v.*member_of(field)) && ...); },
                    Frame<std::remove_const_t<T>>::fields);
}

}  // namespace cephwire::msgr2::wire
