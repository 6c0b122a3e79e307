#include "cephwire/msgr1.h"

#include "cephwire/crc32c.h"

namespace cephwire::msgr1 {

const char* tag_name(uint8_t tag) {
  switch (tag) {
    case kTagReady: return "READY";
    case kTagResetSession: return "RESETSESSION";
    case kTagWait: return "WAIT";
    case kTagRetrySession: return "RETRY_SESSION";
    case kTagRetryGlobal: return "RETRY_GLOBAL";
    case kTagClose: return "CLOSE";
    case kTagMsg: return "MSG";
    case kTagAck: return "ACK";
    case kTagKeepalive: return "KEEPALIVE";
    case kTagBadProtoVer: return "BADPROTOVER";
    case kTagBadAuthorizer: return "BADAUTHORIZER";
    case kTagFeatures: return "FEATURES";
    case kTagSeq: return "SEQ";
    case kTagKeepalive2: return "KEEPALIVE2";
    case kTagKeepalive2Ack: return "KEEPALIVE2_ACK";
    case kTagChallengeAuthorizer: return "CHALLENGE_AUTHORIZER";
  }
  return nullptr;
}

int fixed_tag_payload(uint8_t tag) {
  switch (tag) {
    case kTagClose:
    case kTagKeepalive: return 0;
    case kTagAck: return 8;                      // le64 seq
    case kTagKeepalive2:
    case kTagKeepalive2Ack: return 8;            // ceph_timespec
  }
  return -1;
}

Connect Connect::decode(const uint8_t* p) {
  Connect c;
  c.features = load_le64(p);
  c.host_type = load_le32(p + 8);
  c.global_seq = load_le32(p + 12);
  c.connect_seq = load_le32(p + 16);
  c.protocol_version = load_le32(p + 20);
  c.authorizer_protocol = load_le32(p + 24);
  c.authorizer_len = load_le32(p + 28);
  c.flags = p[32];
  return c;
}

void Connect::encode(uint8_t* p) const {
  store_le64(p, features);
  store_le32(p + 8, host_type);
  store_le32(p + 12, global_seq);
  store_le32(p + 16, connect_seq);
  store_le32(p + 20, protocol_version);
  store_le32(p + 24, authorizer_protocol);
  store_le32(p + 28, authorizer_len);
  p[32] = flags;
}

ConnectReply ConnectReply::decode(const uint8_t* p) {
  ConnectReply r;
  r.tag = p[0];
  r.features = load_le64(p + 1);
  r.global_seq = load_le32(p + 9);
  r.connect_seq = load_le32(p + 13);
  r.protocol_version = load_le32(p + 17);
  r.authorizer_len = load_le32(p + 21);
  r.flags = p[25];
  return r;
}

void ConnectReply::encode(uint8_t* p) const {
  p[0] = tag;
  store_le64(p + 1, features);
  store_le32(p + 9, global_seq);
  store_le32(p + 13, connect_seq);
  store_le32(p + 17, protocol_version);
  store_le32(p + 21, authorizer_len);
  p[25] = flags;
}

MsgHeader MsgHeader::decode(const uint8_t* p) {
  MsgHeader h;
  h.seq = load_le64(p);
  h.tid = load_le64(p + 8);
  h.type = load_le16(p + 16);
  h.priority = load_le16(p + 18);
  h.version = load_le16(p + 20);
  h.front_len = load_le32(p + 22);
  h.middle_len = load_le32(p + 26);
  h.data_len = load_le32(p + 30);
  h.data_off = load_le16(p + 34);
  h.src = EntityName::decode(p + 36);
  h.compat_version = load_le16(p + 45);
  h.reserved = load_le16(p + 47);
  h.crc = load_le32(p + 49);
  return h;
}

void MsgHeader::encode(uint8_t* p) const {
  store_le64(p, seq);
  store_le64(p + 8, tid);
  store_le16(p + 16, type);
  store_le16(p + 18, priority);
  store_le16(p + 20, version);
  store_le32(p + 22, front_len);
  store_le32(p + 26, middle_len);
  store_le32(p + 30, data_len);
  store_le16(p + 34, data_off);
  src.encode(p + 36);
  store_le16(p + 45, compat_version);
  store_le16(p + 47, reserved);
  store_le32(p + 49, crc);
}

uint32_t MsgHeader::compute_crc(const uint8_t* p) { return ceph_crc32c(kCrcSeedV1, p, kCrcOffset); }

MsgFooter MsgFooter::decode(const uint8_t* p, bool with_sig) {
  MsgFooter f;
  f.front_crc = load_le32(p);
  f.middle_crc = load_le32(p + 4);
  f.data_crc = load_le32(p + 8);
  if (with_sig) {
    f.sig = load_le64(p + 12);
    f.flags = p[20];
  } else {
    f.flags = p[12];
  }
  return f;
}

void MsgFooter::encode(uint8_t* p, bool with_sig) const {
  store_le32(p, front_crc);
  store_le32(p + 4, middle_crc);
  store_le32(p + 8, data_crc);
  if (with_sig) {
    store_le64(p + 12, sig);
    p[20] = flags;
  } else {
    p[12] = flags;
  }
}

}  // namespace cephwire::msgr1
