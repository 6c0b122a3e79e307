// Pieces of Ceph's encode() streams that several message fronts share: the
// ENCODE_START header of a versioned struct, the auth EntityName ("client.admin"),
// a uuid, and the paxos header that monitor messages begin with.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cephwire/bytes.h"

namespace cephwire::messages {

// Where a decoded field lies in the front it came from (a string with its
// length, an op with its payload length, ...): decoders record them when asked,
// so that a display puts each field on its own bytes.
struct Span {
  std::string_view field;  // "oid", "op", "cmd", ...
  size_t off = 0, len = 0;
};
using Spans = std::vector<Span>;
// The spans of one field, in order.
std::vector<Span> spans_of(const Spans& spans, std::string_view field);
// Records the bytes a decoder read since `from` as `field` (when spans is set).
inline void mark(Spans* spans, std::string_view field, size_t from, const ByteReader& r) {
  if (spans && r.ok()) spans->push_back({field, from, r.pos() - from});
}

// ENCODE_START(v, compat, bl): u8 struct_v, u8 struct_compat, le32 length of
// what follows. A decoder honours the length, so newer senders may append.
struct StructHeader {
  static constexpr size_t kSize = 6;
  uint8_t version = 0;
  uint8_t compat = 0;
  uint32_t length = 0;
};
// Reads the header and checks that `length` bytes follow.
std::optional<StructHeader> read_struct_header(ByteReader& r);
// Writes a header with a zero length; finish_struct() fills it in.
size_t begin_struct(ByteBuffer& out, uint8_t version, uint8_t compat);
void finish_struct(ByteBuffer& out, size_t header_at);

// The auth layer's EntityName: le32 entity type, then the id as a string
// ("client.admin" is {8, "admin"}). Not the messenger's entity_name_t.
struct AuthName {
  uint32_t type = 0;
  std::string id;
  static std::optional<AuthName> decode(ByteReader& r);
  void encode(ByteBuffer& out) const;
  std::string to_string() const;  // "client.admin"
  // Parses "client.admin"; nullopt for an unknown type or no dot.
  static std::optional<AuthName> parse(const std::string& s);
  bool operator==(const AuthName&) const = default;
};

using Uuid = std::array<uint8_t, 16>;
std::string uuid_to_string(const Uuid& u);  // 8-4-4-4-12 lower-case hex

// PaxosServiceMessage::paxos_encode(): le64 version, le16 session_mon,
// le64 session_mon_tid.
struct PaxosHeader {
  static constexpr size_t kSize = 18;
  uint64_t version = 0;
  int16_t session_mon = -1;
  uint64_t session_mon_tid = 0;
  static PaxosHeader decode(ByteReader& r);
  void encode(ByteBuffer& out) const;
  bool operator==(const PaxosHeader&) const = default;
};

}  // namespace cephwire::messages
