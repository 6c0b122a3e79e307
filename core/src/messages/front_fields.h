// Message fronts declared once: each member in wire order, with the name its
// bytes are recorded under in Spans (null: not recorded). decode(), encode()
// and the Spans the front layouts place fields by all come from the one list.
// A front's leading struct version byte that must be 1 is a member-less entry.
#pragma once

#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "cephwire/messages/mon_client.h"

namespace cephwire::messages::wire {

template <auto Member>
struct M {
  const char* span = nullptr;
};
struct VersionOne {};  // le8 struct version, which must be 1

template <class T>
struct Front;  // static constexpr const char* what; static constexpr auto fields = std::make_tuple(...)

#define CEPHWIRE_FRONT(T, WHAT, ...)                             \
  template <>                                                    \
  struct Front<T> {                                              \
    static constexpr const char* what = WHAT;                    \
    static constexpr auto fields = std::make_tuple(__VA_ARGS__); \
  }

CEPHWIRE_FRONT(MAuth, "auth front", M<&MAuth::paxos>{}, M<&MAuth::protocol>{"protocol"},
               M<&MAuth::auth_payload>{"auth_payload"}, M<&MAuth::monmap_epoch>{});
CEPHWIRE_FRONT(MAuthReply, "auth_reply front", M<&MAuthReply::protocol>{}, M<&MAuthReply::result>{},
               M<&MAuthReply::global_id>{}, M<&MAuthReply::result_bl>{}, M<&MAuthReply::result_msg>{});
CEPHWIRE_FRONT(AuthInitialRequest, "auth request payload", VersionOne{}, M<&AuthInitialRequest::methods>{},
               M<&AuthInitialRequest::name>{}, M<&AuthInitialRequest::global_id>{});
CEPHWIRE_FRONT(MonAuthRequest, "monitor auth request payload", M<&MonAuthRequest::mode>{},
               M<&MonAuthRequest::name>{}, M<&MonAuthRequest::global_id>{});
CEPHWIRE_FRONT(AuthNoneAuthorizer, "auth-none authorizer", VersionOne{}, M<&AuthNoneAuthorizer::name>{},
               M<&AuthNoneAuthorizer::global_id>{});
CEPHWIRE_FRONT(MMonCommand, "mon_command front", M<&MMonCommand::paxos>{}, M<&MMonCommand::fsid>{"fsid"},
               M<&MMonCommand::cmd>{"cmd"});
CEPHWIRE_FRONT(MMonCommandAck, "mon_command_ack front", M<&MMonCommandAck::paxos>{}, M<&MMonCommandAck::r>{"r"},
               M<&MMonCommandAck::rs>{"rs"}, M<&MMonCommandAck::cmd>{"cmd"});
CEPHWIRE_FRONT(MPoolOp, "poolop front", M<&MPoolOp::paxos>{}, M<&MPoolOp::fsid>{"fsid"}, M<&MPoolOp::pool>{"pool"},
               M<&MPoolOp::op>{"op"}, M<&MPoolOp::auid>{}, M<&MPoolOp::snapid>{"snapid"}, M<&MPoolOp::name>{"name"},
               M<&MPoolOp::pad>{}, M<&MPoolOp::crush_rule>{});
CEPHWIRE_FRONT(MMonSubscribe, "mon_subscribe front", M<&MMonSubscribe::what>{}, M<&MMonSubscribe::hostname>{});
CEPHWIRE_FRONT(MMonGetVersion, "mon_get_version front", M<&MMonGetVersion::handle>{}, M<&MMonGetVersion::what>{});
CEPHWIRE_FRONT(MMonGetVersionReply, "mon_get_version_reply front", M<&MMonGetVersionReply::handle>{},
               M<&MMonGetVersionReply::version>{}, M<&MMonGetVersionReply::oldest_version>{});

#undef CEPHWIRE_FRONT

// ---- how each member type is encoded (Ceph's encode() of it) ----

inline void get(ByteReader& r, uint8_t& v) { v = r.u8(); }
inline void get(ByteReader& r, int16_t& v) { v = int16_t(r.le16()); }
inline void get(ByteReader& r, uint32_t& v) { v = r.le32(); }
inline void get(ByteReader& r, int32_t& v) { v = int32_t(r.le32()); }
inline void get(ByteReader& r, uint64_t& v) { v = r.le64(); }
inline void get(ByteReader& r, std::string& v) { v = r.string(); }
inline void get(ByteReader& r, std::vector<uint8_t>& v) {
  const Bytes b = r.blob();
  v.assign(b.begin(), b.end());
}
inline void get(ByteReader& r, std::vector<uint32_t>& v) { v = r.u32_vector(); }
inline void get(ByteReader& r, PaxosHeader& v) { v = PaxosHeader::decode(r); }
inline void get(ByteReader& r, AuthName& v) {
  if (auto n = AuthName::decode(r)) v = *n;
}
inline void get(ByteReader& r, Uuid& v) {
  const Bytes f = r.bytes(16);
  if (r.ok()) std::memcpy(v.data(), f.data(), 16);
}
// vector<string>: le32 count, each string; each one's bytes recorded.
inline void get(ByteReader& r, std::vector<std::string>& v, Spans* spans, const char* name) {
  const uint32_t n = r.le32();
  if (n > r.remaining() / 4) return r.fail();  // each string takes at least its length
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    const size_t at = r.pos();
    v.push_back(r.string());
    if (name) mark(spans, name, at, r);
  }
}
inline void get(ByteReader& r, std::map<std::string, MMonSubscribe::Item>& v) {
  const uint32_t n = r.le32();
  if (n > r.remaining() / 13) return r.fail();  // le32 name length + le64 + u8 at least
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    std::string name = r.string();
    MMonSubscribe::Item it;
    it.start = r.le64();
    it.flags = r.u8();
    v[name] = it;
  }
}

