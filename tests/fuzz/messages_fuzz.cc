// libFuzzer target for the message layer: every front decoder on arbitrary
// bytes must return a value or a reason, never crash or read out of bounds;
// what decodes must encode to bytes that decode and encode the same again.
#include <cstdint>
#include <cstdlib>

#include "cephwire/messages/mon_client.h"
#include "cephwire/messages/osd_map.h"
#include "cephwire/messages/osd_op.h"

using namespace cephwire;
using namespace cephwire::messages;

namespace {

template <class T, class... A>
void stable(Bytes b, A... a) {
  std::string why;
  auto v = T::decode(a..., b, &why);
  if (!v) {
    if (why.empty()) std::abort();  // a refusal always says why
    return;
  }
  auto e = v->encode();
  auto again = T::decode(a..., Bytes(e), &why);
  if (!again || again->encode() != e) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  Bytes b(data + 1, size - 1);
  switch (data[0] % 11) {
    case 0: stable<MAuth>(b); break;
    case 1: stable<MAuthReply>(b); break;
    case 2: stable<AuthInitialRequest>(b); break;
    case 3: stable<MonAuthRequest>(b); break;
    case 4: stable<AuthNoneAuthorizer>(b); break;
    case 5: stable<MMonCommand>(b); break;
    case 6: stable<MMonCommandAck>(b); break;
    case 7: stable<MMonSubscribe>(b); break;
    case 8: stable<MOSDOp>(b, uint16_t(8)); break;
    case 9: stable<MonMapHead>(b); break;
    case 10: {
      OsdMapPools p;
      std::string why;
      read_osdmap_pools(b, p, &why);
      break;
    }
  }
  return 0;
}
