// Cuts a connection's two byte streams into PDUs as its Connection parses
// them, for consumers that show each PDU's fields (`inspect --fields`): bytes
// come in any split; each whole PDU is handed out with the context it is
// parsed in (what pdu_layout() needs) and then fed to the Connection. Where
// no boundary is known (ciphertext, after a gap or an error, a capture that
// starts mid-connection) the bytes go to the Connection unframed and are
// reported as such; framing resumes at the first boundary the parser reaches
// at the end of a feed. Memory is bounded: a direction holds at most one PDU
// within the limits, or what waits for the peer's handshake.
#pragma once

#include <cstdint>
#include <vector>

#include "cephwire/bytes.h"
#include "cephwire/parser.h"
#include "cephwire/pdu.h"

namespace cephwire {

class PduSink {
 public:
  virtual ~PduSink() = default;
  // A whole PDU at stream offset `offset` of direction d.
  virtual void on_pdu(Dir d, uint64_t offset, const PduContext& ctx, Bytes pdu) = 0;
  // `length` bytes at `offset` went to the parser without PDU boundaries.
  virtual void on_unframed(Dir d, uint64_t offset, uint64_t length, PduKind why) {
    (void)d, (void)offset, (void)length, (void)why;
  }
};

class PduFramer {
 public:
  PduFramer(Connection& conn, PduSink& sink, Limits limits = {}) : conn_(conn), sink_(sink), limits_(limits) {}

  void feed(Dir d, Bytes bytes);
  void gap(Dir d, uint64_t length);
  void finish();

 private:
  void drain(Dir d);
  void unframed(Dir d, PduKind why);

  Connection& conn_;
  PduSink& sink_;
  Limits limits_;
  std::vector<uint8_t> buf_[2];  // bytes of each direction not yet fed to the parser
};

}  // namespace cephwire
