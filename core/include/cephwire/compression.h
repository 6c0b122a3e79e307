// msgr2 on-wire compression (Ceph 17 and later): after COMPRESSION_REQUEST /
// COMPRESSION_DONE agree on a method, a frame whose preamble carries
// FRAME_EARLY_DATA_COMPRESSED has each non-empty segment compressed on its
// own by Ceph's Compressor plugin for that method, in the plugin's own
// format (CRCs cover the compressed bytes):
//   snappy  raw snappy (varint length, then the snappy stream)
//   zlib    one variation byte (0: zlib, 1: ISA-L), then raw deflate (window -15)
//   zstd    le32 decompressed length, then one zstd frame
//   lz4     le32 count, count x {le32 decompressed, le32 compressed}, then the
//           chunks of one LZ4 stream
// (src/msg/async/compression_onwire.cc and src/compressor/*/ in Ceph.)
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cephwire/bytes.h"
#include "cephwire/limits.h"

namespace cephwire {

// Ceph's Compressor::CompressionAlgorithm.
enum class CompressionMethod : uint32_t { None = 0, Snappy = 1, Zlib = 2, Zstd = 3, Lz4 = 4, Brotli = 5 };

const char* compression_method_name(uint32_t method);  // "snappy", ...; nullptr when unknown

// One segment back to its bytes; nullopt with a reason when the method is not
// one this build decodes, the bytes do not decode, or the result would exceed
// `limit` bytes (checked before anything that large is allocated).
std::optional<std::vector<uint8_t>> decompress_segment(uint32_t method, Bytes in, size_t limit, std::string* why);

// A compressed msgr2 frame's segments 0..3, each decompressed within the cap
// of its kind (control payload; a MESSAGE's header, which must come out as a
// ceph_msg_header2, front, middle, data). nullopt with a reason naming the
// segment when one does not. The parser and the plugin both read frames so.
std::optional<std::array<std::vector<uint8_t>, 4>> decompress_frame(uint32_t method, const std::array<Bytes, 4>& segments,
                                                                    bool is_message, const Limits& limits,
                                                                    std::string* why);

// The format a Ceph sender writes (the generator and the tests make
// compressed frames with it). An empty segment stays empty.
std::optional<std::vector<uint8_t>> compress_segment(uint32_t method, Bytes in);

}  // namespace cephwire
