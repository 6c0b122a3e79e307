#include "cephwire/capture/flow_writer.h"

namespace cephwire::capture {


void Capture::write(const TcpSegment& t) {
  auto frame = capture::build_frame(link_, t);
  if (vlan_ && link_ == capture::kLinkEthernet)  // an 802.1Q tag (VLAN 42) after the MAC addresses
    frame.insert(frame.begin() + 12, {0x81, 0x00, 0x00, 42});
  clock_usec_ += 10;
  writer_.write(clock_usec_, frame);
}

Flow::Flow(Capture& cap, Endpoint client, Endpoint server, uint32_t isn_client,
           uint32_t isn_server)
    : cap_(cap), client_(client), server_(server), next_seq_{isn_client, isn_server} {}

void Flow::handshake() {
  TcpSegment t;
  t.src = client_;
  t.dst = server_;
  t.seq = next_seq_[0]++;
  t.flags = kTcpSyn;
  cap_.write(t);
  t.src = server_;
  t.dst = client_;
  t.seq = next_seq_[1]++;
  t.ack = next_seq_[0];
  t.flags = kTcpSyn | kTcpAck;
  cap_.write(t);
  t.src = client_;
  t.dst = server_;
  t.seq = next_seq_[0];
  t.ack = next_seq_[1];
  t.flags = kTcpAck;
  cap_.write(t);
}

std::vector<Segment> Flow::cut(Dir d, Bytes bytes, size_t mss) {
  std::vector<Segment> out;
  for (size_t off = 0; off < bytes.size(); off += mss) {
    size_t n = std::min(mss, bytes.size() - off);
    Segment s;
    s.dir = d;
    s.seq = next_seq_[size_t(d)];
    s.ack = next_seq_[d == Dir::ToServer ? 1 : 0];
    s.payload.assign(bytes.begin() + ptrdiff_t(off), bytes.begin() + ptrdiff_t(off + n));
    next_seq_[size_t(d)] += uint32_t(n);
    sent_[size_t(d)] += n;
    out.push_back(std::move(s));
  }
  return out;
}

void Flow::write(const Segment& s) {
  TcpSegment t;
  const bool to_server = s.dir == Dir::ToServer;
  t.src = to_server ? client_ : server_;
  t.dst = to_server ? server_ : client_;
  t.seq = s.seq;
  t.ack = s.ack;
  t.flags = s.flags;
  t.payload = s.payload;
  cap_.write(t);
}

void Flow::send(Dir d, Bytes bytes, size_t mss) {
  for (auto& s : cut(d, bytes, mss)) write(s);
}

void Flow::fin() {
  for (Dir d : {Dir::ToServer, Dir::ToClient}) {
    Segment s;
    s.dir = d;
    s.seq = next_seq_[size_t(d)]++;
    s.ack = next_seq_[d == Dir::ToServer ? 1 : 0];
    s.flags = kTcpFin | kTcpAck;
    write(s);
  }
}

}  // namespace cephwire::capture
