#include "cephwire/frames_v2.h"

#include "frame_fields.h"

namespace cephwire::msgr2 {
namespace {

template <class T>
std::optional<T> decode_frame(ByteReader& r) {
  T v;
  if (!wire::for_each_member(v, [&](const auto&, auto& m) { return wire::get(r, m); })) return std::nullopt;
  return v;
}

template <class T>
void encode_frame(const T& v, ByteBuffer& o) {
  wire::for_each_member(v, [&](const auto&, const auto& m) { return wire::put(o, m), true; });
}

// Variant index i holds the payload of tag i + 1, except that MESSAGE (17) has
// no control payload: tags above it are shifted by one.
constexpr size_t index_of(Tag t) {
  auto v = size_t(t);
  return v < size_t(Tag::Message) ? v - 1 : v - 2;
}
constexpr Tag tag_at(size_t index) {
  return Tag(index + 1 < size_t(Tag::Message) ? index + 1 : index + 2);
}

template <size_t I>
std::optional<ControlPayload> decode_at(ByteReader& r) {
  using T = std::variant_alternative_t<I, ControlPayload>;
  auto v = decode_frame<T>(r);
  if (!v || !r.ok()) return std::nullopt;
  return ControlPayload(std::in_place_index<I>, std::move(*v));
}

template <size_t... I>
std::optional<ControlPayload> decode_index(size_t index, ByteReader& r, std::index_sequence<I...>) {
  using Fn = std::optional<ControlPayload> (*)(ByteReader&);
  static constexpr Fn kTable[] = {&decode_at<I>...};
  return kTable[index](r);
}

}  // namespace

Tag tag_of(const ControlPayload& p) { return tag_at(p.index()); }

std::optional<ControlPayload> decode_control(Tag tag, Bytes payload, std::string* why) {
  auto t = uint8_t(tag);
  if (t == 0 || t > kMaxTag || tag == Tag::Message) {
    if (why) *why = "not a control frame tag " + std::to_string(t);
    return std::nullopt;
  }
  ByteReader r(payload);
  auto out = decode_index(index_of(tag), r,
                          std::make_index_sequence<std::variant_size_v<ControlPayload>>());
  if (!out && why)
    *why = std::string(tag_name(t)) + " payload of " + std::to_string(payload.size()) +
           " bytes is truncated or malformed";
  return out;
}

void encode_control(const ControlPayload& p, ByteBuffer& out) {
  std::visit([&](const auto& v) { encode_frame(v, out); }, p);
}

}  // namespace cephwire::msgr2
