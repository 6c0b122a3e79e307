// A msgr2 secure-mode monitor session built with known keys, byte for byte
// as Ceph sends one: the plaintext handshake (banners, HELLO, a cephx
// AUTH_REQUEST login and the AUTH_DONE that carries the sealed session key
// and connection secret), then AUTH_SIGNATURE both ways (the HMAC of what
// each side received), the IDENT frames and messages, all AES-GCM sealed.
// For tests, the fuzzers' seeds and the capture generator.
#pragma once

#include <string>
#include <vector>

#include "cephwire/direction.h"
#include "cephwire/encoder.h"
#include "cephwire/message.h"
#include "cephwire/secure/cephx.h"
#include "cephwire/secure/keyring.h"

namespace cephwire::secure {

struct SecureSessionSpec {
  msgr2::HandshakeSpec hs;      // banners (rev0/rev1), entity types, addresses, global id
  messages::AuthName entity{kEntityClient, "admin"};
  CryptoKey principal;          // the entity's keyring key
  CryptoKey auth_session_key;
  std::vector<uint8_t> connection_secret;  // 64 bytes
  std::vector<cephx::ServiceTicket> extra_tickets;  // sealed with the AUTH session key
  std::vector<std::pair<Dir, const Message*>> messages;  // after the IDENT frames, in order
  // A daemon connection instead of a login: the authorizer (AUTH_REQUEST,
  // and again after the server's challenge in AUTH_REQUEST_MORE), the sealed
  // authorizer reply (AUTH_DONE), and the service session key that signs.
  std::vector<uint8_t> authorizer, authorizer_reply;
  CryptoKey service_session_key;
};

// A daemon connection's authorizer and reply: a ticket for `service` sealed
// with `service_secret` (a rotating secret `secret_id`, or the service's
// own key), carrying `session_key`; the reply carries the connection secret.
void set_authorizer(SecureSessionSpec& spec, uint32_t service, uint64_t secret_id, const CryptoKey& service_secret,
                    const CryptoKey& session_key, const messages::AuthName& client);

Conversation secure_mon_session(const SecureSessionSpec& spec);

// An AES CryptoKey of 16 bytes from..from+15 (made-up test keys).
CryptoKey test_key(uint8_t from);

}  // namespace cephwire::secure
