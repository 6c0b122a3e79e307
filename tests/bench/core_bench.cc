// Core benchmarks, each with its baseline in the same run:
//  - CRC32C through our wrapper vs ISA-L called directly vs memcpy;
//  - pagelist appends vs memcpy into one preallocated buffer;
//  - parsing v1 and msgr2 streams with full CRC verification (bytes/s for
//    4 MiB data messages, messages/s for 100-byte fronts) vs memcpy of the
//    same stream and vs ISA-L's CRC over it;
//  - msgr2 secure mode: parsing a secure session of 4 MiB messages with its
//    keys (bytes/s of decryption and parsing) vs libcrypto's AES-GCM alone
//    over the same bytes, and vs the crc-mode parse.
#include <benchmark/benchmark.h>
#include <isa-l/crc.h>

#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "cephwire/compression.h"
#include "cephwire/crc32c.h"
#include "cephwire/encoder.h"
#include "cephwire/features.h"
#include "cephwire/parser.h"
#include "cephwire/secure/key_store.h"
#include "cephwire/secure/secure_session.h"
#include "ratio_reporter.h"

using namespace cephwire;

namespace {

std::vector<uint8_t> buffer(size_t n) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = uint8_t(i * 131 + 7);
  return v;
}

void BM_Memcpy(benchmark::State& st) {
  auto src = buffer(size_t(st.range(0)));
  std::vector<uint8_t> dst(src.size());
  for (auto _ : st) {
    std::memcpy(dst.data(), src.data(), src.size());
    benchmark::DoNotOptimize(dst.data());
    benchmark::ClobberMemory();
  }
  st.SetBytesProcessed(int64_t(st.iterations()) * st.range(0));
}
BENCHMARK(BM_Memcpy)->Arg(4096)->Arg(4 << 20);

void BM_IsalCrc(benchmark::State& st) {
  auto src = buffer(size_t(st.range(0)));
  uint32_t c = 0;
  for (auto _ : st) benchmark::DoNotOptimize(c = crc32_iscsi(src.data(), int(src.size()), c));
  st.SetBytesProcessed(int64_t(st.iterations()) * st.range(0));
  st.SetLabel("baseline=BM_Memcpy");
}
BENCHMARK(BM_IsalCrc)->Arg(4096)->Arg(4 << 20);

void BM_CephCrc32c(benchmark::State& st) {
  auto src = buffer(size_t(st.range(0)));
  uint32_t c = 0;
  for (auto _ : st) benchmark::DoNotOptimize(c = ceph_crc32c(c, src.data(), src.size()));
  st.SetBytesProcessed(int64_t(st.iterations()) * st.range(0));
  st.SetLabel("baseline=BM_IsalCrc");  // target: >= 0.9x
}
BENCHMARK(BM_CephCrc32c)->Arg(4096)->Arg(4 << 20);

void BM_CephCrc32cHeader(benchmark::State& st) {  // a 49-byte v1 header
  auto src = buffer(49);
  uint32_t c = 0;
  for (auto _ : st) benchmark::DoNotOptimize(c = ceph_crc32c(c, src.data(), src.size()));
  st.SetBytesProcessed(int64_t(st.iterations()) * 49);
  st.SetLabel("baseline=BM_IsalCrcHeader");
}
void BM_IsalCrcHeader(benchmark::State& st) {
  auto src = buffer(49);
  uint32_t c = 0;
  for (auto _ : st) benchmark::DoNotOptimize(c = crc32_iscsi(src.data(), 49, c));
  st.SetBytesProcessed(int64_t(st.iterations()) * 49);
}
BENCHMARK(BM_IsalCrcHeader);
BENCHMARK(BM_CephCrc32cHeader);

// 4 MiB appended in pieces of range(0) bytes.
void BM_MemcpyPrealloc4M(benchmark::State& st) {
  const size_t piece = size_t(st.range(0)), total = 4 << 20;
  auto src = buffer(piece);
  std::vector<uint8_t> dst(total);
  for (auto _ : st) {
    for (size_t off = 0; off + piece <= total; off += piece) std::memcpy(dst.data() + off, src.data(), piece);
    benchmark::DoNotOptimize(dst.data());
    benchmark::ClobberMemory();
  }
  st.SetBytesProcessed(int64_t(st.iterations()) * int64_t(total / piece * piece));
}
BENCHMARK(BM_MemcpyPrealloc4M)->Arg(4096)->Arg(100);

