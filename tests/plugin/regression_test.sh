#!/usr/bin/env bash
# A capture that once crashed the plugin inside tshark (kept by
# tests/fuzz/tshark_fuzz.sh) is dissected again, with Wireshark's own abort
# switches on; tshark must not crash, abort or hang.
#   regression_test.sh PLUGIN_SO CAPTURE
set -euo pipefail
PLUGIN="$1"; CAP="$2"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
WSVER="$(cd "$(dirname "$PLUGIN")/plugins" && ls -d [0-9]*.[0-9]* | head -1)"
mkdir -p "$T/plugins/$WSVER/epan" "$T/home"
cp "$PLUGIN" "$T/plugins/$WSVER/epan/"
cp "$CAP" "$T/in.pcap"
chmod -R a+rX "$T"; chmod 777 "$T/home"
RUNAS=()
[ "$(id -u)" = 0 ] && RUNAS=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
for opt in "" "-2" "-o msgr.desegment:FALSE" "-o tcp.desegment_tcp_streams:FALSE" "-o tcp.reassemble_out_of_order:TRUE"; do
  rc=0
  # shellcheck disable=SC2086
  "${RUNAS[@]}" env HOME="$T/home" WIRESHARK_PLUGIN_DIR="$T/plugins" WIRESHARK_ABORT_ON_DISSECTOR_BUG=1 \
    WIRESHARK_ABORT_ON_TOO_MANY_ITEMS=1 timeout 120 tshark -nVxr "$T/in.pcap" $opt >/dev/null 2>"$T/err" || rc=$?
  if [ $rc != 0 ] && [ $rc != 2 ]; then echo "FAIL: tshark $opt exits $rc on $CAP"; head -20 "$T/err"; exit 1; fi
done
echo "$(basename "$CAP"): no crash"
