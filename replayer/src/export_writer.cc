#include "export_writer.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace cephwire::replay {

namespace {

std::string escaped(const std::string& s, bool slash) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '\0' || (slash && c == '/')) {
      char b[4];
      std::snprintf(b, sizeof b, "%%%02x", unsigned(uint8_t(c)));
      out += b;
    } else {
      out += c;
    }
  }
  return out;
}

// One path component: never "", "." or ".." (a damaged name must not climb out of DIR).
std::string component(const std::string& s) {
  if (s.empty()) return "%00";
  if (s == ".") return "%2e";
  if (s == "..") return "%2e%2e";
  return escaped(s, true);
}

// "a/b/file.txt" -> "a/b/file(2).txt"
std::string versioned(const std::string& rel, uint32_t k) {
  const size_t slash = rel.rfind('/');
  const size_t dot = rel.rfind('.');
  const size_t at = dot != std::string::npos && (slash == std::string::npos || dot > slash + 1) ? dot : rel.size();
  return rel.substr(0, at) + "(" + std::to_string(k) + ")" + rel.substr(at);
}

}  // namespace

Bytes ExportWriter::write(const messages::ExportEntry& e) {
  std::string rel;
  if (e.file) {
    rel = "cephfs";
    size_t from = 0;
    while (from <= e.name.size()) {
      size_t to = e.name.find('/', from);
      if (to == std::string::npos) to = e.name.size();
      if (to > from) {
        rel += '/';
        rel += component(e.name.substr(from, to - from));
      }
      from = to + 1;
    }
  } else {
    const size_t slash = e.name.find('/');
    rel = "rados/";
    rel += component(e.name.substr(0, slash));
    rel += '/';
    rel += component(slash == std::string::npos ? "" : e.name.substr(slash + 1));
  }
  uint32_t& n = seen_[rel];
  (n == 0 ? (e.file ? files_ : objects_) : versions_)++;
  const std::filesystem::path path = std::filesystem::path(dir_) / (n ? versioned(rel, n) : rel);
  ++n;
  bytes_ += e.bytes.size();
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out.write(reinterpret_cast<const char*>(e.bytes.data()), std::streamsize(e.bytes.size())) || !out.flush())
    errors_.push_back(path.string() + ": cannot be written" + (ec ? " (" + ec.message() + ")" : ""));
  if (e.file) return e.bytes;  // not kept by the export
  std::vector<uint8_t>& keep = latest_[e.name];
  keep.assign(e.bytes.begin(), e.bytes.end());
  return Bytes(keep.data(), keep.size());
}

}  // namespace cephwire::replay
