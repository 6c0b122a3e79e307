// The Connection facade: two directions over one Session. Each direction is
// in one phase (banner expected, inside its protocol's machine, searching, or
// closed); the machines are v1_machine.cc and v2_machine.cc, the payload they
// share sections.cc, the search resync.cc. A direction that needs the peer's
// handshake waits, and its bytes are held (bounded) until the peer's arrive.
#include <algorithm>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "cephwire/parser.h"
#include "cephwire/pdu.h"
#include "resync.h"
#include "side.h"

namespace cephwire {

using parser::Phase;
using parser::Side;
using parser::V1Machine;
using parser::V2Machine;

namespace {

// Calls f with the direction's machine, or returns `none` when it has none.
template <class R, class F>
R with_machine(const Side& s, R none, F f) {
  if (auto* m = std::get_if<V1Machine>(&s.machine)) return f(*m);
  if (auto* m = std::get_if<V2Machine>(&s.machine)) return f(*m);
  return none;
}
template <class F>
void with_machine(Side& s, F f) {
  if (auto* m = std::get_if<V1Machine>(&s.machine)) return f(*m);
  if (auto* m = std::get_if<V2Machine>(&s.machine)) return f(*m);
}

bool in_machine(const Side& s) { return s.phase == Phase::Machine; }

const char* item_name(const Side& s) {
  if (s.phase == Phase::Start) return "banner";
  if (!in_machine(s)) return "item";
  return with_machine(s, "item", [](const auto& m) { return m.item_name(); });
}

}  // namespace

struct Connection::Impl {
  parser::Session S;
  Side side[2];

