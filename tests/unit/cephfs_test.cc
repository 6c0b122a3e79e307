// CephFS messages: the cap letters Ceph prints, and MClientReconnect in each
// of its forms (the header version picks the form; nothing in the payload
// does), with the errors a damaged one gives.
#include <gtest/gtest.h>

#include "cephwire/messages/ceph_text.h"
#include "cephwire/messages/cephfs.h"
#include "cephwire/msg_types.h"

namespace cephwire::messages {
namespace {

TEST(CcapString, NamesEachLocksBitsAsCephDoes) {
  EXPECT_EQ(ccap_string(0), "-");
  EXPECT_EQ(ccap_string(0x155), "pAsLsXsFs");          // what getattr asks of the root
  EXPECT_EQ(ccap_string(0x3fdd), "pAsxLsXsxFsxcrwb");  // a create's grant
  EXPECT_EQ(ccap_string(0x1000), "Fw");                // a dirty write
  EXPECT_EQ(ccap_string(0x8000), "Fl");                // lazyio, the last file bit
}

ClientReconnect sample() {
  ClientReconnect rc;
  CapReconnect a;
  a.ino = 0x10000000000;
  a.path = "lab";
  a.cap_id = 1;
  a.wanted = 0x155;
  a.issued = 0x3fdd;
  a.snaprealm = 1;
  a.pathbase = 1;
  CapReconnect b = a;
  b.ino = 0x10000000005;
  b.path = "";
  b.cap_id = 7;
  b.pathbase = b.ino;
  // One fcntl lock and no flock locks, as the kernel writes them.
  b.flock = {1, 0, 0, 0};
  b.flock.resize(4 + 41, 0x11);
  b.flock.insert(b.flock.end(), {0, 0, 0, 0});
  rc.caps = {a, b};
  rc.realms = {{1, 1, 0}, {0x10000000000, 3, 1}};
  return rc;
}

// What a version keeps: v1 has no locks, v1 and v2 no snap_follows, only v5 the flag.
ClientReconnect as_kept(ClientReconnect rc, uint16_t version) {
  for (auto& c : rc.caps) {
    if (version < 2) c.flock.clear();
    if (version < 3) c.snap_follows = 0;
    if (version != 1) c.size = c.mtime_sec = c.mtime_nsec = c.atime_sec = c.atime_nsec = 0;
  }
  if (version < 5) rc.more = false;
  return rc;
}

TEST(ClientReconnect, EachVersionDecodesWhatItsSenderWrote) {
  for (uint16_t v = 1; v <= 5; ++v) {
    SCOPED_TRACE("v" + std::to_string(v));
    ClientReconnect rc = sample();
    rc.caps[0].snap_follows = 9;
    rc.caps[0].size = 100;
    rc.caps[0].mtime_sec = 1700000000;
    rc.more = true;
    const auto data = rc.encode(v);
    std::string why;
    auto got = ClientReconnect::decode(v, data, &why);
    ASSERT_TRUE(got) << why;
    EXPECT_EQ(*got, as_kept(rc, v));
  }
}

TEST(ClientReconnect, V5IsCountedStructsAndV3RawRealmsToTheEnd) {
  const ClientReconnect rc = sample();
  // v5: 4 + caps + 4 + 2 x (6 + 24) + 1; v3: 4 + caps + 2 x 24.
  const auto v5 = rc.encode(5), v3 = rc.encode(3);
  EXPECT_EQ(v5.size() - v3.size(), 4u + 2 * 6 + 1);
  // A cap record with an empty path and no locks is 62 bytes in v3+: what
  // ceph-fuse sent for 1,003 of its 1,006 caps.
  ClientReconnect one;
  one.caps.push_back(sample().caps[1]);
  one.caps[0].flock.clear();
  EXPECT_EQ(one.encode(5).size(), 4u + 62 + 4 + 1);
}

TEST(ClientReconnect, ItsTextIsCephs) {
  const auto data = sample().encode(5);
  TextInput m;
  m.type = kMsgClientReconnect;
  m.version = 5;
  m.data = data;
  DecodedFields f;
  std::string why;
  EXPECT_EQ(ceph_text(m, &why, &f).value_or(why), "client_reconnect(2 caps 2 realms )");
  // Its fields lie in the data segment: one group per cap record and realm.
  size_t caps = 0, realms = 0;
  for (auto& d : f) {
    EXPECT_EQ(d.section, 2) << d.name;
    EXPECT_LE(d.off + d.len, data.size()) << d.name;
    caps += std::string_view(d.name) == "client_reconnect.cap";
    realms += std::string_view(d.name) == "client_reconnect.realm";
  }
  EXPECT_EQ(caps, 2u);
  EXPECT_EQ(realms, 2u);
}

TEST(ClientReconnect, ACutOneNamesTheRecordAndByte) {
  const auto data = sample().encode(5);
  std::string why;
  // Cut inside the second cap record (after the count and the 65-byte first one).
  const auto cut = Bytes(data).first(4 + 65 + 20);
  EXPECT_FALSE(ClientReconnect::decode(5, cut, &why));
  EXPECT_NE(why.find("cap record 2 at byte 69"), std::string::npos) << why;
  // A v3 message whose realms do not fill 24-byte records.
  const auto v3 = sample().encode(3);
  EXPECT_FALSE(ClientReconnect::decode(3, Bytes(v3).first(v3.size() - 5), &why));
  EXPECT_NE(why.find("realm record 2"), std::string::npos) << why;
}

TEST(ClientReconnect, CountsThatOverrunFailWithoutAllocating) {
  auto data = sample().encode(5);
  data[0] = 0xff, data[1] = 0xff, data[2] = 0xff, data[3] = 0x7f;  // 2^31 caps in a few bytes
  std::string why;
  EXPECT_FALSE(ClientReconnect::decode(5, data, &why));
  EXPECT_NE(why.find("cap record 3"), std::string::npos) << why;
  // A lock blob longer than what is left.
  auto v2 = sample().encode(2);
  std::string w2;
  v2[4 + 8 + 4 + 3 + 8 + 4 + 4 + 8 + 8] = 0xff;  // the first record's flock_len
  EXPECT_FALSE(ClientReconnect::decode(2, v2, &w2));
  EXPECT_NE(w2.find("cap record 1"), std::string::npos) << w2;
}

TEST(ClientReconnect, TrailingBytesOfACountedFormAreAnError) {
  auto data = sample().encode(4);
  data.push_back(0);
  std::string why;
  EXPECT_FALSE(ClientReconnect::decode(4, data, &why));
  EXPECT_NE(why.find("trailing bytes"), std::string::npos) << why;
}

}  // namespace
}  // namespace cephwire::messages
