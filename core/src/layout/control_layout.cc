// msgr2 control payloads (segment 0 of every frame but MESSAGE), field by
// field where each lies: the frames' declarations (frame_fields.h) walked
// over the payload, as decode_control walks them.
#include <type_traits>

#include "../frame_fields.h"
#include "parts.h"

namespace cephwire::layout {

namespace {

using msgr2::wire::Show;

template <auto M, class T>
void show(Builder& b, const msgr2::wire::F<M>& f, const T& v, uint32_t at, uint32_t n) {
  if (!f.name) return;
  LaidField* laid = nullptr;
  if constexpr (std::is_same_v<T, EntityAddr>) {
    b.addrs(f.name, at, n, {v}, v.to_string());
  } else if constexpr (std::is_same_v<T, EntityAddrvec>) {
    b.addrs(f.name, at, n, v.addrs, v.to_string());
  } else if constexpr (std::is_same_v<T, std::vector<uint32_t>>) {
    for (size_t i = 0; i < v.size(); ++i) b.uint(f.name, at + 4 + uint32_t(4 * i), 4, v[i]);  // after the le32 count
  } else if constexpr (std::is_same_v<T, msgr2::UTime>) {
    b.wire("keepalive.sec", at, 4);
    b.wire("keepalive.nsec", at + 4, 4);
  } else if constexpr (std::is_same_v<T, bool>) {
    laid = &b.boolean(f.name, at, n, v);
  } else if constexpr (std::is_same_v<T, int32_t>) {
    laid = &b.sint(f.name, at, n, v);
  } else if constexpr (std::is_integral_v<T>) {
    laid = f.show == Show::Features ? &b.features(f.name, at, uint64_t(v)) : &b.uint(f.name, at, n, uint64_t(v));
  }
  if (laid && f.suffix) laid->suffix = f.suffix;
}

}  // namespace

void v2_control(Builder& b, uint32_t off, uint32_t len, const msgr2::ControlPayload& p) {
  std::visit(
      [&](const auto& decoded) {
        // The payload decoded again member by member, to know where each lies.
        using T = std::decay_t<decltype(decoded)>;
        ByteReader r(b.src().subspan(off, len));
        T v;
        msgr2::wire::for_each_member(v, [&](const auto& field, auto& m) {
          const size_t start = r.pos();
          if (!msgr2::wire::get(r, m) || !r.ok()) return false;
          show(b, field, m, off + uint32_t(start), uint32_t(r.pos() - start));
          return true;
        });
      },
      p);
}

}  // namespace cephwire::layout
