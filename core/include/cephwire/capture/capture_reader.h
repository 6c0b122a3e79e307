// The capture reader: a pcap or pcapng file (through libpcap) turned into TCP
// connections, each reassembled per direction and fed to a core Connection
// parser. Consumers get the parser's events per session, and can map any
// stream offset an event names back to the frame that carried it.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "cephwire/capture/packet.h"
#include "cephwire/capture/tcp_reassembly.h"
#include "cephwire/parser.h"
#include "cephwire/pdu_framer.h"

namespace cephwire::capture {

class Session;

class CaptureConsumer {
 public:
  virtual ~CaptureConsumer() = default;
  // A new TCP connection: return the listener for its parser's events (null:
  // parse it, but drop the events).
  virtual Listener* on_session_start(Session& s) = 0;
  // After on_session_start: a sink for the session's PDUs (each whole PDU
  // with its context, cut as the parser reads them), or null for none.
  virtual PduSink* pdu_sink(Session& s) {
    (void)s;
    return nullptr;
  }
  // The connection is over (both FINs, an RST, port reuse, or the end of the
  // capture); the parser has seen finish().
  virtual void on_session_end(Session& s) { (void)s; }
  // A later TCP copy of some bytes differed from the first one (which won).
  virtual void on_tcp_conflict(Session& s, Dir d, uint64_t offset, uint64_t length, uint64_t frame) {
    (void)s, (void)d, (void)offset, (void)length, (void)frame;
  }
  // A frame that carried no TCP (ARP, UDP, IP fragments, ...).
  virtual void on_other_frame(uint64_t frame, Skip why) { (void)frame, (void)why; }
};

class Session {
 public:
  size_t id = 0;  // 1, 2, ... in order of first frame
  Endpoint client, server;
  bool syn_seen = false;     // roles come from the SYN; else from the Ceph ports
  uint64_t first_frame = 0, last_frame = 0;
  uint64_t first_ts_usec = 0, last_ts_usec = 0;
  uint64_t frames = 0;
  uint64_t payload_bytes[2] = {0, 0};
  uint64_t gap_bytes[2] = {0, 0};

  const Connection& parser() const { return *parser_; }
  // The frame that carried the byte at `offset` of direction d (the last frame
  // fed when the offset lies beyond what was fed).
  uint64_t frame_at(Dir d, uint64_t offset) const;
  // The frame being processed now.
  uint64_t current_frame() const { return current_frame_; }

 private:
  friend class CaptureReader;
  struct Direction : StreamSink {
    Session* s = nullptr;
    Dir dir = Dir::ToServer;
    std::unique_ptr<TcpReassembler> tcp;
    std::deque<std::pair<uint64_t, uint64_t>> index;  // (stream offset, frame), ascending
    bool fin = false;
    void on_data(uint64_t offset, Bytes data, uint64_t frame) override;
    void on_gap(uint64_t offset, uint64_t length, uint64_t frame) override;
    void on_conflict(uint64_t offset, uint64_t length, uint64_t frame) override;
  };
  std::unique_ptr<Connection> parser_;
  std::unique_ptr<PduFramer> framer_;  // when the consumer wants PDUs: bytes go through it to the parser
  Direction dirs_[2];
  CaptureConsumer* consumer_ = nullptr;
  uint64_t current_frame_ = 0;
  bool ended_ = false;
  class NullListener : public Listener {} null_;
};

struct ReaderOptions {
  ParserOptions parser;
  ReassemblyOptions reassembly;
};

struct ReadResult {
  bool ok = true;
  std::string error;         // "FILE: ... at byte offset N (frame M)"
  uint64_t error_offset = 0;
  uint32_t link_type = 0;
  uint64_t frames = 0;       // frames read
  uint64_t tcp_frames = 0;
  uint64_t file_bytes = 0;   // captured bytes of all frames read
  size_t sessions = 0;
};

class CaptureReader {
 public:
  CaptureReader(CaptureConsumer& consumer, ReaderOptions o = {});
  ~CaptureReader();
  // Reads the whole file; what came before a read error is still delivered.
  ReadResult read(const std::string& path);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cephwire::capture
