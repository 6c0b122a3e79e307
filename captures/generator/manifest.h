// A capture's manifest: what a correct reader must report for it. The same
// schema serves synthetic captures (exact endpoints, offsets and every
// message) and recorded ones (connections keyed by client nonce and daemon
// address, messages by type as the daemons logged them). See captures/README.md.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "cephwire/capture/packet.h"
#include "cephwire/message.h"
#include "cephwire/parser.h"

namespace cephwire::gen {

// A manifest with nothing found yet: every list empty, no read error.
nlohmann::json empty_manifest(const std::string& capture, const std::string& source, const std::string& description);

class Manifest {
 public:
  Manifest(std::string capture, std::string description, std::string format, uint32_t link);

  size_t connection(const capture::Endpoint& client, const capture::Endpoint& server, const char* protocol);
  void encrypted(size_t conn);
  // text: Ceph's print() of it, when the scenario says (what a reader must print).
  void message(size_t conn, Dir d, const Message& m, const std::string& text = {});
  void crc_error(size_t conn, Dir d, CrcField field, uint8_t segment, uint64_t offset);
  void gap(size_t conn, Dir d, uint64_t offset, uint64_t length, bool inside_payload);
  void skipped(size_t conn, Dir d, uint64_t offset, uint64_t length, SkipReason reason);
  void error(size_t conn, Dir d, ErrorKind kind, uint64_t offset);
  void conflict(size_t conn, Dir d, uint64_t offset, uint64_t length);
  void read_error(uint64_t offset);

  void write(const std::string& path) const;

 private:
  static const char* dir_key(Dir d) { return d == Dir::ToServer ? "received_by_server" : "received_by_client"; }
  nlohmann::json j_;
};

}  // namespace cephwire::gen
