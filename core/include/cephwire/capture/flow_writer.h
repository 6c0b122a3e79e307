// Writes TCP connections into a capture: handshake, data cut into segments,
// FIN; or segments a scenario has reordered, duplicated or dropped first.
#pragma once

#include <cstdint>
#include <vector>

#include "cephwire/capture/packet.h"
#include "cephwire/capture/pcap_writer.h"
#include "cephwire/direction.h"

namespace cephwire::capture {

struct Segment {
  Dir dir = Dir::ToServer;
  uint32_t seq = 0;
  uint32_t ack = 0;  // what the peer had sent when this was cut
  uint8_t flags = kTcpAck | kTcpPsh;
  std::vector<uint8_t> payload;
};

class Capture;

class Flow {
 public:
  Flow(Capture& cap, Endpoint client, Endpoint server, uint32_t isn_client, uint32_t isn_server);

  void handshake();  // SYN, SYN+ACK, ACK
  // The segments that carry `bytes` from `d`, at most `mss` bytes each; they
  // advance this direction's sequence number but are not written.
  std::vector<Segment> cut(Dir d, Bytes bytes, size_t mss);
  void write(const Segment& s);
  // cut() and write() in order.
  void send(Dir d, Bytes bytes, size_t mss = 65483);
  void fin();

  uint64_t offset(Dir d) const { return sent_[size_t(d)]; }  // stream offset of the next byte
  const Endpoint& client() const { return client_; }
  const Endpoint& server() const { return server_; }

 private:
  Capture& cap_;
  Endpoint client_, server_;
  uint32_t next_seq_[2];
  uint64_t sent_[2] = {0, 0};
};

// A capture file being written, with its clock.
class Capture {
 public:
  Capture(const std::string& path, uint32_t link, PcapWriter::Format format, bool vlan = false)
      : writer_(path, link, format), link_(link), vlan_(vlan) {}
  void write(const TcpSegment& t);
  void close() { writer_.close(); }
  // Frames written from now on carry at least this time (a live tap's clock).
  void advance_clock(uint64_t usec) {
    if (usec > clock_usec_) clock_usec_ = usec;
  }
  uint64_t frames() const { return writer_.frames(); }

 private:
  PcapWriter writer_;
  uint32_t link_;
  bool vlan_;
  uint64_t clock_usec_ = 1764000000ull * 1000000;  // a fixed start: captures are reproducible
};

}  // namespace cephwire::capture
