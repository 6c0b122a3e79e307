// The msgr v1 machine of one direction: the banner's address(es), the
// connect / connect_reply exchange (the client follows the server's replies),
// then the open session's tags, each MSG a header, payload sections and footer.
#pragma once

#include <cstdint>

#include "cephwire/bytes.h"
#include "cephwire/msgr1.h"
#include "cephwire/pdu.h"
#include "session.h"

namespace cephwire::parser {

struct Side;

class V1Machine {
 public:
  enum class St : uint8_t {
    Hello,       // banner + legacy address(es)
    Connect,     // client: ceph_msg_connect
    ConnectAuth,
    AwaitReply,  // client: waits for the server's connect reply
    Reply,       // server: ceph_msg_connect_reply
    ReplyAuth,
    SeqValue,    // le64 after a SEQ reply, either direction
    Tag,         // open: next tag
    TagBody,     // fixed payload of ACK / KEEPALIVE2(_ACK)
    Header,
    Payload,     // front, middle, data
    Footer,
  };

  // Takes bytes while this direction stays in the machine and need not wait.
  void feed(Side& s, Bytes& in);
  // Transitions that need no input (the server's reply just became known).
  void settle(Side& s);
  void after_payload(Side& s);
  bool waiting(const Side& s) const { return st_ == St::AwaitReply && replies_left(s) == 0; }
  // Re-enters the open session at a message boundary found by searching.
  void resume_open() { st_ = St::Tag; }

  const char* item_name() const;
  // Between items: nothing of this direction is half-read.
  bool between_items() const { return st_ == St::Tag || st_ == St::AwaitReply; }
  bool at_boundary() const { return st_ == St::Tag; }
  bool encrypted() const { return false; }
  AtEnd at_end(bool partial) const;
  PduKind next_pdu(const Side& s, bool partial) const;

 private:
  void step(Side& s, Bytes& in);
  size_t replies_left(const Side& s) const;
  void on_hello(Side& s, Bytes& in);
  void on_connect(Side& s, Bytes& in);
  void on_connect_auth(Side& s, Bytes& in);
  void on_await_reply(Side& s);
  void on_reply(Side& s, Bytes& in);
  void on_reply_auth(Side& s, Bytes& in);
  void on_seq_value(Side& s, Bytes& in);
  void on_tag(Side& s, Bytes& in);
  void on_tag_body(Side& s, Bytes& in);
  void on_header(Side& s, Bytes& in);
  void on_footer(Side& s, Bytes& in);
  void go(Side& s, St st);

  St st_ = St::Hello;
  uint8_t tag_ = 0;
  msgr1::Connect connect_;
  msgr1::ConnectReply reply_;
  size_t replies_used_ = 0;
};

}  // namespace cephwire::parser
