// The entry points Wireshark looks for in a plugin.
#include "msgr.h"

extern "C" {
WS_DLL_PUBLIC const gchar plugin_version[];
WS_DLL_PUBLIC const int plugin_want_major;
WS_DLL_PUBLIC const int plugin_want_minor;
WS_DLL_PUBLIC void plugin_register(void);
}

const gchar plugin_version[] = "0.1.0";
const int plugin_want_major = 4;
const int plugin_want_minor = 0;

void plugin_register(void) {
  static proto_plugin p;
  p.register_protoinfo = msgr::register_fields;
  p.register_handoff = msgr::register_handoff;
  proto_register_plugin(&p);
}
