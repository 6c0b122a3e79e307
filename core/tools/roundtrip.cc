// cephwire-roundtrip: encodes a msgr v1 and a msgr2 session with the core
// (handshake, small and paged messages, one deliberately corrupted CRC), parses
// the bytes back in random splits, and prints what the parser reports. The
// main job of the project until the capture tools exist.
#include <cinttypes>
#include <cstdio>
#include <random>
#include <string>

#include "cephwire/encoder.h"
#include "cephwire/features.h"
#include "cephwire/msg_types.h"
#include "cephwire/parser.h"

using namespace cephwire;

namespace {

class Printer : public Listener {
 public:
  int messages = 0, bad_crcs = 0, errors = 0;
  void on_banner(Dir d, const BannerEvent& e) override {
    std::printf("  %-15s @%-7" PRIu64 " banner msgr %s", dir_name(d), e.offset, e.protocol == Protocol::V1 ? "v1" : "v2");
    if (e.protocol == Protocol::V1) std::printf(" addr %s", e.v1_addr.to_string().c_str());
    if (e.protocol == Protocol::V2) std::printf(" supported 0x%" PRIx64 " required 0x%" PRIx64, e.v2.supported, e.v2.required);
    std::printf("\n");
  }
  void on_v1_connect(Dir d, const V1ConnectEvent& e) override {
    std::printf("  %-15s @%-7" PRIu64 " connect features 0x%" PRIx64 " authorizer %zu bytes\n", dir_name(d), e.offset,
                e.connect.features, e.authorizer.size());
  }
  void on_v1_connect_reply(Dir d, const V1ConnectReplyEvent& e) override {
    std::printf("  %-15s @%-7" PRIu64 " connect_reply %s\n", dir_name(d), e.offset, msgr1::tag_name(e.reply.tag));
  }
  void on_v2_frame(Dir d, const V2FrameEvent& e) override {
    std::printf("  %-15s @%-7" PRIu64 " %s (%" PRIu64 " bytes)\n", dir_name(d), e.offset, msgr2::tag_name(e.preamble.tag),
                e.layout.total);
  }
  void on_message(Dir d, MessageEvent& e) override {
    ++messages;
    const char* name = msg_type_name(e.msg.type);
    std::printf("  %-15s @%-7" PRIu64 " %s(%u) seq %" PRIu64 " tid %" PRIu64 " front %u data %u (%" PRIu64
                " pages at +%u) crc:",
                dir_name(d), e.offset, name ? name : "?", e.msg.type, e.msg.seq, e.msg.tid, e.msg.front_len,
                e.msg.data_len, e.msg.data_page_count(), e.msg.data_page_offset());
    for (auto& c : e.crcs)
      std::printf(" %s%s%s", crc_field_name(c.field),
                  c.field == CrcField::V2Segment ? std::to_string(c.segment).c_str() : "",
                  c.status == CrcStatus::Good ? "=ok" : c.status == CrcStatus::Bad ? "=BAD" : "=unverified");
    std::printf("\n");
  }
  void on_crc(Dir d, const CrcCheck& c) override {
    if (c.status != CrcStatus::Bad) return;
    ++bad_crcs;
    std::printf("  %-15s @%-7" PRIu64 " bad CRC32C in %s: wire 0x%08x, should be 0x%08x\n", dir_name(d), c.offset,
                crc_field_name(c.field), c.wire, c.computed);
  }
  void on_error(Dir d, const ErrorEvent& e) override {
    ++errors;
    std::printf("  %-15s @%-7" PRIu64 " error (%s): %s\n", dir_name(d), e.offset, error_kind_name(e.kind), e.reason.c_str());
  }
};

Message make_message(uint16_t type, uint64_t seq, uint64_t tid, std::string front, size_t data_len) {
  Message m;
  m.seq = seq;
  m.tid = tid;
  m.type = type;
  m.priority = kPrioDefault;
  m.version = 8;
  m.compat_version = 3;
  m.src = {kEntityClient, 4100};
  m.set_front(as_bytes(front));
  Pagelist data;
  for (size_t i = 0; i < data_len; ++i) data.encode_8(uint8_t(i * 7));
  m.data_off = uint16_t(data_len ? 0x1200 : 0);
  m.set_data(std::move(data));
  return m;
}

int replay(const char* title, const Conversation& conv, std::mt19937& rng) {
  std::printf("%s\n", title);
  Printer p;
  Connection c(p);
  std::uniform_int_distribution<size_t> split(1, 3000);
  size_t fed = 0;
  for (const auto& chunk : conv)
    for (size_t off = 0; off < chunk.bytes.size();) {
      size_t n = std::min(split(rng), chunk.bytes.size() - off);
      c.feed(chunk.dir, Bytes(chunk.bytes.data() + off, n));
      off += n;
      fed += n;
    }
  c.finish();
  std::printf("  => %d messages, %d bad CRCs, %d errors in %zu bytes\n\n", p.messages, p.bad_crcs, p.errors, fed);
  return p.messages;
}

}  // namespace

