// `inspect` throughput on a large capture against a plain libpcap read loop
// over the same file, measured in the same run. The capture (default 320 MB,
// CEPHWIRE_BENCH_MB to change) is written first by the synthetic flow writer:
// half msgr v1, half msgr2.1 sessions of 4 MiB OSD ops in 64 KiB segments,
// as loopback traffic looks.
#include <benchmark/benchmark.h>
#include <pcap/pcap.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "cephwire/capture/summary.h"
#include "cephwire/encoder.h"
#include "cephwire/features.h"
#include "cephwire/capture/flow_writer.h"
#include "ratio_reporter.h"

using namespace cephwire;

namespace {

std::string g_path;
uint64_t g_bytes = 0;

void write_capture(const std::string& path, uint64_t megabytes) {
  capture::Capture cap(path, capture::kLinkEthernet, capture::PcapWriter::Format::Pcap);
  Message m;
  m.type = 42;
  m.version = 8;
  std::vector<uint8_t> front(221, 'f');
  m.set_front(front);
  Pagelist d;
  std::vector<uint8_t> block(4 << 20);
  for (size_t i = 0; i < block.size(); ++i) block[i] = uint8_t(i * 131);
  d.append(block);
  m.set_data(std::move(d));
  const uint64_t per_session = 16, message_bytes = 4 << 20;
  const uint64_t sessions = std::max<uint64_t>(2, (megabytes << 20) / (per_session * message_bytes));
  for (uint64_t s = 0; s < sessions; ++s) {
    const bool v1 = s % 2 == 0;
    capture::Flow f(cap, capture::Endpoint::v4({127, 0, 0, 1}, uint16_t(50000 + s)),
                capture::Endpoint::v4({127, 0, 0, 1}, 6800), 1000, 2000);
    f.handshake();
    Conversation hs;
    if (v1) {
      msgr1::HandshakeSpec h;
      h.client_features = h.server_features = kFeatureMsgAuth;
      hs = msgr1::handshake(h);
    } else {
      hs = msgr2::handshake({});
    }
    for (auto& ch : hs) f.send(ch.dir, ch.bytes);
    for (uint64_t i = 0; i < per_session; ++i) {
      m.seq = i + 1;
      f.send(Dir::ToServer, v1 ? msgr1::encode_message(m).flatten() : msgr2::encode_message(m).flatten(), 65483);
    }
    f.fin();
  }
  cap.close();
}

void BM_LibpcapReadLoop(benchmark::State& st) {
  for (auto _ : st) {
    char err[PCAP_ERRBUF_SIZE];
    pcap_t* p = pcap_open_offline(g_path.c_str(), err);
    if (!p) {
      st.SkipWithError(err);
      return;
    }
    pcap_pkthdr* h;
    const u_char* data;
    uint64_t sum = 0;
    while (pcap_next_ex(p, &h, &data) == 1) sum += h->caplen + data[h->caplen - 1];
    benchmark::DoNotOptimize(sum);
    pcap_close(p);
  }
  st.SetBytesProcessed(int64_t(st.iterations() * g_bytes));
}
BENCHMARK(BM_LibpcapReadLoop)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_Inspect(benchmark::State& st) {
  for (auto _ : st) {
    auto s = capture::summarize(g_path);
    if (!s.clean() || s.messages_total == 0) st.SkipWithError("the benchmark capture did not read clean");
    benchmark::DoNotOptimize(s.messages_total);
  }
  st.SetBytesProcessed(int64_t(st.iterations() * g_bytes));
  st.SetLabel("baseline=BM_LibpcapReadLoop");  // target: >= 0.6x
}
BENCHMARK(BM_Inspect)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

int main(int argc, char** argv) {
  const char* mb = std::getenv("CEPHWIRE_BENCH_MB");
  g_path = (std::filesystem::temp_directory_path() / ("cephwire-bench-" + std::to_string(getpid()) + ".pcap")).string();
  write_capture(g_path, mb ? std::strtoull(mb, nullptr, 10) : 320);
  g_bytes = std::filesystem::file_size(g_path);
  std::printf("capture: %s, %.1f MB\n", g_path.c_str(), double(g_bytes) / 1e6);
  int rc = cephwire::bench::run_with_ratios(argc, argv);
  std::filesystem::remove(g_path);
  return rc;
}
