// Which messages are requests and replies, and how replies find requests.
#include <gtest/gtest.h>

#include "cephwire/messages/mon_client.h"
#include "cephwire/messages/osd_op.h"
#include "cephwire/messages/transaction.h"
#include "cephwire/msg_types.h"
#include "cephwire/request_tracker.h"

namespace cephwire {
namespace {

using messages::Transaction;
using messages::TxnRole;
using messages::transaction_of;

Bytes b(const std::vector<uint8_t>& v) { return Bytes(v.data(), v.size()); }
Bytes b(const std::string& s) { return Bytes(reinterpret_cast<const uint8_t*>(s.data()), s.size()); }

messages::MOSDOp op_of(uint16_t code) {
  messages::MOSDOp op;
  op.oid = "obj";
  op.ops.resize(1);
  op.ops[0].op = code;
  return op;
}

TEST(Transaction, OsdOpIsNamedByItsFirstOp) {
  const auto front = op_of(messages::kOsdOpWriteFull).encode();
  auto t = transaction_of({kMsgOsdOp, 8, 7, b(front), {}});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->role, TxnRole::Request);
  EXPECT_EQ(t->family, kMsgOsdOp);
  EXPECT_EQ(t->key, 7u);  // the header tid
  EXPECT_EQ(t->procedure, "writefull");
}

TEST(Transaction, CallIsNamedByTheClassAndMethodInItsPayload) {
  auto op = op_of(0x1401);
  op.ops[0].args[0] = 3;  // class_len
  op.ops[0].args[1] = 6;  // method_len
  const std::string payload = "rbdcreate";
  op.ops[0].payload_len = uint32_t(payload.size());
  const auto front = op.encode();
  EXPECT_EQ(transaction_of({kMsgOsdOp, 8, 1, b(front), b(payload)})->procedure, "call rbd.create");
  // Without the data (a capture cut short): the op alone.
  EXPECT_EQ(transaction_of({kMsgOsdOp, 8, 1, b(front), {}})->procedure, "call");
}

TEST(Transaction, OsdOpReplyCarriesItsResult) {
  messages::MOSDOpReply r;
  r.oid = "obj";
  r.ops = op_of(messages::kOsdOpRead).ops;
  r.rvals = {-2};
  r.result = -2;
  const auto front = r.encode();
  auto t = transaction_of({kMsgOsdOpReply, 8, 9, b(front), {}});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->role, TxnRole::Reply);
  EXPECT_EQ(t->family, kMsgOsdOp);
  EXPECT_EQ(t->key, 9u);
  EXPECT_EQ(t->result, -2);
}

TEST(Transaction, MonCommandIsNamedByItsPrefix) {
  const auto front = messages::MMonCommand{{}, {}, {R"({"prefix": "osd pool create", "pool": "p"})"}}.encode();
  EXPECT_EQ(transaction_of({kMsgMonCommand, 1, 3, b(front), {}})->procedure, "osd pool create");
  const auto ack = messages::MMonCommandAck{{}, -17, "exists", {R"({"prefix": "osd pool create"})"}}.encode();
  auto t = transaction_of({kMsgMonCommandAck, 1, 3, b(ack), {}});
  EXPECT_EQ(t->result, -17);
  EXPECT_EQ(t->procedure, "osd pool create");
  // A command that is not JSON is still a request.
  const auto odd = messages::MMonCommand{{}, {}, {"not json"}}.encode();
  EXPECT_EQ(transaction_of({kMsgMonCommand, 1, 3, b(odd), {}})->procedure, "mon_command");
}

TEST(Transaction, PingRepliesNameThePingStamp) {
  std::vector<uint8_t> ping(40, 0);
  ping[20] = 4;  // PING
  store_le64(ping.data() + 21, 0x1122334455667788ull);
  std::vector<uint8_t> reply = ping;
  reply[20] = 5;  // PING_REPLY
  auto q = transaction_of({kMsgOsdPing, 5, 0, b(ping), {}});
  auto r = transaction_of({kMsgOsdPing, 5, 0, b(reply), {}});
  ASSERT_TRUE(q && r);
  EXPECT_EQ(q->role, TxnRole::Request);
  EXPECT_EQ(r->role, TxnRole::Reply);
  EXPECT_EQ(q->key, r->key);
  std::vector<uint8_t> you_died = ping;
  you_died[20] = 2;
  EXPECT_FALSE(transaction_of({kMsgOsdPing, 5, 0, b(you_died), {}}));  // neither
}

