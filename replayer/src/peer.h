// `cephwire-replay peer`: a built-in test peer. It accepts msgr v1 and msgr2
// crc-mode sessions with auth none on one port (it waits for the client's
// banner to tell which; real daemons bind one port per protocol), verifies
// every CRC, acknowledges, and plays a monitor and an OSD well enough that
// `send` completes against it: auth replies with a global_id, a monitor map,
// answers to the monitor commands the replayer sends (`osd dump`, `osd map`),
// version replies, pool ops (snapshots), and an osd_op_reply for every
// osd_op (from its objects, when it keeps them; the version it applied a
// write at, counted per placement group as an OSD does). It counts
// what it received and can write it to a pcap. Faults can be switched on to
// test a sender's error handling.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cephwire/messages/encoding.h"
#include "net.h"

namespace cephwire::replay {

enum class PeerFault {
  None,
  Close,    // half an osd_op_reply, then close
  Reset,    // reset the connection (RST) on the first osd_op
  Stall,    // stop reading a session once it has sent 1 MiB (inside a large message)
  Garbage,  // answer the first osd_op with bytes that are no frame
  BadCrc,   // answer the first osd_op with a reply whose CRC is wrong
  Silent,   // acknowledge osd_ops, never reply
  WrongResult,  // answer the first osd_op with -2 (ENOENT) where the capture has success
  SlowClient,   // apply and answer the osd_ops of the first client to send one 300 ms late
};
// "close", "reset", ...; nullopt for an unknown name.
std::optional<PeerFault> parse_peer_fault(const std::string& s);

struct PeerOptions {
  HostPort listen{"127.0.0.1", 0, 0};
  int64_t osd_id = 0;
  // The recorder's cluster fsid (what `cephwire-replay peer` says when not
  // told): a monitor command that names none is refused, as a monitor does.
  messages::Uuid fsid = {0x4c, 0x0f, 0x1e, 0x8a, 0x7c, 0x55, 0x4a, 0x7e,
                         0x9a, 0x39, 0x6b, 0x1d, 0x2c, 0x7f, 0x0c, 0x01};
  std::string pcap_path;  // write every session's bytes here
  PeerFault fault = PeerFault::None;
  int64_t first_pool_id = 1;  // `osd map` creates pools on demand, numbered from here
  // Keep objects (their bytes, versions) as an OSD does, and answer from
  // them: writes, appends, truncates, deletes, creates, copy-froms, stats.
  // Off, every osd_op succeeds and data is only checked.
  bool objects = false;
};

class Peer {
 public:
  explicit Peer(PeerOptions o);
  ~Peer();
  // Binds the listening socket; false with a reason.
  bool start(std::string* why);
  uint16_t port() const;
  // Serves until `stop` is set (checked every 100 ms) or `max_ms` passes (0:
  // no limit), then closes the pcap. Call once.
  void run(const std::atomic<bool>& stop, int64_t max_ms = 0);
  // What it received: sessions, messages by type, bytes, CRCs checked,
  // errors; its pools and (when it keeps them) objects.
  nlohmann::json report() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cephwire::replay
