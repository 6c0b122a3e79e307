// msgr2 control payloads (segment 0 of every frame but MESSAGE), field by
// field where each lies.
#include <type_traits>

#include "parts.h"

namespace cephwire::layout {

void v2_control(Builder& b, uint32_t off, uint32_t len, const msgr2::ControlPayload& p) {
  using namespace msgr2;
  const Bytes payload = b.src().subspan(off, len);
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Hello>) {
          b.uint("v2.entity_type", off, 1, v.entity_type);
          b.addrs("peer_addr", off + 1, len - 1, {v.peer_addr}, v.peer_addr.to_string());
        } else if constexpr (std::is_same_v<T, AuthRequest>) {
          b.uint("v2.auth_method", off, 4, v.method);
          // le32 method, then vector<u32> preferred_modes: le32 count, the modes.
          for (size_t i = 0; i < v.preferred_modes.size(); ++i)
            b.uint("v2.preferred_mode", off + 8 + uint32_t(4 * i), 4, v.preferred_modes[i]);
        } else if constexpr (std::is_same_v<T, AuthBadMethod>) {
          b.uint("v2.auth_method", off, 4, v.method);
          b.sint("v2.result", off + 4, 4, v.result);
        } else if constexpr (std::is_same_v<T, AuthDone>) {
          b.uint("v2.global_id", off, 8, uint64_t(v.global_id));
          b.uint("v2.con_mode", off + 8, 4, v.con_mode);
        } else if constexpr (std::is_same_v<T, ClientIdent> || std::is_same_v<T, ServerIdent>) {
          using L = IdentLayout;
          const auto l = ident_layout(tag_of(p), payload);
          if (!l) return;
          const uint32_t at = off + uint32_t(l->fixed);
          b.addrs("addr", off, uint32_t(l->addrs_len), v.addrs.addrs, v.addrs.to_string());
          if constexpr (std::is_same_v<T, ClientIdent>)
            b.addrs("peer_addr", off + uint32_t(l->addrs_len), uint32_t(l->target_len), {v.target_addr},
                    v.target_addr.to_string());
          b.uint("v2.global_id", at + L::kGlobalId, 8, uint64_t(v.global_id));
          b.uint("v2.global_seq", at + L::kGlobalSeq, 8, v.global_seq);
          b.features("v2.features", at + L::kSupportedFeatures, v.supported_features);
          b.features("v2.required_features", at + L::kRequiredFeatures, v.required_features);
          b.uint("v2.ident_flags", at + L::kFlags, 8, v.flags);
          b.uint("v2.cookie", at + L::kCookie, 8, v.cookie);
        } else if constexpr (std::is_same_v<T, SessionReconnect>) {
          // The address vector, then five le64: the cookies, global_seq, connect_seq, msg_seq.
          auto places = addrvec_places(payload);
          if (!places) return;
          const uint32_t at = off + uint32_t(places->end);
          b.addrs("addr", off, uint32_t(places->end), v.addrs.addrs, v.addrs.to_string());
          b.uint("v2.cookie", at, 8, v.client_cookie).suffix = " (client)";
          b.uint("v2.cookie", at + 8, 8, v.server_cookie).suffix = " (server)";
          b.uint("v2.global_seq", at + 16, 8, v.global_seq);
          b.uint("v2.connect_seq", at + 24, 8, v.connect_seq);
          b.uint("ack", at + 32, 8, v.msg_seq);
        } else if constexpr (std::is_same_v<T, SessionReset>) {
          b.boolean("v2.full", off, 1, v.full);
        } else if constexpr (std::is_same_v<T, SessionRetry>) {
          b.uint("v2.connect_seq", off, 8, v.connect_seq);
        } else if constexpr (std::is_same_v<T, SessionRetryGlobal>) {
          b.uint("v2.global_seq", off, 8, v.global_seq);
        } else if constexpr (std::is_same_v<T, SessionReconnectOk> || std::is_same_v<T, Ack>) {
          b.wire("ack", off, 8);
        } else if constexpr (std::is_same_v<T, Keepalive2> || std::is_same_v<T, Keepalive2Ack>) {
          b.wire("keepalive.sec", off, 4);
          b.wire("keepalive.nsec", off + 4, 4);
        } else if constexpr (std::is_same_v<T, CompressionRequest>) {
          b.boolean("v2.is_compress", off, 1, v.is_compress);
          for (uint32_t m : v.preferred_methods) b.uint("v2.compression_method", off + 1, len - 1, m);
        } else if constexpr (std::is_same_v<T, CompressionDone>) {
          b.boolean("v2.is_compress", off, 1, v.is_compress);
          b.uint("v2.compression_method", off + 1, 4, v.method);
        } else if constexpr (std::is_same_v<T, IdentMissingFeatures>) {
          b.features("v2.features", off, v.features);
        }
      },
      p);
}

}  // namespace cephwire::layout
