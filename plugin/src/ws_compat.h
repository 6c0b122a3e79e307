// The few places where Wireshark's plugin API differs between the releases
// the plugin supports (4.0, 4.2, 4.4, 4.6). Types are taken from Wireshark's
// own declarations where possible, so a release that changes them again
// still compiles; versions are tested only where a name itself changed.
#pragma once

#include <tuple>
#include <type_traits>

#include <ws_version.h>

#define MSGR_WS_AT_LEAST(maj, min) \
  (WIRESHARK_VERSION_MAJOR > (maj) || (WIRESHARK_VERSION_MAJOR == (maj) && WIRESHARK_VERSION_MINOR >= (min)))

namespace msgr::ws {

template <typename F>
struct fn_traits;
template <typename R, typename... A>
struct fn_traits<R (*)(A...)> {
  using ret = R;
  template <std::size_t I>
  using arg = std::tuple_element_t<I, std::tuple<A...>>;
};

// gboolean in 4.0, bool from 4.2/4.4 on.
using heur_ret = fn_traits<heur_dissector_t>::ret;
using wmem_cb_ret = fn_traits<wmem_user_cb_t>::ret;
using pref_bool = std::remove_pointer_t<fn_traits<decltype(&prefs_register_bool_preference)>::template arg<4>>;

// field_info::value is an fvalue_t up to 4.0 and a pointer to one from 4.2.
template <typename FieldInfo>
fvalue_t* value_of(FieldInfo* fi) {
  if constexpr (std::is_pointer_v<decltype(fi->value)>)
    return fi->value;
  else
    return &fi->value;
}

}  // namespace msgr::ws
