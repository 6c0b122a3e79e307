#include "cephwire/messages/cephfs_files.h"

#include <algorithm>
#include <cstring>

#include "text_util.h"

namespace cephwire::messages {

namespace {

std::optional<uint64_t> hex_number(std::string_view s) {
  if (s.empty() || s.size() > 16) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0) return std::nullopt;
    v = v << 4 | uint64_t(d);
  }
  return v;
}

}  // namespace

std::optional<DataObjectName> data_object_name(std::string_view oid) {
  const size_t dot = oid.find('.');
  if (dot == std::string_view::npos || oid.size() - dot - 1 != 8) return std::nullopt;
  auto ino = hex_number(oid.substr(0, dot));
  auto objno = hex_number(oid.substr(dot + 1));
  if (!ino || !objno) return std::nullopt;
  return DataObjectName{*ino, *objno};
}

std::optional<uint64_t> file_offset(const FileLayout& l, uint64_t objno, uint64_t off) {
  if (!l.usable() || off >= l.object_size) return std::nullopt;
  const uint64_t su = l.stripe_unit, sc = l.stripe_count, per_object = l.object_size / su;
  // Object objno is stripe position objno % sc of object set objno / sc; its
  // k-th stripe unit is stripe (set * per_object + k) of the file.
  const uint64_t stripe = objno / sc * per_object + off / su;
  const uint64_t block = stripe * sc + objno % sc;
  if (block > (UINT64_MAX - off % su) / su) return std::nullopt;
  return block * su + off % su;
}

void CephfsFiles::learn(const ReplyTrace& t) {
  auto note = [&](const InodeStat& s) -> Inode& {
    Inode& n = inodes_[s.ino];
    if (s.is_file()) {
      n.file = true;
      n.size = s.size;
      if (s.layout.usable()) {
        n.layout = s.layout;
        if (s.layout.pool >= 0) data_pools_.insert(s.layout.pool);
      }
    }
    return n;
  };
  if (t.dir) note(*t.dir);
  if (!t.target) return;
  Inode& n = note(*t.target);
  // A dentry with its target names it (a create, lookup, rename's new name).
  if (t.dir && !t.dname.empty() && t.target->ino != t.dir->ino) {
    n.parent = t.dir->ino;
    n.name = t.dname;
  }
}

void CephfsFiles::learn_size(uint64_t ino, uint64_t size) {
  auto it = inodes_.find(ino);
  if (it != inodes_.end() && it->second.file) it->second.size = size;
}

std::optional<uint64_t> CephfsFiles::object_changed(int64_t pool, std::string_view oid, std::optional<Bytes> bytes) {
  auto name = data_object_name(oid);
  if (!name || !data_pools_.count(pool)) return std::nullopt;
  Inode& n = inodes_[name->ino];
  if (n.layout && n.layout->pool != pool) return std::nullopt;  // another pool's object of that name
  if (bytes)
    n.objects[name->objno] = *bytes;
  else
    n.objects.erase(name->objno);
  return name->ino;
}

std::string CephfsFiles::path(uint64_t ino) const {
  std::vector<const std::string*> names;
  uint64_t at = ino;
  // (a bound on the walk: a damaged capture could name a loop)
  for (size_t depth = 0; at != kRootIno && depth < 4096; ++depth) {
    auto it = inodes_.find(at);
    if (it == inodes_.end() || it->second.name.empty()) break;
    names.push_back(&it->second.name);
    at = it->second.parent;
  }
  std::string p;
  if (at != kRootIno) p = "#0x" + text::hex(at);
  for (auto n = names.rbegin(); n != names.rend(); ++n) p += "/" + **n;
  return p.empty() ? "/" : p;
}

std::optional<std::vector<uint8_t>> CephfsFiles::bytes(uint64_t ino, std::string* why) const {
  std::vector<uint8_t> out;
  auto it = inodes_.find(ino);
  if (it == inodes_.end()) return out;
  const Inode& n = it->second;
  const FileLayout l = n.layout ? *n.layout : kDefaultLayout;
  // Where the data ends, before anything is made.
  uint64_t end = 0;
  for (const auto& [objno, b] : n.objects) {
    if (b.empty()) continue;
    if (b.size() > l.object_size) {
      if (why)
        *why = "object " + std::to_string(objno) + " holds " + std::to_string(b.size()) +
               " bytes, more than the layout's object size " + std::to_string(l.object_size);
      return std::nullopt;
    }
    // (an object's last unit holds its highest file bytes)
    const uint64_t unit = (b.size() - 1) / l.stripe_unit * l.stripe_unit;
    auto last = file_offset(l, objno, unit);
    if (!last || *last > kMaxSize - (b.size() - unit)) {
      if (why) *why = "object " + std::to_string(objno) + " lies beyond byte " + std::to_string(kMaxSize) + " of the file";
      return std::nullopt;
    }
    end = std::max(end, *last + (b.size() - unit));
  }
  // A size past the data: the last object's sparse tail (holes written as
  // nothing), never more than up to that object's end.
  if (n.size && *n.size > end && end)
    end = std::min({*n.size, (end + l.object_size - 1) / l.object_size * l.object_size, kMaxSize});
  out.resize(size_t(end));
  for (const auto& [objno, b] : n.objects)
    // Stripe unit by stripe unit: with one stripe an object is one run.
    for (uint64_t off = 0; off < b.size(); off += l.stripe_unit) {
      auto at = file_offset(l, objno, off);
      const size_t len = size_t(std::min<uint64_t>(l.stripe_unit, b.size() - off));
      if (at && *at + len <= out.size()) std::memcpy(out.data() + *at, b.data() + off, len);
    }
  return out;
}

bool CephfsFiles::has_data(uint64_t ino) const {
  auto it = inodes_.find(ino);
  return it != inodes_.end() && !it->second.objects.empty();
}

std::vector<uint64_t> CephfsFiles::with_data() const {
  std::vector<uint64_t> v;
  for (const auto& [ino, n] : inodes_)
    if (!n.objects.empty()) v.push_back(ino);
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace cephwire::messages
