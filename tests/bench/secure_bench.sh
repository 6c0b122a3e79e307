#!/usr/bin/env bash
# msgr2 secure mode's cost in `cephwire-replay inspect`, on real captures of
# the same workload (32 x 4 MiB objects put and read back, cephx), recorded
# now unless given: every connection secure (read with the keyring kept
# beside it) against every connection crc. Medians of RUNS runs, all in the
# same run: seconds, the ratio, and the secure capture's bytes per second.
# (Decryption alone on one core is in the core benchmark: BM_ParseV2Secure4M
# against BM_GcmOpenOnly.)
#   tests/bench/secure_bench.sh REPLAY [SECURE.pcap CRC.pcap]
set -euo pipefail
REPLAY="$1"; shift
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
RUNS="${RUNS:-3}"
T="$(mktemp -d /tmp/cephwire-sbench.XXXXXX)"
trap 'rm -rf "$T"' EXIT
if [ $# -ge 2 ]; then
  SEC="$1" CRC="$2"
else
  for s in bulk-secure bulk-v2crc-cephx; do "$ROOT/captures/recorder/record" "$s" "$T" | tail -1; done
  SEC="$T/bulk-secure.pcap" CRC="$T/bulk-v2crc-cephx.pcap"
fi
KEYS="${SEC%.pcap}.keyring"
[ -f "$KEYS" ] || { echo "secure_bench: no keyring beside $SEC" >&2; exit 2; }
# Decrypted, the secure capture holds every message the crc one does.
s_msgs="$("$REPLAY" inspect "$SEC" --keyring "$KEYS" --json | grep -o '"messages_total": [0-9]*' | grep -o '[0-9]*$')"
c_msgs="$("$REPLAY" inspect "$CRC" --json | grep -o '"messages_total": [0-9]*' | grep -o '[0-9]*$')"
measure() {  # prints the median seconds of RUNS runs of inspect ARGS
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e' -o "$T/time" "$REPLAY" inspect "$@" >/dev/null 2>&1 || true
    cat "$T/time"
  done | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}
crc_s="$(measure "$CRC" --json)"
sec_s="$(measure "$SEC" --keyring "$KEYS" --json)"
bytes="$(stat -c %s "$SEC")"
printf '%-36s %10s %9s %10s\n' run messages seconds "vs crc"
printf '%-36s %10s %9.2f %9.2fx\n' "crc mode (baseline)" "$c_msgs" "$crc_s" 1
awk -v m="$s_msgs" -v s="$sec_s" -v c="$crc_s" -v b="$bytes" 'BEGIN {
  printf "%-36s %10s %9.2f %9.2fx\n", "secure mode, decrypted", m, s, s / c
  printf "%-36s %.2f GB/s of the secure capture (%.0f MB)\n", "secure inspect throughput", b / s / 1e9, b / 1e6 }'
