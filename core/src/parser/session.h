// What the two directions of a connection share: the listener, the options,
// what the handshake told (SessionInfo), and the little state one direction's
// machine needs from the other's (the v1 connect replies in order, the msgr2
// auth exchange that gates the client's frames).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cephwire/parser.h"
#include "cephwire/secure/key_store.h"
#include "cephwire/secure/secure_frames.h"

namespace cephwire::parser {

// v1: the server's connect replies in order; the client's machine follows them.
struct V1Exchange {
  std::vector<uint8_t> reply_tags;
};

// msgr2: the client's frames after its last AUTH_REQUEST(_MORE) are ciphertext
// when the server's AUTH_DONE chose secure mode, so the client's direction waits
// for the server's answer before it reads on.
struct V2AuthExchange {
  uint32_t client_frames = 0;
  uint32_t server_frames = 0;
  uint8_t last_server_tag = 0;
  bool answered() const { return server_frames >= client_frames; }
};

// msgr2 secure mode with keys: the handshake's auth payloads and raw bytes
// (AUTH_SIGNATURE is an HMAC over what each side received), the keys once
// AUTH_DONE opened, and each direction's cipher.
struct V2Secure {
  static constexpr size_t kMaxRaw = 1u << 16;  // handshakes are a few KiB
  std::vector<uint8_t> auth_request, last_request, auth_done;
  std::array<std::vector<uint8_t>, 2> raw;
  std::array<bool, 2> raw_lost{};
  std::array<uint64_t, 2> switch_at{};  // where each direction's secure frames begin
  std::optional<secure::SessionKeys> keys;
  std::array<std::optional<secure::FrameCipher>, 2> cipher;  // unset: the direction stays ciphertext
  bool recorded = false;  // AUTH_DONE came: what the signatures cover is all in raw
  void record(Dir d, Bytes b) {
    auto& r = raw[size_t(d)];
    if (recorded || raw_lost[size_t(d)] || r.size() >= kMaxRaw) return;
    r.insert(r.end(), b.begin(), b.begin() + long(std::min(b.size(), kMaxRaw - r.size())));
  }
  // What a direction's raw bytes are no longer needed for: given back.
  void release(Dir d) { std::vector<uint8_t>().swap(raw[size_t(d)]); }
};

struct Side;

// Where a direction is.
enum class Phase : uint8_t {
  Start,    // banner expected
  Machine,  // the protocol's machine has the bytes
  Resync,   // searching for the next message boundary
  Closed,
};

// What the end of input means where a machine is.
enum class AtEnd : uint8_t {
  Clean,        // between items
  InHandshake,  // a connection cut off before its session began: normal traffic
  Truncated,    // inside an item: an error
};

struct Session {
  Session(Listener& l, ParserOptions o) : L(l), opt(o) {}
  Listener& L;
  ParserOptions opt;
  SessionInfo info;
  // Is this connection Ceph: a banner was seen, or a boundary confirmed by a
  // second CRC (sync.h)? Until then a boundary found by searching is a guess.
  bool claimed = false;
  V1Exchange v1;
  V2AuthExchange auth;
  V2Secure secure;
  Side* sides[2] = {nullptr, nullptr};  // the connection's two directions

  // A CRC verdict: Unverified when checking is off, when the bytes were not
  // all seen, or when the sender writes 0 for "not computed".
  CrcCheck check(CrcField field, uint8_t seg, uint32_t wire, uint32_t computed, uint64_t at, bool verifiable = true,
                 bool zero_means_unset = false) const {
    CrcCheck c;
    c.field = field;
    c.segment = seg;
    c.wire = wire;
    c.computed = computed;
    c.offset = at;
    if (!opt.verify_crc || !verifiable || (zero_means_unset && opt.zero_crc_unset && wire == 0))
      c.status = CrcStatus::Unverified;
    else
      c.status = wire == computed ? CrcStatus::Good : CrcStatus::Bad;
    return c;
  }
};

// A msgr2 tag's name, or its number when it has none.
std::string tag_label(uint8_t tag);

}  // namespace cephwire::parser
