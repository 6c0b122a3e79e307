// libFuzzer target for the connection parser: two directions, gaps, all
// options; small limits so that hostile lengths hit them quickly.
#include <cstddef>
#include <cstdint>

#include "cephwire/parser.h"
#include "cephwire/pdu.h"

using namespace cephwire;

namespace {

// Touches what every event hands out, so that ASan sees any stale view.
class Toucher : public Listener {
 public:
  uint64_t sum = 0;
  void on_v1_connect(Dir, const V1ConnectEvent& e) override { touch(e.authorizer); }
  void on_v1_connect_reply(Dir, const V1ConnectReplyEvent& e) override { touch(e.authorizer); }
  void on_v2_frame(Dir, const V2FrameEvent& e) override {
    touch(e.payload);
    for (auto& c : e.crcs) sum += c.computed;
  }
  void on_message(Dir, MessageEvent& e) override {
    touch(e.msg.front);
    touch(e.msg.middle);
    sum += e.msg.data.crc32c(0);
    for (auto& c : e.crcs) sum += c.computed;
  }
  void on_error(Dir, const ErrorEvent& e) override { sum += e.reason.size(); }

 private:
  void touch(Bytes b) {
    for (uint8_t x : b) sum += x;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  ParserOptions o;
  o.limits = {1u << 16, 1u << 16, 1u << 16, 1u << 18};
  o.max_pending = 1u << 14;
  o.collect_payload = data[0] & 1;
  o.zero_crc_unset = data[0] & 2;
  o.verify_crc = !(data[0] & 4);
  Toucher t;
  Connection c(t, o);
  size_t pos = 1;
  while (pos + 3 <= size) {
    uint8_t ctl = data[pos];
    size_t n = size_t(data[pos + 1]) | size_t(data[pos + 2]) << 8;
    pos += 3;
    Dir d = (ctl & 1) ? Dir::ToClient : Dir::ToServer;
    if (ctl & 2) {
      c.gap(d, n);
      continue;
    }
    if (n > size - pos) n = size - pos;
    c.feed(d, Bytes(data + pos, n));
    pos += n;
    (void)pdu_length(c.next_pdu(d), Bytes(data + pos, size - pos), o.limits);
  }
  c.finish();
  return 0;
}
