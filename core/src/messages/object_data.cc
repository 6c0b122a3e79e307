#include "cephwire/messages/object_data.h"

#include <algorithm>
#include <cstring>

namespace cephwire::messages {
namespace {

constexpr uint16_t kOsdOpZero = 0x2204;

std::optional<ObjectChange::Kind> kind_of(uint16_t op) {
  using K = ObjectChange::Kind;
  switch (op) {
    case kOsdOpWriteFull: return K::WriteFull;
    case kOsdOpWrite: return K::Write;
    case kOsdOpAppend: return K::Append;
    case kOsdOpTruncate: return K::Truncate;
    case kOsdOpZero: return K::Zero;
    case kOsdOpDelete: return K::Remove;
    default: return std::nullopt;
  }
}

// Each op's slice of the data: its payload_len bytes after the earlier ones'.
template <class F>
bool for_each_payload(const std::vector<OsdOp>& ops, Bytes data, std::string* why, F f) {
  uint64_t at = 0;
  for (const OsdOp& o : ops) {
    if (o.payload_len > data.size() - std::min<uint64_t>(at, data.size())) {
      if (why)
        *why = "the data holds " + std::to_string(data.size()) + " bytes, the ops' payloads more (" +
               osd_op_name_or_code(o.op) + " at " + std::to_string(at) + ")";
      return false;
    }
    f(o, data.subspan(size_t(at), o.payload_len));
    at += o.payload_len;
  }
  return true;
}

}  // namespace

std::string object_path(const MOSDOp& op) {
  std::string p = std::to_string(op.oloc.pool) + "/";
  if (!op.oloc.nspace.empty()) p += op.oloc.nspace + "/";
  p += op.oid;
  if (!op.oloc.key.empty()) p += "@" + op.oloc.key;
  return p;
}

const char* change_name(ObjectChange::Kind k) {
  using K = ObjectChange::Kind;
  switch (k) {
    case K::WriteFull: return "writefull";
    case K::Write: return "write";
    case K::Append: return "append";
    case K::Truncate: return "truncate";
    case K::Zero: return "zero";
    case K::Remove: return "delete";
    case K::Read: return "read";
  }
  return "?";
}

std::optional<std::vector<ObjectChange>> requested_changes(const MOSDOp& op, Bytes data, std::string* why) {
  std::vector<ObjectChange> out;
  const bool ok = for_each_payload(op.ops, data, why, [&](const OsdOp& o, Bytes payload) {
    auto k = kind_of(o.op);
    if (!k) return;
    ObjectChange c{*k, o.extent_offset(), o.extent_length(), {}};
    if (*k == ObjectChange::Kind::WriteFull || *k == ObjectChange::Kind::Write || *k == ObjectChange::Kind::Append) {
      c.data = payload;
      c.length = payload.size();  // what the data carries is what is written
    }
    out.push_back(c);
  });
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::vector<ObjectChange>> read_results(const MOSDOpReply& reply, Bytes data, std::string* why) {
  std::vector<ObjectChange> out;
  const bool ok = for_each_payload(reply.ops, data, why, [&](const OsdOp& o, Bytes payload) {
    if (o.op == kOsdOpRead) out.push_back({ObjectChange::Kind::Read, o.extent_offset(), payload.size(), payload});
  });
  if (!ok) return std::nullopt;
  return out;
}

bool ObjectImage::apply(const ObjectChange& c, std::string* why) {
  using K = ObjectChange::Kind;
  const uint64_t end = c.kind == K::Append ? bytes_.size() + c.length
                       : c.kind == K::Truncate ? c.offset
                       : c.kind == K::WriteFull ? c.length
                       : c.offset + c.length;
  if (c.kind != K::Remove && (end > kMaxSize || end < c.offset)) {
    if (why) *why = std::string(change_name(c.kind)) + " reaches byte " + std::to_string(end) + ", beyond 128 MiB";
    return false;
  }
  auto put = [&](uint64_t at, Bytes b) {
    if (bytes_.size() < at + b.size()) bytes_.resize(size_t(at + b.size()));
    if (!b.empty()) std::memcpy(bytes_.data() + at, b.data(), b.size());
  };
  switch (c.kind) {
    case K::WriteFull: bytes_.assign(c.data.begin(), c.data.end()); break;
    case K::Write: put(c.offset, c.data); break;
    case K::Read: put(c.offset, c.data); break;
    case K::Append: put(bytes_.size(), c.data); break;
    case K::Truncate: bytes_.resize(size_t(c.offset)); break;
    case K::Zero:
      // Zeroing past the end does not extend the object.
      if (c.offset < bytes_.size())
        std::fill(bytes_.begin() + ptrdiff_t(c.offset),
                  bytes_.begin() + ptrdiff_t(std::min<uint64_t>(bytes_.size(), c.offset + c.length)), 0);
      break;
    case K::Remove:
      bytes_.clear();
      exists_ = false;
      return true;
  }
  exists_ = true;
  return true;
}

}  // namespace cephwire::messages
