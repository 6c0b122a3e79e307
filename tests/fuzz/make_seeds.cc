// Writes the fuzzers' seed corpora: real-shaped sessions made by the core's
// encoders (v1, msgr2.1, msgr2.0, secure mode, a mid-stream start, a gap).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "cephwire/encoder.h"
#include "cephwire/secure/secure_session.h"
#include "cephwire/features.h"
#include "cephwire/messages/mon_client.h"
#include "cephwire/messages/osd_op.h"
#include "fuzz_input.h"

using namespace cephwire;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& p, const std::vector<uint8_t>& b) {
  std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
}

Message msg(uint64_t seq, size_t front, size_t data) {
  Message m;
  m.seq = seq;
  m.type = 42;
  std::vector<uint8_t> f(front, 'x');
  m.set_front(f);
  Pagelist d;
  d.append(std::vector<uint8_t>(data, 'y'));
  m.set_data(std::move(d));
  return m;
}

std::vector<uint8_t> records(uint8_t flags, const Conversation& c, bool with_gap = false) {
  std::vector<uint8_t> out{flags};
  for (size_t i = 0; i < c.size(); ++i) {
    fuzz::append_record(out, c[i].dir, c[i].bytes.data(), c[i].bytes.size());
    if (with_gap && i + 1 == c.size() / 2) fuzz::append_record(out, c[i].dir, nullptr, 100, true);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CORPUS_ROOT\n", argv[0]);
    return 2;
  }
  fs::path root = argv[1];
  for (auto d : {"parser", "control", "pagelist", "messages"}) fs::create_directories(root / d);

  msgr1::HandshakeSpec h1;
  h1.client_features = h1.server_features = kFeatureMsgAuth | kFeatureKeepalive2;
  auto v1 = msgr1::handshake(h1);
  v1.push_back({Dir::ToServer, msgr1::encode_message(msg(1, 50, 300)).flatten()});
  v1.push_back({Dir::ToClient, msgr1::encode_ack(1)});
  write(root / "parser/v1", records(1, v1));
  write(root / "parser/v1_gap", records(0, v1, true));

  for (bool rev1 : {true, false}) {
    msgr2::HandshakeSpec h2;
    if (!rev1) h2.server_banner.supported = 0;
    auto v2 = msgr2::handshake(h2);
    msgr2::EncodeOptions o;
    o.rev1 = rev1;
    v2.push_back({Dir::ToServer, msgr2::encode_message(msg(1, 50, 300), o).flatten()});
    v2.push_back({Dir::ToClient, msgr2::encode_control(msgr2::Ack{1}, o).flatten()});
    write(root / (rev1 ? "parser/v2_rev1" : "parser/v2_rev0"), records(1, v2));
  }
  msgr2::HandshakeSpec hs;
  hs.con_mode = msgr2::kConModeSecure;
  write(root / "parser/v2_secure", records(0, msgr2::handshake(hs)));
  // Secure sessions the fuzzer's keys open (flag 8): a monitor login with a
  // message each way, in msgr2.1 and msgr2.0, and a daemon connection opened
  // with the mon. key.
  for (bool rev1 : {true, false}) {
    static const Message ping = msg(1, 50, 300), pong = msg(1, 20, 0);
    secure::SecureSessionSpec s;
    if (!rev1) s.hs.server_banner.supported = 0;
    s.principal = secure::test_key(0x00);
    s.auth_session_key = secure::test_key(0x10);
    for (int i = 0; i < 64; ++i) s.connection_secret.push_back(uint8_t(0x40 + i));
    s.messages = {{Dir::ToServer, &ping}, {Dir::ToClient, &pong}};
    write(root / (rev1 ? "parser/v2_secure_keys_rev1" : "parser/v2_secure_keys_rev0"),
          records(8 | 1, secure::secure_mon_session(s)));
    if (!rev1) continue;
    s.hs.client_type = kEntityMon;
    secure::set_authorizer(s, kEntityMon, secure::cephx::kSecretIdOwnKey, secure::test_key(0xa0),
                           secure::test_key(0xb0), {kEntityMon, "b"});
    write(root / "parser/v2_secure_keys_mon", records(8 | 1, secure::secure_mon_session(s)));
  }
  auto mid = msgr2::encode_message(msg(7, 20, 20)).flatten();
  write(root / "parser/midstream", records(1, {{Dir::ToServer, {mid.begin() + 5, mid.end()}}}));

  msgr2::HandshakeSpec h;
  for (auto& c : msgr2::handshake(h)) {
    if (c.bytes.size() < 32 + 4) continue;
    std::vector<uint8_t> seed(c.bytes.begin() + 31, c.bytes.end() - 4);  // tag, then the payload
    seed[0] = c.bytes[0];
    write(root / ("control/tag" + std::to_string(c.bytes[0]) + (c.dir == Dir::ToServer ? "c" : "s")), seed);
  }
  // Message fronts, each behind the byte that picks its decoder.
  auto front = [&](uint8_t which, std::vector<uint8_t> b) {
    b.insert(b.begin(), which);
    write(root / ("messages/decoder" + std::to_string(which)), b);
  };
  messages::AuthName admin{kEntityClient, "admin"};
  front(0, messages::MAuth{{}, 0, messages::AuthInitialRequest{{1, 2}, admin, 0}.encode(), 0}.encode());
  front(1, messages::MAuthReply{1, 0, 4100, {}, "ok"}.encode());
  front(2, messages::AuthInitialRequest{{1}, admin, 0}.encode());
  front(3, messages::MonAuthRequest{10, admin, 0}.encode());
  front(4, messages::AuthNoneAuthorizer{admin, 4100}.encode());
  front(5, messages::MMonCommand{{}, {}, {R"({"prefix": "osd dump"})"}}.encode());
  front(6, messages::MMonCommandAck{{}, -2, "no", {"x"}}.encode());
  messages::MMonSubscribe sub;
  sub.what["osdmap"] = {0, 0};
  front(7, sub.encode());
  messages::MOSDOp op;
  op.oid = "object";
  op.ops.resize(2);
  op.ops[0].op = messages::kOsdOpWriteFull;
  front(8, op.encode());
  front(9, messages::MonMapHead{{}, 1}.encode());
  write(root / "pagelist/ops", {0, 0xff, 0x0f, 4, 0, 0, 0, 0x10, 0x20, 5, 0, 0, 1, 3, 0});
  return 0;
}
