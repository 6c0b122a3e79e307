// Helpers shared by the unit tests: hex, the reference vectors file, and a
// listener that records every event as text so that two parses can be
// compared exactly.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cephwire/message.h"
#include "cephwire/parser.h"

namespace cephwire::test {

inline std::vector<uint8_t> unhex(const std::string& s) {
  std::vector<uint8_t> out;
  std::istringstream in(s);
  std::string tok;
  while (in >> tok) {
    if (tok == "|") continue;
    out.push_back(uint8_t(std::stoul(tok, nullptr, 16)));
  }
  return out;
}

inline std::string hex(Bytes b) {
  std::string s;
  char buf[4];
  for (size_t i = 0; i < b.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%02x", b[i]);
    if (i) s += ' ';
    s += buf;
  }
  return s;
}

// tests/data/vectors.txt (a copy of the project's wire reference vectors):
// a line that starts with `title` (leading blanks ignored) holds hex bytes
// after `marker` (by default the first ':' after the title). Returns them.
inline std::vector<uint8_t> vector_bytes(const std::string& title, const std::string& marker = ":") {
  std::ifstream f(std::string(CEPHWIRE_TEST_DATA) + "/vectors.txt");
  std::string line;
  while (std::getline(f, line)) {
    line.erase(0, line.find_first_not_of(' '));
    if (line.rfind(title, 0) != 0) continue;
    auto at = line.find(marker, title.size());
    if (at == std::string::npos) break;
    std::istringstream in(line.substr(at + marker.size()));
    std::string tok, keep;
    while (in >> tok) {  // stop at the first word that is not a hex byte ("then", "...")
      if (tok.size() != 2 || !isxdigit(tok[0]) || !isxdigit(tok[1])) break;
      keep += tok + " ";
    }
    return unhex(keep);
  }
  ADD_FAILURE() << "no vector titled " << title;
  return {};
}

// A message with recognisable bytes in each section.
inline Message make_message(uint16_t type, uint64_t seq, size_t front, size_t middle, size_t data) {
  Message m;
  m.seq = seq;
  m.tid = seq * 10;
  m.type = type;
  m.priority = kPrioDefault;
  m.version = 4;
  m.compat_version = 1;
  m.src = {kEntityClient, 4100};
  std::vector<uint8_t> f(front), mid(middle);
  for (size_t i = 0; i < front; ++i) f[i] = uint8_t('a' + i % 26);
  for (size_t i = 0; i < middle; ++i) mid[i] = uint8_t('A' + (i + seq) % 26);
  m.set_front(f);
  m.set_middle(mid);
  Pagelist d;
  for (size_t i = 0; i < data; ++i) d.encode_8(uint8_t(i * 31 + seq));
  m.set_data(std::move(d));
  return m;
}

// MPing as in the reference vectors: seq 1, prio 127, version 1, compat 1.
inline Message mping() {
  Message m;
  m.seq = 1;
  m.type = 2;
  m.priority = 127;
  m.version = 1;
  m.compat_version = 1;
  m.src = {0x08, 4100};
  return m;
}

class Recorder : public Listener {
 public:
  std::vector<std::string> log;
  std::vector<Message> messages;
  std::vector<Dir> message_dirs;
  std::vector<CrcCheck> crcs;
  std::vector<ErrorEvent> errors;
  std::vector<GapEvent> gaps;
  std::vector<SkipEvent> skips;
  std::vector<std::pair<Dir, msgr2::ControlPayload>> frames;
  std::vector<V1TagEvent> v1_tags;
  std::vector<V1ConnectReplyEvent> replies;
  uint64_t ciphertext[2] = {0, 0};
  int banners = 0;

  size_t bad_crcs() const {
    size_t n = 0;
    for (auto& c : crcs) n += c.status == CrcStatus::Bad;
    return n;
  }

  void on_banner(Dir d, const BannerEvent& e) override {
    ++banners;
    add(d, "banner v" + std::to_string(int(e.protocol)) + " @" + std::to_string(e.offset));
  }
  void on_v1_connect(Dir d, const V1ConnectEvent& e) override {
    add(d, "connect auth " + std::to_string(e.authorizer.size()) + " @" + std::to_string(e.offset));
  }
  void on_v1_connect_reply(Dir d, const V1ConnectReplyEvent& e) override {
    replies.push_back(e);
    replies.back().authorizer = {};
    add(d, "reply " + std::to_string(e.reply.tag) + " @" + std::to_string(e.offset));
  }
  void on_v1_tag(Dir d, const V1TagEvent& e) override {
    v1_tags.push_back(e);
    add(d, "tag " + std::to_string(e.tag) + " " + std::to_string(e.value) + " @" + std::to_string(e.offset));
  }
  void on_v2_frame(Dir d, const V2FrameEvent& e) override {
    if (e.decoded) frames.emplace_back(d, *e.decoded);
    add(d, std::string("frame ") + std::to_string(e.preamble.tag) + (e.decoded ? "" : " undecoded") + " @" +
               std::to_string(e.offset) + " len " + std::to_string(e.layout.total));
  }
  void on_message(Dir d, MessageEvent& e) override {
    std::string s = "msg type " + std::to_string(e.msg.type) + " seq " + std::to_string(e.msg.seq) + " @" +
                    std::to_string(e.offset) + " len " + std::to_string(e.length) + " crcs";
    for (auto& c : e.crcs) s += " " + std::to_string(int(c.status));
    add(d, s);
    message_dirs.push_back(d);
    messages.push_back(std::move(e.msg));
  }
  void on_crc(Dir d, const CrcCheck& c) override {
    crcs.push_back(c);
    add(d, std::string("crc ") + crc_field_name(c.field) + std::to_string(c.segment) + " " +
               crc_status_name(c.status) + " @" + std::to_string(c.offset));
  }
  void on_gap(Dir d, const GapEvent& e) override {
    gaps.push_back(e);
    add(d, "gap @" + std::to_string(e.offset) + " " + std::to_string(e.length));
  }
  void on_skipped(Dir d, const SkipEvent& e) override {
    skips.push_back(e);
    add(d, "skip @" + std::to_string(e.offset) + " " + std::to_string(e.length) + " " +
               std::to_string(int(e.reason)));
  }
  void on_error(Dir d, const ErrorEvent& e) override {
    errors.push_back(e);
    add(d, std::string("error ") + error_kind_name(e.kind) + " @" + std::to_string(e.offset) + ": " + e.reason);
  }
  void on_ciphertext(Dir d, const CiphertextEvent& e) override {
    ciphertext[size_t(d)] += e.length;
    // Ciphertext arrives in whatever pieces it was fed: log it once.
    if (e.first) add(d, "ciphertext from @" + std::to_string(e.offset));
  }

 private:
  void add(Dir d, std::string s) { log.push_back(std::string(d == Dir::ToServer ? "C> " : "S> ") + s); }
};

// Feeds a conversation with each chunk cut into pieces of `piece` bytes
// (0: whole chunks).
inline void feed(Connection& c, const Conversation& conv, size_t piece = 0) {
  for (const auto& ch : conv) {
    if (piece == 0) {
      c.feed(ch.dir, ch.bytes);
      continue;
    }
    for (size_t off = 0; off < ch.bytes.size(); off += piece)
      c.feed(ch.dir, Bytes(ch.bytes).subspan(off, std::min(piece, ch.bytes.size() - off)));
  }
}

}  // namespace cephwire::test
