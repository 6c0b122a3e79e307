// Frames of every supported link type decode back to the TCP segment they were
// built from; what is not TCP is said so.
#include "cephwire/capture/packet.h"

#include <gtest/gtest.h>

namespace cephwire::capture {
namespace {

TcpSegment seg(bool v6) {
  TcpSegment t;
  std::array<uint8_t, 16> a{}, b{};
  a[15] = 1;
  b[15] = 2;
  t.src = v6 ? Endpoint::v6(a, 40000) : Endpoint::v4({127, 0, 0, 1}, 40000);
  t.dst = v6 ? Endpoint::v6(b, 6789) : Endpoint::v4({127, 0, 0, 2}, 6789);
  t.seq = 0x01020304;
  t.ack = 0x0a0b0c0d;
  t.flags = kTcpAck | kTcpPsh;
  static const uint8_t payload[] = "ceph v027 and more";
  t.payload = Bytes(payload, sizeof payload - 1);
  return t;
}

class LinkTypes : public ::testing::TestWithParam<std::tuple<uint32_t, bool>> {};

TEST_P(LinkTypes, BuildThenDecode) {
  auto [link, v6] = GetParam();
  auto want = seg(v6);
  auto frame = build_frame(link, want);
  auto d = decode_frame(link, frame, uint32_t(frame.size()));
  ASSERT_TRUE(d.tcp) << skip_name(d.why);
  EXPECT_EQ(d.tcp->src, want.src);
  EXPECT_EQ(d.tcp->dst, want.dst);
  EXPECT_EQ(d.tcp->seq, want.seq);
  EXPECT_EQ(d.tcp->ack, want.ack);
  EXPECT_EQ(d.tcp->flags, want.flags);
  EXPECT_TRUE(std::equal(d.tcp->payload.begin(), d.tcp->payload.end(), want.payload.begin(), want.payload.end()));
  EXPECT_EQ(d.tcp->missing, 0u);
}

INSTANTIATE_TEST_SUITE_P(All, LinkTypes,
                         ::testing::Combine(::testing::Values(kLinkEthernet, kLinkLinuxSll, kLinkLinuxSll2, kLinkNull,
                                                              kLinkRaw),
                                            ::testing::Bool()));

TEST(Packet, VlanTagsAreSkipped) {
  auto frame = build_frame(kLinkEthernet, seg(false));
  frame.insert(frame.begin() + 12, {0x88, 0xa8, 0x00, 0x07, 0x81, 0x00, 0x00, 0x2a});  // QinQ
  auto d = decode_frame(kLinkEthernet, frame, uint32_t(frame.size()));
  ASSERT_TRUE(d.tcp);
  EXPECT_EQ(d.tcp->dst.port, 6789);
}

TEST(Packet, EthernetPaddingIsNotPayload) {
  TcpSegment t = seg(false);
  t.payload = {};
  auto frame = build_frame(kLinkEthernet, t);
  frame.resize(60, 0);  // minimum Ethernet frame
  auto d = decode_frame(kLinkEthernet, frame, 60);
  ASSERT_TRUE(d.tcp);
  EXPECT_TRUE(d.tcp->payload.empty());
}

TEST(Packet, SnapLengthCutPayloadIsMissingNotLost) {
  auto frame = build_frame(kLinkEthernet, seg(false));
  const uint32_t wire = uint32_t(frame.size());
  frame.resize(frame.size() - 8);
  auto d = decode_frame(kLinkEthernet, frame, wire);
  ASSERT_TRUE(d.tcp);
  EXPECT_EQ(d.tcp->payload.size(), seg(false).payload.size() - 8);
  EXPECT_EQ(d.tcp->missing, 8u);
}

TEST(Packet, WhatIsNotTcpSaysWhy) {
  auto frame = build_frame(kLinkEthernet, seg(false));
  auto udp = frame;
  udp[14 + 9] = 17;
  EXPECT_EQ(decode_frame(kLinkEthernet, udp, 0).why, Skip::NotTcp);
  auto frag = frame;
  frag[14 + 6] = 0x20;  // more fragments
  EXPECT_EQ(decode_frame(kLinkEthernet, frag, 0).why, Skip::IpFragment);
  auto arp = frame;
  arp[12] = 0x08;
  arp[13] = 0x06;
  EXPECT_EQ(decode_frame(kLinkEthernet, arp, 0).why, Skip::NotIp);
  EXPECT_EQ(decode_frame(kLinkEthernet, Bytes(frame).first(30), 0).why, Skip::Truncated);
  EXPECT_EQ(decode_frame(9999, frame, 0).why, Skip::UnknownLink);
}

TEST(Packet, Ipv6ExtensionHeadersAreFollowed) {
  auto frame = build_frame(kLinkRaw, seg(true));
  // Insert an 8-byte hop-by-hop header between the IPv6 header and TCP.
  std::vector<uint8_t> hbh = {6, 0, 1, 4, 0, 0, 0, 0};
  frame[6] = 0;  // next header: hop-by-hop
  frame.insert(frame.begin() + 40, hbh.begin(), hbh.end());
  uint16_t plen = uint16_t(frame[4] << 8 | frame[5]) + 8;
  frame[4] = uint8_t(plen >> 8);
  frame[5] = uint8_t(plen);
  auto d = decode_frame(kLinkRaw, frame, 0);
  ASSERT_TRUE(d.tcp) << skip_name(d.why);
  EXPECT_EQ(d.tcp->src.port, 40000);
  EXPECT_EQ(d.tcp->payload.size(), seg(true).payload.size());
}

}  // namespace
}  // namespace cephwire::capture
