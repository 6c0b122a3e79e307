// Ceph's keyrings: the plaintext INI form `ceph-authtool` and `ceph auth
// export` write ([client.admin] / key = <base64>), a bare base64 secret file
// (the kernel's secret=), or a directory of either. The base64 is an encoded
// CryptoKey; its secret is the key cephx encrypts with.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cephwire/bytes.h"
#include "cephwire/secure/crypto.h"

namespace cephwire::secure {

// CryptoKey (src/auth/Crypto.cc): le16 type, utime created, le16 len, secret.
struct CryptoKey {
  static constexpr uint16_t kTypeNone = 0, kTypeAes = 1, kTypeAes256Krb5 = 2;
  uint16_t type = 0;
  uint32_t created_sec = 0, created_nsec = 0;
  std::vector<uint8_t> secret;

  // The AES-128 key, when this is one; else why not.
  std::optional<AesKey> aes(std::string* why = nullptr) const;
  // A key cephx can encrypt with here: AES-128 (type 1, 16 bytes) or Ceph
  // 20's AES256KRB5 (type 2, 32 bytes); else why not.
  bool usable(std::string* why = nullptr) const;
  // cephx's cipher with this key: AES-128-CBC with Ceph's IV and PKCS#7
  // (usage ignored), or krb5 aes256-cts-hmac-sha384-192 keyed per usage
  // (CEPHX_KEY_USAGE_*). decrypt: nullopt when the key does not open it.
  std::optional<std::vector<uint8_t>> decrypt(uint32_t usage, Bytes ct) const;
  std::vector<uint8_t> encrypt(uint32_t usage, Bytes pt) const;
  // Reads one from r (sets r's failure when it does not fit).
  static CryptoKey decode(ByteReader& r);
  void encode(ByteBuffer& b) const;
};

struct KeyringProblem {
  std::string file;
  size_t line = 0;  // 0: the file as a whole
  std::string what;
  std::string text() const;  // "FILE:LINE: WHAT"
};

class Keyring {
 public:
  // Adds the keys of a keyring file, a secret file or a directory of them;
  // what it cannot read is a problem (the rest is still read). A secret
  // file's key is named `entity` (empty: the file name).
  void load(const std::string& path, const std::string& entity = "");
  // Adds keys from keyring text (`source` names it in problems).
  void parse(std::string_view text, const std::string& source);
  void add(const std::string& entity, CryptoKey key) { keys_[entity] = std::move(key); }

  const CryptoKey* find(const std::string& entity) const;
  const std::map<std::string, CryptoKey>& keys() const { return keys_; }
  const std::vector<KeyringProblem>& problems() const { return problems_; }
  bool empty() const { return keys_.empty(); }

 private:
  void problem(const std::string& file, size_t line, std::string what);
  std::map<std::string, CryptoKey> keys_;
  std::vector<KeyringProblem> problems_;
};

// The base64 of a keyring's `key =` line, decoded; nullopt with why.
std::optional<CryptoKey> decode_key_text(std::string_view base64, std::string* why);

}  // namespace cephwire::secure
