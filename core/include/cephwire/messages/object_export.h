// Export Objects: what a capture writes and reads, one entry per object and
// version. RADOS objects are named by pool and object ("1/obj_100"): an
// osd_op's writes (writefull, write, append with their bytes; truncate, zero,
// delete) are applied, in capture order, when its reply says they succeeded;
// a read reply's bytes are laid on the object where they were read. CephFS
// files are named by their path ("/lab/sub/file-100", cephfs_files.h): a new
// version each time one of a file's data objects changes, or the file is
// given another name. The plugin's Export Objects and `inspect
// --export-objects` both use this.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cephwire/bytes.h"
#include "cephwire/entity.h"
#include "cephwire/messages/cephfs_files.h"
#include "cephwire/messages/object_data.h"

namespace cephwire::messages {

struct ExportEntry {
  std::string name;  // "1/obj_100", "1/ns/obj", "/lab/sub/file-100"
  std::string what;  // the changes that made this version: "write+truncate", "read"; a file's with "cephfs "
  bool file = false;
  std::string host;  // who answered: "osd.0"
  Bytes bytes;
};

struct ExportMessage {
  uint16_t type = 0, version = 0;
  Bytes front, data;
  EntityName src;  // the sender, when known
  // The vector `data` views, when the caller gives it up: a write's bytes
  // are then moved into the export, not copied.
  std::vector<uint8_t>* data_owner = nullptr;
};

// A message's place among requests and replies (request_tracker.h): the
// index of the request it is, or answers.
struct ExportPlace {
  bool request = true;
  size_t request_index = 0;
};

class ObjectExport {
 public:
  // Takes each new version and returns its bytes as the caller keeps them,
  // at least until the next version of the same RADOS object (or clear()): the
  // latest version of an object is remembered by them, not by a copy of its
  // own. What it returns for a file is not kept.
  using Emit = std::function<Bytes(const ExportEntry&)>;
  explicit ObjectExport(Emit emit) : emit_(std::move(emit)) {}

  // Every message, in capture order; `place` for requests and replies the
  // tracker joined. Returns why an object was not exported, when one was not.
  std::optional<std::string> add(const ExportMessage& m, const std::optional<ExportPlace>& place);

  void clear();

 private:
  struct Pending {
    std::string path;
    int64_t pool = 0;
    std::string oid;
    std::vector<uint8_t> data;  // the request's data: the changes' bytes point into it
    std::vector<ObjectChange> changes;
  };
  std::optional<std::string> request(const ExportMessage& m, size_t index);
  std::optional<std::string> reply(const ExportMessage& m, size_t index);
  std::optional<std::string> file_changed(uint64_t ino, const std::string& what, const std::string& host);
  std::optional<std::string> names_changed(const ReplyTrace& t, const std::string& host);

  Emit emit_;
  std::map<size_t, Pending> pending_;             // by request index
  std::unordered_map<std::string, Bytes> latest_;  // by object path
  CephfsFiles files_;
  std::unordered_map<uint64_t, std::string> file_names_;  // the name each file was last exported under
};

}  // namespace cephwire::messages
