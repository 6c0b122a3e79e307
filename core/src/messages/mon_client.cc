#include "cephwire/messages/mon_client.h"

#include <cstring>

#include "front_fields.h"

namespace cephwire::messages {

// Each front as front_fields.h declares it.
std::optional<MAuth> MAuth::decode(Bytes front, std::string* why, Spans* spans) {
  return wire::decode_front<MAuth>(front, why, spans);
}
std::vector<uint8_t> MAuth::encode() const { return wire::encode_front(*this); }

std::optional<MAuthReply> MAuthReply::decode(Bytes front, std::string* why) {
  return wire::decode_front<MAuthReply>(front, why, nullptr);
}
std::vector<uint8_t> MAuthReply::encode() const { return wire::encode_front(*this); }

std::optional<AuthInitialRequest> AuthInitialRequest::decode(Bytes payload, std::string* why) {
  return wire::decode_front<AuthInitialRequest>(payload, why, nullptr);
}
std::vector<uint8_t> AuthInitialRequest::encode() const { return wire::encode_front(*this); }

std::optional<MonAuthRequest> MonAuthRequest::decode(Bytes payload, std::string* why) {
  return wire::decode_front<MonAuthRequest>(payload, why, nullptr);
}
std::vector<uint8_t> MonAuthRequest::encode() const { return wire::encode_front(*this); }

std::optional<AuthNoneAuthorizer> AuthNoneAuthorizer::decode(Bytes payload, std::string* why) {
  return wire::decode_front<AuthNoneAuthorizer>(payload, why, nullptr);
}
std::vector<uint8_t> AuthNoneAuthorizer::encode() const { return wire::encode_front(*this); }

std::optional<MMonCommand> MMonCommand::decode(Bytes front, std::string* why, Spans* spans) {
  return wire::decode_front<MMonCommand>(front, why, spans);
}
std::vector<uint8_t> MMonCommand::encode() const { return wire::encode_front(*this); }

std::optional<MMonCommandAck> MMonCommandAck::decode(Bytes front, std::string* why, Spans* spans) {
  return wire::decode_front<MMonCommandAck>(front, why, spans);
}
std::vector<uint8_t> MMonCommandAck::encode() const { return wire::encode_front(*this); }

std::optional<MPoolOp> MPoolOp::decode(Bytes front, std::string* why) {
  return wire::decode_front<MPoolOp>(front, why, nullptr);
}
std::vector<uint8_t> MPoolOp::encode() const { return wire::encode_front(*this); }

const char* pool_op_name(uint32_t op) {
  switch (op) {
    case MPoolOp::kCreate: return "create";
    case MPoolOp::kDelete: return "delete";
    case MPoolOp::kAuidChange: return "auid change";
    case MPoolOp::kCreateSnap: return "create snap";
    case MPoolOp::kDeleteSnap: return "delete snap";
    case MPoolOp::kCreateUnmanagedSnap: return "create unmanaged snap";
    case MPoolOp::kDeleteUnmanagedSnap: return "delete unmanaged snap";
    default: return nullptr;
  }
}

std::optional<MPoolOpReply> MPoolOpReply::decode(Bytes front, std::string* why) {
  ByteReader r(front);
  MPoolOpReply m;
  m.paxos = PaxosHeader::decode(r);
  wire::get(r, m.fsid);
  m.reply_code = int32_t(r.le32());
  m.epoch = r.le32();
  if (r.u8()) {
    Bytes d = r.blob();
    m.response_data.assign(d.begin(), d.end());
  }
  if (r.ok()) return m;
  if (why) *why = "poolop_reply front is truncated at byte " + std::to_string(r.pos());
  return std::nullopt;
}

std::vector<uint8_t> MPoolOpReply::encode() const {
  ByteBuffer o;
  paxos.encode(o);
  wire::put(o, fsid);
  o.encode_32(uint32_t(reply_code));
  o.encode_32(epoch);
  o.encode_8(response_data.empty() ? 0 : 1);
  if (!response_data.empty()) o.encode_blob(response_data);
  return o.take();
}

std::optional<MMonSubscribe> MMonSubscribe::decode(Bytes front, std::string* why) {
  return wire::decode_front<MMonSubscribe>(front, why, nullptr);
}
std::vector<uint8_t> MMonSubscribe::encode() const { return wire::encode_front(*this); }

std::optional<MMonGetVersion> MMonGetVersion::decode(Bytes front, std::string* why) {
  return wire::decode_front<MMonGetVersion>(front, why, nullptr);
}
std::vector<uint8_t> MMonGetVersion::encode() const { return wire::encode_front(*this); }

std::optional<MMonGetVersionReply> MMonGetVersionReply::decode(Bytes front, std::string* why) {
  return wire::decode_front<MMonGetVersionReply>(front, why, nullptr);
}
std::vector<uint8_t> MMonGetVersionReply::encode() const { return wire::encode_front(*this); }

std::optional<MonMapHead> MonMapHead::decode(Bytes front, std::string* why) {
  ByteReader r(front);
  ByteReader map(r.blob());
  auto h = read_struct_header(map);
  MonMapHead m;
  if (h && h->version < 6) {  // older maps begin with a le16 version
    if (why) *why = "monmap version " + std::to_string(h->version) + " is older than Ceph 0.80";
    return std::nullopt;
  }
  Bytes f = map.bytes(16);
  m.epoch = map.le32();
  if (!h || !map.ok() || !r.ok()) {
    if (why) *why = "mon_map front is truncated";
    return std::nullopt;
  }
  std::memcpy(m.fsid.data(), f.data(), 16);
  return m;
}

std::vector<uint8_t> MonMapHead::encode() const {
  ByteBuffer map;
  size_t at = begin_struct(map, 9, 6);
  map.append(fsid.data(), fsid.size());
  map.encode_32(epoch);
  finish_struct(map, at);
  ByteBuffer o;
  o.encode_blob(map.bytes());
  return o.take();
}

}  // namespace cephwire::messages
