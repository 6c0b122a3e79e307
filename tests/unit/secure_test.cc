// Secure mode as ../shared/reference/msgr2-secure.md describes it (copied
// into docs/msgr2-secure.md): keyrings, the cephx wrappers, the GCM frame
// layouts of msgr2.1 and msgr2.0, and the parser opening a connection with
// a key store. The vectors are the fact sheet's synthetic ones (§10).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "cephwire/secure/cephx.h"
#include "cephwire/secure/key_store.h"
#include "cephwire/secure/keyring.h"
#include "cephwire/secure/secure_frames.h"
#include "cephwire/secure/secure_session.h"
#include "test_util.h"

namespace cephwire::secure {
namespace {

using test::unhex;

std::vector<uint8_t> hexs(const std::string& s) {
  std::string spaced;
  for (size_t i = 0; i + 1 < s.size(); i += 2) spaced += s.substr(i, 2) + " ";
  return unhex(spaced);
}

const char* kKeyLine = "AQB0HQ9rAAAAABAAAAECAwQFBgcICQoLDA0ODw==";

TEST(Keyring, AKeyLineIsAnEncodedCryptoKeyWhoseSecretIsTheAesKey) {
  Keyring k;
  k.parse(std::string("[client.admin]\n\tkey = ") + kKeyLine + "\n\tcaps mon = \"allow *\"\n[mon.]\nkey = " + kKeyLine +
              "\n",
          "test.keyring");
  ASSERT_TRUE(k.problems().empty()) << k.problems()[0].text();
  const CryptoKey* c = k.find("client.admin");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->type, CryptoKey::kTypeAes);
  EXPECT_EQ(c->created_sec, 0x6b0f1d74u);
  EXPECT_EQ(test::hex(*c->aes()), test::hex(hexs("000102030405060708090a0b0c0d0e0f")));
  EXPECT_TRUE(k.find("mon."));  // the monitors' key: an empty id
}

TEST(Keyring, MalformedLinesAreReportedWithFileAndLineAndTheRestIsRead) {
  Keyring k;
  k.parse(std::string("[client.admin]\n key = ") + kKeyLine + "\nthis is no line\n[osd.0]\n key = AQB!!\n[osd.1]\n key = " +
              "AQB0HQ9rAAAAAAgAAAECAwQFBgc=\n[osd.2\n",
          "lab.keyring");
  EXPECT_TRUE(k.find("client.admin"));
  EXPECT_FALSE(k.find("osd.0"));
  ASSERT_EQ(k.problems().size(), 4u);
  EXPECT_EQ(k.problems()[0].text(), "lab.keyring:3: not a `name = value` line");
  EXPECT_EQ(k.problems()[1].text(), "lab.keyring:5: [osd.0]: the key is not base64");
  EXPECT_EQ(k.problems()[2].text(), "lab.keyring:7: [osd.1]: an AES-128 CryptoKey of 8 bytes (16 expected)");
  EXPECT_EQ(k.problems()[3].text(), "lab.keyring:8: a section header that does not end with ]");
}

TEST(Keyring, ABareSecretFileIsOneKey) {
  Keyring k;
  k.parse(std::string(kKeyLine) + "\n", "/etc/ceph/client.admin.secret");
  ASSERT_TRUE(k.problems().empty());
  EXPECT_TRUE(k.find("client.admin"));
}

TEST(Keyring, ADirectoryIsEveryKeyringInIt) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("cephwire-keyrings-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "ceph.client.admin.keyring") << "[client.admin]\n\tkey = " << kKeyLine << "\n";
  std::ofstream(dir / "osd.0.keyring") << "[osd.0]\nkey = " << kKeyLine << "\n[osd.1]\nkey = " << kKeyLine << "\n";
  Keyring k;
  k.load(dir.string());
  fs::remove_all(dir);
  EXPECT_TRUE(k.problems().empty());
  EXPECT_EQ(k.keys().size(), 3u);
  EXPECT_TRUE(k.find("osd.1"));
  Keyring missing;
  missing.load((dir / "none").string());
  ASSERT_EQ(missing.problems().size(), 1u);
  EXPECT_NE(missing.problems()[0].text().find("cannot be read"), std::string::npos);
}

TEST(Keyring, Ceph20Aes256KeysAreRead) {
  // A type-2 CryptoKey of 32 bytes, base64 starting "Ag".
  Keyring k;
  k.parse("[client.admin]\nkey = AgDQuxFrGZoGAyAA+LsjqPamU7/ruQTRfEe8nOanUdXBJhFRQ/ou9betc9o=\n", "t");
  ASSERT_TRUE(k.problems().empty()) << k.problems()[0].text();
  const CryptoKey* c = k.find("client.admin");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->type, CryptoKey::kTypeAes256Krb5);
  EXPECT_EQ(c->secret.size(), 32u);
  EXPECT_TRUE(c->usable());
  std::string why;
  EXPECT_FALSE(c->aes(&why));
}

