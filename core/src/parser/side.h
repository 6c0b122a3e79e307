// One direction of a connection: its stream offset, the buffer that gathers
// an item split across feeds, the bytes it holds while it waits for the peer,
// the payload sections and the message in progress, and where it is: looking
// for a banner, inside its protocol's machine, searching for a boundary, or
// closed. The protocol's own state is a variant, so that neither machine can
// touch the other's fields.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "cephwire/message.h"
#include "cephwire/parser.h"
#include "sections.h"
#include "session.h"
#include "v1_machine.h"
#include "v2_machine.h"

namespace cephwire::parser {

struct Side {
  Side(Session& session, Dir d) : S(session), dir(d) {}
  Session& S;
  Dir dir;
  Phase phase = Phase::Start;
  std::variant<std::monostate, V1Machine, V2Machine> machine;
  uint64_t off = 0;  // stream offset of the next byte

  // Fixed-size items are gathered here when they arrive split.
  std::vector<uint8_t> acc;
  uint64_t item_off = 0;  // where the current item (message, frame, ...) began
  uint64_t gather_off = 0;

  std::vector<uint8_t> pending;  // held while waiting for the peer
  bool assume = false;           // waited too long: go on with defaults

  // Resync: bytes carried from the last feed, what is being skipped and why.
  std::vector<uint8_t> scan;
  uint64_t skip_start = 0;
  SkipReason skip_reason = SkipReason::NoBanner;

  // The message or frame in progress, and its CRC verdicts.
  Message msg;
  Sections sections;
  std::array<CrcCheck, 5> crcs{};
  size_t ncrcs = 0;

  const Side& peer() const { return *S.sides[size_t(peer_of(dir))]; }
  const ParserOptions& opt() const { return S.opt; }
  SessionInfo& info() { return S.info; }
  const SessionInfo& info() const { return S.info; }

  void consume(Bytes& in, size_t n) {
    in = in.subspan(n);
    off += n;
  }
  // Collects n bytes of a fixed-size item. Returns them once complete
  // (pointing into the input when they are contiguous there), else nullptr.
  // The machine moves on with done(), which clears the buffer.
  const uint8_t* gather(Bytes& in, size_t n) {
    static const uint8_t kNothing = 0;
    if (acc.empty()) gather_off = off;
    if (n == 0) return &kNothing;
    if (acc.empty() && in.size() >= n) {
      const uint8_t* p = in.data();
      consume(in, n);
      return p;
    }
    const size_t take = std::min(n - acc.size(), in.size());
    acc.insert(acc.end(), in.data(), in.data() + take);
    consume(in, take);
    return acc.size() == n ? acc.data() : nullptr;
  }
  void done() { acc.clear(); }

  void error(ErrorKind kind, uint64_t at, std::string why);
  // Reports an error and searches for the next message from here on; the
  // bytes of the bad item count as skipped.
  void fail(ErrorKind kind, uint64_t at, std::string why);
  void start_resync(SkipReason why, uint64_t skip_from);
  void begin_crcs() { ncrcs = 0; }
  void record(const CrcCheck& c) {
    if (ncrcs < crcs.size()) crcs[ncrcs++] = c;
    S.L.on_crc(dir, c);
  }
  std::span<const CrcCheck> item_crcs() const { return {crcs.data(), ncrcs}; }
  // This direction claims a protocol; a peer that speaks the other is an error.
  void set_protocol(Protocol p);
  // Into protocol p's machine at a message boundary found by searching.
  void resume_open(Protocol p);
};

}  // namespace cephwire::parser
