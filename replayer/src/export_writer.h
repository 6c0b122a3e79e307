// `cephwire-replay inspect --export-objects DIR`: Export Objects into a
// directory tree. RADOS objects go to DIR/rados/POOL/NAME (the name's "/"
// and "%" escaped as %2f and %25, so that one object is one file), CephFS
// files to DIR/cephfs/PATH. Every version is written as it is made; later
// versions get "(1)", "(2)" ... before the extension, as tshark names them.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "cephwire/messages/object_export.h"

namespace cephwire::replay {

class ExportWriter {
 public:
  explicit ExportWriter(std::string dir) : dir_(std::move(dir)) {}
  // The emitter of messages::ObjectExport.
  Bytes write(const messages::ExportEntry& e);
  uint64_t objects() const { return objects_; }
  uint64_t files() const { return files_; }
  uint64_t versions() const { return versions_; }
  uint64_t bytes() const { return bytes_; }
  // Files that could not be written, with why.
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  std::string dir_;
  std::map<std::string, uint32_t> seen_;                  // path -> versions written
  std::map<std::string, std::vector<uint8_t>> latest_;    // RADOS object -> its latest bytes
  uint64_t objects_ = 0, files_ = 0, versions_ = 0, bytes_ = 0;
  std::vector<std::string> errors_;
};

}  // namespace cephwire::replay
