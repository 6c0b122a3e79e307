#!/usr/bin/env bash
# The replayer against real Ceph: record a client that writes one object with
# `rados put` (5 MB: two osd_ops), build a fresh cluster the same way, replay
# that client with `cephwire-replay send`, and check with `rados get` that the
# fresh cluster holds exactly the recorded bytes (SHA-256 from the recording's
# manifest), and that the daemons' own logs show the replayed messages under
# the entity number the live monitor assigned. For msgr v1 and msgr2 crc mode;
# twice against one cluster (the object removed in between, so the second
# replay must write again: a replay under the captured entity number would be
# de-duplicated by the OSD); and against a cluster that differs (another pool
# created first, OSD ports moved and a second OSD, so pool ids, epochs,
# addresses and placement differ).
# Also a client of the committed captures recorded under cephx, replayed with
# auth none.
# Then object operations (append, truncate, xattrs, omap, cp, create, lock, rm, a
# pool snapshot, a namespace with a locator key, a put and a remove by two
# processes, two processes appending to one object at once, a small `rados
# bench` write and read with 8 ops in flight, `rados ls`, `rados df`), recorded with
# the pool's state (cluster_state), replayed at the captured pace, at
# --speed 10 and at --topspeed, each into a fresh cluster that differs (its
# own fsid, another pool first, two OSDs on other ports): the replayed pool's
# state must equal the recorded one, every reply matched, each object's
# versions in their recorded order, no client with more ops in flight than
# it had in the capture (and the bench's still 4 or more). The same for RBD
# (images created, written by `rbd bench`, imported, with self-managed
# snapshots between the writes): `rbd export` of each image and snapshot and
# the pool's flags equal the recorded ones. Both recordings must also read,
# message by message, as their receivers logged them (inspect --texts).
#
#   tests/live/replay_acceptance.sh BUILD_DIR
# ACCEPTANCE_PACES (default "captured speed10 topspeed") chooses the paces of
# the operations replays.
set -euo pipefail
source "$(dirname "$0")/live_test.sh"
live_test acceptance "${1:-}" "$0"