void BM_PagelistAppend4M(benchmark::State& st) {
  const size_t piece = size_t(st.range(0)), total = 4 << 20;
  auto src = buffer(piece);
  for (auto _ : st) {
    Pagelist pl;
    for (size_t off = 0; off + piece <= total; off += piece) pl.append(src.data(), piece);
    benchmark::DoNotOptimize(pl.length());
  }
  st.SetBytesProcessed(int64_t(st.iterations()) * int64_t(total / piece * piece));
  st.SetLabel("baseline=BM_MemcpyPrealloc4M");
}
BENCHMARK(BM_PagelistAppend4M)->Arg(4096)->Arg(100);

// ---- parse throughput ----------------------------------------------------

struct Stream {
  std::vector<uint8_t> bytes;
  size_t messages = 0;
};

// A client->server stream after the handshake: `count` messages.
Stream make_stream(int version, size_t count, size_t front, size_t data) {
  Stream s;
  Message m;
  m.type = 42;
  m.priority = kPrioDefault;
  std::vector<uint8_t> f(front, 'f');
  m.set_front(f);
  Pagelist d;
  auto b = buffer(data);
  d.append(b);
  m.set_data(std::move(d));
  for (size_t i = 0; i < count; ++i) {
    m.seq = i + 1;
    auto frame = version == 1 ? msgr1::encode_message(m) : msgr2::encode_message(m);
    frame.append_to(s.bytes);
  }
  s.messages = count;
  return s;
}

Conversation handshake(int version) {
  if (version == 1) {
    msgr1::HandshakeSpec h;
    h.client_features = h.server_features = kFeatureMsgAuth;
    return msgr1::handshake(h);
  }
  return msgr2::handshake(msgr2::HandshakeSpec{});
}

// Hands `b` over in 64 KiB pieces, as a capture reader hands reassembled TCP payload.
template <class F>
void in_pieces(Bytes b, F f) {
  for (size_t off = 0; off < b.size(); off += 65536) f(b.subspan(off, std::min<size_t>(65536, b.size() - off)));
}

class Counter : public Listener {
 public:
  size_t messages = 0, bad = 0;
  void on_message(Dir, MessageEvent& e) override {
    ++messages;
    bad += !e.crc_ok();
  }
};

// Feeds the stream in 64 KiB pieces; every CRC is verified and the payload is
// collected into pagelists.
void parse(benchmark::State& st, int version, const Stream& s) {
  const auto hs = handshake(version);
  for (auto _ : st) {
    Counter c;
    Connection conn(c);
    for (auto& ch : hs) conn.feed(ch.dir, ch.bytes);
    in_pieces(s.bytes, [&](Bytes piece) { conn.feed(Dir::ToServer, piece); });
    if (c.messages != s.messages || c.bad) st.SkipWithError("parse failed");
  }
  st.SetBytesProcessed(int64_t(st.iterations() * s.bytes.size()));
  st.SetItemsProcessed(int64_t(st.iterations() * s.messages));
}

void BM_StreamMemcpy(benchmark::State& st) {  // baseline: one copy of the stream
  auto s = make_stream(1, 16, 221, 4 << 20);
  std::vector<uint8_t> dst(65536);
  for (auto _ : st) {
    in_pieces(s.bytes, [&](Bytes piece) {
      std::memcpy(dst.data(), piece.data(), piece.size());
      benchmark::ClobberMemory();
    });
  }
  st.SetBytesProcessed(int64_t(st.iterations() * s.bytes.size()));
}
BENCHMARK(BM_StreamMemcpy)->Unit(benchmark::kMillisecond);

void BM_StreamIsalCrc(benchmark::State& st) {  // baseline: CRC alone over the stream
  auto s = make_stream(1, 16, 221, 4 << 20);
  for (auto _ : st) benchmark::DoNotOptimize(crc32_iscsi(s.bytes.data(), int(s.bytes.size()), 0));
  st.SetBytesProcessed(int64_t(st.iterations() * s.bytes.size()));
}
BENCHMARK(BM_StreamIsalCrc)->Unit(benchmark::kMillisecond);

