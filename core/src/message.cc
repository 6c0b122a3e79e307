#include "cephwire/message.h"

namespace cephwire {

msgr1::MsgHeader Message::v1_header() const {
  msgr1::MsgHeader h;
  h.seq = seq;
  h.tid = tid;
  h.type = type;
  h.priority = priority;
  h.version = version;
  h.front_len = front_len;
  h.middle_len = middle_len;
  h.data_len = data_len;
  h.data_off = data_off;
  h.src = src;
  h.compat_version = compat_version;
  h.reserved = reserved;
  return h;
}

msgr2::MsgHeader2 Message::v2_header() const {
  msgr2::MsgHeader2 h;
  h.seq = seq;
  h.tid = tid;
  h.type = type;
  h.priority = priority;
  h.version = version;
  h.data_pre_padding_len = data_pre_padding_len;
  h.data_off = data_off;
  h.ack_seq = ack_seq;
  h.flags = flags;
  h.compat_version = compat_version;
  h.reserved = reserved;
  return h;
}

void Message::take_header(const msgr1::MsgHeader& h) {
  msgr_version = 1;
  seq = h.seq;
  tid = h.tid;
  type = h.type;
  priority = h.priority;
  version = h.version;
  front_len = h.front_len;
  middle_len = h.middle_len;
  data_len = h.data_len;
  data_off = h.data_off;
  src = h.src;
  compat_version = h.compat_version;
  reserved = h.reserved;
}

void Message::take_header(const msgr2::MsgHeader2& h) {
  msgr_version = 2;
  seq = h.seq;
  tid = h.tid;
  type = h.type;
  priority = h.priority;
  version = h.version;
  data_pre_padding_len = h.data_pre_padding_len;
  data_off = h.data_off;
  ack_seq = h.ack_seq;
  flags = h.flags;
  compat_version = h.compat_version;
  reserved = h.reserved;
}

}  // namespace cephwire
