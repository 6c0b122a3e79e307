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
  using O = Off;
  c.features = load_le64(p + O::features);
  c.host_type = load_le32(p + O::host_type);
  c.global_seq = load_le32(p + O::global_seq);
  c.connect_seq = load_le32(p + O::connect_seq);
  c.protocol_version = load_le32(p + O::protocol_version);
  c.authorizer_protocol = load_le32(p + O::authorizer_protocol);
  c.authorizer_len = load_le32(p + O::authorizer_len);
  c.flags = p[O::flags];
  return c;
}

void Connect::encode(uint8_t* p) const {
  using O = Off;
  store_le64(p + O::features, features);
  store_le32(p + O::host_type, host_type);
  store_le32(p + O::global_seq, global_seq);
  store_le32(p + O::connect_seq, connect_seq);
  store_le32(p + O::protocol_version, protocol_version);
  store_le32(p + O::authorizer_protocol, authorizer_protocol);
  store_le32(p + O::authorizer_len, authorizer_len);
  p[O::flags] = flags;
}

ConnectReply ConnectReply::decode(const uint8_t* p) {
  ConnectReply r;
  using O = Off;
  r.tag = p[O::tag];
  r.features = load_le64(p + O::features);
  r.global_seq = load_le32(p + O::global_seq);
  r.connect_seq = load_le32(p + O::connect_seq);
  r.protocol_version = load_le32(p + O::protocol_version);
  r.authorizer_len = load_le32(p + O::authorizer_len);
  r.flags = p[O::flags];
  return r;
}

void ConnectReply::encode(uint8_t* p) const {
  using O = Off;
  p[O::tag] = tag;
  store_le64(p + O::features, features);
  store_le32(p + O::global_seq, global_seq);
  store_le32(p + O::connect_seq, connect_seq);
  store_le32(p + O::protocol_version, protocol_version);
  store_le32(p + O::authorizer_len, authorizer_len);
  p[O::flags] = flags;
}

MsgHeader MsgHeader::decode(const uint8_t* p) {
  MsgHeader h;
  using O = Off;
  h.seq = load_le64(p + O::seq);
  h.tid = load_le64(p + O::tid);
  h.type = load_le16(p + O::type);
  h.priority = load_le16(p + O::priority);
  h.version = load_le16(p + O::version);
  h.front_len = load_le32(p + O::front_len);
  h.middle_len = load_le32(p + O::middle_len);
  h.data_len = load_le32(p + O::data_len);
  h.data_off = load_le16(p + O::data_off);
  h.src = EntityName::decode(p + O::src);
  h.compat_version = load_le16(p + O::compat_version);
  h.reserved = load_le16(p + O::reserved);
  h.crc = load_le32(p + O::crc);
  return h;
}

void MsgHeader::encode(uint8_t* p) const {
  using O = Off;
  store_le64(p + O::seq, seq);
  store_le64(p + O::tid, tid);
  store_le16(p + O::type, type);
  store_le16(p + O::priority, priority);
  store_le16(p + O::version, version);
  store_le32(p + O::front_len, front_len);
  store_le32(p + O::middle_len, middle_len);
  store_le32(p + O::data_len, data_len);
  store_le16(p + O::data_off, data_off);
  src.encode(p + O::src);
  store_le16(p + O::compat_version, compat_version);
  store_le16(p + O::reserved, reserved);
  store_le32(p + O::crc, crc);
}

uint32_t MsgHeader::compute_crc(const uint8_t* p) { return ceph_crc32c(kCrcSeedV1, p, kCrcOffset); }

MsgFooter MsgFooter::decode(const uint8_t* p, bool with_sig) {
  MsgFooter f;
  f.front_crc = load_le32(p + Off::front_crc);
  f.middle_crc = load_le32(p + Off::middle_crc);
  f.data_crc = load_le32(p + Off::data_crc);
  if (with_sig) f.sig = load_le64(p + Off::sig);
  f.flags = p[Off::flags(with_sig)];
  return f;
}

void MsgFooter::encode(uint8_t* p, bool with_sig) const {
  store_le32(p + Off::front_crc, front_crc);
  store_le32(p + Off::middle_crc, middle_crc);
  store_le32(p + Off::data_crc, data_crc);
  if (with_sig) store_le64(p + Off::sig, sig);
  p[Off::flags(with_sig)] = flags;
}

}  // namespace cephwire::msgr1
