#include "cephwire/message.h"

namespace cephwire {

namespace {

// The fields ceph_msg_header and ceph_msg_header2 share with Message, by name.
template <class From, class To>
void copy_shared(const From& f, To& t) {
  t.seq = f.seq;
  t.tid = f.tid;
  t.type = f.type;
  t.priority = f.priority;
  t.version = f.version;
  t.data_off = f.data_off;
  t.compat_version = f.compat_version;
  t.reserved = f.reserved;
}

// v1 only: the section lengths and the source are in the header.
template <class From, class To>
void copy_v1(const From& f, To& t) {
  t.front_len = f.front_len;
  t.middle_len = f.middle_len;
  t.data_len = f.data_len;
  t.src = f.src;
}

// msgr2 only.
template <class From, class To>
void copy_v2(const From& f, To& t) {
  t.data_pre_padding_len = f.data_pre_padding_len;
  t.ack_seq = f.ack_seq;
  t.flags = f.flags;
}

}  // namespace

msgr1::MsgHeader Message::v1_header() const {
  msgr1::MsgHeader h;
  copy_shared(*this, h);
  copy_v1(*this, h);
  return h;
}

msgr2::MsgHeader2 Message::v2_header() const {
  msgr2::MsgHeader2 h;
  copy_shared(*this, h);
  copy_v2(*this, h);
  return h;
}

void Message::take_header(const msgr1::MsgHeader& h) {
  msgr_version = 1;
  copy_shared(h, *this);
  copy_v1(h, *this);
}

void Message::take_header(const msgr2::MsgHeader2& h) {
  msgr_version = 2;
  copy_shared(h, *this);
  copy_v2(h, *this);
}

}  // namespace cephwire
