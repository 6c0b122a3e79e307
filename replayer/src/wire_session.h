// One live messenger connection over a non-blocking socket, as a client (the
// replayer) or as a server (the test peer): the msgr v1 or msgr2 crc-mode
// handshake with auth none, message sending with seq numbers and acks,
// keepalive answers, and receiving through the core's streaming parser, which
// verifies every CRC. The owner polls fd() for poll_events() and calls
// handle(); what happens is told to a SessionHandler.
//
// Messages go out with writev() straight from their front and data pages (in
// batches of at most IOV_MAX pieces): nothing is copied on the way.
#pragma once

#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cephwire/features.h"
#include "cephwire/encoder.h"
#include "cephwire/message.h"
#include "cephwire/parser.h"
#include "net.h"

namespace cephwire::replay {

using Clock = std::chrono::steady_clock;

// A message to send. Its data may be borrowed from another message (a
// captured one) so that a rewritten front goes out with the captured pages.
struct OutgoingMessage {
  Message msg;
  std::shared_ptr<const Message> data_from;
  const Pagelist& data() const { return data_from ? data_from->data : msg.data; }
};

enum class Role { Client, Server };

struct SessionConfig {
  Role role = Role::Client;
  Protocol protocol = Protocol::V2;  // client: what to speak; server: the client's banner decides
  uint8_t my_type = kEntityClient;
  EntityAddr my_addr;    // v1 banner address; msgr2 addrs
  EntityAddr peer_addr;  // client: the server's address, nonce included (msgr2 target_addr)
  uint64_t features = kFeaturesCeph18;
  // Client, msgr v1: connect fields and authorizer.
  uint32_t v1_protocol_version = 0;
  uint8_t v1_connect_flags = msgr1::kConnectLossy;
  uint32_t authorizer_protocol = 0;
  std::vector<uint8_t> authorizer;
  uint32_t global_seq = 1;
  // Client, msgr2: AUTH_REQUEST payload and the CLIENT_IDENT global_id (0:
  // the one AUTH_DONE assigns).
  std::vector<uint8_t> auth_payload;
  uint64_t global_id = 0;
  // Server: the global_id AUTH_DONE assigns, the SERVER_IDENT gid.
  uint64_t assign_global_id = 0;
  int64_t server_id = 0;
  uint64_t cookie = 0;
  bool tap = false;  // tell the handler every byte (on_bytes)
  uint64_t read_limit = 0;  // stop reading after this many bytes (the peer's stall fault); 0: none
  bool keep_data = true;    // false: received data sections are checked, not kept (the peer)
};

class WireSession;

class SessionHandler {
 public:
  virtual ~SessionHandler() = default;
  virtual void on_ready(WireSession&) {}
  virtual void on_message(WireSession&, Message&) {}
  // The peer acknowledged every message up to seq.
  virtual void on_acked(WireSession&, uint64_t seq) { (void)seq; }
  // Closed or broken: nothing more will happen on this session.
  virtual void on_failed(WireSession&, const std::string& why) { (void)why; }
  // With SessionConfig::tap: the bytes as they were received and written.
  virtual void on_bytes(WireSession&, Dir from, Bytes b) { (void)from, (void)b; }
};

struct SessionStats {
  uint64_t bytes_out = 0, bytes_in = 0;
  uint64_t messages_out = 0, messages_in = 0;
  uint64_t crc_checked = 0;
};

class WireSession : private Listener {
 public:
  // Takes the socket (closed by the destructor). A client sends its banner at once.
  WireSession(int fd, SessionConfig config, SessionHandler& handler, std::string name);
  ~WireSession() override;
  WireSession(const WireSession&) = delete;
  WireSession& operator=(const WireSession&) = delete;

  int fd() const { return fd_; }
  short poll_events() const;
  void handle(short revents);

  // Queues a message (before the handshake ends it waits); assigns and
  // returns its seq. v1 messages carry `src` as the header source.
  uint64_t send(std::shared_ptr<OutgoingMessage> m);
  // The bytes this session would write for `m` as its next message, without
  // sending it (the test peer damages them to make faults).
  std::vector<uint8_t> encode_as_next(OutgoingMessage& m);
  // Bytes queued and not yet written.
  uint64_t unsent_bytes() const;
  void close_now();  // stops without telling the peer
  // Sends FIN once everything queued is written; the peer's close then ends
  // the session (as a failure "closed", which an owner that asked expects).
  void shutdown_write() {
    if (fd_ >= 0) ::shutdown(fd_, SHUT_WR);
  }

  const std::string& name() const { return name_; }
  bool ready() const { return ready_; }
  bool failed() const { return failed_; }
  const std::string& error() const { return error_; }
  Protocol protocol() const { return parser_.info().protocol; }
  uint64_t assigned_global_id() const { return assigned_global_id_; }
  // What the server said it supports (v1 connect reply, msgr2 SERVER_IDENT).
  uint64_t peer_features() const { return peer_features_; }
  uint64_t acked_seq() const { return acked_seq_; }
  uint64_t out_seq() const { return out_seq_; }
  Clock::time_point last_progress() const { return last_progress_; }
  const SessionStats& stats() const { return stats_; }
  const SessionInfo& info() const { return parser_.info(); }
  EntityName src;  // v1 header source of what this session sends

 private:
  struct Pending {
    WireFrame frame;
    std::shared_ptr<OutgoingMessage> keep;
    uint64_t done = 0;
    uint64_t size = 0;
  };

  // Listener
  void on_banner(Dir, const BannerEvent&) override;
  void on_v1_connect(Dir, const V1ConnectEvent&) override;
  void on_v1_connect_reply(Dir, const V1ConnectReplyEvent&) override;
  void on_v1_tag(Dir, const V1TagEvent&) override;
  void on_v2_frame(Dir, const V2FrameEvent&) override;
  void on_message(Dir, MessageEvent&) override;
  void on_crc(Dir, const CrcCheck&) override;
  void on_error(Dir, const ErrorEvent&) override;
  void on_ciphertext(Dir, const CiphertextEvent&) override;

  Dir mine() const { return config_.role == Role::Client ? Dir::ToServer : Dir::ToClient; }
  Dir theirs() const { return config_.role == Role::Client ? Dir::ToClient : Dir::ToServer; }
  void queue_raw(std::vector<uint8_t> bytes);  // handshake bytes, also fed to the parser
  void queue_control(const msgr2::ControlPayload& p);
  void queue_frame(WireFrame f, std::shared_ptr<OutgoingMessage> keep);
  WireFrame encode(OutgoingMessage& m);  // with this session's source, ack and framing options
  void encode_and_queue(std::shared_ptr<OutgoingMessage> m);
  void become_ready();
  void send_ack_if_due();
  void read_some();
  void write_some();
  void fail(const std::string& why);

  int fd_;
  SessionConfig config_;
  SessionHandler& handler_;
  std::string name_;
  Connection parser_;
  std::deque<Pending> out_;
  std::vector<std::shared_ptr<OutgoingMessage>> held_;  // until ready
  bool ready_ = false, failed_ = false, handshake_fed_ = true;
  bool v1_seq_pending_ = false;
  std::string error_;
  uint64_t out_seq_ = 0, in_seq_ = 0, acked_sent_ = 0, acked_seq_ = 0;
  uint64_t assigned_global_id_ = 0;
  uint64_t peer_features_ = 0;
  uint64_t unsent_ = 0;  // bytes queued and held, not yet written
  Clock::time_point last_progress_;
  SessionStats stats_;
  std::vector<uint8_t> rbuf_;
};

}  // namespace cephwire::replay
