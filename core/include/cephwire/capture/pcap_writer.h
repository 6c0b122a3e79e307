// Writes captures in the classic pcap format or as pcapng (one section, one
// interface), for the synthetic generator, the test peer and the tests.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "cephwire/bytes.h"

namespace cephwire::capture {

class PcapWriter {
 public:
  enum class Format { Pcap, Pcapng };
  // Throws std::runtime_error naming the file when it cannot be created.
  PcapWriter(const std::string& path, uint32_t link_type, Format format = Format::Pcap,
             uint32_t snaplen = 262144);
  ~PcapWriter();
  PcapWriter(const PcapWriter&) = delete;
  PcapWriter& operator=(const PcapWriter&) = delete;

  // One frame; wire_len defaults to the captured length.
  void write(uint64_t ts_usec, Bytes frame, uint32_t wire_len = 0);
  void close();
  uint64_t frames() const { return frames_; }

 private:
  void put(const void* p, size_t n);
  std::FILE* f_ = nullptr;
  std::string path_;
  Format format_;
  uint32_t snaplen_;
  uint64_t frames_ = 0;
};

}  // namespace cephwire::capture
