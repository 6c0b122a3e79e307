#include "cephwire/messages/object_export.h"

#include "cephwire/messages/ceph_text.h"
#include "cephwire/msg_types.h"

namespace cephwire::messages {

namespace {

// The inode and size a client_caps carries, as its printer decodes them (an
// export's body is a peer instead: no size).
std::optional<std::pair<uint64_t, uint64_t>> caps_size(const ExportMessage& m) {
  DecodedFields f;
  ceph_text({m.type, m.version, 0, m.src, m.front, {}, {}}, nullptr, &f);  // (the fields before a stop count)
  std::optional<uint64_t> ino, size;
  for (const DecodedField& d : f) {
    if (!ino && d.name == std::string_view("mds.ino")) ino = d.u;
    if (d.name == std::string_view("client_caps.size")) size = d.u;
  }
  if (!ino || !size) return std::nullopt;
  return std::make_pair(*ino, *size);
}

}  // namespace

void ObjectExport::clear() {
  pending_.clear();
  latest_.clear();
  files_.clear();
  file_names_.clear();
}

std::optional<std::string> ObjectExport::add(const ExportMessage& m, const std::optional<ExportPlace>& place) {
  switch (m.type) {
    case kMsgClientReply:
      if (auto t = ReplyTrace::decode(m.front)) return names_changed(*t, m.src.type ? m.src.to_string() : "");
      return std::nullopt;
    case kMsgClientCaps:
      if (auto s = caps_size(m)) files_.learn_size(s->first, s->second);
      return std::nullopt;
    case kMsgOsdOp:
      if (place && place->request) return request(m, place->request_index);
      return std::nullopt;
    case kMsgOsdOpReply:
      if (place && !place->request) return reply(m, place->request_index);
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

std::optional<std::string> ObjectExport::request(const ExportMessage& m, size_t index) {
  auto op = MOSDOp::decode(m.version, m.front, nullptr);
  if (!op || (op->flags & kOsdFlagPgOp)) return std::nullopt;
  Pending w;
  w.path = object_path(*op);
  if (op->oloc.nspace.empty() && op->oloc.key.empty()) {
    w.pool = op->oloc.pool;
    w.oid = op->oid;
  }
  // (the caller's copy is taken when it gives it up)
  if (m.data_owner && m.data_owner->data() == m.data.data())
    w.data = std::move(*m.data_owner);
  else
    w.data.assign(m.data.begin(), m.data.end());
  std::string why;
  auto changes = requested_changes(*op, Bytes(w.data.data(), w.data.size()), &why);
  if (!changes) return "Object " + w.path + " not exported: " + why;
  w.changes = std::move(*changes);
  if (w.changes.empty()) w.data.clear();  // a read: only its name is needed
  pending_[index] = std::move(w);
  return std::nullopt;
}

std::optional<std::string> ObjectExport::reply(const ExportMessage& m, size_t index) {
  auto it = pending_.find(index);
  if (it == pending_.end()) return std::nullopt;
  Pending w = std::move(it->second);
  pending_.erase(it);
  auto rep = MOSDOpReply::decode(m.version, m.front, nullptr);
  if (!rep || rep->result < 0) return std::nullopt;  // refused: nothing changed
  ObjectImage image;
  if (auto l = latest_.find(w.path); l != latest_.end()) image.assign(l->second);
  std::string what, why;
  auto apply = [&](const ObjectChange& c) {
    if (!image.apply(c, &why)) return false;
    if (!what.empty()) what += '+';
    what += change_name(c.kind);
    return true;
  };
  for (const ObjectChange& c : w.changes)
    if (!apply(c)) return "Object " + w.path + " not exported: " + why;
  // A read that returns what the object is known to hold makes no new version.
  if (auto reads = read_results(*rep, m.data, &why))
    for (const ObjectChange& c : *reads)
      if (!image.holds(c.offset, c.data) && !apply(c)) return "Object " + w.path + " not exported: " + why;
  if (what.empty()) return std::nullopt;
  const std::string host = m.src.type ? m.src.to_string() : "";
  std::optional<Bytes> now;
  if (image.exists()) {
    now = emit_({w.path, what, false, host, Bytes(image.bytes().data(), image.bytes().size())});
    latest_[w.path] = *now;
  } else {
    latest_.erase(w.path);  // deleted: the next write starts it anew
  }
  if (!w.oid.empty())
    if (auto ino = files_.object_changed(w.pool, w.oid, now)) return file_changed(*ino, what, host);
  return std::nullopt;
}

std::optional<std::string> ObjectExport::file_changed(uint64_t ino, const std::string& what, const std::string& host) {
  if (!files_.has_data(ino)) {
    file_names_.erase(ino);  // its last object went: the file is gone
    return std::nullopt;
  }
  std::string name = files_.path(ino), why;
  const auto b = files_.bytes(ino, &why);
  if (!b) return "File " + name + " not exported: " + why;
  emit_({name, "cephfs " + what, true, host, Bytes(b->data(), b->size())});
  file_names_[ino] = std::move(name);
  return std::nullopt;
}

std::optional<std::string> ObjectExport::names_changed(const ReplyTrace& t, const std::string& host) {
  if (!t.target) {
    files_.learn(t);
    return std::nullopt;
  }
  const std::string before = files_.path(t.target->ino);
  files_.learn(t);
  if (files_.path(t.target->ino) == before) return std::nullopt;
  // A file renamed is a new version under its new name; a directory renamed
  // (or named for the first time) renames the files below it.
  std::optional<std::string> why;
  auto check = [&](uint64_t ino) {
    auto n = file_names_.find(ino);
    if (n != file_names_.end() && n->second != files_.path(ino))
      if (auto w = file_changed(ino, "rename", host); w && !why) why = std::move(w);
  };
  if (t.target->is_file()) {
    check(t.target->ino);
    return why;
  }
  for (uint64_t ino : files_.with_data()) check(ino);
  return why;
}

}  // namespace cephwire::messages
