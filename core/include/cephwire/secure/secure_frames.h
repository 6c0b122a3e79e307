// msgr2 secure-mode frames (src/msg/async/frames_v2.cc asm_secure_rev0/1,
// crypto_onwire.cc; Linux net/ceph/messenger_v2.c): AES-128-GCM keyed from
// the connection secret, one nonce per direction. msgr2.1 seals a frame in
// up to three GCM operations (the preamble with 48 inline bytes of segment 0;
// the rest of segment 0; segments 1..3 with the epilogue), each its own tag,
// and steps the nonce's 64-bit counter per operation; msgr2.0 seals a frame
// in one operation and steps the nonce's first 32 bits per frame. Segments
// are zero-padded to 16 bytes; their lengths in the preamble are unpadded.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cephwire/bytes.h"
#include "cephwire/direction.h"
#include "cephwire/limits.h"
#include "cephwire/msgr2.h"
#include "cephwire/secure/crypto.h"

namespace cephwire::secure {

// The connection secret's layout (crypto_onwire.cc create_handler_pair).
inline constexpr size_t kSecretKeyOff = 0, kSecretNonceToClientOff = 16, kSecretNonceToServerOff = 28;
inline constexpr size_t kMinConnectionSecret = 40;
// rev1's first GCM operation: preamble (32) and inline segment 0 (48), its tag.
inline constexpr size_t kInlineSize = 48;
inline constexpr size_t kFirstOpSize = msgr2::Preamble::kSize + kInlineSize + kGcmTagSize;
inline constexpr size_t kEpilogueSize = 16;  // secure: u8 late status/flags + 15 zero bytes

// One direction's cipher state: the key and the nonce its next frame uses.
struct FrameCipher {
  AesKey key{};
  GcmNonce nonce{};
  bool rev1 = true;
  // The ciphers of a direction from the connection secret (nullopt when it is too short).
  static std::optional<FrameCipher> of(Bytes secret, Dir d, bool rev1);
  // After a frame of `ops` GCM operations.
  void advance(unsigned ops);
};

enum class SecureStatus : uint8_t { Complete, NeedMore, TagMismatch, Invalid };
struct SecureLength {
  SecureStatus status = SecureStatus::Invalid;
  uint64_t length = 0;  // Complete: the frame's wire length; NeedMore: at least this many bytes
  msgr2::Preamble preamble;
  std::string why;
};
// The wire length of the secure frame at the front of `b` (its preamble
// authenticated in rev1; read through the keystream in rev0).
SecureLength secure_frame_length(const FrameCipher& c, Bytes b, const Limits& limits = {});
// Wire length from the preamble's (unpadded) segment lengths.
uint64_t secure_wire_length(const msgr2::Preamble& p, bool rev1);

// A frame decrypted: its preamble and segments as views into the bytes that
// hold them, and its epilogue's late status. decrypt_frame lays them out in
// `plain` as preamble | segment 0 | 1 | 2 | 3 | late byte (when the frame has
// an epilogue), at seg_off/late_off: what a tree shows as the decrypted
// frame. decrypt_frame_in_place leaves them where they lie in the frame's
// own buffer (segment 0 past its 48 inline bytes then continues after the
// first tag: seg0_rest).
struct DecryptedFrame {
  msgr2::Preamble preamble;
  Bytes preamble_bytes;
  std::array<Bytes, msgr2::kMaxSegments> seg{};
  Bytes seg0_rest;
  int late_status = -1;  // -1: no epilogue (rev1 frames of one segment)
  unsigned ops = 0;      // GCM operations (nonce steps in rev1)
  uint64_t wire_length = 0;
  // decrypt_frame's layout:
  std::vector<uint8_t> plain;
  std::array<uint32_t, msgr2::kMaxSegments> seg_off{}, seg_len{};
  int late_off = -1;
  Bytes segment(size_t i) const { return seg[i]; }
  uint8_t late() const { return late_status < 0 ? 0 : uint8_t(late_status); }
};
// Decrypts the whole frame at the front of `wire` (at least its wire length);
// nullopt with why when a tag does not verify or the frame does not fit.
std::optional<DecryptedFrame> decrypt_frame(const FrameCipher& c, Bytes wire, std::string* why,
                                            const Limits& limits = {});
// Decrypts the frame where it lies (`wire`, the caller's buffer, holds at
// least the frame): no copy of its segments. False with why (the buffer is
// then partly plaintext).
bool decrypt_frame_in_place(const FrameCipher& c, std::span<uint8_t> wire, DecryptedFrame& out, std::string* why,
                            const Limits& limits = {});
// Seals a frame (preamble crc computed here), advancing c: for tests and the
// capture generator.
std::vector<uint8_t> encrypt_frame(FrameCipher& c, uint8_t tag, const std::array<Bytes, msgr2::kMaxSegments>& segs,
                                   uint8_t late);

}  // namespace cephwire::secure