// RFC 8009 section 4's aes256-cts-hmac-sha384-192 encryption vectors (the
// ones Ceph's own test_crypto.cc checks its AES256KRB5 handler with).
TEST(Krb5, Aes256CtsHmacSha384MatchesRfc8009) {
  const auto key = hexs("6d404d37faf79f9df0d33568d320669800eb4836472ea8a026d16b7182460c52");
  const auto confounder = hexs("b80d3251c1f6471494256ffe712d0b9a");
  const auto pt = hexs("000102030405");
  const auto want = hexs("4ed7b37c2bcac8f74f23c1cf07e62bc7b75fb3f637b9f559c7f664f69eab7b6092237526ea0d1f61cb20d69d10f2");
  // (usage 2 in the RFC)
  const auto ct = krb5_encrypt(key, 2, pt, confounder);
  EXPECT_EQ(test::hex(ct), test::hex(want));
  auto back = krb5_decrypt(key, 2, ct);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, pt);
  EXPECT_FALSE(krb5_decrypt(key, 3, ct));  // another usage: other keys
}

TEST(Cephx, EncodeEncryptSealsTheServiceTicketAsTheFactSheetShows) {
  const CryptoKey principal = test_key(0x00);
  const auto ticket = hexs("010100751d0f6b000000001000101112131415161718191a1b1c1d1e1fc0a8000000000000");
  const uint32_t u = cephx::kUsageTicketSessionKey;  // (AES-128 ignores it)
  EXPECT_EQ(test::hex(cephx::encrypt_enc_bl(principal, u, ticket)),
            test::hex(hexs("0ad9382b8d194fd0dac4e5f6d28ba3304c4d7d3e0ef80bf103e1b44d20b87270f7af67c300d952f378fe0eba8d6d7e7f")));
  auto back = cephx::decrypt_enc_bl(principal, u, cephx::encrypt_enc_bl(principal, u, ticket));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, ticket);
  EXPECT_FALSE(cephx::decrypt_enc_bl(test_key(0x10), u, cephx::encrypt_enc_bl(principal, u, ticket)));
}

TEST(Cephx, TheConnectionSecretHasThreeLengthPrefixes) {
  std::vector<uint8_t> secret;
  for (int i = 0x40; i < 0x80; ++i) secret.push_back(uint8_t(i));
  ByteBuffer s;
  s.encode_blob(secret);
  ByteBuffer cbl;
  cephx::encode_encrypt(cbl, test_key(0x10), cephx::kUsageAuthConnectionSecret, s.bytes());
  ByteBuffer outer;
  outer.encode_blob(cbl.bytes());
  EXPECT_EQ(test::hex(outer.bytes()),
            test::hex(hexs("5400000050000000531f3e18efe9c8b86067851372b633384bab01a7afbeaf9889de9d5d8eaa5076b5f7749771be9ff0"
                           "dd3b70a2377a03abf999f72b0e41be988180eaf4d8dccf868814e261b3e5bf3691ce30cd138757f1")));
}

