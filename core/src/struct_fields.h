// The fixed-layout wire structs declared once: each member with its offset
// and how it is shown (the filter name after "msgr."; none: not a field of its
// own, as reserved bytes or a CRC laid out with its verdict). decode(),
// encode() and the layouts walk these lists.
#pragma once

#include <tuple>
#include <type_traits>

#include "cephwire/msgr1.h"
#include "cephwire/msgr2.h"

namespace cephwire::wire {

enum class Show : uint8_t {
  Value,     // a number, boolean, name or address
  Features,  // a CEPH_FEATURE mask
  Each,      // a vector<u32>: each element on its own four bytes
  Stamp,     // a utime: seconds and nanoseconds
};

template <auto Member>
struct At {
  int off;
  const char* name = nullptr;
  Show show = Show::Value;
};

template <class S>
struct Fixed;  // static constexpr auto fields = std::make_tuple(At<&S::member>{offset, name}, ...)

template <>
struct Fixed<msgr1::Connect> {
  using C = msgr1::Connect;
  using O = C::Off;
  static constexpr auto fields = std::make_tuple(
      At<&C::features>{O::features, "v1.connect.features", Show::Features},
      At<&C::host_type>{O::host_type, "v1.connect.host_type"}, At<&C::global_seq>{O::global_seq, "v1.connect.global_seq"},
      At<&C::connect_seq>{O::connect_seq, "v1.connect.connect_seq"},
      At<&C::protocol_version>{O::protocol_version, "v1.connect.protocol_version"},
      At<&C::authorizer_protocol>{O::authorizer_protocol, "v1.connect.authorizer_protocol"},
      At<&C::authorizer_len>{O::authorizer_len, "v1.connect.authorizer_len"},
      At<&C::flags>{O::flags, "v1.connect.flags"});
};

template <>
struct Fixed<msgr1::ConnectReply> {
  using R = msgr1::ConnectReply;
  using O = R::Off;
  static constexpr auto fields = std::make_tuple(
      At<&R::tag>{O::tag, "v1.reply.tag"}, At<&R::features>{O::features, "v1.connect.features", Show::Features},
      At<&R::global_seq>{O::global_seq, "v1.connect.global_seq"},
      At<&R::connect_seq>{O::connect_seq, "v1.connect.connect_seq"},
      At<&R::protocol_version>{O::protocol_version, "v1.connect.protocol_version"},
      At<&R::authorizer_len>{O::authorizer_len, "v1.connect.authorizer_len"}, At<&R::flags>{O::flags, "v1.connect.flags"});
};

template <>
struct Fixed<msgr1::MsgHeader> {
  using H1 = msgr1::MsgHeader;
  using O = H1::Off;
  static constexpr auto fields = std::make_tuple(
      At<&H1::seq>{O::seq, "msg.seq"}, At<&H1::tid>{O::tid, "msg.tid"}, At<&H1::type>{O::type, "msg.type"},
      At<&H1::priority>{O::priority, "msg.priority"}, At<&H1::version>{O::version, "msg.version"},
      At<&H1::front_len>{O::front_len, "msg.front_len"}, At<&H1::middle_len>{O::middle_len, "msg.middle_len"},
      At<&H1::data_len>{O::data_len, "msg.data_len"}, At<&H1::data_off>{O::data_off, "msg.data_off"},
      At<&H1::src>{O::src, "msg.src"}, At<&H1::compat_version>{O::compat_version, "msg.compat_version"},
      At<&H1::reserved>{O::reserved}, At<&H1::crc>{O::crc});
};

template <>
struct Fixed<msgr2::MsgHeader2> {
  using H2 = msgr2::MsgHeader2;
  using O = H2::Off;
  static constexpr auto fields = std::make_tuple(
      At<&H2::seq>{O::seq, "msg.seq"}, At<&H2::tid>{O::tid, "msg.tid"}, At<&H2::type>{O::type, "msg.type"},
      At<&H2::priority>{O::priority, "msg.priority"}, At<&H2::version>{O::version, "msg.version"},
      At<&H2::data_pre_padding_len>{O::data_pre_padding_len},
      At<&H2::data_off>{O::data_off, "msg.data_off"}, At<&H2::ack_seq>{O::ack_seq, "msg.ack_seq"},
      At<&H2::flags>{O::flags, "msg.flags"}, At<&H2::compat_version>{O::compat_version, "msg.compat_version"},
      At<&H2::reserved>{O::reserved});
};

template <auto Member>
constexpr auto member_of(const At<Member>&) {
  return Member;
}

// Calls f(field, member) for each member of s in the order declared.
template <class S, class Fn>
void for_each_field(S& s, Fn&& f) {
  std::apply([&](const auto&... field) { (f(field, s.*member_of(field)), ...); }, Fixed<std::remove_const_t<S>>::fields);
}

inline void load(const uint8_t* p, uint8_t& v) { v = p[0]; }
inline void load(const uint8_t* p, uint16_t& v) { v = load_le16(p); }
inline void load(const uint8_t* p, uint32_t& v) { v = load_le32(p); }
inline void load(const uint8_t* p, uint64_t& v) { v = load_le64(p); }
inline void load(const uint8_t* p, EntityName& v) { v = EntityName::decode(p); }
inline void store(uint8_t* p, uint8_t v) { p[0] = v; }
inline void store(uint8_t* p, uint16_t v) { store_le16(p, v); }
inline void store(uint8_t* p, uint32_t v) { store_le32(p, v); }
inline void store(uint8_t* p, uint64_t v) { store_le64(p, v); }
inline void store(uint8_t* p, const EntityName& v) { v.encode(p); }

template <class S>
S decode_fixed(const uint8_t* p) {
  S s;
  for_each_field(s, [&](const auto& f, auto& m) { load(p + f.off, m); });
  return s;
}

template <class S>
void encode_fixed(const S& s, uint8_t* p) {
  for_each_field(s, [&](const auto& f, const auto& m) { store(p + f.off, m); });
}

}  // namespace cephwire::wire
