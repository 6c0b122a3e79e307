#include "cephwire/secure/crypto.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
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

bool gcm_open_into(const AesKey& key, const GcmNonce& nonce, Bytes ct_and_tag, std::span<const OutPiece> out) {
  if (ct_and_tag.size() < kGcmTagSize) return false;
  const size_t ct_len = ct_and_tag.size() - kGcmTagSize;
  uint8_t tag[kGcmTagSize];
  std::memcpy(tag, ct_and_tag.data() + ct_len, kGcmTagSize);
  auto c = new_ctx();
  if (!c || EVP_DecryptInit_ex(c.get(), EVP_aes_128_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(c.get(), EVP_CTRL_GCM_SET_IVLEN, int(nonce.size()), nullptr) != 1 ||
      EVP_DecryptInit_ex(c.get(), nullptr, nullptr, key.data(), nonce.data()) != 1)
    return false;
  size_t at = 0;
  for (const auto& piece : out) {
    if (piece.length > ct_len - at) return false;
    int n = 0;
    if (!update(c.get(), piece.at, &n, ct_and_tag.subspan(at, piece.length))) return false;
    at += piece.length;
  }
  int fin = 0;
  uint8_t end[16];
  return at == ct_len && EVP_CIPHER_CTX_ctrl(c.get(), EVP_CTRL_GCM_SET_TAG, int(kGcmTagSize), tag) == 1 &&
         EVP_DecryptFinal_ex(c.get(), end, &fin) == 1;
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

namespace {

constexpr size_t kKrb5Block = 16, kKrb5Hash = 24;

// RFC 8009 KDF-HMAC-SHA2 with one iteration: HMAC-SHA384(key, 00000001 |
// be32 usage | type | 00 | be32 bits), its first bits/8 bytes.
std::vector<uint8_t> krb5_derive(Bytes key, uint32_t usage, uint8_t type, uint32_t bits) {
  uint8_t in[14] = {0, 0, 0, 1, uint8_t(usage >> 24), uint8_t(usage >> 16), uint8_t(usage >> 8), uint8_t(usage),
                    type, 0, uint8_t(bits >> 24), uint8_t(bits >> 16), uint8_t(bits >> 8), uint8_t(bits)};
  uint8_t md[48];
  unsigned int len = 0;
  HMAC(EVP_sha384(), key.data(), int(key.size()), in, sizeof in, md, &len);
  return std::vector<uint8_t>(md, md + bits / 8);
}

std::array<uint8_t, kKrb5Hash> krb5_checksum(const std::vector<uint8_t>& ki, Bytes ct) {
  std::vector<uint8_t> msg(kKrb5Block, 0);  // the (zero) IV, then the ciphertext
  msg.insert(msg.end(), ct.begin(), ct.end());
  uint8_t md[48];
  unsigned int len = 0;
  HMAC(EVP_sha384(), ki.data(), int(ki.size()), msg.data(), msg.size(), md, &len);
  std::array<uint8_t, kKrb5Hash> h{};
  std::memcpy(h.data(), md, h.size());
  return h;
}

std::optional<std::vector<uint8_t>> cts(bool enc, const std::vector<uint8_t>& ke, Bytes in) {
  EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, "AES-256-CBC-CTS", nullptr);
  if (!cipher) return std::nullopt;
  auto c = new_ctx();
  uint8_t iv[kKrb5Block] = {};
  char mode[] = "CS3";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_CIPHER_PARAM_CTS_MODE, mode, 0),
                         OSSL_PARAM_construct_end()};
  std::vector<uint8_t> out(in.size() + kKrb5Block);
  int n = 0, fin = 0;
  const bool ok = c && EVP_CipherInit_ex2(c.get(), cipher, ke.data(), iv, enc ? 1 : 0, params) == 1 &&
                  EVP_CipherUpdate(c.get(), out.data(), &n, in.data(), int(in.size())) == 1 &&
                  EVP_CipherFinal_ex(c.get(), out.data() + n, &fin) == 1;
  EVP_CIPHER_free(cipher);
  if (!ok) return std::nullopt;
  out.resize(size_t(n + fin));
  return out;
}

}  // namespace

std::optional<std::vector<uint8_t>> krb5_decrypt(Bytes base_key, uint32_t usage, Bytes ct) {
  if (ct.size() < kKrb5Block + kKrb5Hash) return std::nullopt;
  const Bytes body = ct.first(ct.size() - kKrb5Hash);
  const auto want = krb5_checksum(krb5_derive(base_key, usage, 0x55, 192), body);
  if (CRYPTO_memcmp(want.data(), ct.data() + body.size(), kKrb5Hash) != 0) return std::nullopt;
  auto pt = cts(false, krb5_derive(base_key, usage, 0xaa, 256), body);
  if (!pt || pt->size() < kKrb5Block) return std::nullopt;
  return std::vector<uint8_t>(pt->begin() + kKrb5Block, pt->end());  // without the confounder
}

std::vector<uint8_t> krb5_encrypt(Bytes base_key, uint32_t usage, Bytes pt, Bytes confounder) {
  std::vector<uint8_t> in(confounder.begin(), confounder.end());
  in.resize(kKrb5Block);
  in.insert(in.end(), pt.begin(), pt.end());
  auto ct = cts(true, krb5_derive(base_key, usage, 0xaa, 256), in);
  if (!ct) return {};
  const auto h = krb5_checksum(krb5_derive(base_key, usage, 0x55, 192), *ct);
  ct->insert(ct->end(), h.begin(), h.end());
  return *ct;
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