TEST(Cephx, AMonitorsAuthDoneOpensWithThePrincipalKeyOnly) {
  std::vector<uint8_t> secret(64, 0x42);
  cephx::ServiceTicket osd;
  osd.service_id = kEntityOsd;
  osd.session_key = test_key(0x30);
  osd.ticket.secret_id = 2;
  osd.ticket.blob.assign(96, 0x77);
  const auto payload = cephx::encode_mon_auth_done(test_key(0), test_key(0x10), secret, {osd});
  std::string why;
  auto d = cephx::open_mon_auth_done(payload, test_key(0), &why);
  ASSERT_TRUE(d) << why;
  EXPECT_EQ(d->session_key.secret, test_key(0x10).secret);
  EXPECT_EQ(d->connection_secret, secret);
  ASSERT_EQ(d->tickets.size(), 2u);  // AUTH, then the extra OSD ticket
  EXPECT_EQ(d->tickets[1].service_id, uint32_t(kEntityOsd));
  EXPECT_EQ(d->tickets[1].ticket.blob, osd.ticket.blob);
  EXPECT_FALSE(cephx::open_mon_auth_done(payload, test_key(0x50), &why));
  EXPECT_EQ(why, "the key does not open service ticket 0");
}

FrameCipher c2s_cipher(bool rev1) {
  std::vector<uint8_t> secret;
  for (int i = 0x40; i < 0x80; ++i) secret.push_back(uint8_t(i));
  return *FrameCipher::of(secret, Dir::ToServer, rev1);
}

TEST(SecureFrames, TheConnectorSendsWithTheSecondNonce) {
  const auto c = c2s_cipher(true);
  EXPECT_EQ(test::hex(c.key), test::hex(hexs("404142434445464748494a4b4c4d4e4f")));
  EXPECT_EQ(test::hex(c.nonce), test::hex(hexs("5c5d5e5f6061626364656667")));
  std::vector<uint8_t> secret(64);
  for (int i = 0; i < 64; ++i) secret[size_t(i)] = uint8_t(0x40 + i);
  EXPECT_EQ(test::hex(FrameCipher::of(secret, Dir::ToClient, true)->nonce), test::hex(hexs("505152535455565758595a5b")));
}

const std::string kSigWire =
    "e62cf768f508ba94eab137f929d3f4a3ede164135aa940d07e95ddc8e8c44a8052313d9bd8c70c3a2362c979fc7260e2f65dee750900e8a0d2"
    "1728f8c3ee36293dfbabf1a05d74e19e2de132099bce6c12d62bb77197afff708afd5fed0773f7";

TEST(SecureFrames, Rev1SealsAControlFrameInOneOperation) {
  auto c = c2s_cipher(true);
  const std::vector<uint8_t> sig(32, 0xaa);
  EXPECT_EQ(test::hex(encrypt_frame(c, uint8_t(msgr2::Tag::AuthSignature), {sig, {}, {}, {}}, 0x0e)),
            test::hex(hexs(kSigWire)));
  EXPECT_EQ(c.nonce[4], 0x61);  // one GCM operation: the counter stepped once
  std::string why;
  auto f = decrypt_frame(c2s_cipher(true), hexs(kSigWire), &why);
  ASSERT_TRUE(f) << why;
  EXPECT_EQ(f->ops, 1u);
  EXPECT_EQ(f->wire_length, 96u);
  EXPECT_EQ(f->late_off, -1);  // one segment, rev1: no epilogue
  EXPECT_EQ(f->segment(0).size(), 32u);
  EXPECT_EQ(f->segment(0)[0], 0xaa);
}

