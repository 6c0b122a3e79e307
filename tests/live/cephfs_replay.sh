#!/usr/bin/env bash
# A CephFS client replayed: the ceph-fuse client of each committed CephFS
# recording (captures/real/cephfs-v1 and cephfs-v2crc, Ceph 16) is replayed
# with `cephwire-replay send` into a fresh cluster with a fresh file system
# (mon, OSD, MDS, `fs new`, auth none): its monitor, MDS and OSD sessions up
# to the MDS restart (`--until` the first frame of its second MDS session), the MDS
# session sent to the live MDS of its rank, which the replayer finds in the FS map. Every request must be answered
# as in the capture (the send exits 0), and a ceph-fuse mount of the fresh
# cluster must then show exactly the files the recording's manifest lists as
# there before the MDS restart, each with its size and SHA-256.
#
#   tests/live/cephfs_replay.sh BUILD_DIR
set -euo pipefail
source "$(dirname "$0")/live_test.sh"
live_test "cephfs replay" "${1:-}" "$0"
MNT="" FUSE_PID=""
live_before_stop() {
  if [ -n "$MNT" ] && mountpoint -q "$MNT"; then umount -l "$MNT" || true; fi
  if [ -n "$FUSE_PID" ]; then kill "$FUSE_PID" 2>/dev/null || true; wait "$FUSE_PID" 2>/dev/null || true; fi
}

for name in cephfs-v1 cephfs-v2crc; do
  cap="$ROOT/captures/real/$name.pcap"
  man="$ROOT/captures/real/$name.manifest.json"
  if [ $name = cephfs-v1 ]; then v1=true v2=false mode="" mon=127.0.0.1:6789; else v1=false v2=true mode=crc mon=127.0.0.1:3300; fi
  # The mounting client (its captured number, from its first request's text)
  # and where the MDS restart shows: the first message of the client's
  # second MDS session (its replayed requests, then its reconnect). Sent to
  # the live MDS beside the first session, they would be a second session
  # of the same client, which Ceph 16.2.15's MDS dies of (SessionMap.cc
  # hit_session: ceph_assert(sessions != 0)).
  read -r entity until < <("$REPLAY" inspect "$cap" --list --json | python3 -c '
import json, re, sys
msgs = json.load(sys.stdin)
req = next(m for m in msgs if m["type"] == 24)
mds = [m for m in msgs if m["dst"].endswith(":6804") and m["direction"] == "client->server"]
print(re.match(r"client_request\((client\.\d+):", req["text"]).group(1),
      next(m["frame"] for m in mds if m["session"] != mds[0]["session"]))')
  [ -n "$entity" ] && [ -n "$until" ] || fail "$name: no client request or reconnect found"

  dir="$WORK/$name"
  cluster_create "$dir" none $v1 $v2 "$mode"
  cluster_start 1
  for p in cephfs_metadata cephfs_data; do "${CL_CEPH[@]}" osd pool create $p 8 >/dev/null 2>>"$dir/log/clients.stderr"; done
  "${CL_CEPH[@]}" fs new cephfs cephfs_metadata cephfs_data >/dev/null 2>>"$dir/log/clients.stderr"
  cluster_start_mds

  # The MDS session goes to the live MDS of the captured rank (the live FS map).
  "$REPLAY" send "$cap" --to "$mon" --entity "$entity" --until "$until" \
    --no-progress >"$dir/send.txt" 2>&1 || { cat "$dir/send.txt" >&2; fail "$name: the replay of $entity did not complete"; }
  grep -q ' 0 mismatched, 0 missing' "$dir/send.txt" || { cat "$dir/send.txt" >&2; fail "$name: replies differ"; }
  grep -q 'mds address (live FS map): 1' "$dir/send.txt" || { cat "$dir/send.txt" >&2; fail "$name: the MDS was not found in the FS map"; }
  grep -E '^replies:' "$dir/send.txt" | sed "s/^/    $name: /"

  MNT="$dir/mnt"
  mkdir -p "$MNT"
  ceph-fuse -c "$dir/ceph.conf" --id admin -f "$MNT" </dev/null >/dev/null 2>>"$dir/log/clients.stderr" &
  FUSE_PID=$!
  cluster_wait_for "the ceph-fuse mount" 60 mountpoint -q "$MNT"
  (cd "$MNT" && find lab -type f | sort | while read -r f; do echo "$f $(stat -c %s "$f") $(sha256sum "$f" | cut -d' ' -f1)"; done) \
    >"$dir/live.txt"
  python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
for f in sorted(m["files_before_mds_restart"], key=lambda f: f["path"]):
    print(f["path"], f["size"], f["sha256"])' "$man" >"$dir/recorded.txt"
  umount "$MNT"
  wait "$FUSE_PID" 2>/dev/null || true
  FUSE_PID="" MNT=""
  if ! diff "$dir/recorded.txt" "$dir/live.txt" >"$dir/files.diff"; then
    head -20 "$dir/files.diff" >&2
    fail "$name: the fresh file system holds other files than the recording had before the MDS restart"
  fi
  echo "    $name: the fresh file system holds the recorded $(wc -l <"$dir/live.txt") files, byte for byte"
  cluster_stop
done
echo "cephfs replay: passed"
