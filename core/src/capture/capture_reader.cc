#include "cephwire/capture/capture_reader.h"

#include <pcap/pcap.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "cephwire/ports.h"

namespace cephwire::capture {

// ---- Session ----------------------------------------------------------------

uint64_t Session::frame_at(Dir d, uint64_t offset) const {
  const auto& idx = dirs_[size_t(d)].index;
  auto it = std::upper_bound(idx.begin(), idx.end(), offset,
                             [](uint64_t o, const std::pair<uint64_t, uint64_t>& e) { return o < e.first; });
  if (it == idx.begin()) return idx.empty() ? current_frame_ : idx.front().second;
  return std::prev(it)->second;
}

void Session::Direction::on_data(uint64_t offset, Bytes data, uint64_t frame) {
  if (index.empty() || index.back().second != frame) index.emplace_back(offset, frame);
  s->payload_bytes[size_t(dir)] += data.size();
  if (s->framer_)
    s->framer_->feed(dir, data);
  else
    s->parser_->feed(dir, data);
  // Forget frames that no future event can name, but keep the one that holds
  // the earliest byte still pending.
  const uint64_t low = s->parser_->earliest_pending(dir);
  while (index.size() > 1 && index[1].first <= low) index.pop_front();
}

void Session::Direction::on_gap(uint64_t offset, uint64_t length, uint64_t frame) {
  if (index.empty() || index.back().second != frame) index.emplace_back(offset, frame);
  s->gap_bytes[size_t(dir)] += length;
  if (s->framer_)
    s->framer_->gap(dir, length);
  else
    s->parser_->gap(dir, length);
}

void Session::Direction::on_conflict(uint64_t offset, uint64_t length, uint64_t frame) {
  s->consumer_->on_tcp_conflict(*s, dir, offset, length, frame);
}

// ---- CaptureReader ---------------------------------------------------------------

struct CaptureReader::Impl {
  CaptureConsumer& consumer;
  ReaderOptions opt;
  // Keyed by the two endpoints, lower first.
  std::map<std::pair<Endpoint, Endpoint>, std::unique_ptr<Session>> live;
  size_t next_id = 1;

  Impl(CaptureConsumer& c, ReaderOptions o) : consumer(c), opt(o) {}

  static std::pair<Endpoint, Endpoint> key(const TcpSegment& t) {
    return t.src < t.dst ? std::make_pair(t.src, t.dst) : std::make_pair(t.dst, t.src);
  }

  Session& start(const TcpSegment& t, uint64_t frame, uint64_t ts) {
    auto s = std::make_unique<Session>();
    s->id = next_id++;
    const bool syn = (t.flags & kTcpSyn) != 0;
    const bool ack = (t.flags & kTcpAck) != 0;
    bool src_is_client;
    if (syn) {
      src_is_client = !ack;  // SYN from the client, SYN+ACK from the server
      s->syn_seen = true;
    } else if (is_ceph_port(t.dst.port) != is_ceph_port(t.src.port)) {
      src_is_client = is_ceph_port(t.dst.port);
    } else {
      src_is_client = t.src.port > t.dst.port;  // ephemeral ports are the high ones
    }
    s->client = src_is_client ? t.src : t.dst;
    s->server = src_is_client ? t.dst : t.src;
    s->first_frame = frame;
    s->first_ts_usec = ts;
    s->consumer_ = &consumer;
    Listener* l = consumer.on_session_start(*s);
    s->parser_ = std::make_unique<Connection>(l ? *l : s->null_, opt.parser);
    if (PduSink* p = consumer.pdu_sink(*s)) s->framer_ = std::make_unique<PduFramer>(*s->parser_, *p, opt.parser.limits);
    for (size_t i = 0; i < 2; ++i) {
      auto& d = s->dirs_[i];
      d.s = s.get();
      d.dir = Dir(i);
      d.tcp = std::make_unique<TcpReassembler>(d, opt.reassembly);
    }
    Session& ref = *s;
    live[key(t)] = std::move(s);
    return ref;
  }

  void end(Session& s) {
    if (s.ended_) return;
    s.ended_ = true;
    for (auto& d : s.dirs_) d.tcp->finish(s.last_frame);
    if (s.framer_)
      s.framer_->finish();
    else
      s.parser_->finish();
    consumer.on_session_end(s);
  }

