#include "cephwire/compression.h"

#include <lz4.h>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>

#include "cephwire/msgr2.h"

namespace cephwire {
namespace {

bool fail(std::string* why, std::string s) {
  if (why) *why = std::move(s);
  return false;
}

uint32_t le32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

void put_le32(std::vector<uint8_t>& out, uint32_t v) {
  const size_t at = out.size();
  out.resize(at + 4);
  std::memcpy(out.data() + at, &v, 4);
}

bool snappy_out(Bytes in, size_t limit, std::vector<uint8_t>& out, std::string* why) {
  size_t n = 0;
  if (snappy_uncompressed_length(reinterpret_cast<const char*>(in.data()), in.size(), &n) != SNAPPY_OK)
    return fail(why, "not a snappy stream (bad length prefix)");
  if (n > limit) return fail(why, "snappy segment would be " + std::to_string(n) + " bytes, over the limit");
  out.resize(n);
  if (snappy_uncompress(reinterpret_cast<const char*>(in.data()), in.size(), reinterpret_cast<char*>(out.data()),
                        &n) != SNAPPY_OK)
    return fail(why, "snappy stream does not decode");
  out.resize(n);
  return true;
}

bool zlib_out(Bytes in, size_t limit, std::vector<uint8_t>& out, std::string* why) {
  if (in.empty()) return fail(why, "zlib segment without its variation byte");
  z_stream z{};
  if (inflateInit2(&z, -15) != Z_OK) return fail(why, "zlib: inflateInit2 failed");
  z.next_in = const_cast<Bytef*>(in.data() + 1);
  z.avail_in = uInt(in.size() - 1);
  int r = Z_OK;
  uint8_t buf[16384];
  while (r != Z_STREAM_END) {
    z.next_out = buf;
    z.avail_out = sizeof buf;
    r = inflate(&z, Z_NO_FLUSH);
    if (r != Z_OK && r != Z_STREAM_END) {
      inflateEnd(&z);
      return fail(why, std::string("raw deflate stream does not decode") + (z.msg ? std::string(": ") + z.msg : ""));
    }
    const size_t got = sizeof buf - z.avail_out;
    if (out.size() + got > limit) {
      inflateEnd(&z);
      return fail(why, "zlib segment inflates beyond the limit");
    }
    out.insert(out.end(), buf, buf + got);
    if (r == Z_OK && got == 0 && z.avail_in == 0) break;  // input ended before the stream did
  }
  inflateEnd(&z);
  if (r != Z_STREAM_END) return fail(why, "raw deflate stream is cut short");
  return true;
}

bool zstd_out(Bytes in, size_t limit, std::vector<uint8_t>& out, std::string* why) {
  if (in.size() < 4) return fail(why, "zstd segment shorter than its length prefix");
  const uint32_t n = le32(in.data());
  if (n > limit) return fail(why, "zstd segment would be " + std::to_string(n) + " bytes, over the limit");
  out.resize(n);
  const size_t r = ZSTD_decompress(out.data(), n, in.data() + 4, in.size() - 4);
  if (ZSTD_isError(r)) return fail(why, std::string("zstd frame does not decode: ") + ZSTD_getErrorName(r));
  if (r != n) return fail(why, "zstd frame holds " + std::to_string(r) + " bytes, its prefix says " + std::to_string(n));
  return true;
}

bool lz4_out(Bytes in, size_t limit, std::vector<uint8_t>& out, std::string* why) {
  if (in.size() < 4) return fail(why, "lz4 segment shorter than its chunk count");
  const uint32_t count = le32(in.data());
  if (count > (in.size() - 4) / 8) return fail(why, "lz4 chunk count " + std::to_string(count) + " overruns the segment");
  uint64_t total = 0, packed = 0;
  for (uint32_t i = 0; i < count; ++i) {
    total += le32(in.data() + 4 + 8 * i);
    packed += le32(in.data() + 8 + 8 * i);
  }
  const size_t body = 4 + 8 * size_t(count);
  if (total > limit) return fail(why, "lz4 segment would be " + std::to_string(total) + " bytes, over the limit");
  if (packed != in.size() - body)
    return fail(why, "lz4 chunks claim " + std::to_string(packed) + " bytes, the segment holds " +
                         std::to_string(in.size() - body));
  out.resize(total);
  LZ4_streamDecode_t st;
  LZ4_setStreamDecode(&st, nullptr, 0);
  const char* src = reinterpret_cast<const char*>(in.data() + body);
  char* dst = reinterpret_cast<char*>(out.data());
  for (uint32_t i = 0; i < count; ++i) {
    const int orig = int(le32(in.data() + 4 + 8 * i)), comp = int(le32(in.data() + 8 + 8 * i));
    if (LZ4_decompress_safe_continue(&st, src, dst, comp, orig) != orig)
      return fail(why, "lz4 chunk " + std::to_string(i) + " does not decode");
    src += comp;
    dst += orig;
  }
  return true;
}

}  // namespace

const char* compression_method_name(uint32_t method) {
  switch (CompressionMethod(method)) {
    case CompressionMethod::None: return "none";
    case CompressionMethod::Snappy: return "snappy";
    case CompressionMethod::Zlib: return "zlib";
    case CompressionMethod::Zstd: return "zstd";
    case CompressionMethod::Lz4: return "lz4";
    case CompressionMethod::Brotli: return "brotli";
  }
  return nullptr;
}

std::optional<std::vector<uint8_t>> decompress_segment(uint32_t method, Bytes in, size_t limit, std::string* why) {
  std::vector<uint8_t> out;
  if (in.empty()) return out;  // Ceph leaves empty segments empty
  bool ok;
  switch (CompressionMethod(method)) {
    case CompressionMethod::Snappy: ok = snappy_out(in, limit, out, why); break;
    case CompressionMethod::Zlib: ok = zlib_out(in, limit, out, why); break;
    case CompressionMethod::Zstd: ok = zstd_out(in, limit, out, why); break;
    case CompressionMethod::Lz4: ok = lz4_out(in, limit, out, why); break;
    default: {
      const char* n = compression_method_name(method);
      ok = fail(why, std::string("compression method ") + (n ? n : std::to_string(method)) +
                         " is not one this build decompresses");
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::array<std::vector<uint8_t>, 4>> decompress_frame(uint32_t method, const std::array<Bytes, 4>& segments,
                                                                    bool is_message, const Limits& limits,
                                                                    std::string* why) {
  const size_t caps[4] = {is_message ? msgr2::MsgHeader2::kSize : size_t(limits.max_control), limits.max_front,
                          limits.max_middle, limits.max_data};
  const char* name = compression_method_name(method);
  std::array<std::vector<uint8_t>, 4> out;
  for (size_t i = 0; i < 4; ++i) {
    std::string reason;
    auto d = decompress_segment(method, segments[i], caps[i], &reason);
    if (!d) {
      if (why)
        *why = "segment " + std::to_string(i) + " does not decompress with " + (name ? name : std::to_string(method)) +
               ": " + reason;
      return std::nullopt;
    }
    out[i] = std::move(*d);
  }
  if (is_message && out[0].size() != msgr2::MsgHeader2::kSize) {
    if (why)
      *why = "segment 0 decompresses to " + std::to_string(out[0].size()) + " bytes, not a ceph_msg_header2";
    return std::nullopt;
  }
  return out;
}

std::optional<std::vector<uint8_t>> compress_segment(uint32_t method, Bytes in) {
  std::vector<uint8_t> out;
  if (in.empty()) return out;
  switch (CompressionMethod(method)) {
    case CompressionMethod::Snappy: {
      size_t n = snappy_max_compressed_length(in.size());
      out.resize(n);
      if (snappy_compress(reinterpret_cast<const char*>(in.data()), in.size(), reinterpret_cast<char*>(out.data()),
                          &n) != SNAPPY_OK)
        return std::nullopt;
      out.resize(n);
      return out;
    }
    case CompressionMethod::Zlib: {
      z_stream z{};
      if (deflateInit2(&z, 5, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return std::nullopt;
      out.resize(1 + deflateBound(&z, uLong(in.size())));
      out[0] = 0;  // variation: zlib
      z.next_in = const_cast<Bytef*>(in.data());
      z.avail_in = uInt(in.size());
      z.next_out = out.data() + 1;
      z.avail_out = uInt(out.size() - 1);
      const int r = deflate(&z, Z_FINISH);
      const size_t n = 1 + z.total_out;
      deflateEnd(&z);
      if (r != Z_STREAM_END) return std::nullopt;
      out.resize(n);
      return out;
    }
    case CompressionMethod::Zstd: {
      put_le32(out, uint32_t(in.size()));
      out.resize(4 + ZSTD_compressBound(in.size()));
      const size_t r = ZSTD_compress(out.data() + 4, out.size() - 4, in.data(), in.size(), 5);
      if (ZSTD_isError(r)) return std::nullopt;
      out.resize(4 + r);
      return out;
    }
    case CompressionMethod::Lz4: {
      // One chunk, as Ceph writes a contiguous buffer.
      std::vector<uint8_t> body(size_t(LZ4_compressBound(int(in.size()))));
      const int n = LZ4_compress_default(reinterpret_cast<const char*>(in.data()), reinterpret_cast<char*>(body.data()),
                                         int(in.size()), int(body.size()));
      if (n <= 0) return std::nullopt;
      put_le32(out, 1);
      put_le32(out, uint32_t(in.size()));
      put_le32(out, uint32_t(n));
      out.insert(out.end(), body.begin(), body.begin() + n);
      return out;
    }
    default: return std::nullopt;
  }
}

}  // namespace cephwire
