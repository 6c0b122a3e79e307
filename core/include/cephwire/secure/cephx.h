// cephx as secure mode needs it (src/auth/cephx/CephxProtocol.h): the
// encode_encrypt wrappers (AES-128-CBC, Ceph's IV, struct_v and
// AUTH_ENC_MAGIC inside), service ticket replies, the authorizer a client
// presents to a daemon and the daemon's reply, the ticket a daemon opens with
// its rotating secret, and the rotating secrets themselves. Decoding, and
// encoding where tests and the capture generator build them.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "cephwire/bytes.h"
#include "cephwire/messages/mon_client.h"
#include "cephwire/secure/crypto.h"
#include "cephwire/secure/keyring.h"

namespace cephwire::secure::cephx {

inline constexpr uint64_t kAuthEncMagic = 0xff009cad8826aa55ull;
// CephXRequestHeader request types.
inline constexpr uint16_t kGetAuthSessionKey = 0x0100, kGetPrincipalSessionKey = 0x0200, kGetRotatingKey = 0x0400;
// AUTH_REQUEST's first byte.
inline constexpr uint8_t kAuthModeAuthorizer = 1, kAuthModeMon = messages::MonAuthRequest::kModeMon;
// A ticket sealed with the service entity's own key (mon to mon), not a rotating secret.
inline constexpr uint64_t kSecretIdOwnKey = ~uint64_t(0);
// MAuthReply.
inline constexpr uint16_t kMsgAuthReply = 18;
// Key usages (CEPHX_KEY_USAGE_*, Ceph 20's CephxProtocol.h and Linux's
// auth_x_protocol.h): AES256KRB5 keys derive their cipher keys from them;
// AES-128 ignores them.
inline constexpr uint32_t kUsageAuthConnectionSecret = 0x03, kUsageTicketSessionKey = 0x04, kUsageTicketBlob = 0x05,
                          kUsageAuthorize = 0x10, kUsageAuthorizeChallenge = 0x11, kUsageAuthorizeReply = 0x12,
                          kUsageRotatingSecret = 0x20, kUsageTicketInfo = 0x30;

// encode_encrypt_enc_bl: u8 1 | le64 magic | T, CBC-encrypted. Decryption
// gives T's bytes, or nullopt when the padding or the magic says wrong key.
std::optional<std::vector<uint8_t>> decrypt_enc_bl(const CryptoKey& key, uint32_t usage, Bytes ct);
std::vector<uint8_t> encrypt_enc_bl(const CryptoKey& key, uint32_t usage, Bytes t);
// encode_encrypt: le32 length | that ciphertext, read from r.
std::optional<std::vector<uint8_t>> decode_decrypt(ByteReader& r, const CryptoKey& key, uint32_t usage);
void encode_encrypt(ByteBuffer& out, const CryptoKey& key, uint32_t usage, Bytes t);

// CephXTicketBlob: opaque to its holder, sealed with the service's secret.
struct TicketBlob {
  uint64_t secret_id = 0;
  std::vector<uint8_t> blob;
  static TicketBlob decode(ByteReader& r);
  void encode(ByteBuffer& b) const;
};

// One entry of a service ticket reply, its msg_a opened.
struct ServiceTicket {
  uint32_t service_id = 0;
  CryptoKey session_key;
  TicketBlob ticket;
  bool ticket_known = true;  // false: the blob was sealed with an old session key we do not have
};

// cephx_build_service_ticket_reply; msg_a is opened with `key`. nullopt with
// why when it does not decode or the key does not open it.
std::optional<std::vector<ServiceTicket>> decode_service_ticket_reply(ByteReader& r, const CryptoKey& key,
                                                                      std::string* why);
void encode_service_ticket_reply(ByteBuffer& out, const CryptoKey& key, const std::vector<ServiceTicket>& tickets,
                                 uint64_t validity_sec = 43200);

// What AUTH_REQUEST's auth_payload holds: a monitor login (the message
// layer's MonAuthRequest), or an authorizer.
struct Authorizer {
  uint64_t global_id = 0;
  uint32_t service_id = 0;
  TicketBlob ticket;
  std::vector<uint8_t> authorize_ct;  // encrypted CephXAuthorize (no length)
};
using AuthRequestPayload = std::variant<std::monostate, messages::MonAuthRequest, Authorizer>;
AuthRequestPayload decode_auth_request(Bytes payload);
std::vector<uint8_t> encode_authorizer(const Authorizer& a);

// A monitor's AUTH_DONE payload, opened with the principal key: the AUTH
// session key, the connection secret (empty in crc mode, and before Nautilus)
// and the extra service tickets.
struct MonAuthDone {
  CryptoKey session_key;
  std::vector<uint8_t> connection_secret;
  std::vector<ServiceTicket> tickets;  // the AUTH ticket first, then the extra ones
};
std::optional<MonAuthDone> open_mon_auth_done(Bytes payload, const CryptoKey& principal, std::string* why);
std::vector<uint8_t> encode_mon_auth_done(const CryptoKey& principal, const CryptoKey& auth_session_key,
                                          Bytes connection_secret, const std::vector<ServiceTicket>& extra);

// Does this session key open the authorizer's CephXAuthorize?
bool opens_authorizer(const Authorizer& a, const CryptoKey& session_key);
std::vector<uint8_t> encode_authorize(const CryptoKey& session_key, uint64_t nonce);

// A daemon's AUTH_DONE payload (CephXAuthorizeReply), opened with the service session key.
struct AuthorizeReply {
  uint64_t nonce_plus_one = 0;
  std::vector<uint8_t> connection_secret;
};
std::optional<AuthorizeReply> open_authorize_reply(Bytes payload, const CryptoKey& session_key, std::string* why);
std::vector<uint8_t> encode_authorize_reply(const CryptoKey& session_key, uint64_t nonce_plus_one, Bytes secret);

// CephXServiceTicketInfo inside a ticket blob, opened with the service's secret.
struct TicketInfo {
  messages::AuthName entity;
  uint64_t global_id = 0;
  CryptoKey session_key;
};
std::optional<TicketInfo> open_ticket(const TicketBlob& t, const CryptoKey& service_secret);
std::vector<uint8_t> encode_ticket_info(const CryptoKey& service_secret, const TicketInfo& info);

// RotatingSecrets (CEPHX_GET_ROTATING_KEY), opened with the daemon's own key.
struct RotatingSecret {
  uint64_t secret_id = 0;
  CryptoKey key;
};
std::optional<std::vector<RotatingSecret>> open_rotating_secrets(ByteReader& r, const CryptoKey& principal);
void encode_rotating_secrets(ByteBuffer& out, const CryptoKey& principal, const std::vector<RotatingSecret>& s);

// MAuthReply's front: protocol, result, global_id, result_bl, result_msg.
struct AuthReplyFront {
  uint32_t protocol = 0;
  int32_t result = 0;
  uint64_t global_id = 0;
  Bytes result_bl;
};
std::optional<AuthReplyFront> decode_auth_reply_front(Bytes front);

}  // namespace cephwire::secure::cephx
