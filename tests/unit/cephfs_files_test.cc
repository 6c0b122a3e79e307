// CephFS files from what the MDS says and the OSDs hold: data object names,
// the layout's striping (the inverse of Ceph's Striper::file_to_extents),
// reply traces in their versioned form, and files named, renamed and put
// together from their objects.
#include <gtest/gtest.h>

#include <map>

#include "cephwire/messages/cephfs_files.h"
#include "cephwire/messages/encoding.h"
#include "cephwire/messages/object_export.h"
#include "cephwire/messages/osd_op.h"
#include "cephwire/msg_types.h"

namespace cephwire::messages {
namespace {

TEST(DataObjectName, IsTheInodeInHexDotTheObjectNumberInEightHexDigits) {
  auto n = data_object_name("10000000000.00000003");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->ino, 0x10000000000u);
  EXPECT_EQ(n->objno, 3u);
  EXPECT_FALSE(data_object_name("10000000000.0000003"));  // seven digits
  EXPECT_FALSE(data_object_name("mds0_inotable"));
  EXPECT_FALSE(data_object_name("rbd_data.1234.00000000"));
  EXPECT_FALSE(data_object_name("1000000000G.00000000"));
}

TEST(FileOffset, UndoesTheStriping) {
  // One stripe per object set of one object: objects follow each other.
  const FileLayout simple{4u << 20, 1, 4u << 20, 3};
  EXPECT_EQ(file_offset(simple, 0, 100), 100u);
  EXPECT_EQ(file_offset(simple, 2, 5), (8u << 20) + 5);
  EXPECT_FALSE(file_offset(simple, 0, 4u << 20));  // past the object
  // 1 MiB units over 3 objects of 2 MiB: file byte 7 MiB + 5 is unit 7,
  // stripe 2 at position 1, object set 1: object 4, at 0 + 5 (Striper's arithmetic).
  const FileLayout striped{1u << 20, 3, 2u << 20, 3};
  EXPECT_EQ(file_offset(striped, 4, 5), (7u << 20) + 5);
  EXPECT_EQ(file_offset(striped, 1, 1u << 20), 4u << 20);  // unit 4: stripe 1, position 1, object 1's second unit
  EXPECT_EQ(file_offset(striped, 0, (1u << 20) + 1), (3u << 20) + 1);
  EXPECT_FALSE(file_offset(FileLayout{}, 0, 0));
}

// InodeStat as CInode::encode_inodestat writes it (versioned), with the
// fields this reader takes and zeros between.
void inode_stat(ByteBuffer& b, uint64_t ino, uint32_t mode, uint64_t size, int32_t pool) {
  const size_t h = begin_struct(b, 5, 1);
  b.encode_64(ino);
  b.encode_64(~uint64_t(1));  // head
  for (int i = 0; i < 4 + 8 + 8 + 33; ++i) b.encode_8(0);
  b.encode_32(4u << 20);  // stripe unit
  b.encode_32(1);         // stripe count
  b.encode_32(4u << 20);  // object size
  for (int i = 0; i < 12; ++i) b.encode_8(0);
  b.encode_32(uint32_t(pool));
  for (int i = 0; i < 3 * 8 + 4; ++i) b.encode_8(0);
  b.encode_64(size);
  for (int i = 0; i < 8 + 8 + 4; ++i) b.encode_8(0);
  b.encode_32(mode);
  for (int i = 0; i < 40; ++i) b.encode_8(0xee);  // uid ... (the rest of the struct)
  finish_struct(b, h);
}

// A client_reply front: head, trace (dentry: dir, DirStat, name, LeaseStat; target), extra, snapbl.
std::vector<uint8_t> reply(uint64_t dir, const std::string& name, uint64_t ino, uint32_t mode, uint64_t size) {
  ByteBuffer t;
  inode_stat(t, dir, 040755, 0, 3);
  size_t h = begin_struct(t, 1, 1);
  t.encode_32(0), t.encode_32(0), t.encode_32(0);  // frag, auth, empty dist
  finish_struct(t, h);
  t.encode_string(name);
  h = begin_struct(t, 1, 1);
  t.encode_16(1), t.encode_32(30000), t.encode_32(1);
  finish_struct(t, h);
  inode_stat(t, ino, mode, size, 3);
  ByteBuffer f;
  f.encode_32(0x01301), f.encode_32(0), f.encode_32(5);  // create, 0, mdsmap epoch
  f.encode_8(1), f.encode_8(1), f.encode_8(1);          // safe, is_dentry, is_target
  f.encode_blob(t.bytes());
  f.encode_32(0), f.encode_32(0);
  return f.take();
}

TEST(ReplyTrace, ReadsTheDentryAndTheTargetInode) {
  const auto front = reply(1, "lab", 0x10000000000, 0100644, 74);
  std::string why;
  auto t = ReplyTrace::decode(front, &why);
  ASSERT_TRUE(t) << why;
  ASSERT_TRUE(t->dir && t->target);
  EXPECT_EQ(t->dir->ino, 1u);
  EXPECT_TRUE(t->dir->is_dir());
  EXPECT_EQ(t->dname, "lab");
  EXPECT_EQ(t->target->ino, 0x10000000000u);
  EXPECT_TRUE(t->target->is_file());
  EXPECT_EQ(t->target->size, 74u);
  EXPECT_EQ(t->target->layout, (FileLayout{4u << 20, 1, 4u << 20, 3}));
  // Cut anywhere inside, it says where it stopped.
  for (size_t cut : {size_t(30), size_t(100), front.size() - 20}) {
    auto c = front;
    c.resize(cut);
    EXPECT_FALSE(ReplyTrace::decode(c, &why)) << cut;
    EXPECT_FALSE(why.empty());
  }
}

TEST(CephfsFiles, NamesAFileByItsPathAndPutsItsObjectsInPlace) {
  CephfsFiles f;
  f.learn(*ReplyTrace::decode(reply(1, "lab", 0x100, 040755, 0)));
  f.learn(*ReplyTrace::decode(reply(0x100, "f", 0x101, 0100644, 0)));
  EXPECT_EQ(f.path(0x101), "/lab/f");
  EXPECT_EQ(f.path(0x999), "#0x999");
  // The metadata pool's objects named like data are not file data.
  const std::vector<uint8_t> a(10, 'a'), b(5, 'b');
  EXPECT_FALSE(f.object_changed(2, "100.00000000", Bytes(a)));
  ASSERT_EQ(f.object_changed(3, "101.00000001", Bytes(b)), 0x101u);
  ASSERT_EQ(f.object_changed(3, "101.00000000", Bytes(a)), 0x101u);
  auto bytes = *f.bytes(0x101);
  ASSERT_EQ(bytes.size(), (4u << 20) + 5);  // object 1 starts at 4 MiB, a hole between
  EXPECT_EQ(bytes[9], 'a');
  EXPECT_EQ(bytes[10], 0);
  EXPECT_EQ(bytes[(4u << 20) + 4], 'b');
  // A size past the data fills the last object's tail, not beyond.
  f.object_changed(3, "101.00000001", std::nullopt);
  f.learn_size(0x101, 16);
  EXPECT_EQ(f.bytes(0x101)->size(), 16u);
  f.learn_size(0x101, uint64_t(1) << 50);
  EXPECT_EQ(f.bytes(0x101)->size(), 4u << 20);
  // An object past 1 GiB of the file is not put together, and says so.
  f.object_changed(3, "101.00000100", Bytes(b));  // object 256: byte 1 GiB on
  std::string why;
  EXPECT_FALSE(f.bytes(0x101, &why));
  EXPECT_EQ(why, "object 256 lies beyond byte 1073741824 of the file");
  f.object_changed(3, "101.00000100", std::nullopt);
  // Renamed into another directory.
  f.learn(*ReplyTrace::decode(reply(1, "g", 0x101, 0100644, 10)));
  EXPECT_EQ(f.path(0x101), "/g");
}

// The export names a file's versions by its path: written, renamed, removed.
TEST(ObjectExport, AFileIsANewVersionWhenWrittenAndWhenRenamed) {
  std::vector<std::pair<std::string, std::string>> got;  // name, bytes
  std::map<std::string, std::vector<uint8_t>> kept;
  ObjectExport ex([&](const ExportEntry& e) {
    got.emplace_back(e.name, std::string(e.bytes.begin(), e.bytes.end()));
    auto& k = kept[e.name];
    k.assign(e.bytes.begin(), e.bytes.end());
    return Bytes(k);
  });
  size_t request = 0;
  auto osd_op = [&](uint16_t code, const std::string& data) {
    MOSDOp op;
    op.pool = op.oloc.pool = 3;
    op.oid = "101.00000000";
    OsdOp o;
    o.op = code;
    store_le64(o.args.data() + 8, data.size());
    o.payload_len = uint32_t(data.size());
    op.ops = {o};
    const auto front = op.encode();
    const std::vector<uint8_t> bytes(data.begin(), data.end());
    EXPECT_FALSE(ex.add({kMsgOsdOp, MOSDOp::kVersion, front, bytes, {}}, ExportPlace{true, request}));
    MOSDOpReply r;
    r.oid = op.oid;
    r.pool = 3;
    r.ops = {o};
    r.ops[0].payload_len = 0;
    r.rvals = {0};
    EXPECT_FALSE(ex.add({kMsgOsdOpReply, MOSDOpReply::kVersion, r.encode(), {}, {}}, ExportPlace{false, request++}));
  };
  auto named = [&](const std::string& name) {
    const auto front = reply(1, name, 0x101, 0100644, 0);
    ex.add({kMsgClientReply, 1, front, {}, {}}, std::nullopt);
  };
  named("f");
  EXPECT_TRUE(got.empty());  // no data yet
  osd_op(kOsdOpWriteFull, "hello");
  using V = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(got, (V{{"3/101.00000000", "hello"}, {"/f", "hello"}}));
  named("f");  // the same name again: nothing new
  EXPECT_EQ(got.size(), 2u);
  named("g");
  EXPECT_EQ(got.back(), (std::pair<std::string, std::string>{"/g", "hello"}));
  osd_op(kOsdOpDelete, "");
  EXPECT_EQ(got.size(), 3u);  // a removed object is no version, nor its file
  named("h");
  EXPECT_EQ(got.size(), 3u);  // a file without data is not exported
}

// What cannot be followed is said, with the object: data shorter than the ops' payloads.
TEST(ObjectExport, AnOpWhoseDataIsShortIsNotExportedAndSaysWhy) {
  ObjectExport ex([](const ExportEntry& e) { return e.bytes; });
  MOSDOp op;
  op.oloc.pool = 1;
  op.oid = "obj";
  OsdOp o;
  o.op = kOsdOpWrite;
  o.payload_len = 10;
  op.ops = {o};
  const std::vector<uint8_t> data(5, 'x');
  auto why = ex.add({kMsgOsdOp, MOSDOp::kVersion, op.encode(), data, {}}, ExportPlace{true, 0});
  ASSERT_TRUE(why);
  EXPECT_EQ(why->rfind("Object 1/obj not exported: the data holds 5 bytes", 0), 0u) << *why;
}

}  // namespace
}  // namespace cephwire::messages
