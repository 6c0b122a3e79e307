#include "fields.h"

#include <arpa/inet.h>

#include <cinttypes>
#include <cstdio>
#include <list>

#include "cephwire/layout.h"
#include "cephwire/messages/ceph_text.h"

namespace cephwire::replay {

namespace {

using namespace capture;

const char* note_name(FieldNote n) {
  switch (n) {
    case FieldNote::Aborted: return "aborted";
    case FieldNote::LateUnknown: return "unknown late status";
    case FieldNote::Compressed: return "compressed, not decoded";
    case FieldNote::Malformed: return "malformed";
    case FieldNote::Undecoded: return "front not decoded";
    case FieldNote::None: break;
  }
  return "note";
}

std::string value_of(const LaidField& f) {
  char s[96];
  switch (f.kind) {
    case FieldKind::Group: return f.text;
    case FieldKind::Wire:
    case FieldKind::Uint: return std::to_string(f.u);
    case FieldKind::Int: return std::to_string(f.i);
    case FieldKind::Text: return "\"" + f.text + "\"";
    case FieldKind::Bool: return f.u ? "true" : "false";
    case FieldKind::Ipv4:
    case FieldKind::Ipv6:
      if (!inet_ntop(f.kind == FieldKind::Ipv4 ? AF_INET : AF_INET6, f.ip.data(), s, sizeof s)) return "?";
      return s;
    case FieldKind::Features: std::snprintf(s, sizeof s, "0x%016" PRIx64, f.u); return s;
    case FieldKind::OsdFlags: {
      std::string names;
      for (unsigned b = 0; b < 64; ++b)
        if (f.u >> b & 1) names += (names.empty() ? "" : "+") + std::string(messages::osd_flag_name(b));
      std::snprintf(s, sizeof s, "0x%" PRIx64, f.u);
      return names.empty() ? s : s + (" (" + names + ")");
    }
    case FieldKind::Crc:
      if (f.status == CrcStatus::Bad)
        std::snprintf(s, sizeof s, "0x%08" PRIx64 " BAD (should be 0x%08x)", f.u, f.computed);
      else
        std::snprintf(s, sizeof s, "0x%08" PRIx64 " %s", f.u, crc_status_name(f.status));
      return s;
    case FieldKind::Bytes: return "(" + std::to_string(f.len) + " bytes)";
    case FieldKind::Note: break;
  }
  return {};
}

// One session's PDUs and parser events, each line led by the session id (the
// sessions of a capture interleave in capture order).
class SessionPrinter : public PduSink, public Listener {
 public:
  SessionPrinter(std::ostream& out, Session& s) : out_(out), s_(s) {}

  void on_pdu(Dir d, uint64_t offset, const PduContext& ctx, Bytes pdu) override {
    const PduLayout l = pdu_layout(ctx, pdu);
    lead(d, offset) << "frame " << s_.frame_at(d, offset) << ": " << pdu_kind_name(ctx.kind) << ", " << pdu.size()
                    << " bytes" << (l.summary.empty() ? "" : ": " + l.summary) << "\n";
    for (const auto& f : l.fields) {
      out_ << std::string(4 + 2 * f.depth, ' ');
      if (f.kind == FieldKind::Note) {
        out_ << "! " << note_name(f.note) << (f.text.empty() ? "" : ": " + f.text) << "\n";
        continue;
      }
      if (f.name) out_ << f.name << (f.kind == FieldKind::Group && f.text.empty() ? "" : " ");
      out_ << value_of(f) << f.suffix << (f.generated ? " [derived]" : "") << " @" << f.off << "+" << f.len
           << (f.source ? " (decompressed)" : "") << "\n";
    }
  }
  void on_unframed(Dir d, uint64_t offset, uint64_t length, PduKind why) override {
    lead(d, offset) << "frame " << s_.frame_at(d, offset) << ": " << length << " bytes not framed ("
                    << (why == PduKind::Ciphertext ? "ciphertext" : "no boundary known here") << ")\n";
  }
  // What the parser says besides the PDUs.
  void on_gap(Dir d, const GapEvent& e) override { lead(d, e.offset) << "gap of " << e.length << " bytes\n"; }
  void on_skipped(Dir d, const SkipEvent& e) override {
    lead(d, e.offset) << e.length << " bytes skipped, " << skip_reason_name(e.reason) << "\n";
  }
  void on_error(Dir d, const ErrorEvent& e) override {
    lead(d, e.offset) << "error (" << error_kind_name(e.kind) << "): " << e.reason << "\n";
  }

 private:
  std::ostream& lead(Dir d, uint64_t offset) {
    return out_ << "session " << s_.id << " " << (d == Dir::ToServer ? "c>s" : "s>c") << " @" << offset << " ";
  }
  std::ostream& out_;
  Session& s_;
};

class Printer : public CaptureConsumer {
 public:
  explicit Printer(std::ostream& out) : out_(out) {}
  Listener* on_session_start(Session& s) override {
    out_ << "session " << s.id << ": " << s.client.to_string() << " -> " << s.server.to_string() << "\n";
    return &sessions_.emplace_back(out_, s);
  }
  PduSink* pdu_sink(Session&) override { return &sessions_.back(); }

 private:
  std::ostream& out_;
  std::list<SessionPrinter> sessions_;
};

}  // namespace

ReadResult print_fields(std::ostream& out, const std::string& path, const ReaderOptions& o) {
  Printer p(out);
  CaptureReader reader(p, o);
  return reader.read(path);
}

}  // namespace cephwire::replay
