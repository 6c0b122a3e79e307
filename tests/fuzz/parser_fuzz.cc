// libFuzzer target for the connection parser: two directions, gaps, all
// options; small limits so that hostile lengths hit them quickly.
#include <cstddef>
#include <cstdint>

#include "cephwire/parser.h"
#include "cephwire/layout.h"
#include "cephwire/pdu.h"
#include "cephwire/pdu_framer.h"
#include "cephwire/secure/key_store.h"
#include "cephwire/secure/secure_session.h"

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

// Lays out every PDU the framer cuts, as the plugin and `inspect --fields` do,
// and reads every byte each field says it lies on.
class LayingOut : public PduSink {
 public:
  uint64_t sum = 0;
  void on_pdu(Dir, uint64_t, const PduContext& ctx, Bytes pdu) override {
    for (bool verify : {true, false}) {
      const PduLayout l = pdu_layout(ctx, pdu, {verify, !verify});
      for (const auto& f : l.fields) {
        const Bytes src = l.source_bytes(f.source, pdu);
        if (uint64_t(f.off) + f.len > src.size()) __builtin_trap();
        for (uint32_t i = 0; i < f.len; ++i) sum += src[f.off + i];
      }
      sum += l.summary.size();
    }
    if (pdu.size() > 1) sum += cut_layout(ctx, pdu.first(pdu.size() / 2)).fields.size();
  }
};

// Flag bit 3: secure mode with keys, the made-up ones of the seeds
// (secure/secure_session.h test_key): client.admin, osd.0 and mon., one key
// store for all inputs (it learns from what it decrypts, as a capture's does).
secure::KeyStore* fuzz_keys() {
  static secure::KeyStore* k = [] {
    secure::Keyring r;
    r.add("client.admin", secure::test_key(0x00));
    r.add("osd.0", secure::test_key(0x60));
    r.add("mon.", secure::test_key(0xa0));
    return new secure::KeyStore(std::move(r));
  }();
  return k;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  ParserOptions o;
  o.limits = {1u << 16, 1u << 16, 1u << 16, 1u << 18};
  o.max_pending = 1u << 14;
  o.collect_payload = data[0] & 1;
  o.zero_crc_unset = data[0] & 2;
  o.verify_crc = !(data[0] & 4);
  if (data[0] & 8) o.keys = fuzz_keys();
  Toucher t;
  Connection c(t, o);
  Toucher t2;
  Connection framed(t2, o);
  LayingOut lay;
  PduFramer framer(framed, lay, o.limits);
  size_t pos = 1;
  while (pos + 3 <= size) {
    uint8_t ctl = data[pos];
    size_t n = size_t(data[pos + 1]) | size_t(data[pos + 2]) << 8;
    pos += 3;
    Dir d = (ctl & 1) ? Dir::ToClient : Dir::ToServer;
    if (ctl & 2) {
      c.gap(d, n);
      framer.gap(d, n);
      continue;
    }
    if (n > size - pos) n = size - pos;
    c.feed(d, Bytes(data + pos, n));
    framer.feed(d, Bytes(data + pos, n));
    pos += n;
    (void)pdu_length(c.next_pdu(d), Bytes(data + pos, size - pos), o.limits);
  }
  c.finish();
  framer.finish();
  return 0;
}