void BM_ParseV1Data4M(benchmark::State& st) {
  static const auto s = make_stream(1, 16, 221, 4 << 20);
  parse(st, 1, s);
  st.SetLabel("baseline=BM_StreamMemcpy");
}
BENCHMARK(BM_ParseV1Data4M)->Unit(benchmark::kMillisecond);

void BM_ParseV2Data4M(benchmark::State& st) {
  static const auto s = make_stream(2, 16, 221, 4 << 20);
  parse(st, 2, s);
  st.SetLabel("baseline=BM_StreamMemcpy");
}
BENCHMARK(BM_ParseV2Data4M)->Unit(benchmark::kMillisecond);

// Small messages: a 100-byte front each; the baseline is memcpy of the stream
// counted in messages (the same bytes), so the ratio is in messages too.
void BM_SmallMemcpy(benchmark::State& st) {
  auto s = make_stream(1, 20000, 100, 0);
  std::vector<uint8_t> dst(65536);
  for (auto _ : st) {
    in_pieces(s.bytes, [&](Bytes piece) {
      std::memcpy(dst.data(), piece.data(), piece.size());
      benchmark::ClobberMemory();
    });
  }
  st.SetItemsProcessed(int64_t(st.iterations() * s.messages));
}
BENCHMARK(BM_SmallMemcpy);

void BM_ParseV1Small(benchmark::State& st) {
  static const auto s = make_stream(1, 20000, 100, 0);
  parse(st, 1, s);
  st.counters.erase("bytes_per_second");
  st.SetLabel("baseline=BM_SmallMemcpy");
}
BENCHMARK(BM_ParseV1Small);

void BM_ParseV2Small(benchmark::State& st) {
  static const auto s = make_stream(2, 20000, 100, 0);
  parse(st, 2, s);
  st.counters.erase("bytes_per_second");
  st.SetLabel("baseline=BM_SmallMemcpy");
}
BENCHMARK(BM_ParseV2Small);

// ---- msgr2 on-wire compression ---------------------------------------------
// 4 osd_ops of 4 MiB object text (compressible, as rados objects often are),
// compressed with one method (the argument: 1 snappy, 2 zlib, 3 zstd, 4 lz4).
// Parsing them (every CRC, segments decompressed, payload collected) against
// decompressing the same segments alone; rates in decompressed bytes.
struct CompressedStream {
  Stream s;
  std::vector<uint8_t> data_seg;  // one message's data segment, compressed
  uint64_t plain = 0;
};

const CompressedStream& compressed_stream(uint32_t method) {
  static std::map<uint32_t, CompressedStream> made;
  auto it = made.find(method);
  if (it != made.end()) return it->second;
  CompressedStream c;
  std::vector<uint8_t> text;
  while (text.size() < (4u << 20)) {
    const std::string line = "cephwire object line " + std::to_string(text.size() % 9973) + " of rados bench data\n";
    text.insert(text.end(), line.begin(), line.end());
  }
  text.resize(4u << 20);
  Message m;
  m.type = 42;
  m.priority = kPrioDefault;
  m.set_front(std::vector<uint8_t>(221, 'f'));
  Pagelist d;
  d.append(text);
  m.set_data(std::move(d));
  msgr2::EncodeOptions o;
  o.compress_method = method;
  for (size_t i = 0; i < 4; ++i) {
    m.seq = i + 1;
    msgr2::encode_message(m, o).append_to(c.s.bytes);
  }
  c.s.messages = 4;
  c.data_seg = *compress_segment(method, text);
  c.plain = 4 * uint64_t(text.size());
  return made.emplace(method, std::move(c)).first->second;
}

void BM_DecompressOnly(benchmark::State& st) {  // baseline: the codec alone
  const uint32_t method = uint32_t(st.range(0));
  const auto& c = compressed_stream(method);
  for (auto _ : st)
    for (int i = 0; i < 4; ++i) benchmark::DoNotOptimize(decompress_segment(method, c.data_seg, 64u << 20, nullptr));
  st.SetBytesProcessed(int64_t(st.iterations() * c.plain));
}
BENCHMARK(BM_DecompressOnly)->DenseRange(1, 4)->Unit(benchmark::kMillisecond);

