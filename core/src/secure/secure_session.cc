#include "cephwire/secure/secure_session.h"

#include "cephwire/auth.h"
#include "cephwire/secure/secure_frames.h"

namespace cephwire::secure {

CryptoKey test_key(uint8_t from) {
  CryptoKey k;
  k.type = CryptoKey::kTypeAes;
  k.created_sec = 0x6b0f1d74;
  for (uint8_t i = 0; i < 16; ++i) k.secret.push_back(uint8_t(from + i));
  return k;
}

void set_authorizer(SecureSessionSpec& spec, uint32_t service, uint64_t secret_id, const CryptoKey& service_secret,
                    const CryptoKey& session_key, const messages::AuthName& client) {
  cephx::Authorizer a;
  a.global_id = spec.hs.global_id;
  a.service_id = service;
  a.ticket.secret_id = secret_id;
  a.ticket.blob = cephx::encode_ticket_info(service_secret, {client, spec.hs.global_id, session_key});
  const CryptoKey& sk = session_key;
  a.authorize_ct = cephx::encode_authorize(sk, 0x1234);
  spec.authorizer = cephx::encode_authorizer(a);
  spec.authorizer_reply = cephx::encode_authorize_reply(sk, 0x1235, spec.connection_secret);
  spec.service_session_key = session_key;
}

Conversation secure_mon_session(const SecureSessionSpec& spec) {
  using namespace msgr2;
  const auto& h = spec.hs;
  const bool rev1 = (h.client_banner.supported & h.server_banner.supported & kMsgr2FeatureRevision1) != 0;
  EncodeOptions o;
  o.rev1 = rev1;
  Conversation c;
  std::vector<uint8_t> seen[2];  // what each direction has carried (the other side received it)
  auto put = [&](Dir d, std::vector<uint8_t> bytes) {
    seen[size_t(d)].insert(seen[size_t(d)].end(), bytes.begin(), bytes.end());
    c.push_back({d, std::move(bytes)});
  };
  auto plain = [&](Dir d, const ControlPayload& p) { put(d, encode_control(p, o).flatten()); };
  put(Dir::ToServer, encode_banner(h.client_banner));
  put(Dir::ToClient, encode_banner(h.server_banner));
  plain(Dir::ToServer, Hello{h.client_type, h.server_addr});
  plain(Dir::ToClient, Hello{h.server_type, h.client_addr});
  const bool daemon = !spec.authorizer.empty();
  if (daemon) {
    // Userspace acceptors always challenge: the authorizer comes twice.
    plain(Dir::ToServer, AuthRequest{kAuthCephx, {kConModeSecure}, spec.authorizer});
    plain(Dir::ToClient, AuthReplyMore{std::vector<uint8_t>(36, 0x5c)});
    plain(Dir::ToServer, AuthRequestMore{spec.authorizer});
    plain(Dir::ToClient, AuthDone{h.global_id, kConModeSecure, spec.authorizer_reply});
  } else {
    plain(Dir::ToServer, AuthRequest{kAuthCephx, {kConModeSecure}, messages::MonAuthRequest{messages::MonAuthRequest::kModeMon, spec.entity, 0}.encode()});
    plain(Dir::ToClient, AuthDone{h.global_id, kConModeSecure,
                                  cephx::encode_mon_auth_done(spec.principal, spec.auth_session_key,
                                                              spec.connection_secret, spec.extra_tickets)});
  }
  FrameCipher cipher[2] = {*FrameCipher::of(spec.connection_secret, Dir::ToServer, rev1),
                           *FrameCipher::of(spec.connection_secret, Dir::ToClient, rev1)};
  auto sealed = [&](Dir d, uint8_t tag, const std::array<Bytes, kMaxSegments>& segs) {
    put(d, encrypt_frame(cipher[size_t(d)], tag, segs, kLateStatusComplete));
  };
  auto control = [&](Dir d, const ControlPayload& p) {
    ByteBuffer b;
    encode_control(p, b);
    sealed(d, uint8_t(tag_of(p)), {b.bytes(), {}, {}, {}});
  };
  const Bytes sk = (daemon ? spec.service_session_key : spec.auth_session_key).secret;
  AuthSignature to_server, to_client;
  to_server.sha256 = hmac_sha256(sk, seen[size_t(Dir::ToClient)]);
  to_client.sha256 = hmac_sha256(sk, seen[size_t(Dir::ToServer)]);
  control(Dir::ToServer, to_server);
  control(Dir::ToClient, to_client);
  control(Dir::ToServer, client_ident_of(h));
  control(Dir::ToClient, server_ident_of(h));
  for (const auto& [d, m] : spec.messages) {
    uint8_t hdr[MsgHeader2::kSize];
    m->v2_header().encode(hdr);
    std::vector<uint8_t> data;
    m->data.for_each_span([&](Bytes s) { data.insert(data.end(), s.begin(), s.end()); });
    sealed(d, uint8_t(Tag::Message), {Bytes(hdr, sizeof hdr), m->front, m->middle, data});
  }
  return c;
}

}  // namespace cephwire::secure
