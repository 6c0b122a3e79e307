// What OSD ops do to an object's bytes, for exporting objects from a capture:
// the writes an osd_op carries (writefull, write, append with their payloads
// in the message data; truncate, zero, delete), the bytes a reply's reads
// return, and an object's image with them applied in order.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "cephwire/bytes.h"
#include "cephwire/messages/osd_op.h"

namespace cephwire::messages {

// "1/obj_100", "1/ns/obj" (pool, namespace when set, name; a locator key
// when set: "1/obj@key").
std::string object_path(const MOSDOp& op);

struct ObjectChange {
  enum class Kind : uint8_t { WriteFull, Write, Append, Truncate, Zero, Remove, Read };
  Kind kind = Kind::Write;
  uint64_t offset = 0, length = 0;
  Bytes data;  // WriteFull, Write, Append, Read: the bytes
};
const char* change_name(ObjectChange::Kind k);  // "writefull", ...

// The changes an osd_op asks for, in op order; its data holds the ops'
// payloads one after another. Ops that do not touch the bytes are left out.
// nullopt (with why): the data is shorter than the payloads say.
std::optional<std::vector<ObjectChange>> requested_changes(const MOSDOp& op, Bytes data, std::string* why);
// The bytes a reply's read ops returned: each op's out data, one after another
// in the reply's data. nullopt (with why): shorter than the ops say.
std::optional<std::vector<ObjectChange>> read_results(const MOSDOpReply& reply, Bytes data, std::string* why);

// An object's bytes as far as the capture shows them.
class ObjectImage {
 public:
  // Ceph's osd_max_object_size default (128 MiB): a change beyond it is
  // refused, so that damaged input cannot make an image grow without bound.
  static constexpr uint64_t kMaxSize = 128ull << 20;
  // false (with why) for a change beyond kMaxSize; the image is unchanged.
  bool apply(const ObjectChange& c, std::string* why);
  // Start from bytes known to be the object's (an earlier version).
  void assign(Bytes b) {
    bytes_.assign(b.begin(), b.end());
    exists_ = true;
  }
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  // Does it hold exactly these bytes at `offset` (a read that tells nothing new)?
  bool holds(uint64_t offset, Bytes b) const {
    return exists_ && offset <= bytes_.size() && b.size() <= bytes_.size() - offset &&
           (b.empty() || std::memcmp(bytes_.data() + offset, b.data(), b.size()) == 0);
  }
  bool exists() const { return exists_; }

 private:
  std::vector<uint8_t> bytes_;
  bool exists_ = false;
};

}  // namespace cephwire::messages
