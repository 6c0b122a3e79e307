#include "cephwire/secure/keyring.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace cephwire::secure {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<AesKey> CryptoKey::aes(std::string* why) const {
  if (type == kTypeAes && secret.size() == 16) {
    AesKey k;
    std::copy(secret.begin(), secret.end(), k.begin());
    return k;
  }
  if (why)
    *why = "not an AES-128 CryptoKey (type " + std::to_string(type) + ", " + std::to_string(secret.size()) +
           " bytes)";
  return std::nullopt;
}

bool CryptoKey::usable(std::string* why) const {
  if ((type == kTypeAes && secret.size() == 16) || (type == kTypeAes256Krb5 && secret.size() == 32)) return true;
  if (why)
    *why = "not a key cephx encrypts with (type " + std::to_string(type) + ", " + std::to_string(secret.size()) +
           " bytes)";
  return false;
}

std::optional<std::vector<uint8_t>> CryptoKey::decrypt(uint32_t usage, Bytes ct) const {
  if (!usable()) return std::nullopt;
  if (type == kTypeAes256Krb5) return krb5_decrypt(secret, usage, ct);
  return cbc_decrypt(*aes(), kCephAesIv, ct);
}

std::vector<uint8_t> CryptoKey::encrypt(uint32_t usage, Bytes pt) const {
  if (!usable()) return {};
  if (type == kTypeAes256Krb5) {
    // A fixed confounder: encryption here only builds test sessions.
    const std::array<uint8_t, 16> confounder{0xb8, 0x0d, 0x32, 0x51, 0xc1, 0xf6, 0x47, 0x14,
                                             0x94, 0x25, 0x6f, 0xfe, 0x71, 0x2d, 0x0b, 0x9a};
    return krb5_encrypt(secret, usage, pt, confounder);
  }
  return cbc_encrypt(*aes(), kCephAesIv, pt);
}

CryptoKey CryptoKey::decode(ByteReader& r) {
  CryptoKey k;
  k.type = r.le16();
  k.created_sec = r.le32();
  k.created_nsec = r.le32();
  const uint16_t len = r.le16();
  const Bytes s = r.bytes(len);
  k.secret.assign(s.begin(), s.end());
  return k;
}

void CryptoKey::encode(ByteBuffer& b) const {
  b.encode_16(type);
  b.encode_32(created_sec);
  b.encode_32(created_nsec);
  b.encode_16(uint16_t(secret.size()));
  b.append(secret);
}

std::string KeyringProblem::text() const {
  return line ? file + ":" + std::to_string(line) + ": " + what : file + ": " + what;
}

std::optional<CryptoKey> decode_key_text(std::string_view base64, std::string* why) {
  auto raw = base64_decode(trim(base64));
  if (!raw) {
    *why = "the key is not base64";
    return std::nullopt;
  }
  ByteReader r(*raw);
  CryptoKey k = CryptoKey::decode(r);
  if (!r.at_end()) {
    *why = "the key's " + std::to_string(raw->size()) + " bytes are not an encoded CryptoKey";
    return std::nullopt;
  }
  if (k.type != CryptoKey::kTypeAes && k.type != CryptoKey::kTypeAes256Krb5) {
    *why = "CryptoKey type " + std::to_string(k.type) + " is not an AES key";
    return std::nullopt;
  }
  if (k.type == CryptoKey::kTypeAes && k.secret.size() != 16) {
    *why = "an AES-128 CryptoKey of " + std::to_string(k.secret.size()) + " bytes (16 expected)";
    return std::nullopt;
  }
  if (k.type == CryptoKey::kTypeAes256Krb5 && k.secret.size() != 32) {
    *why = "an AES256KRB5 CryptoKey of " + std::to_string(k.secret.size()) + " bytes (32 expected)";
    return std::nullopt;
  }
  return k;
}

void Keyring::problem(const std::string& file, size_t line, std::string what) {
  problems_.push_back({file, line, std::move(what)});
}

const CryptoKey* Keyring::find(const std::string& entity) const {
  auto it = keys_.find(entity);
  return it == keys_.end() ? nullptr : &it->second;
}

void Keyring::parse(std::string_view text, const std::string& source) {
  // A bare secret: one base64 word and nothing else.
  if (auto t = trim(text); !t.empty() && t.find_first_of("[ \t\n") == std::string_view::npos) {
    std::string why;
    const std::string name = std::filesystem::path(source).stem().string();
    if (auto k = decode_key_text(t, &why))
      add(name, std::move(*k));
    else
      problem(source, 1, why);
    return;
  }
  std::string section;
  bool section_has_key = true;
  size_t section_line = 0;
  size_t lineno = 0;
  auto end_section = [&] {
    if (!section.empty() && !section_has_key) problem(source, section_line, "[" + section + "] has no key");
  };
  std::istringstream in{std::string(text)};
  for (std::string raw; std::getline(in, raw);) {
    ++lineno;
    std::string_view line = trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line[0] == '[') {
      end_section();
      if (line.back() != ']' || line.size() < 3) {
        problem(source, lineno, "a section header that does not end with ]");
        section.clear();
        continue;
      }
      section = std::string(trim(line.substr(1, line.size() - 2)));
      section_has_key = false;
      section_line = lineno;
      continue;
    }
    const size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      problem(source, lineno, "not a `name = value` line");
      continue;
    }
    const std::string_view name = trim(line.substr(0, eq));
    if (name != "key") continue;  // caps, auid, ...: nothing to decrypt with
    if (section.empty()) {
      problem(source, lineno, "a key outside any [entity] section");
      continue;
    }
    std::string why;
    if (auto k = decode_key_text(line.substr(eq + 1), &why)) {
      add(section, std::move(*k));
      section_has_key = true;
    } else {
      problem(source, lineno, "[" + section + "]: " + why);
      section_has_key = true;  // said already
    }
  }
  end_section();
}

void Keyring::load(const std::string& path, const std::string& entity) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(path, ec))
      if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    if (files.empty()) problem(path, 0, "a directory with no keyring files");
    for (const auto& f : files) load(f.string());
    return;
  }
  std::ifstream f(path, std::ios::binary);
  if (!f) return problem(path, 0, "cannot be read");
  std::stringstream ss;
  ss << f.rdbuf();
  const size_t before = keys_.size(), problems_before = problems_.size();
  const std::string text = ss.str();
  parse(text, path);
  if (!entity.empty() && keys_.size() == before + 1) {
    // A secret file named by the caller.
    const std::string stem = std::filesystem::path(path).stem().string();
    if (auto it = keys_.find(stem); it != keys_.end()) {
      CryptoKey k = it->second;
      keys_.erase(it);
      add(entity, std::move(k));
    }
  }
  if (keys_.size() == before && problems_.size() == problems_before) problem(path, 0, "holds no key");
}

}  // namespace cephwire::secure
