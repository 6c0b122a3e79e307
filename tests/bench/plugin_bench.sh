#!/usr/bin/env bash
# The plugin's cost in tshark, on real captures of 250 MB and more (recorded
# now unless given: bulk-v1 and bulk-v2, 32 x 4 MiB objects each), measured in
# the same run, medians of RUNS runs, always with -T fields (bare -q skips
# dissection):
#   - tshark with the plugin against tshark with no Ceph dissector at all
#     (--disable-protocol msgr --disable-protocol ceph): target at most 1.5x;
#   - on the msgr v1 capture, against the built-in `ceph` dissector printing
#     its message types: target at most 1.0x, while checking every CRC;
#   - with summaries, decoded fronts against front decoding off: at most 1.1x;
#   - with -z msgr,srt and -z msgr,tree listening, against without: at most 1.1x;
#   - --export-objects msgr: peak RSS at most the exported bytes above the plugin's run;
#   - peak RSS against both.
#   tests/bench/plugin_bench.sh PLUGIN_SO [CAPTURE...]
set -euo pipefail
PLUGIN="$1"; shift
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
RUNS="${RUNS:-3}"
T="$(mktemp -d /tmp/cephwire-pbench.XXXXXX)"
trap 'rm -rf "$T"' EXIT
source "$ROOT/tests/plugin/tshark_env.sh"
CAPS=("$@")
if [ ${#CAPS[@]} = 0 ]; then
  for s in bulk-v1 bulk-v2; do "$ROOT/captures/recorder/record" "$s" "$T" | tail -1; CAPS+=("$T/$s.pcap"); done
fi
tshark_env "$PLUGIN" "$T"

# run NAME ARGS...: prints "seconds max_rss_kb" (median run)
measure() {
  local results=()
  for _ in $(seq "$RUNS"); do
    # (an export starts each run in an empty directory: tshark numbers names that are there already)
    if [ -n "${EO_DIR:-}" ]; then rm -rf "$EO_DIR"; mkdir -p "$EO_DIR"; chmod 777 "$EO_DIR"; fi
    /usr/bin/time -f '%e %M' -o "$T/time" "${TS_RUN[@]}" tshark "$@" >/dev/null 2>&1 || true
    results+=("$(cat "$T/time")")
  done
  printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}

printf '%-14s %-34s %9s %10s %8s %8s\n' capture run seconds "RSS MB" "time x" "RSS x"
for cap in "${CAPS[@]}"; do
  name="$(basename "$cap" .pcap)"
  read -r base_s base_rss < <(measure -r "$cap" --disable-protocol msgr --disable-protocol ceph -T fields -e frame.number)
  read -r ours_s ours_rss < <(measure -r "$cap" --disable-heuristic ceph_tcp -T fields -e msgr.msg.type)
  row() { awk -v n="$1" -v r="$2" -v s="$3" -v m="$4" -v bs="$5" -v bm="$6" \
    'BEGIN { printf "%-14s %-34s %9.2f %10.1f %7.2fx %7.2fx\n", n, r, s, m / 1024, s / bs, m / bm }'; }
  row "$name" "no Ceph dissector (baseline)" "$base_s" "$base_rss" "$base_s" "$base_rss"
  row "$name" "cephwire plugin" "$ours_s" "$ours_rss" "$base_s" "$base_rss"
  # Ceph's own words: summaries and every decoded front field (a filter on a
  # front field makes tshark build them all), against the same run with
  # front decoding off (header summaries, no front fields): target at most 1.1x.
  words=(-T fields -e msgr.msg.summary -Y 'msgr.msg.summary || msgr.osd_op.extent.length')
  read -r off_s off_rss < <(measure -r "$cap" --disable-heuristic ceph_tcp -o msgr.decode_fronts:FALSE "${words[@]}")
  read -r on_s on_rss < <(measure -r "$cap" --disable-heuristic ceph_tcp "${words[@]}")
  row "$name" "summaries, fronts not decoded" "$off_s" "$off_rss" "$base_s" "$base_rss"
  row "$name" "summaries, fronts decoded" "$on_s" "$on_rss" "$base_s" "$base_rss"
  row "$name" "fronts decoded vs not" "$on_s" "$on_rss" "$off_s" "$off_rss"
  # Ops analysis: the same run with the service response time tables and the
  # statistics tree listening to the tap: target at most 1.1x.
  read -r taps_s taps_rss < <(measure -r "$cap" --disable-heuristic ceph_tcp -T fields -e msgr.msg.type -z msgr,srt -z msgr,tree)
  row "$name" "with -z msgr,srt -z msgr,tree" "$taps_s" "$taps_rss" "$base_s" "$base_rss"
  row "$name" "taps listening vs not" "$taps_s" "$taps_rss" "$ours_s" "$ours_rss"
  # Export Objects: memory at most the exported bytes above the plugin's usual run.
  read -r eo_s eo_rss < <(EO_DIR="$T/eo" measure -r "$cap" --disable-heuristic ceph_tcp -q --export-objects "msgr,$T/eo")
  eo_kb=$(( $(du -sb "$T/eo" | cut -f1) / 1024 ))
  row "$name" "--export-objects msgr ($((eo_kb / 1024)) MB out)" "$eo_s" "$eo_rss" "$base_s" "$base_rss"
  awk -v a="$eo_rss" -v b="$ours_rss" -v e="$eo_kb" 'BEGIN { printf "%-14s %-34s %9s %10.1f MB above the plugin run, exported %.1f MB (target: at most that)\n", "", "export memory", "", (a - b) / 1024, e / 1024 }'
  if [[ "$name" == *v1* ]]; then
    read -r ceph_s ceph_rss < <(measure -r "$cap" --disable-protocol msgr -T fields -e ceph.type)
    row "$name" "built-in ceph (v1)" "$ceph_s" "$ceph_rss" "$base_s" "$base_rss"
    row "$name" "cephwire vs built-in" "$ours_s" "$ours_rss" "$ceph_s" "$ceph_rss"
  fi
done