TEST(SecureFrames, Rev1SealsAMessageInTheFirstAndThirdOperations) {
  auto c = c2s_cipher(true);
  c.advance(1);  // after AUTH_SIGNATURE
  Message m = test::mping();
  const std::string hello = "hello ceph";
  uint8_t h2[msgr2::MsgHeader2::kSize];
  m.v2_header().encode(h2);
  const auto wire = encrypt_frame(c, uint8_t(msgr2::Tag::Message), {Bytes(h2, sizeof h2), as_bytes(hello), {}, {}}, 0x0e);
  EXPECT_EQ(test::hex(Bytes(wire).first(96)),
            test::hex(hexs("e509895bc5020d159f955d4fd55494eea0fc52f5d91e98780a1d5e42991c18f3891dcd1f57ba84e4dff33f879f52"
                           "14b42dcde1b1c391344f0fa2fa75475d50a0d1ff69f715c5e93edb102971a4faa176d7dc5fd94afe88ab16d2768c0cca07f7")));
  EXPECT_EQ(test::hex(Bytes(wire).subspan(96)),
            test::hex(hexs("bdd779c394e8d823e97a639b58f4b3c75d8ab6504b7db12fb5ff8b2714ff88924106ce9721c73a0121a257dc7faa8d1d")));
  auto at = c2s_cipher(true);
  at.advance(1);
  std::string why;
  auto f = decrypt_frame(at, wire, &why);
  ASSERT_TRUE(f) << why;
  EXPECT_EQ(f->ops, 2u);
  EXPECT_EQ(f->preamble.crc, 0x4ad62a0bu);  // the crc-mode vector's preamble, inside the ciphertext
  EXPECT_EQ(std::string(f->segment(1).begin(), f->segment(1).end()), hello);
  EXPECT_EQ(f->late(), msgr2::kLateStatusComplete);
}

TEST(SecureFrames, Rev0SealsAFrameInOneOperationAndStepsTheFirstWord) {
  auto c = c2s_cipher(false);
  const std::vector<uint8_t> sig(32, 0xaa);
  EXPECT_EQ(test::hex(encrypt_frame(c, uint8_t(msgr2::Tag::AuthSignature), {sig, {}, {}, {}}, 0)),
            test::hex(hexs(kSigWire)));
  EXPECT_EQ(c.nonce[0], 0x5d);
  std::string why;
  auto f = decrypt_frame(c2s_cipher(false), hexs(kSigWire), &why);
  ASSERT_TRUE(f) << why;
  EXPECT_EQ(f->late_off, 32 + 32);  // rev0 always has an epilogue
}

TEST(SecureFrames, AWrongKeyIsATagMismatchNeverGarbage) {
  auto c = c2s_cipher(true);
  c.key[0] ^= 1;
  const auto l = secure_frame_length(c, hexs(kSigWire));
  EXPECT_EQ(l.status, SecureStatus::TagMismatch);
  auto wire = hexs(kSigWire);
  wire[90] ^= 0x80;  // a flipped bit in the tag
  std::string why;
  EXPECT_FALSE(decrypt_frame(c2s_cipher(true), wire, &why));
  EXPECT_NE(why.find("GCM tag mismatch"), std::string::npos);
}

// ---- the parser with a key store ---------------------------------------------

class SecureRecorder : public test::Recorder {
 public:
  std::vector<SecureEvent> secure;
  void on_secure(Dir, const SecureEvent& e) override { secure.push_back(e); }
  size_t count(SecureEvent::Kind k) const {
    size_t n = 0;
    for (const auto& e : secure) n += e.kind == k;
    return n;
  }
};

SecureSessionSpec lab_session(const Message& ping, const Message& pong) {
  SecureSessionSpec s;
  s.principal = test_key(0x00);
  s.auth_session_key = test_key(0x10);
  for (int i = 0x40; i < 0x80; ++i) s.connection_secret.push_back(uint8_t(i));
  s.messages = {{Dir::ToServer, &ping}, {Dir::ToClient, &pong}};
  return s;
}

// The parser's events for a conversation read with this key store.
SecureRecorder parse(KeyStore& keys, const Conversation& conv, size_t piece = 0) {
  ParserOptions o;
  o.keys = &keys;
  SecureRecorder r;
  Connection c(r, o);
  test::feed(c, conv, piece);
  c.finish();
  return r;
}

Keyring admin_keyring(uint8_t key_from = 0) {
  Keyring k;
  k.add("client.admin", test_key(key_from));
  return k;
}

