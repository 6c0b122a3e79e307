#!/usr/bin/env bash
# A capture that once crashed the plugin inside tshark (kept by
# tests/fuzz/tshark_fuzz.sh) is dissected again, with Wireshark's own abort
# switches on; tshark must not crash, abort or hang.
#   regression_test.sh PLUGIN_SO CAPTURE
set -euo pipefail
PLUGIN="$1"; CAP="$2"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
source "$(dirname "$0")/tshark_env.sh"
cp "$CAP" "$T/in.pcap"
tshark_env "$PLUGIN" "$T"
for opt in "" "-2" "-o msgr.desegment:FALSE" "-o tcp.desegment_tcp_streams:FALSE" "-o tcp.reassemble_out_of_order:TRUE"; do
  rc=0
  # shellcheck disable=SC2086
  "${TS_RUN[@]}" WIRESHARK_ABORT_ON_DISSECTOR_BUG=1 WIRESHARK_ABORT_ON_TOO_MANY_ITEMS=1 \
    timeout 120 tshark --disable-protocol ceph -nVxr "$T/in.pcap" $opt >/dev/null 2>"$T/err" || rc=$?
  if [ $rc != 0 ] && [ $rc != 2 ]; then echo "FAIL: tshark $opt exits $rc on $CAP"; head -20 "$T/err"; exit 1; fi
done
echo "$(basename "$CAP"): no crash"
