#include "manifest_check.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "cephwire/msg_types.h"

namespace cephwire::replay {

using nlohmann::json;
using namespace capture;

namespace {

// The sessions a manifest connection stands for: by exact endpoints
// (synthetic), or by daemon address and client nonce (recorded: a client may
// open several connections to one daemon). Encrypted sessions hide the
// client's nonce, so they match by daemon address alone, unless a keyring
// opened them.
std::vector<const SessionSummary*> find_sessions(const Summary& s, const json& conn, bool synthetic) {
  std::vector<const SessionSummary*> v;
  for (auto* list : {&s.sessions, &s.other_sessions})
    for (auto& ss : *list) {
      bool match;
      if (synthetic)
        match = ss.client.to_string() == conn["client"].get<std::string>() &&
                ss.server.to_string() == conn["server"].get<std::string>();
      else if (conn["encrypted"].get<bool>() && !ss.decrypted)
        match = ss.encrypted && ss.server.to_string() == conn["daemon"].get<std::string>();
      else
        match = ss.server.to_string() == conn["daemon"].get<std::string>() &&
                ss.info.client_nonce == conn["client_nonce"].get<uint64_t>();
      if (match) v.push_back(&ss);
    }
  return v;
}

std::string conn_name(const json& c, bool synthetic) {
  return synthetic ? c["client"].get<std::string>() + " -> " + c["server"].get<std::string>()
                   : "nonce " + std::to_string(c["client_nonce"].get<uint64_t>()) + " -> " +
                         c["daemon"].get<std::string>();
}

std::map<uint16_t, uint64_t> counts(const json& by_type) {
  std::map<uint16_t, uint64_t> m;
  for (auto& [k, v] : by_type.items()) m[uint16_t(std::stoul(k))] = v["count"].get<uint64_t>();
  return m;
}

std::string describe(const std::map<uint16_t, uint64_t>& m) {
  std::string out;
  for (auto& [t, n] : m) {
    const char* name = msg_type_name(t);
    out += std::string(out.empty() ? "" : ", ") + (name ? name : "unknown") + "(" + std::to_string(t) + ") x" +
           std::to_string(n);
  }
  return out.empty() ? "none" : out;
}

// Session id -> manifest connection index.
using ConnOf = std::map<size_t, size_t>;

template <class Rec, class Key>
void compare_sets(std::vector<std::string>& out, const char* what, const json& expected, const std::vector<Rec>& found,
                  const ConnOf& conn_of, Key key_of_json, std::function<decltype(key_of_json(json()))(const Rec&, size_t)>
                      key_of_rec) {
  std::multiset<decltype(key_of_json(json()))> want, got;
  for (auto& e : expected) want.insert(key_of_json(e));
  for (auto& r : found) {
    auto it = conn_of.find(r.session);
    got.insert(key_of_rec(r, it == conn_of.end() ? size_t(-1) : it->second));
  }
  for (auto& k : want)
    if (got.count(k) < want.count(k)) {
      std::ostringstream o;
      o << what << " expected but not found: " << json(k).dump();
      out.push_back(o.str());
    }
  for (auto& k : got)
    if (want.count(k) < got.count(k)) {
      std::ostringstream o;
      o << what << " found but not expected: " << json(k).dump();
      out.push_back(o.str());
    }
}

}  // namespace

json load_manifest(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error(path + ": cannot open the manifest");
  try {
    return json::parse(f);
  } catch (const std::exception& e) {
    throw std::runtime_error(path + ": not a valid manifest: " + e.what());
  }
}

capture::SummaryOptions summary_options(const json& manifest) {
  capture::SummaryOptions o;
  o.reader.parser.zero_crc_unset = manifest.value("zero_crc_unset", false);
  return o;
}

std::string manifest_keyring(const json& manifest, const std::string& manifest_path) {
  if (!manifest.contains("keyring")) return "";
  const auto dir = std::filesystem::path(manifest_path).parent_path();
  return (dir / manifest["keyring"].get<std::string>()).string();
}

std::vector<std::string> check_manifest(const Summary& s, const json& m) {
  std::vector<std::string> out;
  const bool synthetic = m.value("source", "") == "synthetic";

  if (m["read_error"].is_null() != s.read.ok)
    out.push_back(s.read.ok ? "expected a read error, the file read whole" : "unexpected read error: " + s.read.error);
  else if (!s.read.ok && m["read_error"]["offset"].get<uint64_t>() != s.read.error_offset)
    out.push_back("read error at byte offset " + std::to_string(s.read.error_offset) + ", expected at " +
                  std::to_string(m["read_error"]["offset"].get<uint64_t>()));

  ConnOf conn_of;
  uint64_t expected_total = 0;
  // Monitor to monitor: the logs cannot tell which monitor dialled (both
  // have nonce 0), so those connections are compared as one pool, per type.
  std::map<uint16_t, uint64_t> mon_want;
  bool mon_pool = false;
  for (size_t i = 0; i < m["connections"].size(); ++i) {
    const json& c = m["connections"][i];
    const std::string name = conn_name(c, synthetic);
    if (!synthetic && c["client_nonce"].get<uint64_t>() == 0 && c.value("client", "").empty() &&
        c.value("daemon_name", "").rfind("mon.", 0) == 0) {
      mon_pool = true;
      for (const char* key : {"received_by_server", "received_by_client"})
        for (auto& [t, n] : counts(c[key])) mon_want[t] += n;
      continue;
    }
    const auto found = find_sessions(s, c, synthetic);
    // A connection its client gave up before anything was received (a
    // monitor client hunting among several monitors) may never have been
    // opened on the wire.
    const bool received = !c["received_by_server"].empty() || !c["received_by_client"].empty();
    if (found.empty() && (synthetic || received)) {
      out.push_back("connection " + name + " not found");
      continue;
    }
    if (found.empty()) continue;
    if (synthetic && found.size() != 1) out.push_back("connection " + name + " found " + std::to_string(found.size()) + " times");
    std::map<uint16_t, uint64_t> have[2];
    for (auto* ss : found) {
      conn_of[ss->id] = i;
      if (c["encrypted"].get<bool>() != ss->encrypted)
        out.push_back("connection " + name + (ss->encrypted ? " is" : " is not") + " encrypted");
      for (size_t d = 0; d < 2; ++d)
        for (auto& [t, n] : ss->messages_by_type[d]) have[d][t] += n;
    }
    // Secure sessions no keyring opened: their messages are invisible on the wire.
    const bool opened = std::all_of(found.begin(), found.end(), [](auto* ss) { return ss->decrypted; });
    if (c["encrypted"].get<bool>() && !opened) continue;
    for (size_t d = 0; d < 2; ++d) {
      const char* key = d == 0 ? "received_by_server" : "received_by_client";
      auto want = counts(c[key]);
      // (messages_total counts what is visible without keys)
      if (!c["encrypted"].get<bool>())
        for (auto& [t, n] : want) expected_total += n;
      const char* sent_key = d == 0 ? "sent_by_client" : "sent_by_server";
      if (synthetic || !c.contains(sent_key)) {
        if (want != have[d])
          out.push_back("connection " + name + " " + dir_name(Dir(d)) + ": expected " + describe(want) + ", found " +
                        describe(have[d]));
        continue;
      }
      // Recorded: what the receiver logged is on the wire; what the sender
      // logged is the most that can be.
      auto most = counts(c[sent_key]);
      std::set<uint16_t> types;
      for (auto& [t, n] : want) types.insert(t);
      for (auto& [t, n] : have[d]) types.insert(t);
      for (uint16_t t : types) {
        const uint64_t lo = want.count(t) ? want[t] : 0, hi = std::max(lo, most.count(t) ? most[t] : 0);
        const uint64_t n = have[d].count(t) ? have[d].at(t) : 0;
        if (n < lo || n > hi)
          out.push_back("connection " + name + " " + dir_name(Dir(d)) + ": " + describe({{t, n}}) +
                        " on the wire; the logs say at least " + std::to_string(lo) + " (received) and at most " +
                        std::to_string(hi) + " (sent)");
      }
    }
    if (c.contains("messages") && synthetic) {  // the exact list, in order, per direction
      const SessionSummary* ss = found.front();
      std::vector<std::tuple<std::string, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t>> want, got;
      for (auto& e : c["messages"])
        want.emplace_back(e["direction"], e["type"], e["seq"], e["front_len"], e["middle_len"], e["data_len"]);
      for (auto& r : ss->message_list)
        got.emplace_back(dir_name(r.dir), r.type, r.seq, r.front_len, r.middle_len, r.data_len);
      std::stable_sort(want.begin(), want.end(), [](auto& a, auto& b) { return std::get<0>(a) < std::get<0>(b); });
      std::stable_sort(got.begin(), got.end(), [](auto& a, auto& b) { return std::get<0>(a) < std::get<0>(b); });
      if (want != got) out.push_back("connection " + name + ": the message list differs from the manifest's");
    }
  }
  if (mon_pool) {
    std::map<uint16_t, uint64_t> have;
    bool opened = true;
    std::vector<const SessionSummary*> pool;
    for (auto& ss : s.sessions)
      if (ss.info.entity_type[0] == kEntityMon && ss.info.entity_type[1] == kEntityMon) pool.push_back(&ss);
    for (auto* ss : pool) {
      opened = opened && (!ss->encrypted || ss->decrypted);
      conn_of[ss->id] = size_t(-1);
      for (size_t d = 0; d < 2; ++d)
        for (auto& [t, n] : ss->messages_by_type[d]) have[t] += n;
    }
    if (opened && have != mon_want)
      out.push_back("monitor-to-monitor connections: expected " + describe(mon_want) + ", found " + describe(have));
  }
  if (synthetic) {
    for (auto& ss : s.sessions)
      if (!conn_of.count(ss.id))
        out.push_back("unexpected Ceph session " + ss.client.to_string() + " -> " + ss.server.to_string());
    if (m["messages_total"].get<uint64_t>() != s.messages_total)
      out.push_back("messages_total " + std::to_string(s.messages_total) + ", expected " +
                    std::to_string(m["messages_total"].get<uint64_t>()));
  } else {
    // Recorded captures: every session that carried messages belongs to a
    // connection the daemons logged.
    for (auto& ss : s.sessions)
      if (!conn_of.count(ss.id) && ss.messages > 0)
        out.push_back("session " + std::to_string(ss.id) + " " + ss.client.to_string() + " -> " +
                      ss.server.to_string() + " (nonce " + std::to_string(ss.info.client_nonce) + ") carried " +
                      std::to_string(ss.messages) + " messages that no daemon logged");
    if (m.contains("messages_total") && m["messages_total"].get<uint64_t>() != expected_total)
      out.push_back("manifest messages_total disagrees with its connections");
  }

  using K5 = std::tuple<size_t, std::string, std::string, uint64_t, uint64_t>;
  compare_sets<CrcError>(
      out, "CRC error", m["crc_errors"], s.crc_errors, conn_of,
      [](const json& e) {
        return K5{e["connection"], e["direction"], e["field"], e.value("segment", 0), e["stream_offset"]};
      },
      [](const CrcError& r, size_t c) {
        return K5{c, dir_name(r.dir), crc_field_name(r.field), r.field == CrcField::V2Segment ? r.segment : 0, r.offset};
      });
  using K4 = std::tuple<size_t, std::string, uint64_t, uint64_t>;
  compare_sets<GapRecord>(
      out, "gap", m["gaps"], s.gaps, conn_of,
      [](const json& e) { return K4{e["connection"], e["direction"], e["stream_offset"], e["length"]}; },
      [](const GapRecord& r, size_t c) { return K4{c, dir_name(r.dir), r.offset, r.length}; });
  compare_sets<SkipRecord>(
      out, "skipped stretch", m["skipped"], s.skips, conn_of,
      [](const json& e) { return K4{e["connection"], e["direction"], e["stream_offset"], e["length"]}; },
      [](const SkipRecord& r, size_t c) { return K4{c, dir_name(r.dir), r.offset, r.length}; });
  using KE = std::tuple<size_t, std::string, uint64_t, std::string>;
  compare_sets<ErrorRecord>(
      out, "parse error", m["errors"], s.errors, conn_of,
      [](const json& e) { return KE{e["connection"], e["direction"], e["stream_offset"], e["kind"]}; },
      [](const ErrorRecord& r, size_t c) { return KE{c, dir_name(r.dir), r.offset, error_kind_name(r.kind)}; });
  compare_sets<ConflictRecord>(
      out, "TCP conflict", m["tcp_conflicts"], s.conflicts, conn_of,
      [](const json& e) { return K4{e["connection"], e["direction"], e["stream_offset"], e["length"]}; },
      [](const ConflictRecord& r, size_t c) { return K4{c, dir_name(r.dir), r.offset, r.length}; });
  return out;
}

std::map<uint16_t, TextAgreement> compare_texts(const Summary& s, const json& m) {
  std::map<uint16_t, TextAgreement> out;
  using Key = std::tuple<std::string, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t>;
  using Logged = std::map<Key, std::vector<std::string>>;
  const bool synthetic = m.value("source", "") == "synthetic";
  // Ceph's texts of each connection, in log order for each key (a client
  // that reconnects starts its seq again). Between monitors (nonce 0) the
  // logs cannot tell which monitor dialled: a monitor's entry pools what it
  // sent to all its peers (as server->client), whose seqs run alike.
  std::vector<Logged> logged(m["connections"].size());
  std::map<std::string, Logged*> pool;  // monitor address -> what it sent
  for (size_t i = 0; i < logged.size(); ++i) {
    const json& c = m["connections"][i];
    if (!c.contains("messages")) continue;
    for (auto& e : c["messages"])
      if (e.contains("text"))
        logged[i][Key{e["direction"], e["seq"], e["type"], e["front_len"], e["middle_len"], e["data_len"]}].push_back(
            e["text"]);
    for (auto& [k, v] : logged[i]) std::reverse(v.begin(), v.end());
    if (!synthetic && c["client_nonce"].get<uint64_t>() == 0) pool[c["daemon"].get<std::string>()] = &logged[i];
  }
  auto compare = [&](const MessageRecord& r, std::vector<std::string>* texts, bool any_of_them) {
    TextAgreement& a = out[r.type];
    if (!texts || texts->empty()) {
      ++a.unlogged;
      return;
    }
    // In a pool which of a key's texts this one is is not known: any one equal to ours.
    if (any_of_them)
      if (auto same = std::find(texts->begin(), texts->end(), r.text); same != texts->end()) {
        texts->erase(same);
        ++a.matched;
        return;
      }
    const std::string ceph = std::move(texts->back());
    texts->pop_back();
    if (r.text == ceph) {
      ++a.matched;
      return;
    }
    ++a.differ;
    if (r.text.empty()) ++a.undecoded;
    a.differences.emplace_back(r.text.empty() ? "(none: " + r.text_why + ")" : r.text, ceph);
    if (a.ceph.empty()) {
      a.ours = a.differences.back().first;
      a.ceph = ceph;
    }
  };
  auto find = [](Logged& l, const Key& k) {
    auto it = l.find(k);
    return it == l.end() ? nullptr : &it->second;
  };
  for (size_t i = 0; i < logged.size(); ++i) {
    const json& c = m["connections"][i];
    if (!c.contains("messages")) continue;
    const bool pooled = !synthetic && c["client_nonce"].get<uint64_t>() == 0;
    for (auto* ss : find_sessions(s, c, synthetic)) {
      if (c["encrypted"].get<bool>() && !ss->decrypted) continue;
      // The dialling monitor, by the address its CLIENT_IDENT gave.
      Logged* dialler = nullptr;
      if (pooled && ss->info.v2_addrs[0])
        for (const auto& a : ss->info.v2_addrs[0]->addrs)
          if (auto p = pool.find(a.host_port()); p != pool.end()) dialler = p->second;
      for (auto& r : ss->message_list) {
        const Key k{dir_name(r.dir), r.seq, r.type, r.front_len, r.middle_len, r.data_len};
        if (pooled && r.dir == Dir::ToServer)
          compare(r, dialler ? find(*dialler, Key{dir_name(Dir::ToClient), r.seq, r.type, r.front_len, r.middle_len,
                                                  r.data_len})
                             : nullptr,
                  true);
        else
          compare(r, find(logged[i], k), pooled);
      }
    }
  }
  return out;
}

}  // namespace cephwire::replay
