#include "cephwire/secure/cephx.h"

#include "cephwire/entity.h"

namespace cephwire::secure::cephx {

namespace {

constexpr uint8_t kEncV = 1;

bool fail(std::string* why, std::string w) {
  if (why) *why = std::move(w);
  return false;
}

void encode_utime(ByteBuffer& b, uint64_t sec) {
  b.encode_32(uint32_t(sec));
  b.encode_32(0);
}

}  // namespace

std::optional<std::vector<uint8_t>> decrypt_enc_bl(const CryptoKey& key, uint32_t usage, Bytes ct) {
  auto pt = key.decrypt(usage, ct);
  if (!pt || pt->size() < 9) return std::nullopt;
  ByteReader r(*pt);
  const uint8_t v = r.u8();
  if (v != kEncV || r.le64() != kAuthEncMagic) return std::nullopt;
  return std::vector<uint8_t>(pt->begin() + 9, pt->end());
}

std::vector<uint8_t> encrypt_enc_bl(const CryptoKey& key, uint32_t usage, Bytes t) {
  ByteBuffer b;
  b.encode_8(kEncV);
  b.encode_64(kAuthEncMagic);
  b.append(t);
  return key.encrypt(usage, b.bytes());
}

std::optional<std::vector<uint8_t>> decode_decrypt(ByteReader& r, const CryptoKey& key, uint32_t usage) {
  const Bytes ct = r.blob();
  if (!r.ok()) return std::nullopt;
  return decrypt_enc_bl(key, usage, ct);
}

void encode_encrypt(ByteBuffer& out, const CryptoKey& key, uint32_t usage, Bytes t) {
  out.encode_blob(encrypt_enc_bl(key, usage, t));
}

TicketBlob TicketBlob::decode(ByteReader& r) {
  TicketBlob t;
  r.u8();  // struct_v
  t.secret_id = r.le64();
  const Bytes b = r.blob();
  t.blob.assign(b.begin(), b.end());
  return t;
}

void TicketBlob::encode(ByteBuffer& b) const {
  b.encode_8(1);
  b.encode_64(secret_id);
  b.encode_blob(blob);
}

std::optional<std::vector<ServiceTicket>> decode_service_ticket_reply(ByteReader& r, const CryptoKey& key,
                                                                      std::string* why) {
  r.u8();  // service_ticket_reply_v
  const uint32_t n = r.le32();
  if (!r.ok() || n > r.remaining()) return fail(why, "a service ticket reply that does not decode"), std::nullopt;
  std::vector<ServiceTicket> out;
  for (uint32_t i = 0; i < n; ++i) {
    ServiceTicket t;
    t.service_id = r.le32();
    r.u8();  // service_ticket_v
    auto msg_a = decode_decrypt(r, key, kUsageTicketSessionKey);
    if (!r.ok()) return fail(why, "service ticket " + std::to_string(i) + " does not decode"), std::nullopt;
    if (!msg_a) return fail(why, "the key does not open service ticket " + std::to_string(i)), std::nullopt;
    ByteReader m(*msg_a);
    m.u8();  // CephXServiceTicket struct_v
    t.session_key = CryptoKey::decode(m);
    if (!m.ok()) return fail(why, "service ticket " + std::to_string(i) + " holds no CryptoKey"), std::nullopt;
    const uint8_t ticket_enc = r.u8();
    const Bytes tb = r.blob();
    if (!r.ok()) return fail(why, "service ticket " + std::to_string(i) + "'s blob does not decode"), std::nullopt;
    if (ticket_enc) {
      t.ticket_known = false;  // sealed with the old AUTH session key: only the session key matters
    } else {
      ByteReader b(tb);
      t.ticket = TicketBlob::decode(b);
      t.ticket_known = b.ok();
    }
    out.push_back(std::move(t));
  }
  return out;
}

void encode_service_ticket_reply(ByteBuffer& out, const CryptoKey& key, const std::vector<ServiceTicket>& tickets,
                                 uint64_t validity_sec) {
  out.encode_8(1);
  out.encode_32(uint32_t(tickets.size()));
  for (const auto& t : tickets) {
    out.encode_32(t.service_id);
    out.encode_8(1);
    ByteBuffer msg_a;
    msg_a.encode_8(1);
    t.session_key.encode(msg_a);
    encode_utime(msg_a, validity_sec);
    encode_encrypt(out, key, kUsageTicketSessionKey, msg_a.bytes());
    out.encode_8(0);
    ByteBuffer blob;
    t.ticket.encode(blob);
    out.encode_blob(blob.bytes());
  }
}

AuthRequestPayload decode_auth_request(Bytes payload) {
  ByteReader r(payload);
  const uint8_t mode = r.u8();
  std::string why;
  if (mode == kAuthModeMon) {
    if (auto m = messages::MonAuthRequest::decode(payload, &why)) return *m;
  } else if (mode == kAuthModeAuthorizer) {
    Authorizer a;
    a.global_id = r.le64();
    a.service_id = r.le32();
    a.ticket = TicketBlob::decode(r);
    const Bytes ct = r.blob();
    a.authorize_ct.assign(ct.begin(), ct.end());
    if (r.ok()) return a;
  }
  return std::monostate{};
}

std::vector<uint8_t> encode_authorizer(const Authorizer& a) {
  ByteBuffer b;
  b.vec().reserve(64 + a.ticket.blob.size() + a.authorize_ct.size());  // (and gcc 12 -O3 warns of no false overflow)
  b.encode_8(kAuthModeAuthorizer);
  b.encode_64(a.global_id);
  b.encode_32(a.service_id);
  a.ticket.encode(b);
  b.encode_blob(a.authorize_ct);
  return b.take();
}

std::optional<MonAuthDone> open_mon_auth_done(Bytes payload, const CryptoKey& principal, std::string* why) {
  ByteReader r(payload);
  const uint16_t type = r.le16();
  const int32_t status = int32_t(r.le32());
  if (!r.ok() || type != kGetAuthSessionKey)
    return fail(why, "the AUTH_DONE payload is no cephx GET_AUTH_SESSION_KEY reply"), std::nullopt;
  if (status != 0) return fail(why, "cephx refused the login (status " + std::to_string(status) + ")"), std::nullopt;
  std::string w;
  auto auth = decode_service_ticket_reply(r, principal, &w);
  if (!auth || auth->empty())
    return fail(why, auth ? "no AUTH ticket in the reply" : w), std::nullopt;
  MonAuthDone d;
  std::string kw;
  if (!(*auth)[0].session_key.usable(&kw)) return fail(why, "the AUTH session key is " + kw), std::nullopt;
  d.session_key = (*auth)[0].session_key;
  d.tickets = std::move(*auth);
  if (r.at_end()) return d;  // a pre-Nautilus reply: no connection secret
  ByteReader cbl(r.blob());
  auto secret = decode_decrypt(cbl, d.session_key, kUsageAuthConnectionSecret);
  if (!r.ok() || !secret) return fail(why, "the connection secret does not open with the AUTH session key"), std::nullopt;
  ByteReader sr(*secret);
  const Bytes s = sr.blob();
  if (!sr.ok()) return fail(why, "the connection secret does not decode"), std::nullopt;
  d.connection_secret.assign(s.begin(), s.end());
  const Bytes extra = r.blob();
  if (r.ok() && !extra.empty()) {
    ByteReader er(extra);
    auto more = decode_service_ticket_reply(er, d.session_key, &w);
    if (!more) return fail(why, "the extra service tickets: " + w), std::nullopt;
    for (auto& t : *more) d.tickets.push_back(std::move(t));
  }
  return d;
}

std::vector<uint8_t> encode_mon_auth_done(const CryptoKey& principal, const CryptoKey& auth_session_key,
                                          Bytes connection_secret, const std::vector<ServiceTicket>& extra) {
  ByteBuffer b;
  b.vec().reserve(512);  // (gcc 12 -O3 warns of a write into the empty vector otherwise)
  b.encode_16(kGetAuthSessionKey);
  b.encode_32(0);
  ServiceTicket auth;
  auth.service_id = kEntityAuth;
  auth.session_key = auth_session_key;
  auth.ticket.secret_id = 1;
  auth.ticket.blob.assign(32, 0xab);
  encode_service_ticket_reply(b, principal, {auth});
  const CryptoKey& sk = auth_session_key;
  ByteBuffer secret;
  secret.encode_blob(connection_secret);
  ByteBuffer cbl;
  encode_encrypt(cbl, sk, kUsageAuthConnectionSecret, secret.bytes());
  b.encode_blob(cbl.bytes());
  ByteBuffer ex;
  if (!extra.empty()) encode_service_ticket_reply(ex, sk, extra);
  b.encode_blob(ex.bytes());
  return b.take();
}

bool opens_authorizer(const Authorizer& a, const CryptoKey& session_key) {
  return decrypt_enc_bl(session_key, kUsageAuthorize, a.authorize_ct).has_value();
}

std::vector<uint8_t> encode_authorize(const CryptoKey& session_key, uint64_t nonce) {
  ByteBuffer m;
  m.encode_8(2);
  m.encode_64(nonce);
  m.encode_8(0);
  m.encode_64(0);
  return encrypt_enc_bl(session_key, kUsageAuthorize, m.bytes());
}

std::optional<AuthorizeReply> open_authorize_reply(Bytes payload, const CryptoKey& session_key, std::string* why) {
  ByteReader r(payload);
  auto pt = decode_decrypt(r, session_key, kUsageAuthorizeReply);
  if (!r.ok()) return fail(why, "the authorizer reply does not decode"), std::nullopt;
  if (!pt) return fail(why, "the session key does not open the authorizer reply"), std::nullopt;
  ByteReader m(*pt);
  const uint8_t v = m.u8();
  AuthorizeReply out;
  out.nonce_plus_one = m.le64();
  if (v >= 2) {
    const Bytes s = m.blob();
    out.connection_secret.assign(s.begin(), s.end());
  }
  if (!m.ok()) return fail(why, "the authorizer reply does not decode"), std::nullopt;
  return out;
}

std::vector<uint8_t> encode_authorize_reply(const CryptoKey& session_key, uint64_t nonce_plus_one, Bytes secret) {
  ByteBuffer m;
  m.encode_8(2);
  m.encode_64(nonce_plus_one);
  m.encode_blob(secret);
  ByteBuffer out;
  encode_encrypt(out, session_key, kUsageAuthorizeReply, m.bytes());
  return out.take();
}

std::optional<TicketInfo> open_ticket(const TicketBlob& t, const CryptoKey& service_secret) {
  auto pt = decrypt_enc_bl(service_secret, kUsageTicketInfo, t.blob);
  if (!pt) return std::nullopt;
  ByteReader r(*pt);
  r.u8();                       // CephXServiceTicketInfo struct_v
  const uint8_t tv = r.u8();    // AuthTicket struct_v
  TicketInfo info;
  info.entity = messages::AuthName::decode(r).value_or(messages::AuthName{});
  info.global_id = r.le64();
  if (tv >= 2) r.le64();        // auid
  r.skip(16);                   // created, expires
  r.u8();                       // AuthCapsInfo struct_v
  r.u8();                       // allow_all
  r.blob();                     // caps
  r.le32();                     // flags
  info.session_key = CryptoKey::decode(r);
  if (!r.ok()) return std::nullopt;
  return info;
}

std::vector<uint8_t> encode_ticket_info(const CryptoKey& service_secret, const TicketInfo& info) {
  ByteBuffer b;
  b.encode_8(1);
  b.encode_8(2);
  info.entity.encode(b);
  b.encode_64(info.global_id);
  b.encode_64(0);
  encode_utime(b, 1700000000);
  encode_utime(b, 1700003600);
  b.encode_8(1);
  b.encode_8(0);
  b.encode_32(0);
  b.encode_32(0);
  info.session_key.encode(b);
  return encrypt_enc_bl(service_secret, kUsageTicketInfo, b.bytes());
}

std::optional<std::vector<RotatingSecret>> open_rotating_secrets(ByteReader& r, const CryptoKey& principal) {
  auto pt = decode_decrypt(r, principal, kUsageRotatingSecret);
  if (!pt) return std::nullopt;
  ByteReader m(*pt);
  m.u8();  // RotatingSecrets struct_v
  const uint32_t n = m.le32();
  if (!m.ok() || n > m.remaining()) return std::nullopt;
  std::vector<RotatingSecret> out;
  for (uint32_t i = 0; i < n; ++i) {
    RotatingSecret s;
    s.secret_id = m.le64();
    m.u8();  // ExpiringCryptoKey struct_v
    s.key = CryptoKey::decode(m);
    m.skip(8);  // expiration
    out.push_back(std::move(s));
  }
  if (!m.ok()) return std::nullopt;
  return out;
}

void encode_rotating_secrets(ByteBuffer& out, const CryptoKey& principal, const std::vector<RotatingSecret>& s) {
  ByteBuffer m;
  m.vec().reserve(16 + 64 * s.size());  // (as above)
  m.encode_8(1);
  m.encode_32(uint32_t(s.size()));
  for (const auto& e : s) {
    m.encode_64(e.secret_id);
    m.encode_8(1);
    e.key.encode(m);
    encode_utime(m, 1700007200);
  }
  m.encode_64(s.empty() ? 0 : s.back().secret_id);
  encode_encrypt(out, principal, kUsageRotatingSecret, m.bytes());
}

std::optional<AuthReplyFront> decode_auth_reply_front(Bytes front) {
  ByteReader r(front);
  AuthReplyFront f;
  f.protocol = r.le32();
  f.result = int32_t(r.le32());
  f.global_id = r.le64();
  f.result_bl = r.blob();
  if (!r.ok()) return std::nullopt;
  return f;
}

}  // namespace cephwire::secure::cephx
