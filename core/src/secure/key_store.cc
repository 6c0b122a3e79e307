#include "cephwire/secure/key_store.h"

#include "cephwire/auth.h"
#include "cephwire/entity.h"

namespace cephwire::secure {

namespace {

std::string blob_key(const std::vector<uint8_t>& blob) { return std::string(blob.begin(), blob.end()); }

std::string service_name(uint32_t id) {
  const char* n = entity_type_name(uint8_t(id));
  return n ? n : "service " + std::to_string(id);
}

}  // namespace

void KeyStore::learn_tickets(const std::vector<cephx::ServiceTicket>& tickets, const std::string& from) {
  for (const auto& t : tickets) {
    if (!t.session_key.usable() || t.service_id == kEntityAuth) continue;
    Learned l{t.session_key, t.service_id, from};
    if (t.ticket_known) tickets_[blob_key(t.ticket.blob)] = l;
    session_keys_.push_back(l);
  }
}

OpenResult KeyStore::open(const Handshake& h) {
  OpenResult r;
  if (h.auth_method != kAuthCephx) {
    r.why = std::string("auth method ") + auth_method_name(h.auth_method) + " is not cephx";
    return r;
  }
  const auto req = cephx::decode_auth_request(h.auth_request);
  if (auto* m = std::get_if<messages::MonAuthRequest>(&req)) return open_mon(*m, h);
  if (std::holds_alternative<cephx::Authorizer>(req)) {
    // The authorizer AUTH_DONE answered (it carries the challenge's answer; same ticket).
    auto last = cephx::decode_auth_request(h.last_request);
    auto* a = std::get_if<cephx::Authorizer>(&last);
    return open_authorizer(a ? *a : std::get<cephx::Authorizer>(req), h);
  }
  r.why = "the AUTH_REQUEST payload is neither a cephx login nor an authorizer";
  return r;
}

OpenResult KeyStore::open_mon(const messages::MonAuthRequest& m, const Handshake& h) {
  OpenResult r;
  const std::string name = m.name.to_string();
  const CryptoKey* ck = keyring_.find(name);
  if (!ck) {
    r.why = "no key for " + name;
    return r;
  }
  r.had_key = true;
  std::string why;
  if (!ck->usable(&why)) {
    r.why = "the key of " + name + " is " + why;
    return r;
  }
  auto done = cephx::open_mon_auth_done(h.auth_done, *ck, &why);
  if (!done) {
    r.why = "the key of " + name + " does not open its AUTH_DONE: " + why;
    return r;
  }
  learn_tickets(done->tickets, name);
  SessionKeys k;
  k.connection_secret = std::move(done->connection_secret);
  k.session_key = done->session_key;
  k.opened_with = name;
  k.how = "monitor login";
  k.mon_login = true;
  k.principal = name;
  k.principal_key = *ck;
  r.keys = std::move(k);
  return r;
}

OpenResult KeyStore::open_authorizer(const cephx::Authorizer& a, const Handshake& h) {
  OpenResult r;
  std::string last_why;
  auto attempt = [&](const CryptoKey& key, const std::string& from, const std::string& how) {
    if (!cephx::opens_authorizer(a, key)) return false;
    r.had_key = true;
    auto reply = cephx::open_authorize_reply(h.auth_done, key, &last_why);
    if (!reply) return false;
    SessionKeys k;
    k.connection_secret = std::move(reply->connection_secret);
    k.session_key = key;
    k.opened_with = from;
    k.how = how;
    r.keys = std::move(k);
    return true;
  };
  const std::string svc = service_name(a.service_id);
  // 1. The very ticket, learned on the client's monitor session.
  if (auto it = tickets_.find(blob_key(a.ticket.blob)); it != tickets_.end())
    if (attempt(it->second.key, it->second.from, "ticket learned on " + it->second.from + "'s monitor session"))
      return r;
  // 2. The ticket opened with the service's own secret: a rotating one, or
  //    the service entity's key (mon. between monitors).
  std::optional<CryptoKey> secret;
  std::string from, how;
  if (a.ticket.secret_id == cephx::kSecretIdOwnKey) {
    const std::string own = svc + ".";
    if (const CryptoKey* ck = keyring_.find(own); ck && ck->usable()) {
      secret = *ck;
      from = own;
      how = "ticket opened with " + own;
    }
  } else if (auto it = rotating_.find({a.service_id, a.ticket.secret_id}); it != rotating_.end()) {
    secret = it->second.key;
    from = it->second.from;
    how = "ticket opened with " + svc + " rotating secret " + std::to_string(a.ticket.secret_id) + " (learned on " +
          from + "'s monitor session)";
  }
  if (secret)
    if (auto info = cephx::open_ticket(a.ticket, *secret))
      if (info->session_key.usable() && attempt(info->session_key, from, how)) return r;
  // 3. Any service session key learned for this service.
  for (const auto& l : session_keys_)
    if (l.service == a.service_id && attempt(l.key, l.from, "session key learned on " + l.from + "'s monitor session"))
      return r;
  if (r.had_key)
    r.why = "a learned key opens the authorizer but not the AUTH_DONE reply: " + last_why;
  else if (a.ticket.secret_id == cephx::kSecretIdOwnKey)
    r.why = "no key for " + svc + ".";
  else
    r.why = "no key for the connecting " + std::string(entity_type_name(h.client_type) ? entity_type_name(h.client_type) : "entity") +
            " (global id " + std::to_string(a.global_id) + "; its monitor session must be in the capture) nor for any " +
            svc + " (rotating secret " + std::to_string(a.ticket.secret_id) + ")";
  return r;
}

void KeyStore::learn_auth_reply(const SessionKeys& k, Bytes front) {
  if (!k.mon_login) return;
  auto f = cephx::decode_auth_reply_front(front);
  if (!f || f->protocol != kAuthCephx || f->result != 0) return;
  ByteReader r(f->result_bl);
  const uint16_t type = r.le16();
  const int32_t status = int32_t(r.le32());
  if (!r.ok() || status != 0) return;
  std::string why;
  if (type == cephx::kGetPrincipalSessionKey) {
    if (auto t = cephx::decode_service_ticket_reply(r, k.session_key, &why)) learn_tickets(*t, k.principal);
  } else if (type == cephx::kGetRotatingKey) {
    // The rotating secrets of the daemon's own service type.
    const auto who = messages::AuthName::parse(k.principal);
    const uint32_t service = who && who->type != kEntityClient ? who->type : 0;
    if (!service) return;
    if (auto s = cephx::open_rotating_secrets(r, k.principal_key))
      for (const auto& e : *s)
        if (e.key.usable()) rotating_[{service, e.secret_id}] = Learned{e.key, service, k.principal};
  } else if (type == cephx::kGetAuthSessionKey) {
    if (auto t = cephx::decode_service_ticket_reply(r, k.principal_key, &why)) learn_tickets(*t, k.principal);
  }
}

}  // namespace cephwire::secure
