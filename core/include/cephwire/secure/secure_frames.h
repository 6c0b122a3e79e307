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

// A frame decrypted, laid out as preamble | segment 0 | 1 | 2 | 3 | late
// byte (when the frame has an epilogue): what a tree shows as the decrypted
// frame, and what the parser reads as if the frame were crc mode.
struct DecryptedFrame {
  msgr2::Preamble preamble;
  std::vector<uint8_t> plain;
  std::array<uint32_t, msgr2::kMaxSegments> seg_off{}, seg_len{};
  int late_off = -1;  // -1: no epilogue (rev1 frames of one segment)
  unsigned ops = 0;   // GCM operations (nonce steps in rev1)
  uint64_t wire_length = 0;
  Bytes segment(size_t i) const { return Bytes(plain).subspan(seg_off[i], seg_len[i]); }
  uint8_t late() const { return late_off < 0 ? 0 : plain[size_t(late_off)]; }
};
// Decrypts the whole frame at the front of `wire` (at least its wire length);
// nullopt with why when a tag does not verify or the frame does not fit.
std::optional<DecryptedFrame> decrypt_frame(const FrameCipher& c, Bytes wire, std::string* why,
                                            const Limits& limits = {});
// Seals a frame (preamble crc computed here), advancing c: for tests and the
// capture generator.
std::vector<uint8_t> encrypt_frame(FrameCipher& c, uint8_t tag, const std::array<Bytes, msgr2::kMaxSegments>& segs,
                                   uint8_t late);

}  // namespace cephwire::secure
