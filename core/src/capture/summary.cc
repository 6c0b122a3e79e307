#include "cephwire/capture/summary.h"

#include <algorithm>
#include <memory>

#include "cephwire/messages/ceph_text.h"
#include "cephwire/messages/transaction.h"
#include "cephwire/msg_types.h"

namespace cephwire::capture {
namespace {

// Collects one session's events; committed to the summary when it ends, so
// that connections that turn out not to be Ceph are set apart whole.
class SessionCollector : public Listener {
 public:
  SessionCollector(Session& s, bool keep, bool texts, RequestTracker* ops, messages::ObjectExport* exporter)
      : s_(s), keep_(keep), texts_(texts), ops_(ops), exporter_(exporter) {}

  void on_message(Dir d, MessageEvent& e) override {
    auto& m = e.msg;
    sum.messages_by_type[size_t(d)][m.type]++;
    sum.messages++;
    if (e.decrypted) sum.decrypted_messages++, sum.decrypted_frames++;
    if (ops_) {
      auto p = track(d, m);
      if (exporter_) export_objects(d, e, m, p);
    }
    if (!keep_) return;
    sum.message_list.push_back(MessageRecord{d, m.type, m.seq, m.tid, m.front_len, m.middle_len, m.data_len,
                                             s_.frame_at(d, e.offset), s_.current_frame(), e.offset,
                                             s_.last_ts_usec, e.crc_ok()});
    if (!texts_) return;
    MessageRecord& r = sum.message_list.back();
    std::string why;
    // Only client_reconnect is printed from its data: its pages are joined for it alone.
    const std::vector<uint8_t> data = m.type == kMsgClientReconnect ? m.data.to_vector() : std::vector<uint8_t>{};
    if (auto t = messages::ceph_text({m.type, m.version, m.tid, m.src, m.front, m.middle, data}, &why))
      r.text = std::move(*t);
    else
      r.text_why = std::move(why);
  }
  void on_crc(Dir d, const CrcCheck& c) override {
    sum.crc_checks++;
    if (c.status != CrcStatus::Bad) return;
    sum.crc_bad++;
    CrcError r;
    fill(r, d, c.offset);
    r.field = c.field;
    r.segment = c.segment;
    r.wire = c.wire;
    r.computed = c.computed;
    crc_errors.push_back(r);
  }
  void on_gap(Dir d, const GapEvent& e) override {
    GapRecord r;
    fill(r, d, e.offset);
    r.frame = s_.current_frame();  // where the gap shows
    r.length = e.length;
    r.inside_payload = e.inside_payload;
    gaps.push_back(r);
  }
  void on_skipped(Dir d, const SkipEvent& e) override {
    sum.skipped_bytes[size_t(d)] += e.length;
    SkipRecord r;
    fill(r, d, e.offset);
    r.length = e.length;
    r.reason = e.reason;
    skips.push_back(r);
  }
  void on_error(Dir d, const ErrorEvent& e) override {
    sum.errors++;
    ErrorRecord r;
    fill(r, d, e.offset);
    r.kind = e.kind;
    r.reason = e.reason;
    errors.push_back(std::move(r));
  }
  void on_ciphertext(Dir d, const CiphertextEvent& e) override { sum.ciphertext_bytes[size_t(d)] += e.length; }
  void on_v2_frame(Dir, const V2FrameEvent& e) override { sum.decrypted_frames += e.decrypted; }
  void on_secure(Dir d, const SecureEvent& e) override {
    switch (e.kind) {
      case SecureEvent::Kind::Opened:
        sum.decrypted = true;
        sum.decrypted_with = e.text;
        sum.decrypted_how = e.how;
        break;
      case SecureEvent::Kind::NotOpened:
        sum.not_decrypted = e.text;
        sum.key_given = e.had_key;
        // A key that should open the session and does not is an error; no key is not.
        if (e.had_key) on_error(d, ErrorEvent{ErrorKind::Protocol, e.offset, "secure session not decrypted: " + e.text});
        break;
      case SecureEvent::Kind::Signature:
        if (e.good)
          sum.signatures_good++;
        else if (e.text.rfind("not verified", 0) == 0)
          sum.signatures_unverified++;
        else
          sum.signatures_bad++;
        break;
      case SecureEvent::Kind::Stopped:
        sum.decryption_stopped[size_t(d)] = "at offset " + std::to_string(e.offset) + ": " + e.text;
        break;
    }
  }

  void conflict(Dir d, uint64_t offset, uint64_t length, uint64_t frame) {
    ConflictRecord r;
    fill(r, d, offset);
    r.frame = frame;
    r.length = length;
    conflicts.push_back(r);
  }

  SessionSummary sum;
  std::vector<CrcError> crc_errors;
  std::vector<GapRecord> gaps;
  std::vector<SkipRecord> skips;
  std::vector<ErrorRecord> errors;
  std::vector<ConflictRecord> conflicts;
  std::vector<ExportProblem> not_exported;