for proto in v1 v2; do
  if [ $proto = v1 ]; then v1=true v2=false mode="" mon=127.0.0.1:6789; else v1=false v2=true mode=crc mon=127.0.0.1:3300; fi
  MSLOG="$BUILD/captures/cephwire-mslog" "$ROOT/captures/recorder/record" "replay-$proto" "$WORK/rec" >/dev/null
  cap="$WORK/rec/replay-$proto.pcap"
  man="$WORK/rec/replay-$proto.manifest.json"
  obj="$(object_field name "$man")"
  want="$(object_field sha256 "$man")"
  [ -n "$obj" ] && [ ${#want} = 64 ] || fail "no object in $man"
  "$REPLAY" inspect "$cap" --manifest "$man" >/dev/null 2>&1 || fail "$cap does not match its manifest"

  for variant in same differs; do
    d="$WORK/cluster-$proto-$variant"
    extra=""
    [ $variant = differs ] && extra="ms bind port min = 6840"
    cluster_create "$d" none "$v1" "$v2" "$mode" "$extra" >/dev/null || fail "$proto/$variant: cluster_create failed"
    cluster_start "$([ $variant = differs ] && echo 2 || echo 1)" || fail "$proto/$variant: the cluster did not start"
    if [ $variant = differs ]; then
      "${CL_CEPH[@]}" osd pool create extra 8 >/dev/null 2>>"$d/log/clients.stderr" ||
        fail "$proto/$variant: osd pool create extra failed: $(tail -3 "$d/log/clients.stderr")"
    fi
    "${CL_CEPH[@]}" osd pool create cephwire 8 >/dev/null 2>>"$d/log/clients.stderr" ||
      fail "$proto/$variant: osd pool create cephwire failed: $(tail -3 "$d/log/clients.stderr")"
    runs=1
    [ $variant = same ] && runs=2
    for run in $(seq $runs); do
      report="$d/send-$run.json"
      "$REPLAY" send "$cap" --to "$mon" --entity client.replay --timeout 30 --json >"$report" 2>"$d/send-$run.err" ||
        fail "$proto/$variant run $run: send failed: $(cat "$d/send-$run.err") $(grep -A3 '"failures"' "$report")"
      "${CL_RADOS[@]}" -p cephwire get "$obj" "$d/got" 2>>"$d/log/clients.stderr" ||
        fail "$proto/$variant run $run: rados get $obj failed: the replay wrote nothing"
      got="$(sha256sum "$d/got" | cut -d' ' -f1)"
      [ "$got" = "$want" ] || fail "$proto/$variant run $run: $obj has SHA-256 $got, the recording put $want"
      gid="$(grep -o '"live_global_id": *[0-9]*' "$report" | tail -n 1 | grep -o '[0-9]*$')"
      grep -q "<== client.$gid .* osd_op(client.$gid" "$d"/log/osd.*.log ||
        fail "$proto/$variant run $run: no OSD's log shows an osd_op from client.$gid"
      grep -q "<== client.$gid " "$d"/log/mon.a.*.log ||
        fail "$proto/$variant run $run: the monitor's log shows nothing from client.$gid"
      if [ $variant = differs ]; then
        grep -q '"osd_op pool id"' "$report" || fail "$proto/differs: the pool id was not rewritten"
        # The ops went to their PG's live primary, whichever of the two OSDs it is.
        primary="$("${CL_CEPH[@]}" osd map cephwire "$obj" -f json 2>/dev/null | grep -o '"acting_primary": *[0-9]*' | grep -o '[0-9]*$')"
        grep -q "<== client.$gid .* osd_op(client.$gid" "$d"/log/osd."$primary".*.log ||
          fail "$proto/differs: the primary, osd.$primary, did not get the ops"
        echo "acceptance: $proto differs: the ops went to the live primary, osd.$primary (recorded on osd.0)"
      fi
      echo "acceptance: $proto $variant run $run: $obj SHA-256 equal, client.$gid in the daemons' logs"
      "${CL_RADOS[@]}" -p cephwire rm "$obj" 2>>"$d/log/clients.stderr" || fail "$proto/$variant: rados rm $obj failed"
    done
    if [ $variant = same ]; then
      # A client recorded under cephx (the committed captures, from Ceph 16,
      # 18 and 20) replays with auth none: its first put, and only its
      # osd_ops, into this cluster, whatever Ceph it runs.
      for cx in "$ROOT"/captures/real/{,reef-,tentacle-}$([ $proto = v1 ] && echo v1-cephx || echo v2crc-cephx).pcap; do
      "$REPLAY" send "$cx" --dry-run --type osd_op >"$d/plan-cephx.txt" || fail "$proto: no plan for $cx"
      client="$(awk '/^client [0-9]+:/ { c = $2 } /\[osd\]: [1-9]/ { sub(":", "", c); print c; exit }' "$d/plan-cephx.txt")"
      cobj="$(object_field name "${cx%.pcap}.manifest.json")"
      cwant="$(object_field sha256 "${cx%.pcap}.manifest.json")"
      "$REPLAY" send "$cx" --to "$mon" --client "$client" --type osd_op --timeout 30 --json >"$d/send-cephx.json" \
        2>"$d/send-cephx.err" || fail "$proto: replay of $cx client $client failed: $(cat "$d/send-cephx.err")"
      "${CL_RADOS[@]}" -p cephwire get "$cobj" "$d/got-cephx" 2>>"$d/log/clients.stderr" ||
        fail "$proto: the cephx capture's put of $cobj wrote nothing"
      [ "$(sha256sum "$d/got-cephx" | cut -d' ' -f1)" = "$cwant" ] || fail "$proto: $cobj from $cx differs"
      from="$(grep -o '"ceph": *"[^"]*' "${cx%.pcap}.manifest.json" | sed 's/.*"//; s/ .*//' || true)"
      echo "acceptance: $proto: $(basename "$cx") (Ceph ${from:-16.2}) client $client, recorded under cephx, replayed" \
        "with auth none into Ceph $(ceph --version | cut -d' ' -f3): $cobj SHA-256 equal"
      # The captures of several releases put objects of the same name: each
      # replay must write its own.
      "${CL_RADOS[@]}" -p cephwire rm "$cobj" 2>>"$d/log/clients.stderr" || fail "$proto: rados rm $cobj failed"
      done
    fi
    cluster_stop
  done
done
OTHER_FSID=9d1a7f52-0c4e-4b8e-8f6a-3e2d1c0b9a87
for kind in ops rbd; do
for proto in v1 v2; do
  if [ $proto = v1 ]; then v1=true v2=false mode="" mon=127.0.0.1:6789; else v1=false v2=true mode=crc mon=127.0.0.1:3300; fi
  MSLOG="$BUILD/captures/cephwire-mslog" "$ROOT/captures/recorder/record" "replay-$kind-$proto" "$WORK/rec" >/dev/null
  cap="$WORK/rec/replay-$kind-$proto.pcap"
  want="$WORK/rec/replay-$kind-$proto.state"
  # ... and each message reads as its receiver logged it (Ceph's own text):
  # the op arguments, watch-notify, getpoolstats and the rest these workloads
  # bring, on the release this runs against.
  "$REPLAY" inspect "$cap" --manifest "$WORK/rec/replay-$kind-$proto.manifest.json" --texts -v >/dev/null 2>"$WORK/texts" ||
    fail "$cap does not match its manifest, or a text is not Ceph's: $(grep -v 'as Ceph logged them' "$WORK/texts" | head -6 | tr '\n' ' ')"
  echo "acceptance: $kind $proto: every message's text as its receiver logged it ($(grep -c 'as Ceph logged them' "$WORK/texts") types)"
  if [ $kind = ops ]; then
    grep -q '^object ns= name=o3 ' "$want" && grep -q '^snapshot 1 snap1$' "$want" ||
      fail "$proto: the recorded state lacks the copy or the snapshot: $(cat "$want")"
    rewrites=("copy-from source pool id" "poolop pool id" "poolop fsid" "osd_op pool id" "pgnls cursor pool id"
      "getpoolstats fsid" "statfs fsid")
  else
    grep -q '^image img1 snapshot s1 ' "$want" && grep -q 'selfmanaged_snaps' "$want" ||
      fail "$proto: the recorded state lacks the RBD snapshot: $(cat "$want")"
    rewrites=("poolop pool id" "poolop fsid" "osd_op pool id")
  fi
  for timing in ${ACCEPTANCE_PACES:-captured speed10 topspeed}; do
    d="$WORK/$kind-$proto-$timing"
    case $timing in captured) pace=() ;; speed10) pace=(--speed 10) ;; topspeed) pace=(--topspeed) ;; esac
    saved_fsid="$CL_FSID"
    CL_FSID="$OTHER_FSID"
    cluster_create "$d" none "$v1" "$v2" "$mode" "ms bind port min = 6840" >/dev/null || fail "$proto/$timing: cluster_create failed"
    CL_FSID="$saved_fsid"
    cluster_start 2 || fail "$kind/$proto/$timing: the cluster did not start"
    for pool in extra cephwire; do
      "${CL_CEPH[@]}" osd pool create "$pool" 8 >/dev/null 2>>"$d/log/clients.stderr" ||
        fail "$kind/$proto/$timing: osd pool create $pool failed: $(tail -3 "$d/log/clients.stderr")"
    done
    report="$d/send.json"
    "$REPLAY" send "$cap" --to "$mon" --entity client.replay "${pace[@]}" --timeout 30 --json >"$report" 2>"$d/send.err" ||
      fail "$kind/$proto/$timing: send failed: $(cat "$d/send.err") $(grep -A5 '"failures"\|"mismatches"' "$report")"
    if [ $kind = ops ]; then cluster_state cephwire >"$d/state"; else cluster_rbd_state cephwire >"$d/state"; fi
    diff "$want" "$d/state" >"$d/state.diff" ||
      fail "$kind/$proto/$timing: the replayed pool differs from the recorded one (< recorded, > replayed): $(cat "$d/state.diff")"
    for rw in "${rewrites[@]}"; do
      grep -q "\"$rw\"" "$report" || fail "$kind/$proto/$timing: no \"$rw\" among the rewrites: $(grep -A30 '"rewrites"' "$report")"
    done
    versions="$(grep -o '"versions_compared": *[0-9]*' "$report" | grep -o '[0-9]*$')"
    # Every client had as many requests in flight live as in the capture, at
    # most (the bench had 8): the recorded concurrency, so latencies compare.
    flight="$(tr -d ' \n' <"$report" | grep -o '"in_flight":\[[^]]*\]')"
    bench_max=0
    for c in $(echo "$flight" | grep -o '{[^}]*}'); do
      cap_max="$(echo "$c" | grep -o '"captured_max":[0-9]*' | cut -d: -f2)"
      live_max="$(echo "$c" | grep -o '"live_max":[0-9]*' | cut -d: -f2)"
      [ "$live_max" -le "$cap_max" ] || fail "$kind/$proto/$timing: a client had $live_max requests in flight, $cap_max captured: $c"
      [ "$live_max" -le "$bench_max" ] || bench_max="$live_max"
    done
    [ "$bench_max" -ge 4 ] || fail "$kind/$proto/$timing: no client kept the bench's ops in flight: $flight"
    lat="$(tr -d ' \n' <"$report" | grep -o '"latency_ms":{[^}]*}' | grep -o '"p50":[0-9.]*' | cut -d: -f2)"
    caplat="$(tr -d ' \n' <"$report" | grep -o '"captured_latency_ms":{[^}]*}' | grep -o '"p50":[0-9.]*' | cut -d: -f2)"
    echo "acceptance: $kind $proto at $timing pace: the replayed pool equals the recorded one" \
      "($(grep -c ' bytes ' "$want") objects or images and snapshots), $versions object versions in order," \
      "at most $bench_max ops in flight live as captured, reply latency p50 ${lat} ms (captured ${caplat} ms)"
    cluster_stop
  done
done
done
echo "acceptance: passed"