int main() {
  std::mt19937 rng(42);
  const auto client = EntityAddr::ipv4(kAddrLegacy, 0x1234, {127, 0, 0, 1}, 40000);
  const uint64_t features = kFeatureMsgAuth | kFeatureKeepalive2 | 0x3ff;

  // msgr v1: handshake, a ping, an OSD op with 3 pages of data, and one whose
  // data CRC is damaged on the way.
  msgr1::HandshakeSpec h1;
  h1.client_addr = client;
  h1.server_addr = EntityAddr::ipv4(kAddrLegacy, 0, {127, 0, 0, 1}, 6800);
  h1.client_features = h1.server_features = features;
  Conversation v1 = msgr1::handshake(h1);
  auto ping = make_message(kMsgPing, 1, 0, "", 0);
  auto op = make_message(kMsgOsdOp, 2, 7, std::string(221, 'o'), 3 * 4096 + 100);
  auto bad = make_message(kMsgOsdOp, 3, 8, "front", 5000);
  v1.push_back({Dir::ToServer, msgr1::encode_message(ping).flatten()});
  v1.push_back({Dir::ToServer, msgr1::encode_message(op).flatten()});
  auto bad_bytes = msgr1::encode_message(bad).flatten();
  bad_bytes[msgr1::MessageLayout::of(bad, true).data + 10] ^= 0xff;  // damage the data
  v1.push_back({Dir::ToServer, bad_bytes});
  v1.push_back({Dir::ToClient, msgr1::encode_ack(3)});
  int n = replay("msgr v1 session (auth none), fed in random splits:", v1, rng);

  // msgr2.1 crc mode: handshake, then the same messages as MESSAGE frames.
  msgr2::HandshakeSpec h2;
  h2.client_addr = EntityAddr::ipv4(kAddrMsgr2, 0x1234, {127, 0, 0, 1}, 40001);
  h2.server_addr = EntityAddr::ipv4(kAddrMsgr2, 0, {127, 0, 0, 1}, 3300);
  Conversation v2 = msgr2::handshake(h2);
  v2.push_back({Dir::ToServer, msgr2::encode_message(ping).flatten()});
  v2.push_back({Dir::ToServer, msgr2::encode_message(op).flatten()});
  auto bad2 = msgr2::encode_message(bad).flatten();
  bad2[bad2.size() - 20] ^= 0xff;  // inside the data segment
  v2.push_back({Dir::ToServer, bad2});
  v2.push_back({Dir::ToClient, msgr2::encode_control(msgr2::Ack{3}).flatten()});
  n += replay("msgr2.1 crc-mode session (auth none), fed in random splits:", v2, rng);

  std::printf("%d messages parsed back; the two damaged data CRCs above are expected.\n", n);
  return n == 6 ? 0 : 1;
}
