// The capture-wide key store: the keyrings the user gave, and what decrypted
// monitor sessions teach, in capture order (service tickets with their
// session keys, the rotating secrets a daemon fetches). It opens a msgr2
// connection from its handshake: a monitor login with the named entity's
// key, a daemon connection with the session key of the ticket its authorizer
// presents (learned on the client's own monitor session, or opened with a
// rotating secret of the service, or with `mon.` between monitors). Each
// candidate key must open the authorizer and the AUTH_DONE reply.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cephwire/bytes.h"
#include "cephwire/secure/cephx.h"
#include "cephwire/secure/keyring.h"

namespace cephwire::secure {

// What a connection's plaintext handshake says about its keys.
struct Handshake {
  Bytes auth_request;  // the first AUTH_REQUEST's auth_payload
  Bytes last_request;  // the AUTH_REQUEST(_MORE) payload AUTH_DONE answered
  Bytes auth_done;     // AUTH_DONE's auth_payload
  uint32_t auth_method = 0;
  uint8_t client_type = 0, server_type = 0;  // HELLO entity types
};

struct SessionKeys {
  std::vector<uint8_t> connection_secret;
  CryptoKey session_key;    // its secret is the HMAC key of AUTH_SIGNATURE
  std::string opened_with;  // the keyring entry that opened it: "client.admin", "osd.0", "mon."
  std::string how;          // "login", "ticket learned on client.admin's monitor session", ...
  // Monitor logins: the entity, whose key opens the MAuthReply messages that follow.
  bool mon_login = false;
  std::string principal;
  CryptoKey principal_key;
};

struct OpenResult {
  std::optional<SessionKeys> keys;
  std::string why;  // when not opened: "no key for client.admin", ...
  bool had_key = false;  // a key that should have opened it was given (and failed)
};

class KeyStore {
 public:
  KeyStore() = default;
  explicit KeyStore(Keyring k) : keyring_(std::move(k)) {}
  const Keyring& keyring() const { return keyring_; }
  bool empty() const { return keyring_.empty(); }

  OpenResult open(const Handshake& h);
  // A decrypted MAuthReply front on a monitor login: renewed tickets and rotating secrets.
  void learn_auth_reply(const SessionKeys& k, Bytes front);

  size_t tickets_learned() const { return tickets_.size(); }
  size_t rotating_learned() const { return rotating_.size(); }

 private:
  struct Learned {
    CryptoKey key;
    uint32_t service = 0;
    std::string from;  // the keyring entry it came from
  };
  OpenResult open_mon(const messages::MonAuthRequest& m, const Handshake& h);
  OpenResult open_authorizer(const cephx::Authorizer& a, const Handshake& h);
  void learn_tickets(const std::vector<cephx::ServiceTicket>& t, const std::string& from);

  Keyring keyring_;
  std::map<std::string, Learned> tickets_;                            // by the ticket blob's bytes
  std::vector<Learned> session_keys_;                                 // every service session key learned
  std::map<std::pair<uint32_t, uint64_t>, Learned> rotating_;         // by (service, secret id)
};

}  // namespace cephwire::secure
