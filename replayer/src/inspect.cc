#include "inspect.h"

#include <cinttypes>
#include <cstdio>
#include <string>

#include "cephwire/messages/ceph_text.h"
#include "cephwire/msg_types.h"
#include "cephwire/ports.h"
#include "hex.h"

namespace cephwire::replay {

using nlohmann::json;
using namespace capture;

namespace {

// null, or {client_to_server, server_to_client: what was seen where it ended}
json closed_in_handshake(const SessionInfo& i) {
  if (i.closed_in_handshake[0].empty() && i.closed_in_handshake[1].empty()) return nullptr;
  json j = json::object();
  for (size_t d = 0; d < 2; ++d)
    if (!i.closed_in_handshake[d].empty()) j[d == 0 ? "client_to_server" : "server_to_client"] = i.closed_in_handshake[d];
  return j;
}

std::string type_label(uint16_t type) {
  const char* n = msg_type_name(type);
  return std::string(n ? n : "unknown") + "(" + std::to_string(type) + ")";
}

const char* protocol_name(Protocol p) {
  switch (p) {
    case Protocol::V1: return "msgr1";
    case Protocol::V2: return "msgr2";
    default: return "unknown";
  }
}

std::string entity(uint8_t type, const std::optional<int64_t>& id) {
  const char* t = entity_type_name(type);
  std::string s;
  if (t) {
    s = t;
  } else if (type) {
    s = "type";
    s += std::to_string(type);
  } else {
    s = "?";
  }
  if (id) {
    s += '.';
    s += *id < 0 ? std::string("?") : std::to_string(*id);  // -1: not assigned yet
  }
  return s;
}

json where(const Where& w) {
  return {{"session", w.session}, {"direction", dir_name(w.dir)}, {"frame", w.frame}, {"stream_offset", w.offset}};
}

// One JSON object per record: where it is, then what `fill` adds.
template <class T, class F>
json records(const std::vector<T>& list, F fill) {
  json a = json::array();
  for (const T& r : list) {
    json x = where(r);
    fill(x, r);
    a.push_back(std::move(x));
  }
  return a;
}

json by_type(const std::map<uint16_t, uint64_t>& m) {
  json j = json::object();
  for (auto& [type, n] : m) {
    const char* name = msg_type_name(type);
    j[std::to_string(type)] = {{"name", name ? name : "unknown"}, {"count", n}};
  }
  return j;
}

// Connections on a Ceph port that never showed Ceph.
size_t other_on_ceph_ports(const Summary& s) {
  size_t n = 0;
  for (const auto& o : s.other_sessions) n += is_ceph_port(o.server.port);
  return n;
}

json session_json(const SessionSummary& s) {
  const auto& i = s.info;
  json j = {
      {"id", s.id},
      {"client", s.client.to_string()},
      {"server", s.server.to_string()},
      {"syn_seen", s.syn_seen},
      {"first_frame", s.first_frame},
      {"last_frame", s.last_frame},
      {"frames", s.frames},
      {"protocol", protocol_name(i.protocol)},
      {"midstream", i.midstream},
      {"closed_in_handshake", closed_in_handshake(i)},
      {"client_entity", entity(i.entity_type[0], i.global_id[0])},
      {"server_entity", entity(i.entity_type[1], i.global_id[1])},
      {"client_nonce", i.client_nonce},
      {"encrypted", s.encrypted},
      {"messages", s.messages},
      {"bytes", {{"client_to_server", s.payload_bytes[0]}, {"server_to_client", s.payload_bytes[1]}}},
      {"messages_by_type",
       {{"client_to_server", by_type(s.messages_by_type[0])}, {"server_to_client", by_type(s.messages_by_type[1])}}},
      {"crc_checks", s.crc_checks},
      {"crc_errors", s.crc_bad},
      {"gap_bytes", s.gap_bytes[0] + s.gap_bytes[1]},
      {"skipped_bytes", s.skipped_bytes[0] + s.skipped_bytes[1]},
      {"errors", s.errors},
  };
  if (i.protocol == Protocol::V1) {
    j["features"] = {{"client", i.v1_features[0] ? json(hex64(*i.v1_features[0])) : json(nullptr)},
                     {"server", i.v1_features[1] ? json(hex64(*i.v1_features[1])) : json(nullptr)}};
    j["authorizer_protocol"] = auth_method_name(i.v1_authorizer_protocol);
    j["footer"] = msgr1::MsgFooter::size(i.v1_footer_with_sig());
  } else if (i.protocol == Protocol::V2) {
    j["revision"] = i.rev1 ? "msgr2.1" : "msgr2.0";
    j["con_mode"] = i.con_mode ? msgr2::con_mode_name(i.con_mode) : "unknown";
    j["auth_method"] = auth_method_name(i.auth_method);
    j["features"] = {{"client", i.v2_features[0] ? json(hex64(*i.v2_features[0])) : json(nullptr)},
                     {"server", i.v2_features[1] ? json(hex64(*i.v2_features[1])) : json(nullptr)}};
    if (s.encrypted)
      j["ciphertext_bytes"] = {{"client_to_server", s.ciphertext_bytes[0]},
                               {"server_to_client", s.ciphertext_bytes[1]}};
    if (i.con_mode == msgr2::kConModeSecure) {
      j["decrypted"] = s.decrypted;
      j["decrypted_with"] = s.decrypted ? json(s.decrypted_with) : json(nullptr);
      if (s.decrypted) {
        j["decrypted_how"] = s.decrypted_how;
        j["decrypted_frames"] = s.decrypted_frames;
        j["auth_signatures"] = {{"good", s.signatures_good}, {"bad", s.signatures_bad},
                                {"not_verified", s.signatures_unverified}};
        j["decryption_stopped"] = {
            {"client_to_server", s.decryption_stopped[0].empty() ? json(nullptr) : json(s.decryption_stopped[0])},
            {"server_to_client", s.decryption_stopped[1].empty() ? json(nullptr) : json(s.decryption_stopped[1])}};
      } else {
        j["not_decrypted"] = s.not_decrypted.empty() ? json("no keyring given") : json(s.not_decrypted);
      }
    }
  }
  return j;
}

}  // namespace

json summary_json(const Summary& s) {
  json j;
  j["file"] = s.file;
  j["link_type"] = link_type_name(s.read.link_type);
  j["frames"] = s.read.frames;
  j["tcp_frames"] = s.read.tcp_frames;
  j["read_error"] = s.read.ok ? json(nullptr) : json{{"message", s.read.error}, {"offset", s.read.error_offset}};
  j["messages_total"] = s.messages_total;
  j["messages_by_type"] = by_type(s.messages_by_type);
  j["crc_checks"] = s.crc_checks;
  j["crc_errors"] = records(s.crc_errors, [](json& x, const CrcError& e) {
    x["field"] = crc_field_name(e.field);
    if (e.field == CrcField::V2Segment) x["segment"] = e.segment;
    x["wire"] = hex32(e.wire);
    x["computed"] = hex32(e.computed);
  });
  j["gaps"] = records(s.gaps, [](json& x, const GapRecord& g) {
    x["length"] = g.length;
    x["inside_payload"] = g.inside_payload;
  });
  j["skipped"] = records(s.skips, [](json& x, const SkipRecord& k) {
    x["length"] = k.length;
    x["reason"] = skip_reason_name(k.reason);
  });
  j["errors"] = records(s.errors, [](json& x, const ErrorRecord& e) {
    x["kind"] = error_kind_name(e.kind);
    x["reason"] = e.reason;
  });
  j["tcp_conflicts"] = records(s.conflicts, [](json& x, const ConflictRecord& c) { x["length"] = c.length; });
  if (!s.not_exported.empty())
    j["not_exported"] = records(s.not_exported, [](json& x, const ExportProblem& p) { x["reason"] = p.reason; });
  j["sessions"] = json::array();
  for (auto& ss : s.sessions) j["sessions"].push_back(session_json(ss));
  // Sessions of one client process share its nonce: the replayer replays them together.
  j["clients"] = json::array();
  for (auto& [nonce, ids] : sessions_by_client(s)) j["clients"].push_back({{"nonce", nonce}, {"sessions", ids}});
  j["other_tcp_connections"] = s.other_sessions.size();
  j["other_on_ceph_ports"] = other_on_ceph_ports(s);
  size_t cut = 0;
  for (auto& ss : s.sessions) cut += !closed_in_handshake(ss.info).is_null();
  j["closed_in_handshake"] = cut;
  j["clean"] = s.clean();
  return j;
}

void print_summary(std::ostream& out, const Summary& s, bool verbose) {
  char line[512];
  std::snprintf(line, sizeof line, "%s: %" PRIu64 " frames (%" PRIu64 " TCP), link %s; %zu Ceph sessions", s.file.c_str(),
                s.read.frames, s.read.tcp_frames, link_type_name(s.read.link_type), s.sessions.size());
  out << line;
  if (!s.other_sessions.empty()) out << ", " << s.other_sessions.size() << " other TCP connections";
  out << "\n";
  if (const size_t n = other_on_ceph_ports(s))
    out << n << " of them on Ceph ports showed no Ceph framing: what a msgr2 secure session begun before the capture "
                "looks like (its keys were in its own handshake, which the capture does not hold)\n";
  for (auto& ss : s.sessions) {
    const auto& i = ss.info;
    out << "\nsession " << ss.id << "  " << ss.client.to_string() << " -> " << ss.server.to_string() << "  "
        << protocol_name(i.protocol);
    if (i.protocol == Protocol::V2)
      out << " " << (i.rev1 ? "rev1" : "rev0") << ", mode " << (i.con_mode ? msgr2::con_mode_name(i.con_mode) : "?")
          << ", auth " << auth_method_name(i.auth_method);
    if (i.protocol == Protocol::V1)
      out << ", authorizer " << auth_method_name(i.v1_authorizer_protocol) << ", footer "
          << msgr1::MsgFooter::size(i.v1_footer_with_sig());
    out << ", " << entity(i.entity_type[0], i.global_id[0]) << " -> " << entity(i.entity_type[1], i.global_id[1])
        << ", nonce " << i.client_nonce << ", frames " << ss.first_frame << "-" << ss.last_frame;
    if (i.midstream) out << ", starts mid-connection";
    for (size_t d = 0; d < 2; ++d)
      if (!i.closed_in_handshake[d].empty())
        out << ", closed during the handshake (" << dir_name(Dir(d)) << " ends " << i.closed_in_handshake[d] << ")";
    if (ss.encrypted && ss.decrypted)
      out << ", secure: decrypted with " << ss.decrypted_with << " (" << ss.decrypted_how << "; "
          << ss.signatures_good << " AUTH_SIGNATURE good" << (ss.signatures_bad ? ", BAD ones" : "") << ")";
    else if (ss.encrypted)
      out << ", ENCRYPTED after AUTH_DONE" << (ss.not_decrypted.empty() ? "" : " (" + ss.not_decrypted + ")");
    out << "\n";
    for (size_t d = 0; d < 2; ++d)
      if (!ss.decryption_stopped[d].empty())
        out << "    " << dir_name(Dir(d)) << ": decryption stopped " << ss.decryption_stopped[d] << "\n";
    for (size_t d = 0; d < 2; ++d) {
      uint64_t n = 0;
      for (auto& [t, c] : ss.messages_by_type[d]) n += c;
      out << "    " << dir_name(Dir(d)) << ": " << n << " messages, " << ss.payload_bytes[d] << " bytes";
      if (ss.ciphertext_bytes[d]) out << " (" << ss.ciphertext_bytes[d] << " ciphertext)";
      if (n) {
        out << ":";
        for (auto& [t, c] : ss.messages_by_type[d]) out << " " << type_label(t) << " x" << c;
      }
      out << "\n";
    }
    if (verbose)
      for (auto& m : ss.message_list) {
        std::snprintf(line, sizeof line,
                      "      frame %-7" PRIu64 " %s %s seq %" PRIu64 " tid %" PRIu64 " front %u middle %u data %u%s",
                      m.frame, m.dir == Dir::ToServer ? ">" : "<", type_label(m.type).c_str(), m.seq, m.tid,
                      m.front_len, m.middle_len, m.data_len, m.crc_ok ? "" : " BAD CRC");
        out << line << "\n        " << (m.text.empty() ? "(" + m.text_why + ")" : m.text) << "\n";
      }
  }
  const auto by_nonce = sessions_by_client(s);
  size_t multi = 0;
  for (auto& [nonce, ids] : by_nonce) multi += ids.size() > 1;
  out << "\nclient processes (by nonce): " << by_nonce.size() << ", " << multi << " of them with several sessions";
  for (auto& [nonce, ids] : by_nonce)
    if (ids.size() > 1) {
      out << "\n  nonce " << nonce << ": sessions";
      for (size_t id : ids) out << " " << id;
    }
  out << "\nmessages: " << s.messages_total;
  for (auto& [t, c] : s.messages_by_type) out << "  " << type_label(t) << " x" << c;
  out << "\nCRC checks: " << s.crc_checks << ", bad: " << s.crc_errors.size() << "\n";
  auto at = [&](const Where& w) {
    return "session " + std::to_string(w.session) + " " + dir_name(w.dir) + " frame " + std::to_string(w.frame) +
           " offset " + std::to_string(w.offset);
  };
  for (auto& e : s.crc_errors)
    out << "  BAD CRC " << at(e) << ": " << crc_field_name(e.field)
        << (e.field == CrcField::V2Segment ? std::to_string(e.segment) : "") << " is " << hex32(e.wire)
        << ", should be " << hex32(e.computed) << "\n";
  for (auto& g : s.gaps)
    out << "  GAP " << at(g) << ": " << g.length << " bytes missing" << (g.inside_payload ? " (inside a message payload)" : "")
        << "\n";
  for (auto& k : s.skips) out << "  skipped " << at(k) << ": " << k.length << " bytes, " << skip_reason_name(k.reason) << "\n";
  for (auto& e : s.errors) out << "  ERROR " << at(e) << ": " << error_kind_name(e.kind) << ": " << e.reason << "\n";
  for (auto& c : s.conflicts)
    out << "  TCP retransmission differs " << at(c) << ": " << c.length << " bytes (first copy kept)\n";
  if (!s.read.ok) out << "READ ERROR: " << s.read.error << "\n";
  out << (s.clean() ? "clean" : "NOT clean") << ": " << s.crc_errors.size() << " CRC errors, " << s.gaps.size()
      << " gaps, " << s.errors.size() << " errors\n";
}

void print_message_list(std::ostream& out, const Summary& s) {
  for (auto& ss : s.sessions)
    for (auto& m : ss.message_list) {
      const Endpoint& src = m.dir == Dir::ToServer ? ss.client : ss.server;
      const Endpoint& dst = m.dir == Dir::ToServer ? ss.server : ss.client;
      out << src.to_string() << " " << dst.to_string() << " " << m.type << " " << m.seq << "\n";
    }
}

json message_list_json(const Summary& s) {
  json a = json::array();
  for (auto& ss : s.sessions)
    for (auto& m : ss.message_list) {
      const Endpoint& src = m.dir == Dir::ToServer ? ss.client : ss.server;
      const Endpoint& dst = m.dir == Dir::ToServer ? ss.server : ss.client;
      json j = {{"session", ss.id},         {"direction", dir_name(m.dir)}, {"src", src.to_string()},
                {"dst", dst.to_string()},   {"type", m.type},              {"type_name", type_label(m.type)},
                {"seq", m.seq},             {"tid", m.tid},                {"front_len", m.front_len},
                {"middle_len", m.middle_len}, {"data_len", m.data_len},    {"frame", m.frame},
                {"end_frame", m.end_frame}, {"crc_ok", m.crc_ok},
                {"text", m.text.empty() ? json(nullptr) : json(m.text)},
                // what the plugin's msgr.msg.summary holds: the text, or the header's summary
                {"summary", m.text.empty() ? messages::header_summary(m.type, m.tid, m.seq, m.front_len, m.data_len)
                                           : m.text}};
      if (m.text.empty()) j["text_error"] = m.text_why;
      a.push_back(std::move(j));
    }
  return a;
}

int inspect_exit_status(const Summary& s) {
  if (!s.read.ok) return 2;
  return s.clean() ? 0 : 1;
}

}  // namespace cephwire::replay
