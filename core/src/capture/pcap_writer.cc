#include "cephwire/capture/pcap_writer.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace cephwire::capture {

PcapWriter::PcapWriter(const std::string& path, uint32_t link_type, Format format, uint32_t snaplen)
    : path_(path), format_(format), snaplen_(snaplen) {
  f_ = std::fopen(path.c_str(), "wb");
  if (!f_) throw std::runtime_error(path + ": cannot create: " + std::strerror(errno));
  if (format == Format::Pcap) {
    uint8_t h[24];
    store_le32(h, 0xa1b2c3d4);  // microsecond timestamps
    store_le16(h + 4, 2);
    store_le16(h + 6, 4);
    store_le32(h + 8, 0);
    store_le32(h + 12, 0);
    store_le32(h + 16, snaplen);
    store_le32(h + 20, link_type);
    put(h, sizeof h);
  } else {
    uint8_t shb[28];  // section header block, no options
    store_le32(shb, 0x0a0d0d0a);
    store_le32(shb + 4, 28);
    store_le32(shb + 8, 0x1a2b3c4d);
    store_le16(shb + 12, 1);
    store_le16(shb + 14, 0);
    store_le64(shb + 16, ~uint64_t(0));  // section length unknown
    store_le32(shb + 24, 28);
    put(shb, sizeof shb);
    uint8_t idb[20];  // interface description block, microsecond resolution by default
    store_le32(idb, 1);
    store_le32(idb + 4, 20);
    store_le16(idb + 8, uint16_t(link_type));
    store_le16(idb + 10, 0);
    store_le32(idb + 12, snaplen);
    store_le32(idb + 16, 20);
    put(idb, sizeof idb);
  }
}

PcapWriter::~PcapWriter() {
  if (f_) std::fclose(f_);
}

void PcapWriter::put(const void* p, size_t n) {
  if (std::fwrite(p, 1, n, f_) != n) throw std::runtime_error(path_ + ": write failed: " + std::strerror(errno));
}

void PcapWriter::write(uint64_t ts_usec, Bytes frame, uint32_t wire_len) {
  if (!f_) throw std::runtime_error(path_ + ": write after close");
  const uint32_t cap = uint32_t(std::min<size_t>(frame.size(), snaplen_));
  if (wire_len < frame.size()) wire_len = uint32_t(frame.size());
  if (format_ == Format::Pcap) {
    uint8_t h[16];
    store_le32(h, uint32_t(ts_usec / 1000000));
    store_le32(h + 4, uint32_t(ts_usec % 1000000));
    store_le32(h + 8, cap);
    store_le32(h + 12, wire_len);
    put(h, sizeof h);
    put(frame.data(), cap);
  } else {
    const uint32_t padded = (cap + 3) & ~3u;
    const uint32_t total = 28 + padded + 4;
    uint8_t h[28];  // enhanced packet block
    store_le32(h, 6);
    store_le32(h + 4, total);
    store_le32(h + 8, 0);  // interface 0
    store_le32(h + 12, uint32_t(ts_usec >> 32));
    store_le32(h + 16, uint32_t(ts_usec));
    store_le32(h + 20, cap);
    store_le32(h + 24, wire_len);
    put(h, sizeof h);
    put(frame.data(), cap);
    static const uint8_t kPad[4] = {0, 0, 0, 0};
    put(kPad, padded - cap);
    uint8_t t[4];
    store_le32(t, total);
    put(t, 4);
  }
  ++frames_;
}

void PcapWriter::close() {
  if (f_ && std::fclose(f_) != 0) {
    f_ = nullptr;
    throw std::runtime_error(path_ + ": close failed: " + std::strerror(errno));
  }
  f_ = nullptr;
}

}  // namespace cephwire::capture
