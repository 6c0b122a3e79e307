#!/usr/bin/env bash
# `cephwire-replay send` refuses options that cannot mean anything, each with a
# message in the README's words and exit 2; --json errors are JSON documents.
#   cli_test.sh CEPHWIRE_REPLAY CAPTURES_DIR
set -uo pipefail
R="$1"; CAP="$2/real/v1-none.pcap"
fail=0
expect() {  # expect WORDS ARGS...: exit 2 and WORDS on stderr
  local words="$1"; shift
  local err rc
  err="$("$R" send "$CAP" --to 127.0.0.1:1 "$@" 2>&1 >/dev/null)"; rc=$?
  if [ "$rc" != 2 ]; then echo "FAIL: send $* exits $rc, not 2"; fail=1; fi
  if ! grep -qF -- "$words" <<<"$err"; then echo "FAIL: send $* says \"$err\", not \"$words\""; fail=1; fi
}
expect "--loop N: N is how many times to replay, at least 1" --loop 0
expect "--speed X: X times faster than captured, more than 0" --speed 0
expect "--speed X: X times faster than captured, more than 0" --speed -1
expect "--mbps N: megabits per second, more than 0" --mbps 0
expect "--timeout S: seconds without progress" --timeout -3
expect "--speed, --mbps and --topspeed exclude each other" --speed 2 --topspeed
expect "Could not convert" --loop abc
expect "was not expected" --no-such-option
# An unusable capture under --json: the error as a JSON document on stdout too.
out="$("$R" send /nonexistent.pcap --to 127.0.0.1:1 --json 2>/dev/null)"; rc=$?
[ "$rc" = 2 ] || { echo "FAIL: a missing capture exits $rc, not 2"; fail=1; }
grep -qE '"error": ".*nonexistent' <<<"$out" && grep -qF '"file": "/nonexistent.pcap"' <<<"$out" ||
  { echo "FAIL: no JSON error document: $out"; fail=1; }
# A capture without Ceph says so, rather than that nothing matched a selection nobody made.
err="$("$R" send "$2/synthetic/lone-sync.pcap" --to 127.0.0.1:1 2>&1 >/dev/null)"; rc=$?
[ "$rc" = 2 ] && grep -qF "the capture holds no Ceph session" <<<"$err" ||
  { echo "FAIL: a capture without Ceph: exit $rc, \"$err\""; fail=1; }
# Keyrings: a missing one and one without a key are refused; a bad line is said
# with its file and line and the rest is used; a capture that starts after the
# handshakes says why its secure sessions cannot be read.
SEC="$2/real/v2secure-cephx.pcap" KR="$2/real/v2secure-cephx.keyring"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
err="$("$R" inspect "$SEC" --keyring /nonexistent.keyring 2>&1 >/dev/null)"; rc=$?
[ "$rc" = 2 ] && grep -qF "/nonexistent.keyring: cannot be read" <<<"$err" ||
  { echo "FAIL: a missing keyring: exit $rc, \"$err\""; fail=1; }
printf '[client.admin]\nkey = not base64!\n' >"$T/bad.keyring"
err="$("$R" inspect "$SEC" --keyring "$T/bad.keyring" 2>&1 >/dev/null)"; rc=$?
[ "$rc" = 2 ] && grep -qF "$T/bad.keyring:2: [client.admin]: the key is not base64" <<<"$err" ||
  { echo "FAIL: a keyring without a key: exit $rc, \"$err\""; fail=1; }
{ echo "garbage line"; cat "$KR"; } >"$T/mixed.keyring"
out="$("$R" inspect "$SEC" --keyring "$T/mixed.keyring" --json 2>"$T/err")"; rc=$?
[ "$rc" = 0 ] && grep -qF "$T/mixed.keyring:1: not a \`name = value\` line" "$T/err" &&
  [ "$(grep -c '"decrypted": true' <<<"$out")" -gt 0 ] ||
  { echo "FAIL: a keyring with a garbage line: exit $rc, $(cat "$T/err")"; fail=1; }
if command -v editcap >/dev/null; then
  editcap -r "$SEC" "$T/late.pcap" 300-1000000 >/dev/null
  out="$("$R" inspect "$T/late.pcap" --keyring "$KR")"; rc=$?
  [ "$rc" = 0 ] && grep -qE "^[0-9]+ of them on Ceph ports showed no Ceph framing: what a msgr2 secure session begun" <<<"$out" ||
    { echo "FAIL: a capture that starts after the handshakes: exit $rc"; fail=1; }
fi
# --export-objects: what the workload wrote, as the plugin exports it; a
# directory that cannot be written to is an error naming the file.
CHECK="$(dirname "$0")/../plugin/export_check.py"
M="$2/real/v2crc-cephx.manifest.json"
if [ -e "$M" ]; then
  err="$("$R" inspect "$2/real/v2crc-cephx.pcap" --export-objects "$T/eo" 2>&1 >/dev/null)"; rc=$?
  [ "$rc" = 0 ] && grep -qE "^exported [1-9][0-9]* objects and 0 CephFS files" <<<"$err" && "$CHECK" "$M" "$T/eo" >/dev/null ||
    { echo "FAIL: inspect --export-objects: exit $rc, \"$err\", $("$CHECK" "$M" "$T/eo")"; fail=1; }
  : >"$T/not-a-dir"
  err="$("$R" inspect "$2/real/v2crc-cephx.pcap" --export-objects "$T/not-a-dir" 2>&1 >/dev/null)"; rc=$?
  [ "$rc" = 2 ] && grep -qF "$T/not-a-dir/rados/" <<<"$err" && grep -qF "cannot be written" <<<"$err" ||
    { echo "FAIL: --export-objects into a file: exit $rc, \"$err\""; fail=1; }
fi
[ "$fail" = 0 ] && echo "cli: every bad option refused with its words, exit 2; JSON error documents; keyrings; exports"
exit $fail
