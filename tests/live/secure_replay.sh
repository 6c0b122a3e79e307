#!/usr/bin/env bash
# Secure mode, replayed: record a client that writes one 5 MB object with
# `rados put` on a cluster whose every connection is msgr2 secure mode
# (cephx), check that the capture decrypted with the keyring kept beside it
# matches the daemons' logs, then replay that client with `cephwire-replay send
# --keyring` into a fresh cluster (msgr2 crc, auth none) and check with `rados
# get` that it holds exactly the recorded bytes. Without the keyring the same
# send must refuse and exit non-zero.
#   tests/live/secure_replay.sh BUILD_DIR
set -euo pipefail
source "$(dirname "$0")/live_test.sh"
live_test "secure replay" "${1:-}" "$0"

MSLOG="$BUILD/captures/cephwire-mslog" "$ROOT/captures/recorder/record" replay-secure "$WORK/rec" >/dev/null
cap="$WORK/rec/replay-secure.pcap" man="$WORK/rec/replay-secure.manifest.json" keys="$WORK/rec/replay-secure.keyring"
obj="$(object_field name "$man")" want="$(object_field sha256 "$man")"
[ -n "$obj" ] && [ ${#want} = 64 ] || fail "no object in $man"
# Decrypted with its keyring, the capture is what the daemons logged.
"$REPLAY" inspect "$cap" --keyring "$keys" --manifest "$man" >/dev/null 2>"$WORK/inspect.err" ||
  fail "$cap decrypted does not match its manifest: $(tail -5 "$WORK/inspect.err")"
secure="$("$REPLAY" inspect "$cap" --keyring "$keys" --json | grep -c '"decrypted": true' || true)"
[ "$secure" -gt 0 ] || fail "no session of $cap was decrypted"

d="$WORK/cluster"
cluster_create "$d" none false true crc >/dev/null || fail "cluster_create failed"
cluster_start 1 || fail "the cluster did not start"
"${CL_CEPH[@]}" osd pool create cephwire 8 >/dev/null 2>>"$d/log/clients.stderr" || fail "osd pool create failed"
if "$REPLAY" send "$cap" --to 127.0.0.1:3300 --entity client.replay --timeout 30 >"$WORK/nokey.out" 2>&1; then
  fail "send without a keyring exited 0 on a capture that is all ciphertext"
fi
report="$WORK/send.json"
"$REPLAY" send "$cap" --keyring "$keys" --to 127.0.0.1:3300 --entity client.replay --timeout 30 --json \
  >"$report" 2>"$WORK/send.err" || fail "send --keyring failed: $(cat "$WORK/send.err") $(grep -A3 '"failures"' "$report")"
"${CL_RADOS[@]}" -p cephwire get "$obj" "$WORK/got" 2>>"$d/log/clients.stderr" || fail "rados get $obj: the replay wrote nothing"
got="$(sha256sum "$WORK/got" | cut -d' ' -f1)"
[ "$got" = "$want" ] || fail "$obj has SHA-256 $got, the recording put $want"
gid="$(grep -o '"live_global_id": *[0-9]*' "$report" | tail -n 1 | grep -o '[0-9]*$')"
grep -q "<== client.$gid .* osd_op(client.$gid" "$d"/log/osd.*.log || fail "no OSD's log shows an osd_op from client.$gid"
echo "secure replay: $obj recorded in secure mode ($secure sessions decrypted), replayed as client.$gid: SHA-256 equal"