 private:
  std::optional<RequestTracker::Placed> track(Dir d, const Message& m) {
    if (auto t = messages::message_transaction(m))
      return ops_->add({s_.id, d, m.src, m.tid, s_.current_frame(), s_.last_ts_usec * 1000, m.type, std::move(*t)});
    return std::nullopt;
  }
  void export_objects(Dir d, const MessageEvent& e, const Message& m, const std::optional<RequestTracker::Placed>& p) {
    std::optional<messages::ExportPlace> place;
    if (p) place = messages::ExportPlace{p->request, p->request ? p->index : ops_->replies()[p->index].request};
    const bool data = m.type == kMsgOsdOp || m.type == kMsgOsdOpReply;
    std::vector<uint8_t> bytes = data ? m.data.to_vector() : std::vector<uint8_t>{};
    if (auto why = exporter_->add({m.type, m.version, m.front, bytes, m.src, &bytes}, place)) {
      ExportProblem r;
      fill(r, d, e.offset);
      r.reason = std::move(*why);
      not_exported.push_back(std::move(r));
    }
  }
  void fill(Where& w, Dir d, uint64_t offset) {
    w.session = s_.id;
    w.dir = d;
    w.offset = offset;
    w.frame = s_.frame_at(d, offset);
  }
  Session& s_;
  bool keep_, texts_;
  RequestTracker* ops_;
  messages::ObjectExport* exporter_;
};

template <class T>
void move_all(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

class Summarizer : public CaptureConsumer {
 public:
  Summarizer(Summary& out, bool keep, bool texts, bool ops, messages::ObjectExport* exporter)
      : out_(out), keep_(keep), texts_(texts), ops_(ops), exporter_(exporter) {}

  Listener* on_session_start(Session& s) override {
    auto c = std::make_unique<SessionCollector>(s, keep_, texts_, ops_ ? &out_.ops : nullptr, exporter_);
    Listener* l = c.get();
    live_[s.id] = std::move(c);
    return l;
  }

  void on_session_end(Session& s) override {
    auto it = live_.find(s.id);
    if (it == live_.end()) return;
    SessionCollector& c = *it->second;
    SessionSummary& sum = c.sum;
    sum.id = s.id;
    sum.client = s.client;
    sum.server = s.server;
    sum.syn_seen = s.syn_seen;
    sum.first_frame = s.first_frame;
    sum.last_frame = s.last_frame;
    sum.frames = s.frames;
    sum.first_ts_usec = s.first_ts_usec;
    sum.last_ts_usec = s.last_ts_usec;
    sum.info = s.parser().info();
    sum.encrypted = s.parser().encrypted(Dir::ToServer) || s.parser().encrypted(Dir::ToClient);
    for (size_t i = 0; i < 2; ++i) {
      sum.payload_bytes[i] = s.payload_bytes[i];
      sum.gap_bytes[i] = s.gap_bytes[i];
    }
    if (sum.is_ceph()) {
      out_.messages_total += sum.messages;
      for (auto& per_dir : sum.messages_by_type)
        for (auto& [type, n] : per_dir) out_.messages_by_type[type] += n;
      out_.crc_checks += sum.crc_checks;
      move_all(out_.crc_errors, c.crc_errors);
      move_all(out_.gaps, c.gaps);
      move_all(out_.skips, c.skips);
      move_all(out_.errors, c.errors);
      move_all(out_.conflicts, c.conflicts);
      move_all(out_.not_exported, c.not_exported);
      out_.sessions.push_back(std::move(sum));
    } else {
      out_.other_sessions.push_back(std::move(sum));
    }
    live_.erase(it);
  }

  void on_tcp_conflict(Session& s, Dir d, uint64_t offset, uint64_t length, uint64_t frame) override {
    auto it = live_.find(s.id);
    if (it != live_.end()) it->second->conflict(d, offset, length, frame);
  }

  void on_other_frame(uint64_t, Skip) override { out_.other_frames++; }

 private:
  Summary& out_;
  bool keep_, texts_, ops_;
  messages::ObjectExport* exporter_;
  std::map<size_t, std::unique_ptr<SessionCollector>> live_;
};

template <class T>
void by_position(std::vector<T>& v) {
  std::stable_sort(v.begin(), v.end(), [](const T& a, const T& b) {
    return std::tie(a.session, a.dir, a.offset) < std::tie(b.session, b.dir, b.offset);
  });
}

}  // namespace

Summary summarize(const std::string& path, const SummaryOptions& o) {
  Summary out;
  out.file = path;
  const bool texts = o.keep_messages && o.texts;
  const bool ops = o.ops || o.exporter;
  Summarizer s(out, o.keep_messages, texts, ops, o.exporter);
  ReaderOptions ro = o.reader;
  ro.parser.collect_payload = texts || ops;  // counting needs no payload copies; a text needs the front
  ro.parser.collect_data = ops;
  if (texts) ro.parser.collect_data_of_type = kMsgClientReconnect;  // printed from its data
  CaptureReader reader(s, ro);
  out.read = reader.read(path);
  std::sort(out.sessions.begin(), out.sessions.end(), [](auto& a, auto& b) { return a.id < b.id; });
  std::sort(out.other_sessions.begin(), out.other_sessions.end(), [](auto& a, auto& b) { return a.id < b.id; });
  by_position(out.crc_errors);
  by_position(out.gaps);
  by_position(out.skips);
  by_position(out.errors);
  by_position(out.conflicts);
  by_position(out.not_exported);
  return out;
}

std::map<uint32_t, std::vector<size_t>> sessions_by_client(const Summary& s) {
  std::map<uint32_t, std::vector<size_t>> m;
  for (auto& ss : s.sessions)
    if (ss.info.client_nonce) m[ss.info.client_nonce].push_back(ss.id);
  return m;
}

}  // namespace cephwire::capture
