// The core's message layer against real traffic: every front of the types it
// knows, in every recorded capture, decodes; MOSDOp fronts encode back to the
// same bytes; the names and pool names it finds are the ones the recorder
// used.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "cephwire/messages/ceph_text.h"
#include "cephwire/messages/front_field_specs.h"
#include "cephwire/messages/mon_client.h"
#include "cephwire/messages/osd_op.h"
#include "cephwire/msg_types.h"
#include "cephwire/secure/key_store.h"
#include "recorded.h"

namespace fs = std::filesystem;

namespace cephwire {
namespace {

using namespace messages;

std::vector<fs::path> recorded(const char* pattern) {
  std::vector<fs::path> v;
  fs::path dir = fs::path(CEPHWIRE_CAPTURES) / "real";
  if (!fs::exists(dir)) return v;
  for (auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".pcap" && e.path().filename().string().find(pattern) != std::string::npos)
      v.push_back(e.path());
  std::sort(v.begin(), v.end());
  return v;
}

struct Counts {
  std::map<uint16_t, int> decoded;
};

void check_fronts(const replay::RecordedCapture& cap, Counts& n) {
  for (auto& s : cap.sessions) {
    if (s.encrypted) continue;
    for (auto& r : s.messages) {
      const Message& m = *r.msg;
      std::string why;
      SCOPED_TRACE(s.describe() + " frame " + std::to_string(r.frame));
      switch (m.type) {
        case kMsgAuth: {
          auto a = MAuth::decode(m.front, &why);
          ASSERT_TRUE(a) << why;
          EXPECT_EQ(a->encode(), m.front);
          if (a->protocol == 0) {
            auto i = AuthInitialRequest::decode(a->auth_payload, &why);
            ASSERT_TRUE(i) << why;
            EXPECT_EQ(i->encode(), a->auth_payload);
            // Who the recorder's clusters run: the admin client, the OSD and the MDS.
            const std::string who = i->name.to_string();
            EXPECT_TRUE(who == "client.admin" || who == "osd.0" || who == "mds.a") << who;
          }
          break;
        }
        case kMsgAuthReply: {
          auto a = MAuthReply::decode(m.front, &why);
          ASSERT_TRUE(a) << why;
          EXPECT_EQ(a->encode(), m.front);
          break;
        }
        case kMsgMonCommand: {
          auto c = MMonCommand::decode(m.front, &why);
          ASSERT_TRUE(c) << why;
          EXPECT_EQ(c->encode(), m.front);
          // The recorder's fsid, or none: a CLI that asked before its
          // monitor map came (the monitor answers EPERM).
          EXPECT_TRUE(uuid_to_string(c->fsid) == "4c0f1e8a-7c55-4a7e-9a39-6b1d2c7f0c01" ||
                      uuid_to_string(c->fsid) == "00000000-0000-0000-0000-000000000000")
              << uuid_to_string(c->fsid);
          ASSERT_FALSE(c->cmd.empty());
          EXPECT_EQ(c->cmd[0].front(), '{');
          Spans sp;
          ASSERT_TRUE(MMonCommand::decode(m.front, &why, &sp));
          const auto cmds = spans_of(sp, "cmd");
          ASSERT_EQ(cmds.size(), c->cmd.size());
          for (size_t i = 0; i < cmds.size(); ++i)
            EXPECT_EQ(std::string(reinterpret_cast<const char*>(m.front.data() + cmds[i].off + 4), cmds[i].len - 4),
                      c->cmd[i]);
          break;
        }
        case kMsgMonCommandAck: {
          auto c = MMonCommandAck::decode(m.front, &why);
          ASSERT_TRUE(c) << why;
          EXPECT_EQ(c->encode(), m.front);
          break;
        }
        case kMsgMonSubscribe: {
          auto c = MMonSubscribe::decode(m.front, &why);
          ASSERT_TRUE(c) << why;
          EXPECT_EQ(c->encode(), m.front);
          EXPECT_FALSE(c->what.empty());
          break;
        }
        case kMsgMonGetVersion: {
          auto c = MMonGetVersion::decode(m.front, &why);
          ASSERT_TRUE(c) << why;
          EXPECT_EQ(c->encode(), m.front);
          break;
        }
        case kMsgMonGetVersionReply: {
          auto c = MMonGetVersionReply::decode(m.front, &why);
          ASSERT_TRUE(c) << why;
          EXPECT_EQ(c->encode(), m.front);
          break;
        }
        case kMsgMonMap: {
          auto c = MonMapHead::decode(m.front, &why);
          ASSERT_TRUE(c) << why;
          EXPECT_EQ(uuid_to_string(c->fsid), "4c0f1e8a-7c55-4a7e-9a39-6b1d2c7f0c01");
          break;
        }
        case kMsgOsdOp: {
          auto o = MOSDOp::decode(m.version, m.front, &why);
          ASSERT_TRUE(o) << why;
          EXPECT_EQ(o->encode(), m.front);
          EXPECT_EQ(o->pool, o->oloc.pool);
          EXPECT_EQ(o->oloc.version, 6);  // librados, not the kernel's 5
          EXPECT_EQ(o->data_length(), m.data_len);
          // librados leaves the request id empty: the OSD de-duplicates by
          // (message source, client_inc, header tid), which a replay must renew.
          EXPECT_EQ(o->reqid_tid, 0u);
          EXPECT_EQ(o->reqid_name, EntityName{});
          // Where the decoder read each field (what the plugin puts the items
          // on): the bytes there are that field's encoding.
          Spans sp;
          ASSERT_TRUE(MOSDOp::decode(m.version, m.front, &why, &sp));
          auto str_at = [&](const Span& x) {
            EXPECT_EQ(load_le32(m.front.data() + x.off), x.len - 4);
            return std::string(reinterpret_cast<const char*>(m.front.data() + x.off + 4), x.len - 4);
          };
          ASSERT_EQ(spans_of(sp, "oid").size(), 1u);
          EXPECT_EQ(str_at(spans_of(sp, "oid")[0]), o->oid);
          ASSERT_EQ(spans_of(sp, "epoch").size(), 1u);
          EXPECT_EQ(load_le32(m.front.data() + spans_of(sp, "epoch")[0].off), o->osdmap_epoch);
          ASSERT_EQ(spans_of(sp, "op").size(), o->ops.size());
          for (const auto& x : spans_of(sp, "op")) EXPECT_EQ(x.len, OsdOp::kSize);
          break;
        }
        case kMsgOsdOpReply: {
          auto o = MOSDOpReply::decode(m.version, m.front, &why);
          ASSERT_TRUE(o) << why;
          EXPECT_EQ(o->encode(), m.front);
          EXPECT_EQ(o->rvals.size(), o->ops.size());
          break;
        }
        default: continue;
      }
      ++n.decoded[m.type];
    }
  }
}

TEST(MessagesOnRealTraffic, EveryKnownFrontDecodes) {
  auto files = recorded("");
  if (files.empty()) GTEST_SKIP() << "no recorded captures";
  Counts n;
  for (auto& f : files) {
    SCOPED_TRACE(f.string());
    auto cap = replay::load_recorded(f);
    ASSERT_TRUE(cap.read.ok) << cap.read.error;
    check_fronts(cap, n);
    EXPECT_TRUE(cap.map_problems.empty()) << cap.map_problems.front();
  }
  for (uint16_t t : {kMsgAuth, kMsgAuthReply, kMsgMonCommand, kMsgMonCommandAck, kMsgMonSubscribe, kMsgMonMap, kMsgMonGetVersion, kMsgMonGetVersionReply,
                     kMsgOsdOp, kMsgOsdOpReply})
    EXPECT_GT(n.decoded[t], 0) << msg_type_name(t);
}

// The recorder puts its objects in a pool named "cephwire"; the client learns
// the pool's id only from the osd maps the monitor sends, and the OSD ops
// carry that id.
TEST(MessagesOnRealTraffic, OsdMapsNameThePoolTheOpsWriteTo) {
  for (auto& f : recorded("none")) {
    SCOPED_TRACE(f.string());
    auto cap = replay::load_recorded(f);
    std::set<int64_t> op_pools;
    for (auto& s : cap.sessions)
      for (auto& r : s.messages)
        if (r.dir == Dir::ToServer && r.msg->type == kMsgOsdOp)
          op_pools.insert(MOSDOp::decode(r.msg->version, r.msg->front, nullptr)->pool);
    ASSERT_EQ(op_pools.size(), 1u);
    ASSERT_TRUE(cap.pools.names.count(*op_pools.begin()));
    EXPECT_EQ(cap.pools.names.at(*op_pools.begin()), "cephwire");
    EXPECT_GT(cap.pools.full_maps, 0u);
  }
}

// Auth names come from v1 auth requests, v1 authorizers, msgr2 AUTH_REQUEST
// payloads; every client process of an auth-none capture has one (the OSD
// daemon is a client of the monitor too).
TEST(MessagesOnRealTraffic, ClientsHaveTheirAuthNames) {
  for (auto& f : recorded("none")) {
    SCOPED_TRACE(f.string());
    auto cap = replay::load_recorded(f);
    ASSERT_FALSE(cap.clients.empty());
    for (auto& c : cap.clients) {
      ASSERT_TRUE(c.auth_name) << c.describe();
      EXPECT_TRUE(c.auth_name->type == kEntityClient || c.auth_name->type == kEntityOsd) << c.describe();
      if (c.auth_name->type == kEntityClient) {
        EXPECT_EQ(c.auth_name->id, "admin");
      }
    }
  }
}

// Every field a printer gives, on every message of every recorded capture
// (secure ones through their keyrings), is one the tree registers, of the
// kind it is registered as, on bytes inside the front: what Wireshark would
// otherwise report as a dissector bug.
TEST(MessagesOnRealTraffic, EveryDecodedFieldIsRegisteredWithItsKind) {
  size_t fields = 0;
  for (auto& f : recorded("")) {
    SCOPED_TRACE(f.string());
    std::optional<secure::KeyStore> keys;
    if (fs::path k = fs::path(f).replace_extension(".keyring"); fs::exists(k)) {
      secure::Keyring ring;
      ring.load(k.string());
      keys.emplace(std::move(ring));
    }
    auto cap = replay::load_recorded(f, keys ? &*keys : nullptr);
    for (auto& s : cap.sessions)
      for (auto& r : s.messages) {
        const Message& m = *r.msg;
        DecodedFields got;
        std::string why;
        const std::vector<uint8_t> data = m.type == kMsgClientReconnect ? m.data.to_vector() : std::vector<uint8_t>{};
        if (!ceph_text({m.type, m.version, m.tid, m.src, m.front, m.middle, data}, &why, &got)) continue;
        for (const DecodedField& d : got) {
          ++fields;
          const FrontFieldSpec* spec = front_field_spec(d.name);
          ASSERT_TRUE(spec) << msg_type_label(m.type) << ": " << d.name << " has no spec";
          const bool same = spec->kind == d.kind || (spec->kind == ValueKind::Uint && d.kind == ValueKind::OsdFlags);
          EXPECT_TRUE(same) << msg_type_label(m.type) << ": " << d.name << " recorded as kind " << int(d.kind)
                            << ", registered as " << int(spec->kind);
          const size_t section = d.section == 0 ? m.front.size() : d.section == 2 ? data.size() : m.middle.size();
          EXPECT_LE(uint64_t(d.off) + d.len, section) << d.name;
        }
      }
  }
  if (recorded("").empty()) GTEST_SKIP() << "no recorded captures";
  EXPECT_GT(fields, 10000u);
}

}  // namespace
}  // namespace cephwire
