#include "cephwire/secure/crypto.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>
#include <string>

namespace cephwire::secure {

namespace {

struct CtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using Ctx = std::unique_ptr<EVP_CIPHER_CTX, CtxFree>;

Ctx new_ctx() { return Ctx(EVP_CIPHER_CTX_new()); }

// OpenSSL's update takes an int length: long inputs go in pieces.
bool update(EVP_CIPHER_CTX* c, uint8_t* out, int* total, Bytes in) {
  constexpr size_t kChunk = 1 << 30;
  *total = 0;
  for (size_t at = 0; at < in.size(); at += kChunk) {
    const size_t n = std::min(kChunk, in.size() - at);
    int len = 0;
    if (EVP_CipherUpdate(c, out + *total, &len, in.data() + at, int(n)) != 1) return false;
    *total += len;
  }
  return true;
}

}  // namespace

std::optional<std::vector<uint8_t>> cbc_decrypt(const AesKey& key, const std::array<uint8_t, 16>& iv, Bytes ct) {
  if (ct.empty() || ct.size() % 16 != 0) return std::nullopt;
  auto c = new_ctx();
  std::vector<uint8_t> out(ct.size() + 16);
  int n = 0, fin = 0;
  if (!c || EVP_DecryptInit_ex(c.get(), EVP_aes_128_cbc(), nullptr, key.data(), iv.data()) != 1 ||
      !update(c.get(), out.data(), &n, ct) || EVP_DecryptFinal_ex(c.get(), out.data() + n, &fin) != 1)
    return std::nullopt;
  out.resize(size_t(n + fin));
  return out;
}

std::vector<uint8_t> cbc_encrypt(const AesKey& key, const std::array<uint8_t, 16>& iv, Bytes pt) {
  auto c = new_ctx();
  std::vector<uint8_t> out(pt.size() + 16);
  int n = 0, fin = 0;
  if (!c || EVP_EncryptInit_ex(c.get(), EVP_aes_128_cbc(), nullptr, key.data(), iv.data()) != 1 ||
      !update(c.get(), out.data(), &n, pt) || EVP_EncryptFinal_ex(c.get(), out.data() + n, &fin) != 1)
    return {};
  out.resize(size_t(n + fin));
  return out;
}

bool gcm_open(const AesKey& key, const GcmNonce& nonce, Bytes ct_and_tag, uint8_t* out) {
  if (ct_and_tag.size() < kGcmTagSize) return false;
  const Bytes ct = ct_and_tag.first(ct_and_tag.size() - kGcmTagSize);
  uint8_t tag[kGcmTagSize];
  std::memcpy(tag, ct_and_tag.data() + ct.size(), kGcmTagSize);
  auto c = new_ctx();
  int n = 0, fin = 0;
  return c && EVP_DecryptInit_ex(c.get(), EVP_aes_128_gcm(), nullptr, nullptr, nullptr) == 1 &&
         EVP_CIPHER_CTX_ctrl(c.get(), EVP_CTRL_GCM_SET_IVLEN, int(nonce.size()), nullptr) == 1 &&
         EVP_DecryptInit_ex(c.get(), nullptr, nullptr, key.data(), nonce.data()) == 1 &&
         update(c.get(), out, &n, ct) &&
         EVP_CIPHER_CTX_ctrl(c.get(), EVP_CTRL_GCM_SET_TAG, int(kGcmTagSize), tag) == 1 &&
         EVP_DecryptFinal_ex(c.get(), out + n, &fin) == 1;
}

std::vector<uint8_t> gcm_seal(const AesKey& key, const GcmNonce& nonce, Bytes pt) {
  auto c = new_ctx();
  std::vector<uint8_t> out(pt.size() + kGcmTagSize);
  int n = 0, fin = 0;
  if (!c || EVP_EncryptInit_ex(c.get(), EVP_aes_128_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(c.get(), EVP_CTRL_GCM_SET_IVLEN, int(nonce.size()), nullptr) != 1 ||
      EVP_EncryptInit_ex(c.get(), nullptr, nullptr, key.data(), nonce.data()) != 1 ||
      !update(c.get(), out.data(), &n, pt) || EVP_EncryptFinal_ex(c.get(), out.data() + n, &fin) != 1 ||
      EVP_CIPHER_CTX_ctrl(c.get(), EVP_CTRL_GCM_GET_TAG, int(kGcmTagSize), out.data() + pt.size()) != 1)
    return {};
  return out;
}

std::vector<uint8_t> gcm_peek(const AesKey& key, const GcmNonce& nonce, Bytes ct) {
  // GCM encrypts with counter blocks nonce | be32(2), nonce | be32(3), ...:
  // AES-CTR from that block gives the same keystream (for fewer than 2^32 blocks).
  std::array<uint8_t, 16> block{};
  std::memcpy(block.data(), nonce.data(), nonce.size());
  block[15] = 2;
  auto c = new_ctx();
  std::vector<uint8_t> out(ct.size() + 16);
  int n = 0;
  if (!c || EVP_DecryptInit_ex(c.get(), EVP_aes_128_ctr(), nullptr, key.data(), block.data()) != 1 ||
      !update(c.get(), out.data(), &n, ct))
    return {};
  out.resize(size_t(n));
  return out;
}

std::array<uint8_t, 32> hmac_sha256(Bytes key, Bytes data) {
  std::array<uint8_t, 32> md{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), int(key.size()), data.data(), data.size(), md.data(), &len);
  return md;
}

std::array<uint8_t, 32> sha256(Bytes data) {
  std::array<uint8_t, 32> md{};
  SHA256(data.data(), data.size(), md.data());
  return md;
}

std::optional<std::vector<uint8_t>> base64_decode(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  for (char ch : text)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '+' || ch == '/' || ch == '=')) return std::nullopt;
  std::vector<uint8_t> out(text.size() / 4 * 3);
  const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()), int(text.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts the padding as zero bytes.
  size_t pad = 0;
  if (text.back() == '=') ++pad;
  if (text.size() >= 2 && text[text.size() - 2] == '=') ++pad;
  out.resize(size_t(n) - pad);
  return out;
}

std::string base64_encode(Bytes b) {
  std::string out(4 * ((b.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), b.data(), int(b.size()));
  out.resize(size_t(n));
  return out;
}

}  // namespace cephwire::secure
