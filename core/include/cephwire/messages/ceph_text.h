// Ceph's own words for a message: the text its print() writes, which a daemon
// logs at `debug ms = 1` between "==== " and the header version
//   <== osd.0 v2:127.0.0.1:6800/1234 5 ==== osd_op_reply(13 obj [writefull 0~100] v10'1 uv1 ondisk = 0) v8 ====
// without that " vN" (the header version is a field of its own).
//
// Where Ceph prints what the logging daemon's environment decides, the text
// is fixed here: times in UTC (Ceph prints local time), error texts as glibc's
// English strerror.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cephwire/bytes.h"
#include "cephwire/entity.h"

namespace cephwire::messages {

struct TextInput {
  uint16_t type = 0;
  uint16_t version = 0;  // the header version: the front's encoding
  uint64_t tid = 0;
  // The sender: the v1 header's source, or what the msgr2 handshake named
  // (HELLO's entity type, CLIENT_IDENT's global id). Type 0: not known.
  EntityName src;
  Bytes front;
  Bytes middle, data;  // for the types whose payload is there (client_reconnect; client_caps' xattrs)
};

// A field of a decoded front, on its bytes, for a display's tree; in tree
// order, a Group holding the fields after it of a greater depth.
enum class ValueKind : uint8_t {
  Group,  // an op, a map entry: `text` is its value, `label` what it says of it
  Uint,
  Int,
  Errno,  // 0 or a negative errno, shown with its name: "-2 (ENOENT)"
  Text,
  OsdFlags,  // CEPH_OSD_FLAG_* bits
};
struct DecodedField {
  const char* name = nullptr;  // "osd_op.extent.offset": the plugin's field name after "msgr."
  uint32_t off = 0, len = 0;   // in the front
  uint8_t depth = 0;
  ValueKind kind = ValueKind::Uint;
  uint64_t u = 0;
  int64_t i = 0;
  std::string text;
  std::string label;  // Group: "writefull 0~4194304" (of text "writefull"); Uint: its meaning ("pAsLsFs")
  uint8_t section = 0;  // where off counts from: 0 the front, 2 the data segment (client_reconnect)
};
using DecodedFields = std::vector<DecodedField>;

// The names of the CEPH_OSD_FLAG_* bits (bit 0 first; "???" for one Ceph does not name).
const char* osd_flag_name(unsigned bit);
// MOSDPing's ops ("ping", "ping_reply", ...); nullptr for one Ceph does not name.
const char* osd_ping_op_name(unsigned op);
// The errno's symbolic name ("ENOENT") of r or -r; nullptr when it has none.
const char* errno_name(int r);

// Ceph's text of the message; nullopt (with why, when given) for a type this
// release does not print, or a front that does not decode. With `fields`,
// also the front's fields, as far as it decoded.
std::optional<std::string> ceph_text(const TextInput& m, std::string* why = nullptr, DecodedFields* fields = nullptr);

// What stands for the text of a message whose front does not decode, from
// its header: "osd_op(42) tid 7 seq 3 front 221 data 4194304".
std::string header_summary(uint16_t type, uint64_t tid, uint64_t seq, uint32_t front_len, uint32_t data_len);

// Does ceph_text() know this type?
bool has_ceph_text(uint16_t type);

}  // namespace cephwire::messages
