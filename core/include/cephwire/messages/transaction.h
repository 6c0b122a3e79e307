// Which messages are requests, which are replies, and how a reply names its
// request: what the plugin's request/response links, its service response
// time table and `inspect --ops` are built on.
//
// A reply finds its request by family (the request's type), key and scope:
//   osd_op -> osd_op_reply           header tid   the client (a resent op is answered on its new session)
//   mon_command -> mon_command_ack   header tid   the client (MonClient resends to the next monitor)
//   statfs, poolop, getpoolstats     header tid   the client
//   command, mgr_command (CLI)       header tid   the client
//   mon_get_version -> reply         handle       the client
//   client_request -> client_reply   header tid   the client; an unsafe reply, then a safe one
//   osd_repop -> osd_repop_reply     header tid   the connection
//   osd_ping ping -> ping_reply      ping stamp   the connection
//   auth -> auth_reply               (none)       the connection, answered in order
// Maps and subscriptions are not requests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cephwire/bytes.h"
#include "cephwire/message.h"

namespace cephwire::messages {

enum class TxnRole : uint8_t { Request, Reply };
enum class TxnScope : uint8_t { Client, Connection };

struct Transaction {
  TxnRole role = TxnRole::Request;
  uint16_t family = 0;  // the request's message type
  TxnScope scope = TxnScope::Client;
  uint64_t key = 0;  // tid, handle or ping stamp; auth: 0
  bool in_order = false;  // auth: a reply answers the oldest open request of its connection
  // What the service response time table groups by: osd_op's first op
  // ("writefull", "call rbd.create"), mon_command's prefix ("osd pool
  // create"), client_request's MDS op ("create"), else the type's name.
  std::string procedure;
  std::optional<int32_t> result;  // a reply's result (0 or a negative errno)
  bool final = true;              // no further reply follows (client_reply: safe)
};

struct TxnInput {
  uint16_t type = 0;
  uint16_t version = 0;  // the header version
  uint64_t tid = 0;      // the header's
  Bytes front;
  Bytes data;  // osd_op: the ops' payloads ("call" names its class and method there)
};

// nullopt for a message that is neither a request nor a reply (or whose front
// does not tell its key).
std::optional<Transaction> transaction_of(const TxnInput& m);
// The same of a parsed message (its data's first bytes: where a "call" names
// its class and method).
std::optional<Transaction> message_transaction(const Message& m);

// CEPH_MDS_OP_* ("create"); nullptr for a code Ceph does not name.
const char* mds_op_name(uint32_t op);

}  // namespace cephwire::messages
