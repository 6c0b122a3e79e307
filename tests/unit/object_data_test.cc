// What OSD ops do to an object's bytes, as Export Objects applies them.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "cephwire/messages/object_data.h"

namespace cephwire::messages {
namespace {

using K = ObjectChange::Kind;

// (string literals: the bytes must outlive the change that points at them)
Bytes b(const char* s) { return Bytes(reinterpret_cast<const uint8_t*>(s), std::strlen(s)); }
std::string str(const ObjectImage& i) { return std::string(i.bytes().begin(), i.bytes().end()); }

OsdOp op(uint16_t code, uint64_t off, uint64_t len, uint32_t payload) {
  OsdOp o;
  o.op = code;
  store_le64(o.args.data(), off);
  store_le64(o.args.data() + 8, len);
  o.payload_len = payload;
  return o;
}

TEST(ObjectData, WritesTakeTheirBytesFromTheDataInOpOrder) {
  MOSDOp m;
  m.ops = {op(kOsdOpWriteFull, 0, 5, 5), op(kOsdOpStat, 0, 0, 0), op(kOsdOpWrite, 2, 3, 3)};
  auto c = requested_changes(m, b("helloXYZ"), nullptr);
  ASSERT_TRUE(c);
  ASSERT_EQ(c->size(), 2u);  // stat changes nothing
  ObjectImage img;
  for (auto& x : *c) ASSERT_TRUE(img.apply(x, nullptr));
  EXPECT_EQ(str(img), "heXYZ");
}

TEST(ObjectData, DataShorterThanThePayloadsIsAnError) {
  MOSDOp m;
  m.ops = {op(kOsdOpWrite, 0, 10, 10)};
  std::string why;
  EXPECT_FALSE(requested_changes(m, b("short"), &why));
  EXPECT_NE(why.find("5 bytes"), std::string::npos) << why;
}

TEST(ObjectData, AppendTruncateZeroAndDelete) {
  ObjectImage img;
  ASSERT_TRUE(img.apply({K::WriteFull, 0, 6, b("abcdef")}, nullptr));
  ASSERT_TRUE(img.apply({K::Append, 0, 2, b("gh")}, nullptr));
  EXPECT_EQ(str(img), "abcdefgh");
  ASSERT_TRUE(img.apply({K::Zero, 1, 2, {}}, nullptr));
  EXPECT_EQ(str(img), std::string("a\0\0defgh", 8));
  ASSERT_TRUE(img.apply({K::Zero, 7, 100, {}}, nullptr));  // not past the end
  EXPECT_EQ(img.bytes().size(), 8u);
  ASSERT_TRUE(img.apply({K::Truncate, 3, 0, {}}, nullptr));
  EXPECT_EQ(str(img), std::string("a\0\0", 3));
  ASSERT_TRUE(img.apply({K::Remove, 0, 0, {}}, nullptr));
  EXPECT_FALSE(img.exists());
}

TEST(ObjectData, ReadsLayTheirBytesWhereTheyWereRead) {
  MOSDOpReply r;
  r.ops = {op(kOsdOpRead, 4, 4, 4)};
  auto reads = read_results(r, b("DATA"), nullptr);
  ASSERT_TRUE(reads && reads->size() == 1);
  ObjectImage img;
  ASSERT_TRUE(img.apply((*reads)[0], nullptr));
  EXPECT_EQ(str(img), std::string("\0\0\0\0DATA", 8));
  EXPECT_TRUE(img.holds(4, b("DATA")));
  EXPECT_FALSE(img.holds(4, b("DAT!")));
  EXPECT_FALSE(img.holds(6, b("DATA")));
}

TEST(ObjectData, AnImageNeverGrowsPastTheObjectSizeLimit) {
  ObjectImage img;
  std::string why;
  EXPECT_FALSE(img.apply({K::Write, ObjectImage::kMaxSize, 1, b("x")}, &why));
  EXPECT_FALSE(img.apply({K::Truncate, uint64_t(1) << 62, 0, {}}, &why));
  EXPECT_FALSE(img.apply({K::Write, ~uint64_t(0), 2, b("xy")}, &why));  // wraps around
  EXPECT_TRUE(img.bytes().empty());
  EXPECT_NE(why.find("128 MiB"), std::string::npos);
}

TEST(ObjectData, PathsNamePoolNamespaceObjectAndKey) {
  MOSDOp m;
  m.oloc.pool = 3;
  m.oid = "rbd_data.1";
  EXPECT_EQ(object_path(m), "3/rbd_data.1");
  m.oloc.nspace = "ns";
  m.oloc.key = "k";
  EXPECT_EQ(object_path(m), "3/ns/rbd_data.1@k");
}

}  // namespace
}  // namespace cephwire::messages
