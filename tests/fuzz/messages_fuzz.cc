// libFuzzer target for the message layer: every front decoder on arbitrary
// bytes must return a value or a reason, never crash or read out of bounds;
// what decodes must encode to bytes that decode and encode the same again.
#include <cstdint>
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "cephwire/messages/ceph_text.h"
#include "cephwire/messages/cephfs.h"
#include "cephwire/messages/cephfs_files.h"
#include "cephwire/messages/mon_client.h"
#include "cephwire/messages/osd_map.h"
#include "cephwire/messages/osd_op.h"

using namespace cephwire;
using namespace cephwire::messages;

namespace {

template <class T, class... A>
void stable(Bytes b, A... a) {
  std::string why;
  auto v = T::decode(a..., b, &why);
  if (!v) {
    if (why.empty()) std::abort();  // a refusal always says why
    return;
  }
  auto e = v->encode();
  auto again = T::decode(a..., Bytes(e), &why);
  if (!again || again->encode() != e) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  Bytes b(data + 1, size - 1);
  switch (data[0] % 14) {
    case 0: stable<MAuth>(b); break;
    case 1: stable<MAuthReply>(b); break;
    case 2: stable<AuthInitialRequest>(b); break;
    case 3: stable<MonAuthRequest>(b); break;
    case 4: stable<AuthNoneAuthorizer>(b); break;
    case 5: stable<MMonCommand>(b); break;
    case 6: stable<MMonCommandAck>(b); break;
    case 7: stable<MMonSubscribe>(b); break;
    case 8: stable<MOSDOp>(b, uint16_t(8)); break;
    case 9: stable<MonMapHead>(b); break;
    case 10: {
      OsdMapPools p;
      std::string why;
      read_osdmap_pools(b, p, &why);
      break;
    }
    case 11: {  // client_reconnect in each of its forms
      if (b.empty()) break;
      const uint16_t v = uint16_t(1 + b[0] % 5);
      std::string why;
      auto rc = ClientReconnect::decode(v, b.subspan(1), &why);
      if (!rc) {
        if (why.empty()) std::abort();
        break;
      }
      const auto e = rc->encode(v);
      auto again = ClientReconnect::decode(v, e, &why);
      if (!again || again->encode(v) != e) std::abort();
      break;
    }
    case 12: {  // every printer, on its front and data: text or a reason, fields within their section
      if (b.size() < 3) break;
      static const uint16_t kTypes[] = {4,   15,  17,  18,     19,     20,  21,  22,  23,  24,  25,  26,   29,
                                        41,  42,  43,  44,     46,     47,  50,  51,  52,  58,  59,  62,   65,
                                        66,  67,  70,  79,     83,     100, 112, 113, 130, 131, 132, 133,  134,
                                        140, 0x310, 0x311, 0x312, 0x313, 0x608, 0x609};
      TextInput m;
      m.type = kTypes[b[0] % std::size(kTypes)];
      m.version = b[1] % 16;
      m.front = m.data = m.middle = b.subspan(2);
      m.src = {8, 4100};
      std::string why;
      DecodedFields f;
      if (!ceph_text(m, &why, &f) && why.empty()) std::abort();
      for (auto& d : f)
        if (uint64_t(d.off) + d.len > m.front.size()) std::abort();
      break;
    }
    case 13: {  // CephFS files: traces, sizes and objects in any order; a file is bounded or refused with why
      CephfsFiles files;
      std::vector<std::vector<uint8_t>> kept;
      ByteReader r(b);
      while (r.remaining() >= 3 && kept.size() < 64) {
        const uint8_t what = r.u8();
        const size_t n = std::min<size_t>(r.le16() % 1024, r.remaining());
        const Bytes chunk = r.bytes(n);
        ByteReader c(chunk);
        const uint64_t ino = 0x100 + c.u8() % 8, objno = c.u8() % 4 == 0 ? c.le32() : c.u8() % 8;
        char oid[40];
        std::snprintf(oid, sizeof oid, "%llx.%08llx", static_cast<unsigned long long>(ino),
                      static_cast<unsigned long long>(objno & 0xffffffff));
        switch (what % 4) {
          case 0:
            if (auto t = ReplyTrace::decode(chunk)) files.learn(*t);
            break;
          case 1: files.learn_size(ino, c.le64()); break;
          case 2: kept.emplace_back(chunk.begin(), chunk.end()); files.object_changed(what >> 2 & 3, oid, Bytes(kept.back())); break;
          case 3: files.object_changed(what >> 2 & 3, oid, std::nullopt); break;
        }
      }
      for (uint64_t ino : files.with_data()) {
        files.path(ino);
        std::string why;
        auto f = files.bytes(ino, &why);
        if (f ? f->size() > CephfsFiles::kMaxSize : why.empty()) std::abort();
      }
      break;
    }
  }
  return 0;
}
