// Secure mode on real Pacific traffic (captures/real/v2secure-cephx, every
// connection secure, its keyring beside it): which key opens which session
// as the fact sheet (docs/msgr2-secure.md §8) tells, every AUTH_SIGNATURE
// checked, and the decrypted messages are the daemons' own (the manifest's
// per-connection counts from their debug ms = 1 logs).
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <memory>
#include <fstream>
#include <set>
#include <sstream>

#include "cephwire/capture/summary.h"
#include "cephwire/secure/key_store.h"
#include "manifest_check.h"

namespace cephwire {
namespace {

// The same scenario from Ceph 16 (AES-128 keys) and Ceph 20 (AES256KRB5 keys).
class SecureCapture : public ::testing::TestWithParam<std::string> {
 protected:
  std::string path(const char* ext) const { return std::string(CEPHWIRE_CAPTURES) + "/real/" + GetParam() + ext; }
};

std::string g_keyring;

// The keyring's sections whose names are in `only` (empty: all).
secure::Keyring keyring(const std::set<std::string>& only = {}) {
  secure::Keyring all;
  all.load(g_keyring);
  EXPECT_TRUE(all.problems().empty());
  if (only.empty()) return all;
  secure::Keyring k;
  for (const auto& [name, key] : all.keys())
    if (only.count(name)) k.add(name, key);
  return k;
}

struct Read {
  capture::Summary s;
  size_t secure = 0, opened = 0;
  std::map<std::string, size_t> by_key;
};

std::string g_cap;

Read read(secure::Keyring k) {
  secure::KeyStore store(std::move(k));
  capture::SummaryOptions o;
  o.reader.parser.keys = &store;
  Read r;
  r.s = capture::summarize(g_cap, o);
  for (const auto& ss : r.s.sessions) {
    if (ss.info.con_mode != msgr2::kConModeSecure) continue;
    ++r.secure;
    if (!ss.decrypted) continue;
    ++r.opened;
    ++r.by_key[ss.decrypted_with];
  }
  return r;
}

TEST_P(SecureCapture, TheClustersKeyringOpensEverySessionAndEverySignatureMatches) {
  g_cap = path(".pcap"), g_keyring = path(".keyring");
  const Read r = read(keyring());
  ASSERT_TRUE(r.s.read.ok);
  EXPECT_EQ(r.secure, r.s.sessions.size());  // all modes secure
  EXPECT_EQ(r.opened, r.secure);
  EXPECT_TRUE(r.s.clean());
  for (const auto& ss : r.s.sessions) {
    EXPECT_EQ(ss.signatures_good, 2u) << "session " << ss.id;
    EXPECT_EQ(ss.signatures_bad, 0u);
    EXPECT_EQ(ss.ciphertext_bytes[0] + ss.ciphertext_bytes[1], 0u) << "session " << ss.id;
  }
  // Decrypted, the capture matches the daemons' logs connection by connection.
  const auto m = replay::load_manifest(path(".manifest.json"));
  const auto diffs = replay::check_manifest(r.s, m);
  EXPECT_TRUE(diffs.empty()) << diffs.front();
  EXPECT_GE(r.s.messages_total, m["messages_logged"].get<uint64_t>());
}

// osd.0's own monitor logins (ceph-osd --mkfs logs in as osd.0 too, though its HELLO says client).
std::set<size_t> osd_logins() {
  std::set<size_t> ids;
  for (const auto& ss : read(keyring({"osd.0"})).s.sessions)
    if (ss.decrypted && ss.decrypted_how == "monitor login") ids.insert(ss.id);
  return ids;
}

TEST_P(SecureCapture, TheClientsKeyOpensItsMonitorSessionsAndItsOsdConnections) {
  g_cap = path(".pcap"), g_keyring = path(".keyring");
  const Read r = read(keyring({"client.admin"}));
  const auto osd = osd_logins();
  EXPECT_EQ(osd.size(), 3u);
  // Everything but osd.0's own monitor logins.
  EXPECT_EQ(r.opened, r.secure - osd.size());
  EXPECT_EQ(r.by_key.size(), 1u);
  EXPECT_TRUE(r.s.clean());  // a session no given key should open is not an error
  for (const auto& ss : r.s.sessions) {
    EXPECT_EQ(ss.decrypted, !osd.count(ss.id)) << "session " << ss.id;
    if (!ss.decrypted) {
      EXPECT_EQ(ss.not_decrypted, "no key for osd.0");
    }
  }
}

TEST_P(SecureCapture, OneOsdKeyOpensEveryConnectionToAnOsdThroughTheRotatingSecrets) {
  g_cap = path(".pcap"), g_keyring = path(".keyring");
  const Read r = read(keyring({"osd.0"}));
  size_t to_osd = 0;
  for (const auto& ss : r.s.sessions) to_osd += ss.info.entity_type[1] == kEntityOsd;
  EXPECT_GT(to_osd, 0u);
  EXPECT_EQ(r.opened, to_osd + osd_logins().size());
  for (const auto& ss : r.s.sessions)
    if (ss.decrypted && ss.info.entity_type[1] == kEntityOsd) {
      EXPECT_NE(ss.decrypted_how.find("rotating secret"), std::string::npos) << ss.decrypted_how;
    }
}

TEST_P(SecureCapture, TheMonKeyAloneOpensNoClientSession) {
  g_cap = path(".pcap"), g_keyring = path(".keyring");
  const Read r = read(keyring({"mon."}));
  EXPECT_EQ(r.opened, 0u);
  EXPECT_EQ(r.s.messages_total, 0u);
}

TEST_P(SecureCapture, AWrongKeyForAnEntityIsAnErrorAndDecryptsNothingOfIt) {
  g_cap = path(".pcap"), g_keyring = path(".keyring");
  secure::Keyring k;
  auto admin = *keyring().find("client.admin");
  admin.secret[3] ^= 0x40;
  k.add("client.admin", admin);
  const Read r = read(std::move(k));
  EXPECT_EQ(r.opened, 0u);
  EXPECT_FALSE(r.s.clean());
  ASSERT_FALSE(r.s.errors.empty());
  EXPECT_NE(r.s.errors[0].reason.find("the key of client.admin does not open its AUTH_DONE"), std::string::npos)
      << r.s.errors[0].reason;
}

INSTANTIATE_TEST_SUITE_P(Recorded, SecureCapture, ::testing::Values("v2secure-cephx", "tentacle-v2secure-cephx"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (auto& c : n) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return n;
                         });

TEST(SecureKeyring, Ceph20KeysAreAes256Krb5) {
  secure::Keyring k;
  k.load(std::string(CEPHWIRE_CAPTURES) + "/real/tentacle-v2secure-cephx.keyring");
  ASSERT_FALSE(k.empty());
  for (const auto& [name, key] : k.keys()) EXPECT_EQ(key.type, secure::CryptoKey::kTypeAes256Krb5) << name;
}

// captures/real/tentacle-v2secure-2osd (Ceph 20): two OSDs replicating, every
// connection secure. One OSD's key opens every connection to an OSD, the
// OSDs' own to each other too (heartbeats, replication, peering).
TEST(SecureCapture2Osd, OneOsdKeyOpensTheOsdToOsdConnections) {
  g_cap = std::string(CEPHWIRE_CAPTURES) + "/real/tentacle-v2secure-2osd.pcap";
  g_keyring = std::string(CEPHWIRE_CAPTURES) + "/real/tentacle-v2secure-2osd.keyring";
  const Read r = read(keyring({"osd.0"}));
  ASSERT_TRUE(r.s.read.ok);
  EXPECT_TRUE(r.s.clean());
  size_t osd_osd = 0, to_osd = 0;
  for (const auto& ss : r.s.sessions) {
    if (ss.info.entity_type[1] != kEntityOsd) continue;
    ++to_osd;
    osd_osd += ss.info.entity_type[0] == kEntityOsd;
    EXPECT_TRUE(ss.decrypted) << "session " << ss.id << ": " << ss.not_decrypted;
  }
  EXPECT_GE(osd_osd, 2u);  // each OSD dials the other
  EXPECT_GT(to_osd, osd_osd);
  const Read all = read(keyring());
  EXPECT_EQ(all.opened, all.secure);
  EXPECT_TRUE(replay::check_manifest(all.s, replay::load_manifest(g_cap.substr(0, g_cap.size() - 5) + ".manifest.json"))
                  .empty());
}

// captures/real/tentacle-v2secure-aeskey (Ceph 20): both key types in one
// cluster, the objects put by client.aes whose key is AES-128 (type 1) while
// every other key is AES256KRB5 (type 2).
TEST(SecureCaptureAesKey, Ceph20OpensWithAes128AndAes256Krb5Keys) {
  g_cap = std::string(CEPHWIRE_CAPTURES) + "/real/tentacle-v2secure-aeskey.pcap";
  g_keyring = std::string(CEPHWIRE_CAPTURES) + "/real/tentacle-v2secure-aeskey.keyring";
  const auto ring = keyring();
  ASSERT_TRUE(ring.find("client.aes"));
  EXPECT_EQ(ring.find("client.aes")->type, secure::CryptoKey::kTypeAes);
  EXPECT_EQ(ring.find("client.admin")->type, secure::CryptoKey::kTypeAes256Krb5);
  const Read aes = read(keyring({"client.aes"}));
  EXPECT_GT(aes.opened, 0u);
  EXPECT_EQ(aes.by_key.size(), 1u);
  size_t to_osd = 0;
  for (const auto& ss : aes.s.sessions) to_osd += ss.decrypted && ss.info.entity_type[1] == kEntityOsd;
  EXPECT_GT(to_osd, 0u);  // its puts and gets, through the tickets its logins carried
  const Read all = read(keyring());
  EXPECT_EQ(all.opened, all.secure);
  EXPECT_TRUE(all.s.clean());
  EXPECT_TRUE(replay::check_manifest(all.s, replay::load_manifest(g_cap.substr(0, g_cap.size() - 5) + ".manifest.json"))
                  .empty());
}

// captures/real/v2secure-3mon: three monitors, no OSD, every connection
// secure, the monitors' sockets to each other killed twice (ss -K).
TEST(SecureCapture3Mon, TheMonKeyOpensEveryMonitorToMonitorConnectionAndItsReconnects) {
  const std::string cap = std::string(CEPHWIRE_CAPTURES) + "/real/v2secure-3mon.pcap";
  secure::Keyring all;
  all.load(std::string(CEPHWIRE_CAPTURES) + "/real/v2secure-3mon.keyring");
  ASSERT_TRUE(all.problems().empty());
  secure::Keyring mon;
  mon.add("mon.", *all.find("mon."));
  secure::KeyStore store(std::move(mon));
  capture::SummaryOptions o;
  o.reader.parser.keys = &store;
  const auto s = capture::summarize(cap, o);
  ASSERT_TRUE(s.read.ok);
  EXPECT_TRUE(s.clean());
  size_t between = 0;
  for (const auto& ss : s.sessions) {
    const bool mm = ss.info.entity_type[0] == kEntityMon && ss.info.entity_type[1] == kEntityMon;
    between += mm;
    EXPECT_EQ(ss.decrypted, mm) << "session " << ss.id << " " << ss.not_decrypted;
    if (mm) {
      EXPECT_EQ(ss.decrypted_with, "mon.");
      EXPECT_EQ(ss.signatures_good, 2u) << "session " << ss.id;
    }
  }
  EXPECT_GE(between, 6u);
  // Every monitor-to-monitor message the monitors logged, and the client
  // sessions too with the whole keyring: the manifest matches.
  EXPECT_TRUE(replay::check_manifest(s, replay::load_manifest(cap.substr(0, cap.size() - 5) + ".manifest.json")).empty());

  // The reconnects: a new TCP connection, its own handshake and secret, then
  // SESSION_RECONNECT answered by SESSION_RECONNECT_OK, all decrypted.
  class Tags : public capture::CaptureConsumer {
   public:
    std::map<uint8_t, size_t> decrypted;
    struct L : Listener {
      Tags* t;
      void on_v2_frame(Dir, const V2FrameEvent& e) override {
        if (e.decrypted) ++t->decrypted[e.preamble.tag];
      }
    };
    std::vector<std::unique_ptr<L>> ls;
    Listener* on_session_start(capture::Session&) override {
      ls.push_back(std::make_unique<L>());
      ls.back()->t = this;
      return ls.back().get();
    }
  } tags;
  secure::KeyStore store2(std::move(all));
  capture::ReaderOptions ro;
  ro.parser.keys = &store2;
  capture::CaptureReader(tags, ro).read(cap);
  EXPECT_GE(tags.decrypted[uint8_t(msgr2::Tag::SessionReconnect)], 1u);
  EXPECT_EQ(tags.decrypted[uint8_t(msgr2::Tag::SessionReconnect)] , tags.decrypted[uint8_t(msgr2::Tag::SessionReconnectOk)]);
}

}  // namespace
}  // namespace cephwire
