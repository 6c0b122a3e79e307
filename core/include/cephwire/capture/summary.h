// What a capture holds, as `cephwire-replay inspect` reports it: sessions with
// their handshake facts, messages per session and type, bytes, every CRC
// mismatch, gap, skipped stretch and error with its session, direction, frame
// and stream offset. TCP connections that never showed Ceph are listed apart
// and their bytes are not counted as errors.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cephwire/capture/capture_reader.h"
#include "cephwire/messages/object_export.h"
#include "cephwire/request_tracker.h"

namespace cephwire::capture {

struct MessageRecord {
  Dir dir = Dir::ToServer;
  uint16_t type = 0;
  uint64_t seq = 0;
  uint64_t tid = 0;
  uint32_t front_len = 0, middle_len = 0, data_len = 0;
  uint64_t frame = 0;       // the frame that carried its first byte
  uint64_t end_frame = 0;   // the frame that completed it
  uint64_t offset = 0;      // stream offset
  uint64_t ts_usec = 0;     // end_frame's capture time
  bool crc_ok = true;
  // Ceph's own text of the message (messages/ceph_text.h), when its front
  // decoded; else why not.
  std::string text{};
  std::string text_why{};
};

struct SessionSummary {
  size_t id = 0;
  Endpoint client, server;
  bool syn_seen = false;
  uint64_t first_frame = 0, last_frame = 0, frames = 0;
  uint64_t first_ts_usec = 0, last_ts_usec = 0;
  SessionInfo info;
  bool encrypted = false;
  std::array<uint64_t, 2> payload_bytes{};
  std::array<uint64_t, 2> ciphertext_bytes{};
  std::array<uint64_t, 2> gap_bytes{};
  std::array<uint64_t, 2> skipped_bytes{};
  std::array<std::map<uint16_t, uint64_t>, 2> messages_by_type;  // per direction
  uint64_t messages = 0;
  uint64_t crc_checks = 0, crc_bad = 0, errors = 0;
  // msgr2 secure mode read with keys (ReaderOptions::parser.keys): whether
  // the connection opened and with what key, or why not; its AUTH_SIGNATUREs;
  // where a direction's decryption stopped.
  bool decrypted = false;
  std::string decrypted_with, decrypted_how, not_decrypted;
  bool key_given = false;  // not decrypted although a given key should have opened it
  uint64_t decrypted_messages = 0, decrypted_frames = 0;
  uint32_t signatures_good = 0, signatures_bad = 0, signatures_unverified = 0;
  std::array<std::string, 2> decryption_stopped;
  std::vector<MessageRecord> message_list;  // when SummaryOptions::keep_messages
  bool is_ceph() const { return info.protocol != Protocol::Unknown; }
};

struct Where {
  size_t session = 0;
  Dir dir = Dir::ToServer;
  uint64_t frame = 0;
  uint64_t offset = 0;  // stream offset in that direction
};

struct CrcError : Where {
  CrcField field = CrcField::V1Header;
  uint8_t segment = 0;
  uint32_t wire = 0, computed = 0;
};
struct GapRecord : Where {
  uint64_t length = 0;
  bool inside_payload = false;
};
struct SkipRecord : Where {
  uint64_t length = 0;
  SkipReason reason = SkipReason::NoBanner;
};
struct ErrorRecord : Where {
  ErrorKind kind = ErrorKind::Malformed;
  std::string reason;
};
// An object or file Export Objects could not follow (messages/object_export.h), and why.
struct ExportProblem : Where {
  std::string reason;
};
struct ConflictRecord : Where {
  uint64_t length = 0;
};

struct Summary {
  std::string file;
  ReadResult read;
  std::vector<SessionSummary> sessions;       // Ceph sessions, by id
  std::vector<SessionSummary> other_sessions; // TCP connections that never showed Ceph
  std::vector<CrcError> crc_errors;
  std::vector<GapRecord> gaps;
  std::vector<SkipRecord> skips;
  std::vector<ErrorRecord> errors;
  std::vector<ConflictRecord> conflicts;
  std::vector<ExportProblem> not_exported;  // with SummaryOptions::exporter
  uint64_t messages_total = 0;
  std::map<uint16_t, uint64_t> messages_by_type;
  uint64_t crc_checks = 0;
  uint64_t other_frames = 0;
  // Requests joined to their replies (SummaryOptions::ops); connection ids
  // are session ids.
  RequestTracker ops;
  // Failures the exit status reflects: CRC errors, gaps, parse errors, read errors.
  bool clean() const { return read.ok && crc_errors.empty() && gaps.empty() && errors.empty(); }
};

struct SummaryOptions {
  ReaderOptions reader;
  bool keep_messages = true;
  bool texts = true;  // each kept message's Ceph text (reads the fronts)
  bool ops = false;   // requests and replies (reads the fronts, and the first bytes of osd_op data)
  // Export Objects: every message is fed to it in capture order, with its
  // place among the requests and replies (implies ops).
  messages::ObjectExport* exporter = nullptr;
};

Summary summarize(const std::string& path, const SummaryOptions& o = {});

// The sessions of each client process, by the client's nonce (v1 banner
// address, msgr2 CLIENT_IDENT); sessions whose nonce is unknown are left out.
std::map<uint32_t, std::vector<size_t>> sessions_by_client(const Summary& s);

}  // namespace cephwire::capture