  void segment(const TcpSegment& t, uint64_t frame, uint64_t ts) {
    auto it = live.find(key(t));
    const bool fresh_syn = (t.flags & kTcpSyn) && !(t.flags & kTcpAck);
    if (it != live.end() && fresh_syn) {
      Session& old = *it->second;
      // A new connection on the same ports, unless this SYN is a retransmission.
      if (old.dirs_[0].tcp->delivered() > 0 || old.dirs_[1].tcp->delivered() > 0 || old.dirs_[0].fin ||
          old.dirs_[1].fin || !(old.client == t.src)) {
        end(old);
        live.erase(it);
        it = live.end();
      }
    }
    if (it == live.end() && !(t.flags & kTcpSyn) && t.payload.empty() && t.missing == 0)
      return;  // the last ACK of a closed connection, a bare RST: nothing to parse
    Session& s = it != live.end() ? *it->second : start(t, frame, ts);
    s.current_frame_ = frame;
    s.last_frame = frame;
    s.last_ts_usec = ts;
    ++s.frames;
    const Dir d = t.src == s.client ? Dir::ToServer : Dir::ToClient;
    auto& dir = s.dirs_[size_t(d)];
    if ((t.flags & kTcpSyn) && (t.flags & kTcpAck)) s.syn_seen = true;
    dir.tcp->segment(t.seq, t.flags, t.payload, t.missing, frame);
    if (t.flags & kTcpFin) dir.fin = true;
    const bool closed = (t.flags & kTcpRst) ||
                        (s.dirs_[0].fin && s.dirs_[1].fin && s.dirs_[0].tcp->buffered() == 0 &&
                         s.dirs_[1].tcp->buffered() == 0);
    if (closed) {
      auto k = key(t);
      end(s);
      live.erase(k);
    }
  }

  ReadResult read(const std::string& path) {
    ReadResult r;
    char err[PCAP_ERRBUF_SIZE] = "";
    pcap_t* p = pcap_open_offline(path.c_str(), err);
    if (!p) {
      r.ok = false;
      r.error = path + ": not a readable pcap or pcapng capture at byte offset 0: " + err;
      return r;
    }
    r.link_type = link_type_from_dlt(pcap_datalink(p));
    std::FILE* f = pcap_file(p);
    uint64_t frame = 0;
    for (;;) {
      const long before = f ? std::ftell(f) : -1;
      pcap_pkthdr* h = nullptr;
      const u_char* data = nullptr;
      int rc = pcap_next_ex(p, &h, &data);
      if (rc == PCAP_ERROR_BREAK) break;  // end of file
      if (rc != 1) {
        r.ok = false;
        r.error_offset = before < 0 ? 0 : uint64_t(before);
        r.error = path + ": cannot read frame " + std::to_string(frame + 1) + " at byte offset " +
                  std::to_string(r.error_offset) + ": " + pcap_geterr(p);
        break;
      }
      ++frame;
      ++r.frames;
      r.file_bytes += h->caplen;
      const uint64_t ts = uint64_t(h->ts.tv_sec) * 1000000 + uint64_t(h->ts.tv_usec);
      Decoded dec = decode_frame(r.link_type, Bytes(data, h->caplen), h->len);
      if (!dec.tcp) {
        consumer.on_other_frame(frame, dec.why);
        continue;
      }
      ++r.tcp_frames;
      segment(*dec.tcp, frame, ts);
    }
    pcap_close(p);
    // Whatever is still open ends with the capture, in order of first frame.
    std::vector<Session*> open;
    for (auto& [k, s] : live) open.push_back(s.get());
    std::sort(open.begin(), open.end(), [](Session* a, Session* b) { return a->id < b->id; });
    for (Session* s : open) end(*s);
    live.clear();
    r.sessions = next_id - 1;
    return r;
  }
};

CaptureReader::CaptureReader(CaptureConsumer& consumer, ReaderOptions o)
    : impl_(std::make_unique<Impl>(consumer, o)) {}
CaptureReader::~CaptureReader() = default;
ReadResult CaptureReader::read(const std::string& path) { return impl_->read(path); }

}  // namespace cephwire::capture
