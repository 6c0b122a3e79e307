#include "recorded.h"

#include <algorithm>

#include "cephwire/messages/mon_client.h"
#include "cephwire/msg_types.h"

namespace cephwire::replay {
namespace {

// What a replay keeps of a server's message: the header and front (replies
// are compared by type and result, osd maps give pool names).
void drop_payload(Message& m) {
  m.middle.clear();
  m.data = Pagelist();
}

class Loader : public capture::CaptureConsumer {
 public:
  explicit Loader(RecordedCapture& out) : out_(out) {}

  Listener* on_session_start(capture::Session& s) override {
    auto l = std::make_unique<SessionListener>(*this, s);
    auto* p = l.get();
    live_[&s] = std::move(l);
    return p;
  }

  void on_session_end(capture::Session& s) override {
    auto it = live_.find(&s);
    if (it == live_.end()) return;
    RecordedSession& r = it->second->rec;
    r.id = s.id;
    r.client = s.client;
    r.server = s.server;
    r.info = s.parser().info();
    // Secure sessions a keyring opened replay like crc-mode ones.
    r.encrypted = (s.parser().encrypted(Dir::ToServer) || s.parser().encrypted(Dir::ToClient)) && r.decrypted_with.empty();
    r.first_ts_usec = s.first_ts_usec;
    if (r.info.protocol == Protocol::V2) {
      r.server_type = r.info.entity_type[size_t(Dir::ToClient)];
      if (r.info.global_id[size_t(Dir::ToClient)]) r.server_id = r.info.global_id[size_t(Dir::ToClient)];
      if (r.info.global_id[size_t(Dir::ToServer)])
        r.client_global_id = uint64_t(*r.info.global_id[size_t(Dir::ToServer)]);
    }
    if (r.info.protocol != Protocol::Unknown) done_.push_back(std::move(r));
    live_.erase(it);
  }

  void finish() {
    // Sessions that never ended (capture over) were ended by the reader
    // already; order by id as inspect does.
    std::sort(done_.begin(), done_.end(), [](auto& a, auto& b) { return a.id < b.id; });
    out_.sessions = std::move(done_);
    std::map<uint32_t, size_t> by_nonce;
    for (size_t i = 0; i < out_.sessions.size(); ++i) {
      auto& s = out_.sessions[i];
      uint32_t nonce = s.info.client_nonce;
      if (nonce == 0) continue;
      auto [it, fresh] = by_nonce.emplace(nonce, out_.clients.size());
      if (fresh) out_.clients.push_back(RecordedClient{nonce, {}, {}, {}});
      RecordedClient& c = out_.clients[it->second];
      c.sessions.push_back(i);
      if (!c.auth_name && s.auth_name) c.auth_name = s.auth_name;
      if (!c.global_id && s.client_global_id && *s.client_global_id != 0 &&
          int64_t(*s.client_global_id) != -1)
        c.global_id = s.client_global_id;
    }
    // Sessions begun before the capture: their client's address and nonce
    // were in the handshake. v1 messages still name the entity, which groups
    // them; a msgr2 one stands alone.
    std::map<uint64_t, size_t> by_entity;
    for (size_t i = 0; i < out_.sessions.size(); ++i) {
      auto& s = out_.sessions[i];
      if (s.info.client_nonce != 0 || !s.info.midstream || s.encrypted) continue;
      const bool named = s.client_global_id && *s.client_global_id != 0 && int64_t(*s.client_global_id) != -1;
      size_t at = out_.clients.size();
      if (named) at = by_entity.emplace(*s.client_global_id, at).first->second;
      if (at == out_.clients.size()) {
        RecordedClient c;
        c.midstream = true;
        if (named) c.global_id = s.client_global_id;
        out_.clients.push_back(c);
      }
      out_.clients[at].sessions.push_back(i);
    }
  }

 private:
  struct SessionListener : Listener {
    SessionListener(Loader& l, capture::Session& s) : loader(l), session(s) {}
    Loader& loader;
    capture::Session& session;
    RecordedSession rec;

    void on_v1_connect(Dir, const V1ConnectEvent& e) override {
      rec.v1_connect = e.connect;
      std::string why;
      if (e.connect.authorizer_protocol == kAuthNone) {
        if (auto a = messages::AuthNoneAuthorizer::decode(e.authorizer, &why)) rec.auth_name = a->name;
      }
    }

