// The ciphers secure mode and cephx use, from OpenSSL's libcrypto (what Ceph
// itself uses): AES-128-CBC with PKCS#7 padding (cephx), AES-128-GCM (msgr2
// secure frames), the AES-CTR keystream of GCM (to read a msgr2.0 frame's
// lengths before its tag can be checked), HMAC-SHA256 (AUTH_SIGNATURE) and
// base64 (keyrings). Nothing here is cipher code of our own.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "cephwire/bytes.h"

namespace cephwire::secure {

using AesKey = std::array<uint8_t, 16>;
using GcmNonce = std::array<uint8_t, 12>;
inline constexpr size_t kGcmTagSize = 16;
// cephx's AES-128-CBC IV, always the same (CEPH_AES_IV, include/ceph_fs.h).
inline constexpr std::array<uint8_t, 16> kCephAesIv = {'c', 'e', 'p', 'h', 's', 'a', 'g', 'e',
                                                       'y', 'u', 'd', 'a', 'g', 'r', 'e', 'g'};

// AES-128-CBC with a fixed IV; nullopt when the padding is not PKCS#7 (a wrong key).
std::optional<std::vector<uint8_t>> cbc_decrypt(const AesKey& key, const std::array<uint8_t, 16>& iv, Bytes ct);
std::vector<uint8_t> cbc_encrypt(const AesKey& key, const std::array<uint8_t, 16>& iv, Bytes pt);

// AES-128-GCM, no AAD, 16-byte tag after the ciphertext. open() fills `out`
// (ct.size() - 16 bytes) and returns false when the tag does not verify.
bool gcm_open(const AesKey& key, const GcmNonce& nonce, Bytes ct_and_tag, uint8_t* out);
std::vector<uint8_t> gcm_seal(const AesKey& key, const GcmNonce& nonce, Bytes pt);
// The same open, its plaintext written in pieces to where each belongs (the
// lengths add up to the ciphertext's; a piece may be the ciphertext itself:
// decryption in place).
struct OutPiece {
  uint8_t* at;
  size_t length;
};
bool gcm_open_into(const AesKey& key, const GcmNonce& nonce, Bytes ct_and_tag, std::span<const OutPiece> out);
// The first bytes of GCM's keystream applied to `ct` (counter block nonce|2):
// unauthenticated plaintext, only to learn lengths.
std::vector<uint8_t> gcm_peek(const AesKey& key, const GcmNonce& nonce, Bytes ct);

std::array<uint8_t, 32> hmac_sha256(Bytes key, Bytes data);

// Kerberos 5 aes256-cts-hmac-sha384-192 (RFC 8009), as Ceph 20's AES256KRB5
// keys use it (src/auth/Crypto.cc CryptoAES256KRB5KeyHandler; Linux
// crypto/krb5): Ke and Ki derived from the base key per usage, a 16-byte
// confounder before the plaintext, AES-256-CBC-CTS (CS3) with a zero IV,
// then the first 24 bytes of HMAC-SHA384(Ki, zero IV | ciphertext).
// decrypt: nullopt when the checksum does not match (a wrong key).
std::optional<std::vector<uint8_t>> krb5_decrypt(Bytes base_key, uint32_t usage, Bytes ct);
std::vector<uint8_t> krb5_encrypt(Bytes base_key, uint32_t usage, Bytes pt, Bytes confounder);
std::array<uint8_t, 32> sha256(Bytes data);

// Standard base64 with padding; nullopt on anything else.
std::optional<std::vector<uint8_t>> base64_decode(std::string_view text);
std::string base64_encode(Bytes b);

}  // namespace cephwire::secure
