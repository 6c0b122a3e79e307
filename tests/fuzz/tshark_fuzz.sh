#!/usr/bin/env bash
# The plugin fuzzed inside tshark, the way Wireshark fuzzes its own dissectors:
# the bundled captures mutated with `editcap -E` (error rates 0.003, 0.02,
# 0.1), each run through `tshark -nVxr` with WIRESHARK_ABORT_ON_DISSECTOR_BUG
# and WIRESHARK_ABORT_ON_TOO_MANY_ITEMS, once plain and once with one of `-2`,
# `-o msgr.desegment:FALSE`, `-o tcp.desegment_tcp_streams:FALSE`,
# `-o tcp.reassemble_out_of_order:TRUE`; the plugin built with ASan + UBSan and
# loaded into Debian's tshark through LD_PRELOAD of libasan; a timeout and a
# memory cap per run. The same mutated file goes through `cephwire-replay
# inspect` (an ASan build), which must exit 0, 1 or 2 and say nothing of
# AddressSanitizer or UBSan. An input that crashes, hangs or trips a sanitizer
# is kept in OUT (tests/fuzz/regressions/plugin/ for the repository) with a note
# of the command, and the script exits 1. Wireshark's built-in `ceph` dissector
# is disabled: it asserts on such input by itself ("Frame visited, but no saved
# state", packet-ceph.c, with -2), which is not the plugin's to find.
#
#   tshark_fuzz.sh PLUGIN_SO REPLAY CAPTURES_DIR SECONDS [OUT]
#   (CI: about 180 s; a longer campaign: SECONDS=3600)
set -euo pipefail
PLUGIN="$1"; REPLAY="$2"; CAPTURES="$3"; SECONDS_LEFT="${4:-180}"
OUT="${5:-$(cd "$(dirname "$0")" && pwd)/regressions/plugin}"
T="$(mktemp -d /tmp/cephwire-tfuzz.XXXXXX)"
trap 'rm -rf "$T"' EXIT
source "$(cd "$(dirname "$0")/../plugin" && pwd)/tshark_env.sh"
mkdir -p "$T/in"
# The captures to mutate: all but the largest (a 34 MB one would take most of the time).
for c in "$CAPTURES"/real/*.pcap "$CAPTURES"/synthetic/*.pcap "$CAPTURES"/synthetic/*.pcapng; do
  [ "$(stat -c %s "$c")" -le 8000000 ] && cp "$c" "$T/in/"
done
# Secure captures are fuzzed decrypted too: with the keyring beside them.
mkdir -p "$T/keys"
for k in "$CAPTURES"/real/*.keyring; do [ -e "$k" ] && cp "$k" "$T/keys/"; done
chmod -R a+rX "$T/keys"
tshark_env "$PLUGIN" "$T"
chmod 777 "$T"  # the mutated files are written here, read by nobody
LIBASAN="$(gcc -print-file-name=libasan.so)"
LIBUBSAN="$(gcc -print-file-name=libubsan.so)"
[ -e "$LIBASAN" ] || { echo "tshark_fuzz: no libasan ($LIBASAN)"; exit 2; }
tsh() {  # tsh FILE ARGS...: 0 ok, else what went wrong
  local f="$1"; shift
  "${TS_RUN[@]}" LD_PRELOAD="$LIBASAN:$LIBUBSAN" \
    ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:hard_rss_limit_mb=4096 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    WIRESHARK_ABORT_ON_DISSECTOR_BUG=1 WIRESHARK_ABORT_ON_TOO_MANY_ITEMS=1 \
    timeout 120 tshark --disable-protocol ceph -nVxr "$f" "$@" >/dev/null 2>"$T/err" && return 0
  local rc=$?
  # tshark exits 2 on a file it cannot read to the end (a mutated record header): not a bug.
  if [ $rc = 2 ] && ! grep -q -E "AddressSanitizer|runtime error|DISSECTOR_BUG|assertion|Dissector bug" "$T/err"; then return 0; fi
  # Whose failure? Only the plugin is built with the sanitizers, so any of their
  # reports is ours; so is a hang, and an assertion in our sources. A mutated
  # Ethernet or IP header turns frames into other protocols, whose dissectors
  # Wireshark fuzzes itself: their assertions are counted, not failures.
  # (Wireshark names our fields "msgr.*" and the protocol MSGR in its own messages,
  # e.g. "Adding msgr.pdu would put more than 1000000 items in the tree".)
  if [ $rc = 124 ] || grep -q -E "AddressSanitizer|runtime error|cephwire|msgr[._]|MSGR|plugin/src" "$T/err"; then return 1; fi
  elsewhere=$((elsewhere + 1))
  local why
  why="$(grep -m1 -E "assertion|Dissector bug|DISSECTOR_BUG|ERROR|error" "$T/err" | cut -c1-160)"
  echo "tshark_fuzz: (not the plugin) $(basename "$f") $*: exit $rc: ${why:-$(head -c 160 "$T/err" | tr '\n' ' ')}"
  # Kept, to be looked at: not ours by what it said, but said little.
  mkdir -p "$OUT/elsewhere" && cp "$f" "$OUT/elsewhere/" && cp "$T/err" "$OUT/elsewhere/$(basename "$f").err"
  return 0
}
elsewhere=0
# Loaded? (Not with -G plugins: it starts the extcap helpers, which inherit
# LD_PRELOAD and hang under ASan.) A capture it must dissect says so.
n="$("${TS_RUN[@]}" LD_PRELOAD="$LIBASAN:$LIBUBSAN" ASAN_OPTIONS=detect_leaks=0 timeout 60 tshark -r "$T/in/v1-tags.pcap" \
     -Y msgr 2>/dev/null | wc -l)"
[ "$n" -gt 0 ] || { echo "tshark_fuzz: tshark does not load $PLUGIN"; exit 2; }

rates=(0.003 0.02 0.1)
# (the last: the taps' listeners and Export Objects, on the second pass)
mkdir -p "$T/eo" && chmod 777 "$T/eo"
modes=("-2" "-o msgr.desegment:FALSE" "-o tcp.desegment_tcp_streams:FALSE" "-o tcp.reassemble_out_of_order:TRUE"
       "-2 -z msgr,srt -z msgr,tree --export-objects msgr,$T/eo")
inputs=("$T"/in/*)
end=$(( $(date +%s) + SECONDS_LEFT ))
runs=0 found=0 i="${FUZZ_START:-0}"  # FUZZ_START: where the mutation seeds begin (parallel campaigns differ)
while [ "$(date +%s)" -lt "$end" ]; do
  src="${inputs[$((i % ${#inputs[@]}))]}"
  rate="${rates[$((i % 3))]}"
  mode="${modes[$((i % ${#modes[@]}))]}"
  i=$((i + 1))
  m="$T/m-$i.pcap"
  editcap -E "$rate" --seed "$i" "$src" "$m" >/dev/null 2>&1 || editcap -E "$rate" "$src" "$m" >/dev/null 2>&1 || continue
  chmod a+r "$m"
  bad=""
  kr="$T/keys/$(basename "${src%.*}").keyring" K=() IK=()
  [ -f "$kr" ] && K=(-o "msgr.keyring:$kr") IK=(--keyring "$kr")
  tsh "$m" "${K[@]}" || bad="tshark -nVxr ${K[*]}"
  # shellcheck disable=SC2086
  [ -n "$bad" ] || tsh "$m" $mode "${K[@]}" || bad="tshark -nVxr $mode ${K[*]}"
  if [ -z "$bad" ]; then
    rc=0
    ASAN_OPTIONS=detect_leaks=0 timeout 120 "$REPLAY" inspect --ops "$m" "${IK[@]}" >/dev/null 2>"$T/ierr" || rc=$?
    if [ $rc -gt 2 ] || grep -q -E "AddressSanitizer|runtime error" "$T/ierr"; then bad="inspect (exit $rc)"; cp "$T/ierr" "$T/err"; fi
  fi
  runs=$((runs + 1))
  if [ -n "$bad" ]; then
    found=$((found + 1))
    mkdir -p "$OUT"
    name="$(basename "${src%.*}")-E$rate-$i.pcap"
    cp "$m" "$OUT/$name"
    { echo "$bad"; head -40 "$T/err"; } >"$OUT/$name.txt"
    echo "tshark_fuzz: $bad fails on $name (kept in $OUT):"; head -15 "$T/err"
  fi
  rm -f "$m" "$T"/eo/*
done
echo "tshark_fuzz: $runs mutated captures, $found failing in the plugin or inspect ($elsewhere runs stopped by other dissectors)"
[ "$found" = 0 ]