  Impl(Listener& l, ParserOptions o) : S(l, o), side{Side(S, Dir::ToServer), Side(S, Dir::ToClient)} {
    S.sides[0] = &side[0];
    S.sides[1] = &side[1];
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  Side& of(Dir d) { return side[size_t(d)]; }

  // Is this direction waiting for the peer's handshake?
  bool waiting(const Side& s) const {
    if (s.assume || !in_machine(s)) return false;
    return with_machine(s, false, [&](const auto& m) { return m.waiting(s); });
  }

  void run(Side& s, Bytes in) {
    while (!in.empty()) {
      if (waiting(s)) {
        if (hold(s, in)) return;
        continue;  // waited too long: parse with defaults
      }
      step(s, in);
    }
    // Transitions that need no input (e.g. a peer that just became known).
    if (!waiting(s) && in_machine(s)) with_machine(s, [&](auto& m) { m.settle(s); });
  }

  // Holds bytes of a direction that waits for its peer's handshake, up to
  // max_pending; past that it stops waiting, says so, and returns false.
  bool hold(Side& s, Bytes in) {
    const size_t max = S.opt.max_pending;
    if (s.pending.size() + in.size() > max) {
      s.error(ErrorKind::Protocol, s.off,
              std::string("waited for the peer's handshake over ") + std::to_string(max) +
                  " bytes; going on with defaults (msgr2.1, crc mode, v1 READY)");
      s.assume = true;
      return false;
    }
    s.pending.insert(s.pending.end(), in.begin(), in.end());
    return true;
  }

  // Drains held bytes of both directions while either makes progress.
  void pump() {
    for (bool progress = true; progress;) {
      progress = false;
      for (auto& s : side) {
        if (s.pending.empty() || waiting(s)) continue;
        std::vector<uint8_t> held = std::move(s.pending);
        s.pending.clear();
        run(s, held);
        progress = progress || s.pending.size() != held.size();
      }
    }
  }

  void feed(Dir d, Bytes in) {
    Side& s = of(d);
    if (S.opt.keys && S.info.protocol != Protocol::V1) S.secure.record(d, in);  // (for msgr2's AUTH_SIGNATURE)
    if (!s.pending.empty()) {  // behind bytes already held: keep the order
      if (!hold(s, in)) s.pending.insert(s.pending.end(), in.begin(), in.end());
    } else {
      run(s, in);
    }
    pump();
  }

  void step(Side& s, Bytes& in) {
    switch (s.phase) {
      case Phase::Start: return on_start(s, in);
      case Phase::Machine: return with_machine(s, [&](auto& m) { m.feed(s, in); });
      case Phase::Resync:
        if (auto carried = parser::resync_step(s, in)) run(s, *carried);
        return;
      case Phase::Closed:
        s.error(ErrorKind::Protocol, s.off, std::to_string(in.size()) + " bytes after the connection closed");
        s.consume(in, in.size());
        return;
    }
  }

  // The first 8 bytes tell v1 ("ceph v02") from msgr2, or that there is no banner.
  void on_start(Side& s, Bytes& in) {
    const size_t n = msgr2::kBannerPrefix.size();
    const uint8_t* p = s.gather(in, n);
    if (!p) {
      // Stop early when what has arrived can no longer be a banner.
      if (std::memcmp(s.acc.data(), msgr2::kBannerPrefix.data(), s.acc.size()) != 0 &&
          std::memcmp(s.acc.data(), msgr1::kBanner.data(), s.acc.size()) != 0)
        parser::no_banner(s);
      return;
    }
    s.item_off = s.gather_off;
    const bool v2 = std::memcmp(p, msgr2::kBannerPrefix.data(), n) == 0;
    const bool v1 = std::memcmp(p, msgr1::kBanner.data(), n) == 0;
    if (!v1 && !v2) {
      if (s.acc.empty()) s.acc.assign(p, p + n);
      return parser::no_banner(s);
    }
    S.claimed = true;
    s.set_protocol(v2 ? Protocol::V2 : Protocol::V1);
    if (v2)
      s.machine.emplace<V2Machine>();
    else
      s.machine.emplace<V1Machine>();
    s.phase = Phase::Machine;
    s.done();
  }

  // ---- gaps and the end -----------------------------------------------------

  void gap(Dir d, uint64_t len) {
    if (len == 0) return;
    Side& s = of(d);
    if (!S.secure.keys) S.secure.raw_lost[size_t(d)] = true;
    if (!s.pending.empty()) {  // the gap comes after the held bytes
      s.assume = true;
      pump();
    }
    const uint64_t at = s.off;
    const bool machine = in_machine(s);
    // A gap inside a message's payload keeps the parser in step: the bytes
    // are zero-filled and the sections' CRCs become unverifiable.
    if (machine && s.sections.active() && len <= s.sections.remaining()) {
      S.L.on_gap(d, GapEvent{at, len, true});
      s.sections.fill_gap(len);
      s.off += len;
      if (!s.sections.active()) with_machine(s, [&](auto& m) { m.after_payload(s); });
      return;
    }
    S.L.on_gap(d, GapEvent{at, len, false});
    if (auto* m = std::get_if<V2Machine>(&s.machine); machine && m && m->encrypted()) {
      m->cipher_gap(s, len);
      s.off += len;
      return;
    }
    const bool resync = s.phase == Phase::Resync;
    const bool at_boundary =
        s.acc.empty() && (resync || s.phase == Phase::Start ||
                          (machine && with_machine(s, false, [](const auto& m) { return m.at_boundary(); })));
    if (!at_boundary && !resync)
      s.error(ErrorKind::Truncated, s.item_off,
              std::string("gap of ") + std::to_string(len) + " bytes inside the " + item_name(s) +
                  " that began at offset " + std::to_string(s.item_off));
    if (s.phase == Phase::Start) S.info.midstream = true;
    const uint64_t from = resync ? s.skip_start : s.off + len;
    const SkipReason why = resync ? s.skip_reason : SkipReason::AfterGap;
    s.off += len;
    s.start_resync(why, from);
  }

  // A connection cut off before its session began is normal traffic (a
  // restarting daemon refuses connections so): said on the session, not an error.
  void closed_in_handshake(Side& s) {
    S.info.closed_in_handshake[size_t(s.dir)] = std::string("inside the ") + item_name(s) + " (" +
                                                std::to_string(s.off - s.item_off) + " bytes of it seen)";
    s.acc.clear();
    s.phase = Phase::Closed;
  }

  void truncated(Side& s) {
    s.error(ErrorKind::Truncated, s.item_off,
            std::string("input ends inside the ") + item_name(s) + " that began at offset " +
                std::to_string(s.item_off) + " (" + std::to_string(s.off - s.item_off) + " bytes of it seen)");
    s.acc.clear();
    s.phase = Phase::Closed;
  }

  void finish() {
    for (auto& s : side) {
      if (!s.pending.empty()) {
        s.assume = true;
        std::vector<uint8_t> held = std::move(s.pending);
        s.pending.clear();
        run(s, held);
      }
    }
    for (auto& s : side) {
      switch (s.phase) {
        case Phase::Resync: parser::resync_finish(s); break;
        case Phase::Start:
          if (!s.acc.empty()) {
            S.L.on_skipped(s.dir, SkipEvent{s.gather_off, s.acc.size(), SkipReason::NoBanner});
            s.acc.clear();
          }
          break;
        case Phase::Closed: break;
        case Phase::Machine: {
          const bool partial = !s.acc.empty();
          const auto end = with_machine(s, parser::AtEnd::Clean, [&](const auto& m) { return m.at_end(partial); });
          if (end == parser::AtEnd::InHandshake)
            closed_in_handshake(s);
          else if (end == parser::AtEnd::Truncated)
            truncated(s);
          break;
        }
      }
    }
  }
};

PduContext Connection::next_pdu(Dir dir) const {
  const Impl& c = *impl_;
  const Side& s = c.side[size_t(dir)];
  const SessionInfo& info = c.S.info;
  PduContext ctx;
  ctx.server = dir == Dir::ToClient;
  ctx.v1_footer_with_sig = info.v1_footer_with_sig();
  ctx.rev1 = info.rev1;
  ctx.compression = info.compression_method;
  if (info.entity_type[size_t(dir)])
    ctx.source = EntityName{info.entity_type[size_t(dir)], uint64_t(info.global_id[size_t(dir)].value_or(-1))};
  const bool partial = !s.acc.empty();
  if (s.phase == Phase::Start)
    ctx.kind = partial ? PduKind::Unknown : PduKind::Banner;
  else if (in_machine(s))
    ctx.kind = with_machine(s, PduKind::Unknown, [&](const auto& m) { return m.next_pdu(s, partial); });
  if (ctx.kind == PduKind::V2Secure) ctx.cipher = *c.S.secure.cipher[size_t(dir)];
  return ctx;
}

Connection::Connection(Listener& listener, ParserOptions options)
    : impl_(std::make_unique<Impl>(listener, options)) {}
Connection::~Connection() = default;
void Connection::feed(Dir dir, Bytes bytes) { impl_->feed(dir, bytes); }
void Connection::gap(Dir dir, uint64_t length) { impl_->gap(dir, length); }
void Connection::finish() { impl_->finish(); }
const SessionInfo& Connection::info() const { return impl_->S.info; }
uint64_t Connection::offset(Dir dir) const { return impl_->side[size_t(dir)].off; }
uint64_t Connection::earliest_pending(Dir dir) const {
  const Side& s = impl_->side[size_t(dir)];
  const uint64_t here = s.acc.empty() ? s.off : s.gather_off;
  switch (s.phase) {
    case Phase::Resync: return std::min(s.skip_start, s.off - s.scan.size());
    case Phase::Start:
    case Phase::Closed: return here;
    case Phase::Machine:
      if (with_machine(s, false, [](const auto& m) { return m.between_items(); })) return here;
      return std::min(s.item_off, here);
  }
  return here;
}
bool Connection::awaiting_peer(Dir dir) const {
  const Side& s = impl_->side[size_t(dir)];
  return impl_->waiting(s) || !s.pending.empty();
}
bool Connection::encrypted(Dir dir) const {
  const Side& s = impl_->side[size_t(dir)];
  return in_machine(s) && with_machine(s, false, [](const auto& m) { return m.encrypted(); });
}

}  // namespace cephwire
