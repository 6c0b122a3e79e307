// The entry points Wireshark looks for in a plugin. A plugin loads only into
// the major.minor it was built against, so the wanted version is the one of
// the headers; from 4.2 on Wireshark also asks what kind of plugin it is.
#include "msgr.h"

#if MSGR_WS_AT_LEAST(4, 2)
#include <wsutil/plugins.h>
#endif

extern "C" {
WS_DLL_PUBLIC const char plugin_version[];
WS_DLL_PUBLIC const int plugin_want_major;
WS_DLL_PUBLIC const int plugin_want_minor;
WS_DLL_PUBLIC void plugin_register(void);
#if MSGR_WS_AT_LEAST(4, 2)
WS_DLL_PUBLIC uint32_t plugin_describe(void);
#endif
}

const char plugin_version[] = "0.2.0";
const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

void plugin_register(void) {
  static proto_plugin p;
  p.register_protoinfo = msgr::register_fields;
  p.register_handoff = msgr::register_handoff;
  proto_register_plugin(&p);
}

#if MSGR_WS_AT_LEAST(4, 2)
uint32_t plugin_describe(void) { return WS_PLUGIN_DESC_DISSECTOR; }
#endif