TEST(SecureParser, AMonitorLoginOpensWithTheEntitysKeyAndReadsLikeCrcMode) {
  const Message ping = test::make_message(2, 1, 10, 0, 0), pong = test::make_message(2, 1, 300, 0, 5000);
  const auto conv = secure_mon_session(lab_session(ping, pong));
  for (size_t piece : {size_t(0), size_t(1), size_t(7)}) {
    KeyStore keys(admin_keyring());
    const SecureRecorder r = parse(keys, conv, piece);
    SCOPED_TRACE(piece);
    EXPECT_TRUE(r.errors.empty()) << r.errors[0].reason;
    ASSERT_EQ(r.count(SecureEvent::Kind::Opened), 1u);
    EXPECT_EQ(r.secure[0].text, "client.admin");
    // Both AUTH_SIGNATUREs match the HMAC of what each side received.
    ASSERT_EQ(r.count(SecureEvent::Kind::Signature), 2u);
    for (const auto& e : r.secure)
      if (e.kind == SecureEvent::Kind::Signature) {
        EXPECT_TRUE(e.good) << e.text;
      }
    ASSERT_EQ(r.messages.size(), 2u);
    EXPECT_EQ(r.messages[0].front, ping.front);
    EXPECT_EQ(r.messages[1].front, pong.front);
    EXPECT_EQ(r.messages[1].data.length(), 5000u);
    int64_t ident = 0;  // CLIENT_IDENT, decrypted
    for (const auto& [d, f] : r.frames)
      if (auto* ci = std::get_if<msgr2::ClientIdent>(&f)) ident = ci->global_id;
    EXPECT_EQ(ident, 4100);
    EXPECT_EQ(r.ciphertext[0] + r.ciphertext[1], 0u);
  }
}

TEST(SecureParser, WithoutAKeyTheSessionStaysCiphertextAndSaysWhoseKeyWouldOpenIt) {
  const Message ping = test::make_message(2, 1, 10, 0, 0), pong = test::make_message(2, 1, 10, 0, 0);
  const auto conv = secure_mon_session(lab_session(ping, pong));
  KeyStore keys(Keyring{});
  const SecureRecorder r = parse(keys, conv);
  ASSERT_EQ(r.count(SecureEvent::Kind::NotOpened), 1u);
  EXPECT_EQ(r.secure[0].text, "no key for client.admin");
  EXPECT_FALSE(r.secure[0].had_key);
  EXPECT_TRUE(r.messages.empty());
  EXPECT_GT(r.ciphertext[0], 0u);
  EXPECT_TRUE(r.errors.empty());
}

TEST(SecureParser, AWrongKeyIsSaidAndNothingIsDecrypted) {
  const Message ping = test::make_message(2, 1, 10, 0, 0), pong = test::make_message(2, 1, 10, 0, 0);
  const auto conv = secure_mon_session(lab_session(ping, pong));
  KeyStore keys(admin_keyring(0x20));
  const SecureRecorder r = parse(keys, conv);
  ASSERT_EQ(r.count(SecureEvent::Kind::NotOpened), 1u);
  EXPECT_TRUE(r.secure[0].had_key);
  EXPECT_NE(r.secure[0].text.find("the key of client.admin does not open its AUTH_DONE"), std::string::npos);
  EXPECT_TRUE(r.messages.empty());
}

TEST(SecureParser, ADamagedFrameStopsDecryptionWithAnErrorNamingWhere) {
  const Message ping = test::make_message(2, 1, 10, 0, 0), pong = test::make_message(2, 2, 10, 0, 0);
  auto conv = secure_mon_session(lab_session(ping, pong));
  // The last chunk is the server's message: flip a byte of its payload.
  conv.back().bytes[100] ^= 1;
  KeyStore keys(admin_keyring());
  const SecureRecorder r = parse(keys, conv);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].reason.find("GCM tag mismatch in the payload segments"), std::string::npos) << r.errors[0].reason;
  EXPECT_EQ(r.count(SecureEvent::Kind::Stopped), 1u);
  EXPECT_EQ(r.messages.size(), 1u);  // the client's, intact
}

