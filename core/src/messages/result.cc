#include "cephwire/messages/result.h"

#include "cephwire/messages/mon_client.h"
#include "cephwire/messages/osd_op.h"
#include "cephwire/msg_types.h"

namespace cephwire::messages {

std::optional<int32_t> reply_result(uint16_t type, uint16_t version, Bytes front) {
  switch (type) {
    case kMsgOsdOpReply:
      if (auto r = MOSDOpReply::decode(version, front, nullptr)) return r->result;
      return std::nullopt;
    case kMsgMonCommandAck:
      if (auto r = MMonCommandAck::decode(front, nullptr)) return r->r;
      return std::nullopt;
    case kMsgPoolOpReply:
      if (auto r = MPoolOpReply::decode(front, nullptr)) return r->reply_code;
      return std::nullopt;
    case kMsgAuthReply:
      if (auto r = MAuthReply::decode(front, nullptr)) return r->result;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

}  // namespace cephwire::messages
