// CephFS files in a capture: which inode is which file, as the MDS's reply
// traces name them (dentry name and directory, layout, size), and a file's
// bytes put together from its data objects. A file's data objects are named
// "<ino in hex>.<object number, 8 hex digits>" and live in its layout's pool
// (Ceph's file_object_t, osdc/Striper.cc); the metadata pool's objects look
// alike (directory fragments, journals), so only pools that file layouts name
// are read as file data.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cephwire/bytes.h"
#include "cephwire/messages/cephfs.h"

namespace cephwire::messages {

struct DataObjectName {
  uint64_t ino = 0, objno = 0;
};
// "10000000000.00000003" -> {0x10000000000, 3}; nullopt for any other name.
std::optional<DataObjectName> data_object_name(std::string_view oid);

// Where byte `off` of data object `objno` sits in the file (the inverse of
// Striper::file_to_extents); nullopt for an unusable layout.
std::optional<uint64_t> file_offset(const FileLayout& l, uint64_t objno, uint64_t off);

class CephfsFiles {
 public:
  static constexpr uint64_t kRootIno = 1;  // CEPH_INO_ROOT
  // Ceph's default layout (4 MiB objects, one stripe), for a file whose own the capture does not show.
  static constexpr FileLayout kDefaultLayout{4u << 20, 1, 4u << 20, -1};

  // What a reply's trace says: names, directories, layouts, sizes.
  void learn(const ReplyTrace& t);
  // A size a client_caps carried.
  void learn_size(uint64_t ino, uint64_t size);

  // A RADOS object's latest bytes (nullopt: deleted). The inode it is data
  // of, or nullopt when it is not file data. The bytes are the caller's and
  // must stay until the next change of that object, or clear().
  std::optional<uint64_t> object_changed(int64_t pool, std::string_view oid, std::optional<Bytes> bytes);

  // "/lab/sub/file-100"; "#0x10000000003" for an inode no trace named, and
  // "#0x10000000000/file" below a directory no trace named.
  std::string path(uint64_t ino) const;
  // Beyond this a file is not put together (the objects still are): what
  // damaged input could otherwise make a capture's export grow to.
  static constexpr uint64_t kMaxSize = 1ull << 30;
  // The file as far as the capture shows it: each data object's bytes where
  // the layout puts them, zeros where no object says; a latest size (from
  // the MDS or the client) past the data's end adds zeros up to the end of
  // the last object, no further. nullopt (with why) past kMaxSize.
  std::optional<std::vector<uint8_t>> bytes(uint64_t ino, std::string* why = nullptr) const;
  // The inodes that hold data (whose bytes() the capture shows).
  std::vector<uint64_t> with_data() const;
  bool has_data(uint64_t ino) const;
  void clear() { *this = CephfsFiles(); }

 private:
  struct Inode {
    uint64_t parent = 0;
    std::string name;  // empty: not named
    bool file = false;
    std::optional<FileLayout> layout;
    std::optional<uint64_t> size;
    std::map<uint64_t, Bytes> objects;  // by object number
  };
  std::unordered_map<uint64_t, Inode> inodes_;
  std::set<int64_t> data_pools_;
};

}  // namespace cephwire::messages