TEST(SecureParser, ADaemonConnectionOpensWithARotatingSecretLearnedOnTheDaemonsMonitorSession) {
  // osd.0's monitor session: an MAuthReply with the OSD rotating secrets, sealed with osd.0's key.
  const CryptoKey osd_key = test_key(0x60), rotating = test_key(0x70), session = test_key(0x80);
  ByteBuffer result;
  result.encode_16(cephx::kGetRotatingKey);
  result.encode_32(0);
  cephx::encode_rotating_secrets(result, osd_key, {{1, test_key(0x90)}, {2, rotating}});
  ByteBuffer front;
  front.encode_32(kAuthCephx);
  front.encode_32(0);
  front.encode_64(4100);
  front.encode_blob(result.bytes());
  front.encode_32(0);
  Message reply = test::make_message(cephx::kMsgAuthReply, 5, 0, 0, 0);
  reply.set_front(front.take());
  const Message ping = test::make_message(2, 1, 10, 0, 0);
  SecureSessionSpec mon = lab_session(ping, reply);
  mon.entity = {kEntityOsd, "0"};
  mon.principal = osd_key;
  mon.hs.client_type = kEntityOsd;
  // A client's connection to an OSD, its ticket sealed with rotating secret 2.
  SecureSessionSpec osd = lab_session(ping, ping);
  osd.hs.server_type = kEntityOsd;
  set_authorizer(osd, kEntityOsd, 2, rotating, session, {kEntityClient, "admin"});

  Keyring k;
  k.add("osd.0", osd_key);
  KeyStore keys(std::move(k));
  parse(keys, secure_mon_session(mon));
  EXPECT_EQ(keys.rotating_learned(), 2u);
  const SecureRecorder r2 = parse(keys, secure_mon_session(osd));
  ASSERT_EQ(r2.count(SecureEvent::Kind::Opened), 1u) << (r2.secure.empty() ? "" : r2.secure[0].text);
  EXPECT_EQ(r2.secure[0].text, "osd.0");
  EXPECT_NE(r2.secure[0].how.find("rotating secret 2"), std::string::npos);
  EXPECT_EQ(r2.messages.size(), 2u);
  for (const auto& e : r2.secure)
    if (e.kind == SecureEvent::Kind::Signature) {
      EXPECT_TRUE(e.good);
    }
}

TEST(SecureParser, ADaemonConnectionWithNoKeySourceNamesWhatWouldOpenIt) {
  const Message ping = test::make_message(2, 1, 10, 0, 0);
  SecureSessionSpec osd = lab_session(ping, ping);
  osd.hs.server_type = kEntityOsd;
  set_authorizer(osd, kEntityOsd, 2, test_key(0x70), test_key(0x80), {kEntityClient, "admin"});
  KeyStore keys(admin_keyring());
  const SecureRecorder r = parse(keys, secure_mon_session(osd));
  ASSERT_EQ(r.count(SecureEvent::Kind::NotOpened), 1u);
  EXPECT_NE(r.secure[0].text.find("nor for any osd (rotating secret 2)"), std::string::npos) << r.secure[0].text;
}

TEST(SecureParser, MonitorToMonitorTicketsOpenWithTheMonKey) {
  const Message ping = test::make_message(2, 1, 10, 0, 0);
  SecureSessionSpec mm = lab_session(ping, ping);
  mm.hs.client_type = kEntityMon;
  set_authorizer(mm, kEntityMon, cephx::kSecretIdOwnKey, test_key(0xa0), test_key(0xb0), {kEntityMon, "b"});
  Keyring k;
  k.add("mon.", test_key(0xa0));
  KeyStore keys(std::move(k));
  const SecureRecorder r = parse(keys, secure_mon_session(mm));
  ASSERT_EQ(r.count(SecureEvent::Kind::Opened), 1u);
  EXPECT_EQ(r.secure[0].text, "mon.");
  EXPECT_EQ(r.messages.size(), 2u);
}

}  // namespace
}  // namespace cephwire::secure