inline void put(ByteBuffer& o, uint8_t v) { o.encode_8(v); }
inline void put(ByteBuffer& o, int16_t v) { o.encode_16(uint16_t(v)); }
inline void put(ByteBuffer& o, uint32_t v) { o.encode_32(v); }
inline void put(ByteBuffer& o, int32_t v) { o.encode_32(uint32_t(v)); }
inline void put(ByteBuffer& o, uint64_t v) { o.encode_64(v); }
inline void put(ByteBuffer& o, const std::string& v) { o.encode_string(v); }
inline void put(ByteBuffer& o, const std::vector<uint8_t>& v) { o.encode_blob(v); }
inline void put(ByteBuffer& o, const std::vector<uint32_t>& v) { o.encode_u32_vector(v); }
inline void put(ByteBuffer& o, const PaxosHeader& v) { v.encode(o); }
inline void put(ByteBuffer& o, const AuthName& v) { v.encode(o); }
inline void put(ByteBuffer& o, const Uuid& v) { o.append(v.data(), v.size()); }
inline void put(ByteBuffer& o, const std::vector<std::string>& v) {
  o.encode_32(uint32_t(v.size()));
  for (auto& s : v) o.encode_string(s);
}
inline void put(ByteBuffer& o, const std::map<std::string, MMonSubscribe::Item>& v) {
  o.encode_32(uint32_t(v.size()));
  for (auto& [name, it] : v) {
    o.encode_string(name);
    o.encode_64(it.start);
    o.encode_8(it.flags);
  }
}

template <auto Member>
constexpr auto member_of(const M<Member>&) {
  return Member;
}

// Decodes a front as its declaration says; nullopt with `why` when it is
// truncated, or when a struct version is not the one Ceph writes.
template <class T>
std::optional<T> decode_front(Bytes front, std::string* why, Spans* spans) {
  ByteReader r(front);
  T v;
  uint8_t version = 1;
  auto one = [&](const auto& field) {
    using F = std::decay_t<decltype(field)>;
    if constexpr (std::is_same_v<F, VersionOne>) {
      version = r.u8();
    } else {
      auto& m = v.*member_of(field);
      const size_t at = r.pos();
      if constexpr (std::is_same_v<std::decay_t<decltype(m)>, std::vector<std::string>>) {
        get(r, m, spans, field.span);
      } else {
        get(r, m);
        if (field.span) mark(spans, field.span, at, r);
      }
    }
  };
  std::apply([&](const auto&... field) { (one(field), ...); }, Front<T>::fields);
  if (r.ok() && version != 1) {
    if (why) *why = std::string(Front<T>::what) + " has version " + std::to_string(version) + ", expected 1";
    return std::nullopt;
  }
  if (r.ok()) return v;
  if (why) *why = std::string(Front<T>::what) + " is truncated at byte " + std::to_string(r.pos());
  return std::nullopt;
}

template <class T>
std::vector<uint8_t> encode_front(const T& v) {
  ByteBuffer o;
  auto one = [&](const auto& field) {
    if constexpr (std::is_same_v<std::decay_t<decltype(field)>, VersionOne>)
      o.encode_8(1);
    else
      put(o, v.*member_of(field));
  };
  std::apply([&](const auto&... field) { (one(field), ...); }, Front<T>::fields);
  return o.take();
}

}  // namespace cephwire::messages::wire
