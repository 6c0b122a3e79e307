// libFuzzer target for msgr2 control payloads and addresses: whatever decodes
// must encode back to something that decodes to the same value.
#include <cstdint>
#include <cstdlib>

#include "cephwire/frames_v2.h"

using namespace cephwire;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  Bytes rest(data + 1, size - 1);
  std::string why;
  auto tag = msgr2::Tag(data[0] % 24);
  if (auto p = msgr2::decode_control(tag, rest, &why)) {
    ByteBuffer b;
    msgr2::encode_control(*p, b);
    auto again = msgr2::decode_control(tag, b.bytes(), &why);
    if (!again || !(*again == *p)) std::abort();
  }
  ByteReader r(rest);
  if (auto v = EntityAddrvec::decode(r)) {
    ByteBuffer b;
    v->encode(b);
    ByteReader r2(b.bytes());
    auto again = EntityAddrvec::decode(r2);
    if (!again || !(again->addrs.size() == v->addrs.size())) std::abort();
  }
  return 0;
}
