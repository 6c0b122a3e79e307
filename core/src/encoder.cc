#include "cephwire/encoder.h"

#include <array>

#include "cephwire/compression.h"
#include "cephwire/crc32c.h"

namespace cephwire {

uint64_t WireFrame::size() const {
  uint64_t n = head.size() + tail.size();
  for (auto b : body) n += b.size();
  return n;
}

void WireFrame::append_to(Pagelist& out) const {
  out.append(head.data(), head.size());
  for (auto b : body) out.append(b);
  out.append(tail.data(), tail.size());
}

void WireFrame::append_to(std::vector<uint8_t>& out) const {
  out.reserve(out.size() + size());
  out.insert(out.end(), head.begin(), head.end());
  for (auto b : body) out.insert(out.end(), b.begin(), b.end());
  out.insert(out.end(), tail.begin(), tail.end());
}

std::vector<uint8_t> WireFrame::flatten() const {
  std::vector<uint8_t> v;
  append_to(v);
  return v;
}

namespace {
void add_data_pages(WireFrame& f, const Pagelist& data) {
  data.for_each_span([&](Bytes s) { f.body.push_back(s); });
}
}  // namespace

namespace msgr1 {

MessageLayout MessageLayout::of(const Message& m, bool footer_with_sig) {
  MessageLayout l;
  l.front = 1 + MsgHeader::kSize;
  l.middle = l.front + m.front_len;
  l.data = l.middle + m.middle_len;
  l.footer = l.data + m.data_len;
  l.total = l.footer + MsgFooter::size(footer_with_sig);
  return l;
}

WireFrame encode_message(const Message& m, const EncodeOptions& o) { return encode_message(m, m.data, o); }

WireFrame encode_message(const Message& m, const Pagelist& data, const EncodeOptions& o) {
  WireFrame f;
  f.head.resize(1 + MsgHeader::kSize);
  f.head[0] = kTagMsg;
  MsgHeader h = m.v1_header();
  h.front_len = uint32_t(m.front.size());
  h.middle_len = uint32_t(m.middle.size());
  h.data_len = uint32_t(data.length());
  h.encode(&f.head[1]);
  store_le32(&f.head[1 + MsgHeader::kCrcOffset], MsgHeader::compute_crc(&f.head[1]));

  if (!m.front.empty()) f.body.push_back(m.front);
  if (!m.middle.empty()) f.body.push_back(m.middle);
  add_data_pages(f, data);

  MsgFooter ft;
  ft.front_crc = ceph_crc32c(kCrcSeedV1, m.front);
  ft.middle_crc = ceph_crc32c(kCrcSeedV1, m.middle);
  ft.data_crc = o.crc_data ? data.crc32c(kCrcSeedV1) : 0;
  ft.sig = o.footer_with_sig ? o.sig : 0;
  ft.flags = uint8_t(o.footer_flags | (o.crc_data ? 0 : kFooterNoCrc));
  f.tail.resize(MsgFooter::size(o.footer_with_sig));
  ft.encode(f.tail.data(), o.footer_with_sig);
  return f;
}

std::vector<uint8_t> encode_client_hello(const EntityAddr& mine) {
  std::vector<uint8_t> v(kClientHelloSize);
  std::copy(kBanner.begin(), kBanner.end(), v.begin());
  mine.encode_legacy(&v[kBanner.size()]);
  return v;
}

std::vector<uint8_t> encode_server_hello(const EntityAddr& mine, const EntityAddr& peer_seen) {
  std::vector<uint8_t> v(kServerHelloSize);
  std::copy(kBanner.begin(), kBanner.end(), v.begin());
  mine.encode_legacy(&v[kBanner.size()]);
  peer_seen.encode_legacy(&v[kBanner.size() + EntityAddr::kLegacySize]);
  return v;
}

std::vector<uint8_t> encode_connect(Connect c, Bytes authorizer) {
  c.authorizer_len = uint32_t(authorizer.size());
  std::vector<uint8_t> v(Connect::kSize);
  c.encode(v.data());
  v.insert(v.end(), authorizer.begin(), authorizer.end());
  return v;
}

std::vector<uint8_t> encode_connect_reply(ConnectReply r, Bytes authorizer) {
  r.authorizer_len = uint32_t(authorizer.size());
  std::vector<uint8_t> v(ConnectReply::kSize);
  r.encode(v.data());
  v.insert(v.end(), authorizer.begin(), authorizer.end());
  return v;
}

std::vector<uint8_t> encode_ack(uint64_t seq) {
  std::vector<uint8_t> v(9);
  v[0] = kTagAck;
  store_le64(&v[1], seq);
  return v;
}

std::vector<uint8_t> encode_keepalive2(uint8_t tag, uint32_t sec, uint32_t nsec) {
  std::vector<uint8_t> v(9);
  v[0] = tag;
  store_le32(&v[1], sec);
  store_le32(&v[5], nsec);
  return v;
}

std::vector<uint8_t> encode_tag(uint8_t tag) { return {tag}; }

std::vector<uint8_t> encode_seq(uint64_t seq) {
  std::vector<uint8_t> v(8);
  store_le64(v.data(), seq);
  return v;
}

}  // namespace msgr1

namespace msgr2 {

std::vector<uint8_t> encode_banner(const Banner& b) {
  std::vector<uint8_t> v(kBannerFixedSize + kBannerPayloadSize);
  std::copy(kBannerPrefix.begin(), kBannerPrefix.end(), v.begin());
  store_le16(&v[8], kBannerPayloadSize);
  store_le64(&v[Banner::kOffSupported], b.supported);
  store_le64(&v[Banner::kOffRequired], b.required);
  return v;
}

namespace {

// Builds preamble, CRCs and epilogue around segments that the caller places:
// seg0 is copied into the head (it is small); later segments are borrowed.
WireFrame assemble(Tag tag, std::array<std::vector<Bytes>, kMaxSegments> pieces,
                   std::array<uint16_t, kMaxSegments> align, const EncodeOptions& o) {
  std::array<uint32_t, kMaxSegments> len{};
  std::array<uint32_t, kMaxSegments> crc{};
  for (size_t i = 0; i < kMaxSegments; ++i) {
    crc[i] = kCrcSeedSegment;
    for (auto b : pieces[i]) {
      len[i] += uint32_t(b.size());
      crc[i] = ceph_crc32c(crc[i], b);
    }
  }
  size_t nseg = kMaxSegments;
  while (nseg > 1 && len[nseg - 1] == 0) --nseg;

  Preamble p;
  p.tag = uint8_t(tag);
  p.num_segments = uint8_t(nseg);
  for (size_t i = 0; i < nseg; ++i) p.segments[i] = {len[i], align[i]};
  p.flags = o.preamble_flags;

  WireFrame f;
  f.head.resize(Preamble::kSize);
  p.encode(f.head.data());
  store_le32(&f.head[Preamble::kCrcOffset], Preamble::compute_crc(f.head.data()));
  for (auto b : pieces[0]) f.head.insert(f.head.end(), b.begin(), b.end());
  if (o.rev1 && len[0] > 0) {
    uint8_t c[4];
    store_le32(c, crc[0]);
    f.head.insert(f.head.end(), c, c + 4);
  }
  for (size_t i = 1; i < nseg; ++i)
    for (auto b : pieces[i])
      if (!b.empty()) f.body.push_back(b);

  if (!o.rev1 || nseg > 1) {
    Epilogue e;
    if (o.rev1)
      e.late = o.aborted ? kLateStatusAborted : o.late_status;
    else
      e.late = o.aborted ? kLateFlagAborted : 0;
    // Used empty segments carry crc(-1, "") = -1; unused ones 0.
    for (size_t i = 0; i < kMaxSegments; ++i) e.crc[i] = i < nseg ? crc[i] : 0;
    f.tail.resize(Epilogue::size(o.rev1));
    e.encode(f.tail.data(), o.rev1);
  }
  return f;
}

}  // namespace

WireFrame encode_frame(Tag tag, std::span<const Bytes> segments, const EncodeOptions& o) {
  std::array<std::vector<Bytes>, kMaxSegments> pieces;
  std::array<uint16_t, kMaxSegments> align{kDefaultAlignment, kDefaultAlignment, kDefaultAlignment,
                                           tag == Tag::Message ? kPageAlignment : kDefaultAlignment};
  for (size_t i = 0; i < segments.size() && i < kMaxSegments; ++i) pieces[i].push_back(segments[i]);
  return assemble(tag, std::move(pieces), align, o);
}

WireFrame encode_control(const ControlPayload& p, const EncodeOptions& o) {
  ByteBuffer payload;
  encode_control(p, payload);
  Bytes seg[1] = {payload.bytes()};
  return encode_frame(tag_of(p), seg, o);  // seg0 is copied into the head
}

WireFrame encode_message(const Message& m, const EncodeOptions& o) { return encode_message(m, m.data, o); }

WireFrame encode_message(const Message& m, const Pagelist& data, const EncodeOptions& o) {
  uint8_t hdr[MsgHeader2::kSize];
  m.v2_header().encode(hdr);
  if (o.compress_method) {
    std::vector<uint8_t> flat_data;
    data.for_each_span([&](Bytes s) { flat_data.insert(flat_data.end(), s.begin(), s.end()); });
    const Bytes plain[kMaxSegments] = {Bytes(hdr, sizeof hdr), m.front, m.middle, flat_data};
    auto packed = std::make_shared<std::vector<std::vector<uint8_t>>>(kMaxSegments);
    for (size_t i = 0; i < kMaxSegments; ++i)
      (*packed)[i] = compress_segment(o.compress_method, plain[i]).value_or(std::vector<uint8_t>{});
    const Bytes segs[kMaxSegments] = {(*packed)[0], (*packed)[1], (*packed)[2], (*packed)[3]};
    EncodeOptions c = o;
    c.preamble_flags |= kFlagCompressed;
    WireFrame f = encode_frame(Tag::Message, segs, c);
    f.owned = std::move(packed);
    return f;
  }
  std::array<std::vector<Bytes>, kMaxSegments> pieces;
  pieces[kSegHeader].push_back(Bytes(hdr, sizeof hdr));
  if (!m.front.empty()) pieces[kSegFront].push_back(m.front);
  if (!m.middle.empty()) pieces[kSegMiddle].push_back(m.middle);
  data.for_each_span([&](Bytes s) { pieces[kSegData].push_back(s); });
  return assemble(Tag::Message, std::move(pieces),
                  {kDefaultAlignment, kDefaultAlignment, kDefaultAlignment, kPageAlignment}, o);
}

}  // namespace msgr2

}  // namespace cephwire

