#include "cephwire/msgr1.h"

#include "cephwire/crc32c.h"
#include "struct_fields.h"

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

Connect Connect::decode(const uint8_t* p) { return wire::decode_fixed<Connect>(p); }

void Connect::encode(uint8_t* p) const { wire::encode_fixed(*this, p); }

ConnectReply ConnectReply::decode(const uint8_t* p) { return wire::decode_fixed<ConnectReply>(p); }

void ConnectReply::encode(uint8_t* p) const { wire::encode_fixed(*this, p); }

MsgHeader MsgHeader::decode(const uint8_t* p) { return wire::decode_fixed<MsgHeader>(p); }

void MsgHeader::encode(uint8_t* p) const { wire::encode_fixed(*this, p); }

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