    void on_v2_frame(Dir d, const V2FrameEvent& e) override {
      if (!e.decoded) return;
      if (auto* c = std::get_if<msgr2::ClientIdent>(e.decoded)) rec.v2_client_ident = *c;
      if (auto* a = std::get_if<msgr2::AuthRequest>(e.decoded); a && d == Dir::ToServer && !rec.auth_name) {
        // To a monitor: mode, name, global_id; to others under auth none: the authorizer.
        std::string why;
        if (a->method == kAuthNone) {
          if (auto n = messages::AuthNoneAuthorizer::decode(a->auth_payload, &why)) rec.auth_name = n->name;
        }
        if (!rec.auth_name) {
          if (auto m = messages::MonAuthRequest::decode(a->auth_payload, &why);
              m && m->mode == messages::MonAuthRequest::kModeMon)
            rec.auth_name = m->name;
        }
      }
    }

    void on_message(Dir d, MessageEvent& e) override {
      RecordedMessage r;
      r.dir = d;
      r.ts_usec = session.last_ts_usec;
      r.frame = session.current_frame();
      r.offset = e.offset;
      r.crc_ok = e.crc_ok();
      r.msg = std::make_shared<Message>(std::move(e.msg));
      Message& m = *r.msg;
      if (m.msgr_version == 1) {
        if (d == Dir::ToClient && !rec.server_id) {
          rec.server_type = m.src.type;
          rec.server_id = int64_t(m.src.num);
        }
        if (d == Dir::ToServer && m.src.num != 0 && m.src.num != uint64_t(-1)) rec.client_global_id = m.src.num;
      }
      if (d == Dir::ToServer && m.type == kMsgAuth && !rec.auth_name) {
        std::string why;
        if (auto a = messages::MAuth::decode(m.front, &why); a && a->protocol == 0)
          if (auto i = messages::AuthInitialRequest::decode(a->auth_payload, &why)) rec.auth_name = i->name;
      }
      if (d == Dir::ToClient) {
        if (m.type == kMsgOsdMap) {
          std::string why;
          if (!messages::read_osdmap_pools(m.front, loader.out_.pools, &why))
            loader.out_.map_problems.push_back("osd_map in session " + std::to_string(session.id) + ", frame " +
                                               std::to_string(r.frame) + ": " + why);
        }
        drop_payload(m);
      }
      rec.messages.push_back(std::move(r));
    }
    void lost(Dir d, uint64_t offset, const std::string& what) {
      rec.losses.push_back({d, session.frame_at(d, offset), offset, what});
    }
    void on_gap(Dir d, const GapEvent& g) override {
      // (inside a message's payload, the message says so: RecordedMessage)
      if (!g.inside_payload) lost(d, g.offset, std::to_string(g.length) + " bytes missing from the capture");
    }
    void on_skipped(Dir d, const SkipEvent& e) override {
      // Before the first boundary of a capture that began mid-connection the
      // session is not replayed at all (the plan says so); elsewhere what was
      // passed over may have held messages.
      if (e.reason == SkipReason::NoBanner) return;
      std::string what = std::to_string(e.length) + " bytes passed over " + skip_reason_name(e.reason);
      if (e.reason == SkipReason::AfterError && !last_error[size_t(d)].empty()) what += " (" + last_error[size_t(d)] + ")";
      lost(d, e.offset, what);
    }
    void on_error(Dir d, const ErrorEvent& e) override { last_error[size_t(d)] = e.reason; }
    void on_secure(Dir, const SecureEvent& e) override {
      if (e.kind == SecureEvent::Kind::Opened) rec.decrypted_with = e.text;
      if (e.kind == SecureEvent::Kind::NotOpened) rec.not_decrypted = e.text;
    }
    std::string last_error[2];
  };

  RecordedCapture& out_;
  std::map<capture::Session*, std::unique_ptr<SessionListener>> live_;
  std::vector<RecordedSession> done_;
};

const char* entity_word(uint8_t t) {
  const char* n = entity_type_name(t);
  return n ? n : "unknown peer";
}

}  // namespace

std::string RecordedSession::describe() const {
  std::string s = "session " + std::to_string(id) + " (" + client.to_string() + " -> " + server.to_string() + ", ";
  s += entity_word(server_type);
  if (server_id && server_type != kEntityMon) s += "." + std::to_string(*server_id);
  s += info.protocol == Protocol::V1 ? ", msgr v1)" : ", msgr2)";
  return s;
}

std::string RecordedClient::describe() const {
  std::string s = global_id ? "client." + std::to_string(*global_id) : std::string("client.?");
  s += " (";
  if (auth_name) s += auth_name->to_string() + ", ";
  s += midstream ? std::string("begun before the capture: no handshake, nonce unknown)")
                 : "nonce " + std::to_string(nonce) + ")";
  return s;
}

RecordedCapture load_recorded(const std::string& path, secure::KeyStore* keys) {
  RecordedCapture out;
  out.file = path;
  Loader loader(out);
  capture::ReaderOptions ro;
  ro.parser.keys = keys;
  capture::CaptureReader reader(loader, ro);
  out.read = reader.read(path);
  loader.finish();
  return out;
}

}  // namespace cephwire::replay
