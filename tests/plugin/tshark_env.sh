# Sourced by every script that runs tshark with the plugin. tshark_env
# PLUGIN_SO DIR lays out DIR: a world-readable copy of the plugin under
# DIR/plugins/<major.minor>/epan (the Wireshark version the build staged it
# for: a plugin loads into no other) and a HOME tshark may write; tshark runs
# as `nobody` when we are root, since as root it ignores WIRESHARK_PLUGIN_DIR.
#   source tests/plugin/tshark_env.sh
#   tshark_env "$PLUGIN" "$T"
#   ts -r capture.pcap -Y msgr          # tshark with the plugin
#   "${TS_RUN[@]}" tshark ...           # the same, to add variables of one's own: "${TS_RUN[@]}" VAR=x tshark
tshark_env() {
  local plugin="$1" ver
  TS_DIR="$2"
  ver="$(cd "$(dirname "$plugin")/plugins" && ls -d [0-9]*.[0-9]* | head -1)"
  mkdir -p "$TS_DIR/plugins/$ver/epan" "$TS_DIR/home"
  cp "$plugin" "$TS_DIR/plugins/$ver/epan/"
  chmod -R a+rX "$TS_DIR"
  chmod 755 "$TS_DIR"
  chmod 777 "$TS_DIR/home"
  TS_RUN=(env HOME="$TS_DIR/home" WIRESHARK_PLUGIN_DIR="$TS_DIR/plugins")
  if [ "$(id -u)" = 0 ]; then TS_RUN=(setpriv --reuid=nobody --regid=nogroup --clear-groups "${TS_RUN[@]}"); fi
}
ts() { "${TS_RUN[@]}" tshark "$@"; }