void BM_ParseV2Compressed(benchmark::State& st) {
  const uint32_t method = uint32_t(st.range(0));
  const auto& c = compressed_stream(method);
  auto hs = handshake(2);
  const auto done = msgr2::encode_control(msgr2::CompressionDone{true, method}).flatten();
  for (auto _ : st) {
    Counter k;
    Connection conn(k);
    for (auto& ch : hs) conn.feed(ch.dir, ch.bytes);
    conn.feed(Dir::ToClient, done);
    in_pieces(c.s.bytes, [&](Bytes piece) { conn.feed(Dir::ToServer, piece); });
    if (k.messages != c.s.messages || k.bad) st.SkipWithError("parse failed");
  }
  st.SetBytesProcessed(int64_t(st.iterations() * c.plain));
  st.SetLabel("baseline=BM_DecompressOnly");
}
BENCHMARK(BM_ParseV2Compressed)->DenseRange(1, 4)->Unit(benchmark::kMillisecond);

// ---- secure mode ----------------------------------------------------------

struct SecureStream {
  Conversation conv;
  size_t messages = 0;
  uint64_t bytes = 0;
};

// A monitor-login session (made-up keys) whose client sends 16 messages of 4 MiB data.
const SecureStream& secure_stream() {
  static const SecureStream s = [] {
    SecureStream out;
    static Message m;
    m.type = 42;
    m.priority = kPrioDefault;
    std::vector<uint8_t> f(221, 'f');
    m.set_front(f);
    Pagelist d;
    d.append(buffer(4 << 20));
    m.set_data(std::move(d));
    secure::SecureSessionSpec spec;
    spec.principal = secure::test_key(0);
    spec.auth_session_key = secure::test_key(0x10);
    for (int i = 0; i < 64; ++i) spec.connection_secret.push_back(uint8_t(0x40 + i));
    for (int i = 0; i < 16; ++i) spec.messages.push_back({Dir::ToServer, &m});
    out.conv = secure::secure_mon_session(spec);
    out.messages = 16;
    for (auto& c : out.conv) out.bytes += c.bytes.size();
    return out;
  }();
  return s;
}

void BM_GcmOpenOnly(benchmark::State& st) {  // baseline: libcrypto's AES-128-GCM over 4 MiB
  const auto key = *secure::test_key(0x40).aes();
  secure::GcmNonce nonce{};
  const auto ct = secure::gcm_seal(key, nonce, buffer(4 << 20));
  std::vector<uint8_t> out(ct.size());
  for (auto _ : st) {
    if (!secure::gcm_open(key, nonce, ct, out.data())) st.SkipWithError("tag");
    benchmark::ClobberMemory();
  }
  st.SetBytesProcessed(int64_t(st.iterations() * ct.size()));
}
BENCHMARK(BM_GcmOpenOnly)->Unit(benchmark::kMillisecond);

void BM_ParseV2Secure4M(benchmark::State& st) {
  const auto& s = secure_stream();
  secure::Keyring ring;
  ring.add("client.admin", secure::test_key(0));
  for (auto _ : st) {
    secure::KeyStore keys(ring);
    ParserOptions o;
    o.keys = &keys;
    Counter c;
    Connection conn(c, o);
    for (auto& ch : s.conv) in_pieces(ch.bytes, [&](Bytes piece) { conn.feed(ch.dir, piece); });
    if (c.messages != s.messages || c.bad) st.SkipWithError("parse failed");
  }
  st.SetBytesProcessed(int64_t(st.iterations() * s.bytes));
  st.SetItemsProcessed(int64_t(st.iterations() * s.messages));
  st.SetLabel("baseline=BM_GcmOpenOnly");
}
BENCHMARK(BM_ParseV2Secure4M)->Unit(benchmark::kMillisecond);

}  // namespace


int main(int argc, char** argv) { return cephwire::bench::run_with_ratios(argc, argv); }