namespace cephwire {

const char* dir_name(Dir d) { return d == Dir::ToServer ? "client->server" : "server->client"; }

namespace msgr1 {

Conversation handshake(const HandshakeSpec& h) {
  Conversation c;
  c.push_back({Dir::ToServer, encode_client_hello(h.client_addr)});
  c.push_back({Dir::ToClient, encode_server_hello(h.server_addr, h.client_addr)});
  Connect con;
  con.features = h.client_features;
  con.host_type = h.host_type;
  con.global_seq = h.global_seq;
  con.connect_seq = h.connect_seq;
  con.protocol_version = h.protocol_version;
  con.authorizer_protocol = h.authorizer_protocol;
  c.push_back({Dir::ToServer, encode_connect(con, h.authorizer)});
  ConnectReply rep;
  rep.tag = h.reply_tag;
  rep.features = h.server_features;
  rep.global_seq = h.global_seq;
  rep.connect_seq = h.connect_seq + 1;
  rep.protocol_version = h.protocol_version;
  auto r = encode_connect_reply(rep, {});
  if (h.reply_tag == kTagSeq) {
    auto s = encode_seq(h.server_seq);
    r.insert(r.end(), s.begin(), s.end());
  }
  c.push_back({Dir::ToClient, std::move(r)});
  if (h.reply_tag == kTagSeq) c.push_back({Dir::ToServer, encode_seq(h.client_seq)});
  return c;
}

}  // namespace msgr1

namespace msgr2 {

Conversation handshake(const HandshakeSpec& h) {
  Conversation c;
  const bool rev1 = (h.client_banner.supported & h.server_banner.supported & kMsgr2FeatureRevision1) != 0;
  EncodeOptions o;
  o.rev1 = rev1;
  auto frame = [&](Dir d, const ControlPayload& p) { c.push_back({d, encode_control(p, o).flatten()}); };
  c.push_back({Dir::ToServer, encode_banner(h.client_banner)});
  c.push_back({Dir::ToClient, encode_banner(h.server_banner)});
  frame(Dir::ToServer, Hello{h.client_type, h.server_addr});
  frame(Dir::ToClient, Hello{h.server_type, h.client_addr});
  frame(Dir::ToServer, AuthRequest{h.auth_method, {kConModeCrc}, h.auth_payload});
  frame(Dir::ToClient, AuthDone{h.global_id, h.con_mode, {}});
  if (h.con_mode == kConModeSecure) {
    // Without keys, stand-in ciphertext: what follows AUTH_DONE in secure
    // mode is AES-GCM output, indistinguishable from these bytes.
    uint32_t x = 0x9e3779b9u;
    for (Dir d : {Dir::ToClient, Dir::ToServer}) {
      std::vector<uint8_t> ct(96 + 48);
      for (auto& b : ct) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        b = uint8_t(x);
      }
      c.push_back({d, std::move(ct)});
    }
    return c;
  }
  frame(Dir::ToServer, AuthSignature{});
  frame(Dir::ToClient, AuthSignature{});
  frame(Dir::ToServer, client_ident_of(h));
  frame(Dir::ToClient, server_ident_of(h));
  return c;
}

ClientIdent client_ident_of(const HandshakeSpec& h) {
  ClientIdent ci;
  EntityAddr mine = h.client_addr;
  mine.type = kAddrAny;
  mine.port = 0;
  ci.addrs.addrs.push_back(mine);
  ci.target_addr = h.server_addr;
  ci.global_id = int64_t(h.global_id);
  ci.global_seq = 1;
  ci.supported_features = h.features;
  ci.flags = 1;  // lossy client
  ci.cookie = h.client_cookie;
  return ci;
}

ServerIdent server_ident_of(const HandshakeSpec& h) {
  ServerIdent si;
  si.addrs.addrs.push_back(h.server_addr);
  si.global_id = h.server_id;
  si.global_seq = 1;
  si.supported_features = h.features;
  si.flags = 1;
  si.cookie = h.server_cookie;
  return si;
}

}  // namespace msgr2

}  // namespace cephwire