TEST(Transaction, MapsAreNotRequests) {
  EXPECT_FALSE(transaction_of({kMsgOsdMap, 4, 0, {}, {}}));
  EXPECT_FALSE(transaction_of({kMsgMonSubscribe, 3, 0, {}, {}}));
}

TEST(Transaction, ClientReplyIsFinalWhenSafe) {
  std::vector<uint8_t> head(15, 0);
  store_le32(head.data(), 0x1301);  // create
  store_le32(head.data() + 4, 0);
  auto unsafe = transaction_of({kMsgClientReply, 1, 5, b(head), {}});
  head[12] = 1;
  auto safe = transaction_of({kMsgClientReply, 1, 5, b(head), {}});
  EXPECT_FALSE(unsafe->final);
  EXPECT_TRUE(safe->final);
  EXPECT_EQ(safe->procedure, "create");
}

// An MDS session's open, renewal and close are answered on their connection
// (they have no tid): what a replay waits for before its first request.
TEST(Transaction, MdsSessionOpenRenewAndCloseAreAnswered) {
  auto head = [](uint32_t op, uint64_t seq) {
    std::vector<uint8_t> h(28, 0);
    store_le32(h.data(), op);
    store_le64(h.data() + 4, seq);
    return h;
  };
  const auto open_req = head(0, 0), open = head(1, 0), renew_req = head(4, 3), renew = head(5, 3),
             other_renew = head(5, 4), stale = head(6, 0);
  auto a = transaction_of({kMsgClientSession, 5, 0, b(open_req), {}});
  auto r = transaction_of({kMsgClientSession, 1, 0, b(open), {}});
  ASSERT_TRUE(a && r);
  EXPECT_EQ(a->role, TxnRole::Request);
  EXPECT_EQ(r->role, TxnRole::Reply);
  EXPECT_EQ(a->key, r->key);
  EXPECT_EQ(a->scope, messages::TxnScope::Connection);
  auto rr = transaction_of({kMsgClientSession, 1, 0, b(renew_req), {}});
  auto rp = transaction_of({kMsgClientSession, 1, 0, b(renew), {}});
  auto other = transaction_of({kMsgClientSession, 1, 0, b(other_renew), {}});
  EXPECT_EQ(rr->key, rp->key);     // renewcaps seq 3 answers request_renewcaps seq 3
  EXPECT_NE(rr->key, other->key);  // and not seq 4's
  EXPECT_NE(rr->key, a->key);
  EXPECT_FALSE(transaction_of({kMsgClientSession, 1, 0, b(stale), {}}));  // the MDS's own word
  // A reconnect after an MDS restart is answered with open.
  auto rc = transaction_of({kMsgClientReconnect, 5, 0, {}, {}});
  ASSERT_TRUE(rc);
  EXPECT_EQ(rc->key, r->key);
  EXPECT_EQ(rc->role, TxnRole::Request);
}

// ---- the tracker ----

const EntityName kClient{8, 4100}, kOther{8, 4200}, kOsd{4, 0};

TrackedMessage msg(uint64_t conn, Dir d, EntityName who, uint64_t frame, Transaction t, uint64_t tid = 0) {
  return TrackedMessage{conn, d, who, tid, frame, frame * 1000, t.role == TxnRole::Request ? kMsgOsdOp : kMsgOsdOpReply,
                        std::move(t)};
}
Transaction osd(TxnRole role, uint64_t tid, std::optional<int32_t> result = {}) {
  Transaction t;
  t.role = role;
  t.family = kMsgOsdOp;
  t.key = tid;
  t.procedure = "writefull";
  t.result = result;
  return t;
}

TEST(RequestTracker, ReplyJoinsItsRequestWithTheTimeBetween) {
  RequestTracker tr;
  auto q = tr.add(msg(1, Dir::ToServer, kClient, 10, osd(TxnRole::Request, 1), 1));
  auto r = tr.add(msg(1, Dir::ToClient, kOsd, 13, osd(TxnRole::Reply, 1, 0), 1));
  ASSERT_TRUE(q && r);
  EXPECT_TRUE(q->request);
  EXPECT_FALSE(r->request);
  EXPECT_EQ(tr.replies()[r->index].request, q->index);
  EXPECT_EQ(tr.replies()[r->index].latency_nsec, 3000u);
  EXPECT_EQ(tr.requests()[q->index].replies.size(), 1u);
  EXPECT_EQ(tr.requests()[q->index].client, kClient);
}

