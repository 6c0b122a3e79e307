// A capture as the replayer needs it: every Ceph session with the handshake
// facts a replay regenerates, the messages each side sent (the client's with
// their bytes, the server's with their fronts), and the client processes the
// sessions belong to.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cephwire/capture/capture_reader.h"
#include "cephwire/secure/key_store.h"
#include "cephwire/message.h"
#include "cephwire/messages/encoding.h"
#include "cephwire/messages/osd_map.h"
#include "cephwire/parser.h"

namespace cephwire::replay {

struct RecordedMessage {
  Dir dir = Dir::ToServer;
  uint64_t ts_usec = 0;  // when the frame that completed it was captured
  uint64_t frame = 0;
  uint64_t offset = 0;   // stream offset in its direction
  bool crc_ok = true;
  std::shared_ptr<Message> msg;  // server messages keep their front only
};

struct RecordedSession {
  size_t id = 0;  // as inspect numbers them
  capture::Endpoint client, server;
  SessionInfo info;
  bool encrypted = false;        // secure mode, and not decrypted
  std::string decrypted_with;    // secure mode opened with this keyring entry
  std::string not_decrypted;     // why a keyring did not open it
  uint64_t first_ts_usec = 0;
  std::optional<msgr1::Connect> v1_connect;            // the client's connect
  std::optional<msgr2::ClientIdent> v2_client_ident;
  std::optional<messages::AuthName> auth_name;         // from the auth request or authorizer
  uint8_t server_type = 0;                             // kEntityMon, kEntityOsd, ...
  std::optional<int64_t> server_id;                    // osd id, mon rank (v2 SERVER_IDENT; v1 message source)
  std::optional<uint64_t> client_global_id;            // v1 message source, v2 CLIENT_IDENT
  std::vector<RecordedMessage> messages;               // both directions, in capture order
  // Bytes of a direction that no recorded message holds: gaps between
  // messages, bytes passed over, items that did not parse. The messages in
  // them cannot be replayed.
  struct Loss {
    Dir dir = Dir::ToServer;
    uint64_t frame = 0, offset = 0;
    std::string what;  // "1448 bytes missing from the capture"
  };
  std::vector<Loss> losses;
  std::string describe() const;  // "session 3 (127.0.0.1:38944 -> 127.0.0.1:6789, mon, msgr v1)"
};

struct RecordedClient {
  uint32_t nonce = 0;
  std::vector<size_t> sessions;  // indexes into RecordedCapture::sessions, by first frame
  std::optional<messages::AuthName> auth_name;
  std::optional<uint64_t> global_id;  // the entity number it had in the capture
  // Its sessions began before the capture (no handshake seen): the process is
  // known only by the entity number its v1 messages carry, or is one session.
  bool midstream = false;
  std::string describe() const;  // "client.4123 (client.admin, nonce 123456)"
};

struct RecordedCapture {
  std::string file;
  capture::ReadResult read;
  std::vector<RecordedSession> sessions;  // Ceph sessions only
  std::vector<RecordedClient> clients;    // by first session
  messages::OsdMapPools pools;            // from every osd_map a client received
  std::vector<std::string> map_problems;  // osd_map fronts that did not decode
};

// keys: a key store that opens secure sessions (null: they stay ciphertext).
RecordedCapture load_recorded(const std::string& path, secure::KeyStore* keys = nullptr);

}  // namespace cephwire::replay