TEST(RequestTracker, AResentOpIsAnsweredOnTheClientsNewSession) {
  RequestTracker tr;
  auto first = tr.add(msg(1, Dir::ToServer, kClient, 10, osd(TxnRole::Request, 5), 5));
  auto again = tr.add(msg(2, Dir::ToServer, kClient, 20, osd(TxnRole::Request, 5), 5));
  auto r = tr.add(msg(2, Dir::ToClient, kOsd, 21, osd(TxnRole::Reply, 5, 0), 5));
  ASSERT_TRUE(r);
  EXPECT_EQ(tr.replies()[r->index].request, again->index);
  EXPECT_EQ(tr.requests()[first->index].resent_as, again->index);
  EXPECT_FALSE(tr.requests()[first->index].answered());
}

TEST(RequestTracker, TwoClientsWithTheSameTidAreKeptApart) {
  RequestTracker tr;
  auto a = tr.add(msg(1, Dir::ToServer, kClient, 10, osd(TxnRole::Request, 1), 1));
  auto b = tr.add(msg(2, Dir::ToServer, kOther, 11, osd(TxnRole::Request, 1), 1));
  auto rb = tr.add(msg(2, Dir::ToClient, kOsd, 12, osd(TxnRole::Reply, 1, 0), 1));
  auto ra = tr.add(msg(1, Dir::ToClient, kOsd, 13, osd(TxnRole::Reply, 1, 0), 1));
  EXPECT_EQ(tr.replies()[rb->index].request, b->index);
  EXPECT_EQ(tr.replies()[ra->index].request, a->index);
  EXPECT_FALSE(tr.requests()[a->index].resent_as);
}

TEST(RequestTracker, AReplyNoRequestAskedForIsNotJoined) {
  RequestTracker tr;
  tr.add(msg(1, Dir::ToServer, kClient, 10, osd(TxnRole::Request, 1), 1));
  EXPECT_FALSE(tr.add(msg(1, Dir::ToClient, kOsd, 11, osd(TxnRole::Reply, 2, 0), 2)));
  // The request's own direction never answers it.
  EXPECT_FALSE(tr.add(msg(1, Dir::ToServer, kClient, 12, osd(TxnRole::Reply, 1, 0), 1)));
  EXPECT_FALSE(tr.requests()[0].answered());
}

TEST(RequestTracker, UnknownClientsAreJoinedWithinTheirConnection) {
  RequestTracker tr;
  const EntityName unknown{};
  tr.add(msg(1, Dir::ToServer, unknown, 10, osd(TxnRole::Request, 1), 1));
  EXPECT_FALSE(tr.add(msg(2, Dir::ToClient, kOsd, 11, osd(TxnRole::Reply, 1, 0), 1)));
  EXPECT_TRUE(tr.add(msg(1, Dir::ToClient, kOsd, 12, osd(TxnRole::Reply, 1, 0), 1)));
}

TEST(RequestTracker, AuthIsAnsweredInOrder) {
  RequestTracker tr;
  Transaction q;
  q.family = kMsgAuth;
  q.scope = messages::TxnScope::Connection;
  q.in_order = true;
  Transaction r = q;
  r.role = TxnRole::Reply;
  auto q1 = tr.add(msg(1, Dir::ToServer, kClient, 1, q));
  auto q2 = tr.add(msg(1, Dir::ToServer, kClient, 2, q));
  auto r1 = tr.add(msg(1, Dir::ToClient, kOsd, 3, r));
  auto r2 = tr.add(msg(1, Dir::ToClient, kOsd, 4, r));
  EXPECT_EQ(tr.replies()[r1->index].request, q1->index);
  EXPECT_EQ(tr.replies()[r2->index].request, q2->index);
}

TEST(RequestTracker, AnUnsafeReplyAndTheSafeOneBothJoinTheRequest) {
  RequestTracker tr;
  Transaction q = osd(TxnRole::Request, 3);
  q.family = kMsgClientRequest;
  Transaction unsafe = q;
  unsafe.role = TxnRole::Reply;
  unsafe.final = false;
  Transaction safe = unsafe;
  safe.final = true;
  auto rq = tr.add(msg(1, Dir::ToServer, kClient, 1, q, 3));
  tr.add(msg(1, Dir::ToClient, kOsd, 2, unsafe, 3));
  tr.add(msg(1, Dir::ToClient, kOsd, 3, safe, 3));
  EXPECT_EQ(tr.requests()[rq->index].replies.size(), 2u);
  EXPECT_FALSE(tr.add(msg(1, Dir::ToClient, kOsd, 4, safe, 3)));  // nothing is open after the safe one
}

}  // namespace
}  // namespace cephwire
