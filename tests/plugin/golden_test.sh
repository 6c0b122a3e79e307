#!/usr/bin/env bash
# Golden tests of the Wireshark plugin with tshark, on every bundled capture:
#  - the plugin's message list (source, destination, type, seq of every
#    message) equals the capture reader's (`cephwire-replay inspect --list`):
#    two consumers of one core, one truth; and so the per-connection counts in
#    the manifests (the daemons' own logs for the recorded captures);
#  - one pass and two passes (-2) give identical msgr.* fields;
#  - clean captures have no bad CRC and no expert error; crc-errors.pcap has
#    exactly the damaged fields its manifest lists.
# tshark ignores plugins when run as root: it runs as `nobody` here, from a
# world-readable copy of the plugin and the captures.
#   golden_test.sh PLUGIN_SO CEPHWIRE_REPLAY CAPTURES_DIR
set -euo pipefail
PLUGIN="$1"; REPLAY="$2"; CAPTURES="$3"

T="$(mktemp -d /tmp/cephwire-golden.XXXXXX)"
trap 'rm -rf "$T"' EXIT
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/tshark_env.sh"
mkdir -p "$T/caps"
cp "$CAPTURES"/real/*.pcap "$CAPTURES"/synthetic/*.pcap "$CAPTURES"/synthetic/*.pcapng "$T/caps/"
tshark_env "$PLUGIN" "$T"
# (tshark exits non-zero on a truncated file, after printing what it read)
tshark_() { ts "$@" 2>/dev/null || true; }

tshark_ -G plugins | grep -q cephwire || { echo "FAIL: tshark does not load $PLUGIN"; exit 1; }

passed=0; failed=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# With tcp.reassemble_out_of_order on, Wireshark's TCP layer never completes a
# PDU across a lost segment, and holds back every byte behind it: captures
# with a lost segment inside a message differ from the capture reader there.
# With Wireshark's defaults (off) the plugin puts segments in order itself and
# must find every message the reader finds, in every capture.
OOO_KNOWN_DIFFERENT="tcp-trouble"

# "SRC DST TYPE SEQ" per message, from tshark (further arguments: preferences).
plugin_list() {
  local cap="$1"; shift
  tshark_ -r "$cap" "$@" -Y msgr.msg.type -T fields -E 'separator=|' \
    -e ip.src -e ipv6.src -e tcp.srcport -e ip.dst -e ipv6.dst -e tcp.dstport -e msgr.msg.type -e msgr.msg.seq |
    awk -F'|' '{
      src = ($1 != "") ? $1 ":" $3 : "[" $2 "]:" $3;
      dst = ($4 != "") ? $4 ":" $6 : "[" $5 "]:" $6;
      n = split($7, types, ","); split($8, seqs, ",");
      for (i = 1; i <= n; i++) print src, dst, types[i], seqs[i];
    }'
}

fields() {
  tshark_ "$@" -T fields -e frame.number -e msgr.version -e msgr.v1.tag -e msgr.v2.tag -e msgr.msg.type \
    -e msgr.msg.seq -e msgr.msg.tid -e msgr.msg.front_len -e msgr.msg.middle_len -e msgr.msg.data_len \
    -e msgr.v1.header_crc.status -e msgr.v1.data_crc.status -e msgr.v2.preamble_crc.status -e msgr.v2.segment_crc.status
}

for cap in "$T"/caps/*; do
  name="$(basename "${cap%.*}")"
  # 1. message lists, with Wireshark's defaults and with TCP reordering on
  "$REPLAY" inspect --list "$cap" 2>/dev/null | sort >"$T/reader.txt" || true
  plugin_list "$cap" | sort >"$T/plugin.txt"
  if cmp -s "$T/plugin.txt" "$T/reader.txt"; then ok
  else
    fail "$name: the plugin's messages differ from the capture reader's:"
    diff "$T/plugin.txt" "$T/reader.txt" | head -5 || true
  fi
  plugin_list "$cap" -o tcp.reassemble_out_of_order:TRUE | sort >"$T/plugin.txt"
  if cmp -s "$T/plugin.txt" "$T/reader.txt"; then ok
  elif [[ " $OOO_KNOWN_DIFFERENT " == *" $name "* ]]; then
    echo "known difference: $name with tcp.reassemble_out_of_order: plugin $(wc -l <"$T/plugin.txt") messages, reader $(wc -l <"$T/reader.txt")"
  else
    fail "$name with tcp.reassemble_out_of_order: the plugin's messages differ from the capture reader's:"
    diff "$T/plugin.txt" "$T/reader.txt" | head -5 || true
  fi
  # 2. one pass and two passes: the same msgr fields, every one of them (the
  # whole msgr layer as JSON, frame by frame), and the same expert summary;
  # but for what points forward (a request's reply), which one pass has not
  # read yet and shows none of (forward_links.py).
  if cmp -s <(fields -r "$cap") <(fields -2 -r "$cap"); then ok; else fail "$name: -2 changes the msgr fields"; fi
  tshark_ -r "$cap" -T json --no-duplicate-keys -J msgr | "$HERE/forward_links.py" >"$T/one.json" 2>"$T/one.n"
  tshark_ -2 -r "$cap" -T json --no-duplicate-keys -J msgr | "$HERE/forward_links.py" >"$T/two.json" 2>/dev/null
  if cmp -s "$T/one.json" "$T/two.json" && [ "$(cat "$T/one.n")" = 0 ]; then ok
  else fail "$name: -2 changes the msgr layer ($(cat "$T/one.n") forward links in one pass):"; diff "$T/one.json" "$T/two.json" | head -6 || true; fi
  expert() {  # every expert message, one a line with its frame
    tshark_ -r "$cap" "$@" -T fields -E aggregator=$'\x1f' -e frame.number -e _ws.expert.message |
      awk -F'\t' '{ n = split($2, m, "\x1f"); for (i = 1; i <= n; ++i) print $1 "\t" m[i] }' |
      grep -v 'got no reply in this capture' || true
  }
  if cmp -s <(expert) <(expert -2); then ok
  else fail "$name: -2 changes the expert summary:"; diff <(expert) <(expert -2) | head -6 || true; fi
  # 3. CRC verdicts and expert errors
  bad="$(tshark_ -r "$cap" -Y 'msgr.v1.header_crc.status == 0 || msgr.v1.front_crc.status == 0 ||
        msgr.v1.middle_crc.status == 0 || msgr.v1.data_crc.status == 0 || msgr.v2.preamble_crc.status == 0 ||
        msgr.v2.segment_crc.status == 0' -T fields -e frame.number | wc -l)"
  experts="$(tshark_ -r "$cap" -Y '_ws.expert.severity == error && msgr' -T fields -e frame.number | wc -l)"
  case "$name" in
    crc-errors)
      # One frame per damaged message: 4 v1 fields and 5 places in each msgr2 revision.
      want_fields="v1.header_crc v1.front_crc v1.middle_crc v1.data_crc"
      for f in $want_fields; do
        n="$(tshark_ -r "$cap" -Y "msgr.$f.status == 0" -T fields -e frame.number | wc -l)"
        [ "$n" = 1 ] && ok || fail "$name: $n frames with a bad $f, expected 1"
      done
      n="$(tshark_ -r "$cap" -Y 'msgr.v2.preamble_crc.status == 0' -T fields -e frame.number | wc -l)"
      [ "$n" = 2 ] && ok || fail "$name: $n bad preambles, expected 2"
      n="$(tshark_ -r "$cap" -Y 'msgr.v2.segment_crc.status == 0' -T fields -e frame.number | wc -l)"
      [ "$n" = 8 ] && ok || fail "$name: $n frames with a bad segment CRC, expected 8"
      [ "$bad" = 14 ] && ok || fail "$name: $bad frames with a bad CRC, expected 14" ;;
    tcp-trouble|truncated-file|v2-violations) ;;
    *nocrcdata)
      # `ms crc data = false`: Ceph 20 writes 0 as the msgr2 segment CRCs. They are
      # Bad unless msgr.zero_crc_unset says 0 means "not computed".
      n="$(tshark_ -r "$cap" -o msgr.zero_crc_unset:TRUE -Y 'msgr.v2.segment_crc.status == 0 || msgr.crc.bad' \
           -T fields -e frame.number | wc -l)"
      [ "$bad" -gt 0 ] && [ "$n" = 0 ] && ok ||
        fail "$name: $bad frames with bad CRCs without msgr.zero_crc_unset, $n with it (expected some, then none)" ;;
    *)
      [ "$bad" = 0 ] && ok || fail "$name: $bad frames with a bad CRC in a clean capture"
      [ "$experts" = 0 ] && ok || fail "$name: $experts frames with expert errors in a clean capture" ;;
  esac
done

# Secure mode with the keyrings the recorder kept (captures/real/NAME.keyring):
# the plugin decrypts the same messages the capture reader does, the same on
# every pass, with no expert error; a wrong key is an error and decrypts nothing.
for kr in "$CAPTURES"/real/*.keyring; do
  [ -e "$kr" ] || continue
  name="$(basename "${kr%.keyring}")"
  cap="$T/caps/$name.pcap"
  cp "$kr" "$T/caps/$name.keyring"; chmod a+r "$T/caps/$name.keyring"
  K=(-o "msgr.keyring:$T/caps/$name.keyring")
  "$REPLAY" inspect --list "$cap" --keyring "$kr" 2>/dev/null | sort >"$T/reader.txt" || true
  plugin_list "$cap" "${K[@]}" | sort >"$T/plugin.txt"
  plain="$(plugin_list "$cap" | wc -l)"
  if cmp -s "$T/plugin.txt" "$T/reader.txt" && [ "$(wc -l <"$T/plugin.txt")" -gt "$plain" ]; then ok
  else
    fail "$name with its keyring: the plugin's decrypted messages ($(wc -l <"$T/plugin.txt"), $plain without keys) differ from the capture reader's ($(wc -l <"$T/reader.txt"))"
    diff "$T/plugin.txt" "$T/reader.txt" | head -5 || true
  fi
  tshark_ -r "$cap" "${K[@]}" -T json --no-duplicate-keys -J msgr | "$HERE/forward_links.py" >"$T/one.json" 2>/dev/null
  tshark_ -2 -r "$cap" "${K[@]}" -T json --no-duplicate-keys -J msgr | "$HERE/forward_links.py" >"$T/two.json" 2>/dev/null
  if cmp -s "$T/one.json" "$T/two.json"; then ok; else fail "$name with its keyring: -2 changes the msgr layer"; fi
  n="$(tshark_ -r "$cap" "${K[@]}" -Y '_ws.expert.severity == error && msgr' -T fields -e frame.number | wc -l)"
  [ "$n" = 0 ] && ok || fail "$name with its keyring: $n frames with expert errors"
  n="$(tshark_ -r "$cap" "${K[@]}" -Y 'msgr.decrypted && msgr.key_entity' -T fields -e frame.number | wc -l)"
  [ "$n" -gt 0 ] && ok || fail "$name with its keyring: no frame says it was decrypted and with which key"
  # Decrypted, Export Objects gives what the workload wrote.
  m="$CAPTURES/real/$name.manifest.json"
  if [ "$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1])).get("objects", [])))' "$m")" -gt 0 ]; then
    rm -rf "$T/eo"; mkdir "$T/eo"; chmod 777 "$T/eo"
    tshark_ -r "$cap" "${K[@]}" -q --export-objects "msgr,$T/eo" >/dev/null
    if out="$("$HERE/export_check.py" "$m" "$T/eo")"; then ok; else fail "$name with its keyring: export objects: $out"; fi
  fi
  # client.admin's key with one bit changed: its sessions are errors, none decrypted.
  awk '/^\[/ { keep = ($0 == "[client.admin]") } keep' "$kr" |
    sed -E 's/(key = .{20})A/\1B/; t; s/(key = .{20})./\1A/' >"$T/caps/wrong.keyring"
  chmod a+r "$T/caps/wrong.keyring"
  n="$(tshark_ -r "$cap" -o "msgr.keyring:$T/caps/wrong.keyring" -Y 'msgr.decrypted' -T fields -e frame.number | wc -l)"
  e="$(tshark_ -r "$cap" -o "msgr.keyring:$T/caps/wrong.keyring" -Y '_ws.expert.message contains "does not open"' \
       -T fields -e frame.number | wc -l)"
  [ "$n" = 0 ] && [ "$e" -gt 0 ] && ok ||
    fail "$name with a wrong client.admin key: $n frames decrypted, $e expert errors (expected none, some)"
done

# Off the Ceph ports the heuristic finds Ceph, and Wireshark's built-in `ceph`
# heuristic (which misreads msgr2) never takes those connections.
n="$(tshark_ -r "$T/caps/other-ports.pcap" -Y 'ceph' -T fields -e frame.number | wc -l)"
[ "$n" = 0 ] && ok || fail "other-ports: the built-in ceph dissector took $n frames"
n="$(tshark_ -r "$T/caps/other-ports.pcap" -Y 'msgr.msg.type' -T fields -e msgr.msg.type | tr ',' '\n' | grep -c . || true)"
[ "$n" = 6 ] && ok || fail "other-ports: $n messages found by the heuristic, expected 6"

# A segment lost inside a message (tcp-trouble.pcap, connection 43003 -> 6822):
# with Wireshark's defaults the gap is reported where it shows, once, and the
# next message of that connection is still found.
gapflt='tcp.port == 43003 && tcp.dstport == 6822'
n="$(tshark_ -r "$T/caps/tcp-trouble.pcap" -Y "$gapflt && msgr && _ws.expert.message contains \"Capture gap\"" \
     -T fields -e frame.number | wc -l)"
[ "$n" = 1 ] && ok || fail "tcp-trouble: the lost segment is reported $n times, expected once"
n="$(tshark_ -r "$T/caps/tcp-trouble.pcap" -Y "$gapflt && msgr.msg.seq == 2" -T fields -e frame.number | wc -l)"
[ "$n" = 1 ] && ok || fail "tcp-trouble: the message after the gap was not found"

# With reassembly off, a PDU that spans segments is shown as its parts, and the
# bytes after it are not parsed as new PDUs: a clean capture stays clean.
for c in v1-cephx v2crc-cephx large-object; do
  for o in msgr.desegment:FALSE tcp.desegment_tcp_streams:FALSE; do
    n="$(tshark_ -r "$T/caps/$c.pcap" -o "$o" -Y 'msgr.malformed || msgr.skipped || msgr.crc.bad || msgr.gap' \
         -T fields -e frame.number | wc -l)"
    parts="$(tshark_ -r "$T/caps/$c.pcap" -o "$o" -Y 'msgr.pdu' -T fields -e frame.number | wc -l)"
    [ "$n" = 0 ] && [ "$parts" -gt 0 ] && ok || fail "$c with $o: $n frames with msgr warnings or errors"
  done
done

# Segments that begin with bytes already seen (tcp-overlap.pcap: each overlaps
# the one before by a byte): with reassembly off the plugin sees them as they
# are; the new bytes are shown on every pass alike.
for o in tcp.desegment_tcp_streams:FALSE msgr.desegment:FALSE; do
  if cmp -s <(tshark_ -r "$T/caps/tcp-overlap.pcap" -o "$o" -T json --no-duplicate-keys -J msgr | "$HERE/forward_links.py" 2>/dev/null) \
            <(tshark_ -2 -r "$T/caps/tcp-overlap.pcap" -o "$o" -T json --no-duplicate-keys -J msgr | "$HERE/forward_links.py" 2>/dev/null); then ok
  else fail "tcp-overlap with $o: -2 changes the msgr layer"; fi
done

# Addresses are typed: filters on their parts work as ip.addr does.
n="$(tshark_ -r "$T/caps/v1-cephx.pcap" -Y 'msgr.addr.ipv4 == 127.0.0.1 && msgr.addr.port == 6789' -T fields -e frame.number | wc -l)"
[ "$n" -gt 0 ] && ok || fail "v1-cephx: no address matches msgr.addr.ipv4 == 127.0.0.1 && msgr.addr.port == 6789"
n="$(tshark_ -r "$T/caps/link-raw-ipv6.pcapng" -Y 'msgr.addr.ipv6 == ::1' -T fields -e frame.number | wc -l)"
[ "$n" -gt 0 ] && ok || fail "link-raw-ipv6: no address matches msgr.addr.ipv6 == ::1"

# Items lie on their own bytes: each address part, each preferred mode of an
# AUTH_REQUEST, and the decoded front fields (not the whole front).
sizes="$(tshark_ -r "$T/caps/v2crc-cephx.pcap" -T pdml 2>/dev/null |
         grep -o '<field name="msgr\.\(addr\.[a-z0-9]*\|v2\.preferred_mode\|osd_op\.epoch\|osd_op\.op\)"[^>]*size="[0-9]*"' |
         sed 's/<field name="\([^"]*\)".*size="\([0-9]*\)"/\1 \2/' | sort -u)"
want="msgr.addr.ipv4 4
msgr.addr.nonce 4
msgr.addr.port 2
msgr.addr.type 4
msgr.osd_op.epoch 4
msgr.osd_op.op 38
msgr.v2.preferred_mode 4"
[ "$sizes" = "$want" ] && ok || fail "v2crc-cephx: field sizes differ from their encodings: $(echo $sizes)"

# An object's namespace and locator key come from the osd_op's object locator.
n="$(tshark_ -r "$T/caps/osd-op-namespace.pcap" -Y 'msgr.osd_op.nspace == "ns1" && msgr.osd_op.oid == "obj-in-ns"' \
     -T fields -e frame.number | wc -l)"
[ "$n" = 1 ] && ok || fail "osd-op-namespace: the object's namespace is shown in $n frames, expected 1"

# Segments out of order (tcp-reorder.pcap): with Wireshark's defaults TCP
# passes the later segment on and holds the earlier one back; the plugin puts
# them in order itself. No capture gap where no byte is missing, every message
# (the lists above), and one note per conversation naming the preference.
for o in "" "-o tcp.no_subdissector_on_error:FALSE"; do
  n="$(tshark_ -r "$T/caps/tcp-reorder.pcap" $o -Y 'msgr.gap.length' -T fields -e frame.number | wc -l)"
  [ "$n" = 0 ] && ok || fail "tcp-reorder ${o:-with defaults}: $n frames report a capture gap, expected none"
  n="$(tshark_ -r "$T/caps/tcp-reorder.pcap" $o -Y 'msgr.msg.type == 42' -T fields -e msgr.msg.seq | tr ',' '\n' | wc -l)"
  [ "$n" = 12 ] && ok || fail "tcp-reorder ${o:-with defaults}: $n of 12 messages"
done
# The note: once in each conversation whose segments TCP passed out of order
# (the swapped pairs on ports 6830 and 6831; Wireshark 4.6's TCP reassembles
# the repacketized retransmission itself, 4.0's does not), never twice.
notes="$(tshark_ -r "$T/caps/tcp-reorder.pcap" -Y '_ws.expert.message contains "tcp.reassemble_out_of_order"' \
         -T fields -e tcp.dstport | sort)"
n="$(printf '%s\n' "$notes" | grep -c -x -e 6830 -e 6831 || true)"
[ "$n" = 2 ] && ok || fail "tcp-reorder: the reordering note is on $n of the 2 swapped conversations"
[ -z "$(printf '%s\n' "$notes" | uniq -d)" ] && ok || fail "tcp-reorder: a conversation has the reordering note twice"

# Zeros after a MSG tag look like a header whose CRC matches: on a Ceph port and
# on another, no msgr item at all.
n="$(tshark_ -r "$T/caps/zero-sync.pcap" -Y 'msgr' -T fields -e frame.number | wc -l)"
[ "$n" = 0 ] && ok || fail "zero-sync: $n frames dissected as Ceph, expected none"
# A header whose CRC matches, with no second CRC that agrees (its front's, or
# the next item's): a guess, never enough to claim a connection.
n="$(tshark_ -r "$T/caps/lone-sync.pcap" -Y 'msgr' -T fields -e frame.number | wc -l)"
[ "$n" = 0 ] && ok || fail "lone-sync: $n frames dissected as Ceph, expected none"

# Frames Ceph refuses (v2-violations.pcap): an empty last segment and a short
# MESSAGE header segment are malformed, and so is a msgr2 banner where a v1
# connect belongs; undefined late_status bits warn once.
n="$(tshark_ -r "$T/caps/v2-violations.pcap" -Y '_ws.expert.severity == error && msgr' -T fields -e frame.number | wc -l)"
[ "$n" = 3 ] && ok || fail "v2-violations: $n frames with errors, expected 3 (the two refused frames, the protocol switch)"
n="$(tshark_ -r "$T/caps/v2-violations.pcap" -Y 'msgr.v2.late_status.unknown' -T fields -e frame.number | wc -l)"
[ "$n" = 1 ] && ok || fail "v2-violations: undefined late_status bits flagged in $n frames, expected 1"
n="$(tshark_ -r "$T/caps/v2-violations.pcap" -Y 'msgr && _ws.col.info contains "compressed"' -T fields -e frame.number | wc -l)"
[ "$n" = 0 ] && ok || fail "v2-violations: $n frames called compressed"
# ... and a msgr2 banner after v1 banners is no connect.
n="$(tshark_ -r "$T/caps/v2-violations.pcap" -Y 'tcp.port == 41102 && msgr.v1.connect.features' -T fields -e frame.number | wc -l)"
[ "$n" = 0 ] && ok || fail "v2-violations: the msgr2 banner after v1 banners is shown as a connect in $n frames"

# Secure mode: the ciphertext is shown as such, with one note per direction.
n="$(tshark_ -r "$T/caps/v2-secure.pcap" -Y 'msgr.v2.ciphertext' -T fields -e frame.number | wc -l)"
[ "$n" -ge 2 ] && ok || fail "v2-secure: no ciphertext shown"

# Feature masks show their bits by name: every Pacific peer sets MSG_ADDR2 and
# SERVER_PACIFIC, in each v1 connect / connect reply and each msgr2 IDENT.
for c in v1-none v2crc-none; do
  [ -e "$T/caps/$c.pcap" ] || continue
  masks="$(tshark_ -r "$T/caps/$c.pcap" -Y 'msgr.v1.connect.features || msgr.v2.features' -T fields -e frame.number | wc -l)"
  named="$(tshark_ -r "$T/caps/$c.pcap" -Y 'msgr.feature.msg_addr2 == 1 && msgr.feature.server_pacific == 1' \
           -T fields -e frame.number | wc -l)"
  [ "$masks" -gt 0 ] && [ "$named" = "$masks" ] && ok || fail "$c: $named of $masks feature masks show MSG_ADDR2 and SERVER_PACIFIC"
done

# Ceph 20 names the bits it adds: SERVER_SQUID, SERVER_TENTACLE, CRUSH_MSR,
# NVMEOFHA and NVMEOFHAMAP in every feature mask of its peers.
for c in tentacle-v1-cephx tentacle-v2crc-cephx; do
  masks="$(tshark_ -r "$T/caps/$c.pcap" -Y 'msgr.v1.connect.features || msgr.v2.features' -T fields -e frame.number | wc -l)"
  named="$(tshark_ -r "$T/caps/$c.pcap" -Y 'msgr.feature.server_tentacle == 1 && msgr.feature.server_squid == 1 &&
           msgr.feature.crush_msr == 1 && msgr.feature.nvmeofha == 1 && msgr.feature.nvmeofhamap == 1' \
           -T fields -e frame.number | wc -l)"
  [ "$masks" -gt 0 ] && [ "$named" = "$masks" ] && ok || fail "$c: $named of $masks feature masks name Ceph 20's bits"
done

# On-wire compression recorded from Ceph 20 (OSD to OSD): frames Ceph
# compressed are there, each decompressed with the method COMPRESSION_DONE
# agreed on, none malformed, and their messages are in the list compared above.
for c in tentacle-v2compress-snappy:1 tentacle-v2compress-zstd:3; do
  m="${c#*:}" c="${c%:*}"
  n="$(tshark_ -r "$T/caps/$c.pcap" -Y 'msgr.v2.flags.compressed == 1' -T fields -e frame.number | wc -l)"
  u="$(tshark_ -r "$T/caps/$c.pcap" -Y "msgr.v2.flags.compressed == 1 && !(msgr.v2.decompressed_with == $m)" \
       -T fields -e frame.number | wc -l)"
  e="$(tshark_ -r "$T/caps/$c.pcap" -Y '_ws.expert.severity >= warning && msgr' -T fields -e frame.number | wc -l)"
  [ "$n" -gt 0 ] && [ "$u" = 0 ] && [ "$e" = 0 ] && ok ||
    fail "$c: $n frames with compressed PDUs, $u of them not decompressed with method $m, $e with warnings or errors"
done

# Message fronts decoded by the core's message layer: the objects the OSD ops
# name are exactly the ones the recorder wrote (its manifest), and every
# osd_op_reply of a clean recording says success (osd_op v8 and Ceph 20's v9).
for c in v1-none v2crc-none v1-cephx v2crc-cephx reef-v1-cephx reef-v2crc-cephx tentacle-v1-cephx tentacle-v2crc-cephx; do
  [ -e "$T/caps/$c.pcap" ] || continue
  tshark_ -r "$T/caps/$c.pcap" -Y 'msgr.osd_op.oid' -T fields -e msgr.osd_op.oid | tr ',' '\n' | sort -u >"$T/oids.txt"
  sed -n '/"objects"/,$p' "$CAPTURES/real/$c.manifest.json" | grep -o '"name": "[^"]*"' | cut -d'"' -f4 | sort -u >"$T/want.txt"
  if [ -s "$T/want.txt" ] && cmp -s "$T/oids.txt" "$T/want.txt"; then ok
  else fail "$c: the osd_op objects differ from the manifest's: $(diff "$T/oids.txt" "$T/want.txt" | head -3 | tr '\n' ' ')"; fi
  bad="$(tshark_ -r "$T/caps/$c.pcap" -Y 'msgr.msg.type == 43 && msgr.result != 0' -T fields -e frame.number | wc -l)"
  [ "$bad" = 0 ] && ok || fail "$c: $bad osd_op_reply frames with a non-zero result"
done

# On every recorded capture, from one tshark run per pass:
#  - Ceph's own words: msgr.msg.summary, one per message, equals the capture
#    reader's text of each message (`inspect --list --json`, listed by session:
#    put in frame order), frame by frame, in the same order; -2 gives the same;
#  - requests and replies (-2): the plugin joins the same request and reply
#    frames as the capture reader (`inspect --ops`), each msgr.time and each of
#    the reader's latencies is the difference of the two frames' timestamps in
#    the pcap's own record headers, and every osd_op is answered or resent
#    (links_check.py);
#  - Export Objects (one pass): every object the recorder's workload wrote is
#    exported with exactly its bytes (the manifest's SHA-256), the 16 MiB
#    single-message one included, and every CephFS file under its path with
#    the bytes read back through the mount (export_check.py).
# Secure-mode captures: nothing is readable without the cluster's keys.
for c in "$T"/caps/*.pcap; do
  case "$(basename "$c")" in v1-*|v2*|stock*|large-object*|reef-*|tentacle-*|cephfs-*) ;; *) continue ;; esac
  m="$CAPTURES/real/$(basename "${c%.pcap}").manifest.json"
  recorded=false; [ -e "$m" ] && [[ "$c" != *secure* ]] && recorded=true
  # (inspect exits 1 on a capture with CRC errors: nocrcdata's zero CRCs)
  { "$REPLAY" inspect "$c" --list --json 2>/dev/null || true; } | python3 -c '
import json, sys
for m in json.load(sys.stdin):
    if "summary" in m: print(str(m["end_frame"]) + "\t" + m["summary"])' | sort -s -n -k1,1 >"$T/reader-summaries"
  for pass in 1 2; do
    opt=()
    [ $pass = 2 ] && opt=(-2)
    rm -rf "$T/eo"; mkdir "$T/eo"; chmod 777 "$T/eo"
    $recorded && [ $pass = 1 ] && opt+=(--export-objects "msgr,$T/eo")
    tshark_ -r "$c" "${opt[@]}" -Y msgr.msg.summary -T fields -E aggregator=$'\x1f' -e frame.number -e msgr.msg.summary \
      -e msgr.response_to -e msgr.time >"$T/plugin-fields"
    awk -F'\t' '{ n = split($2, s, "\x1f"); for (i = 1; i <= n; ++i) print $1 "\t" s[i] }' "$T/plugin-fields" >"$T/plugin-summaries"
    if { [ -s "$T/reader-summaries" ] || [[ "$c" == *secure* ]]; } && cmp -s "$T/plugin-summaries" "$T/reader-summaries"; then ok
    else fail "$(basename "$c") (pass $pass): the plugin's summaries differ from inspect's: $(diff "$T/plugin-summaries" "$T/reader-summaries" | head -4 | tr '\n' ' ')"; fi
    $recorded || continue
    if [ $pass = 1 ]; then
      if out="$("$HERE/export_check.py" "$m" "$T/eo")"; then ok; else fail "$(basename "$c"): export objects: $out"; fi
    else
      awk -F'\t' '$3 != "" { print $1 "\t" $3 "\t" $4 }' "$T/plugin-fields" >"$T/links.tsv"
      { "$REPLAY" inspect --ops --json "$c" 2>/dev/null || true; } >"$T/ops.json"
      if out="$("$HERE/links_check.py" "$c" "$T/links.tsv" "$T/ops.json")" && [ -s "$T/links.tsv" ]; then ok
      else fail "$(basename "$c"): requests and replies: $out"; fi
    fi
  done
done

# ops.pcap: a write whose session drops before its reply is resent on the
# client's new session and answered there; failed replies are warnings that
# name the op and the errno; a stat no reply answers is a note (-2).
O="$T/caps/ops.pcap"
links="$(tshark_ -2 -r "$O" -Y msgr.procedure -T fields -E separator=: -e frame.number -e msgr.response_in \
  -e msgr.response_to -e msgr.resent_in | tr '\n' ' ')"
[ "$links" = "14:15:: 15::14: 16:::32 32:33:: 33::32: 34::: 50:51:: 51::50: 52:53:: 53::52: 54:55:: 55::54: " ] && ok ||
  fail "ops: frame/response_in/response_to/resent_in are '$links'"
warns="$(tshark_ -r "$O" -Y '_ws.expert.severity == warning && msgr' -T fields -e _ws.expert.message | tr '\n' '|')"
[ "$warns" = "osd_op writefull failed: -28 (ENOSPC)|mon_command osd pool create failed: -17 (EEXIST)|" ] && ok ||
  fail "ops: the failed replies' warnings are '$warns'"
n="$(tshark_ -2 -r "$O" -Y 'msgr.unanswered' -T fields -e _ws.expert.message)"
[ "$n" = "osd_op stat (tid 3) got no reply in this capture" ] && ok || fail "ops: the unanswered note is '$n'"
# statfs and its reply in Ceph's words (MStatfs.h, MStatfsReply.h print()), fields typed.
n="$(tshark_ -r "$O" -Y 'msgr.statfs.data_pool == 2 || msgr.statfs.version == 42' -T fields -e msgr.msg.summary | tr '\n' '|')"
[ "$n" = "statfs(8 pool 2 v0)|statfs_reply(8)|" ] && ok || fail "ops: statfs texts are '$n'"
n="$(tshark_ -r "$O" -Y 'msgr.poolop.pool == 1 || msgr.poolop.epoch == 13' -T fields -e msgr.msg.summary | tr '\n' '|')"
[ "$n" = "pool_op(create unmanaged snap pool 1 tid 9 name  v12)|pool_op_reply(tid 9 (0) Success v13)|" ] && ok ||
  fail "ops: poolop texts are '$n'"
n="$(tshark_ -r "$O" -Y 'msgr.time > 0.2' -T fields -e msgr.procedure)"
[ "$n" = writefull ] && ok || fail "ops: replies slower than 200 ms: '$n', not the writefull"

# Service response time and the statistics tree: on ops.pcap, each answered
# request in its type's table, by procedure, with its time; on a recorded
# capture, as many osd_op calls per procedure as inspect --ops answers.
srt="$(tshark_ -r "$O" -q -z msgr,srt | awk '$1 ~ /^[0-9]+$/ { $1 = ""; print }' | tr -s ' ' | tr '\n' '|')"
[ "$srt" = " writefull 1 0.249870 0.249870 0.249870 0.249870| write 1 0.002870 0.002870 0.002870 0.002870| osd pool create 1 0.001830 0.001830 0.001830 0.001830| statfs 1 0.001490 0.001490 0.001490 0.001490| create unmanaged snap 1 0.003990 0.003990 0.003990 0.003990|" ] &&
  ok || fail "ops: msgr,srt rows are '$srt'"
# (messages and bytes of a type, messages of a sender, of a sender and
# receiver, to and from an OSD, a procedure's calls and average latency in us)
tree="$(tshark_ -r "$O" -q -z msgr,tree | awk '($1 == "client.4100" || $1 == "osd_op_reply" || $1 == "osd.0") && $2 ~ /^[0-9]+$/ { print $1, $2 }
  $1 == "client.4100" && $3 == "osd.0" { print $1, $2, $3, $4 }
  $1 == "osd_op" && $2 == "writefull" { print $1, $2, $3, $4 }' | tr '\n' '|')"
[ "$tree" = "osd_op_reply 2|osd_op_reply 482|client.4100 7|osd.0 2|client.4100 -> osd.0 2|osd.0 4|osd_op writefull 1 249870.00|" ] && ok ||
  fail "ops: msgr,tree gives '$tree'"
R="$T/caps/v2crc-cephx.pcap"
a="$(tshark_ -r "$R" -q -z msgr,srt | awk '/osd_op procedure/ { on = 1; next } /^$/ { on = 0 } on { print $2, $3 }' | sort)"
b="$({ "$REPLAY" inspect --ops --json "$R" 2>/dev/null || true; } | python3 -c '
import json, sys
for p, v in json.load(sys.stdin)["latency_ms"].get("osd_op", {}).items(): print(p, v["count"])' | sort)"
[ -n "$a" ] && [ "$a" = "$b" ] && ok || fail "v2crc-cephx: msgr,srt osd_op calls '$a' differ from inspect --ops '$b'"
# The tree's p50/p90/p99 of each osd_op procedure: inspect's, in microseconds.
a="$(tshark_ -r "$R" -q -z msgr,tree | awk '/^ [a-z_]+ / { p = $1 " " $2 } /^  p(50|90|99) \(us\)/ && p ~ /^osd_op / { print p, $1, $3 }' | sort)"
b="$({ "$REPLAY" inspect --ops --json "$R" 2>/dev/null || true; } | python3 -c '
import json, sys
for p, v in json.load(sys.stdin)["latency_ms"].get("osd_op", {}).items():
    for q in ("p50", "p90", "p99"): print("osd_op", p, q, round(v[q] * 1000))' | sort)"
[ -n "$a" ] && [ "$a" = "$b" ] && ok || fail "v2crc-cephx: msgr,tree percentiles differ from inspect --ops: $(diff <(echo "$a") <(echo "$b") | head -3 | tr '\n' ' ')"

# Decoded fronts: each field typed and filterable, on a capture made to hold
# what the recordings do not (front-fields.pcap): errno names, the OSD flag
# bits, extents, xattr and class-call arguments, pg listings, config options,
# beacon pgs; and with the preference off, header summaries and no fields.
F="$T/caps/front-fields.pcap"
want() {  # want FILTER COUNT [FIELD VALUE]: COUNT frames match; FIELD shows VALUE in them
  local n; n="$(tshark_ -r "$F" -Y "$1" | wc -l)"
  [ "$n" = "$2" ] && ok || fail "front-fields: '$1' matches $n frames, not $2"
  if [ -n "${3:-}" ]; then
    local v; v="$(tshark_ -r "$F" -Y "$1" -V | grep -F -m1 "$3" | sed 's/^ *//')"
    [ "$v" = "$4" ] && ok || fail "front-fields: '$1' shows '$v', not '$4'"
  fi
}
want 'msgr.result == -2' 1 'Result:' 'Result: -2 (ENOENT)'
want 'msgr.osd_op_reply.rval == -2' 1 'Op result:' 'Op result: -2 (ENOENT)'
want 'msgr.osd_flag.exec == 1 && msgr.osd_flag.write == 1 && msgr.osd_flag.read == 0' 2 'Flags: 0x00000820' 'Flags: 0x00000820, write, exec'
want 'msgr.osd_flag.ondisk == 1' 1
want 'msgr.osd_op.op == "setxattr" && msgr.osd_op.xattr.name_len == 6 && msgr.osd_op.xattr.value_len == 3' 2
want 'msgr.osd_op.op == "call" && msgr.osd_op.cls.class_len == 4 && msgr.osd_op.cls.indata_len == 2' 2
want 'msgr.osd_op.op.code == 0x1505 && msgr.osd_op.pgls.count == 1024 && msgr.osd_op.pgls.start_epoch == 9' 1
want 'msgr.config.name == "osd_pool_default_size" && msgr.config.value == "1"' 1
# A failed reply is an expert warning naming the op and the errno; the link
# to its request shows on every pass, the link forward once the reply is read.
n="$(tshark_ -r "$F" -Y '_ws.expert.message == "osd_op setxattr failed: -2 (ENOENT)" && _ws.expert.severity == warning' | wc -l)"
[ "$n" = 1 ] && ok || fail "front-fields: $n frames warn 'osd_op setxattr failed: -2 (ENOENT)', not 1"
n="$(tshark_ -r "$F" -Y 'msgr.osd_op_reply.rval == -2 && msgr.response_to == 14 && msgr.time' | wc -l)"
[ "$n" = 1 ] && ok || fail "front-fields: the failed reply links to its request in $n frames, not 1"
n="$(tshark_ -2 -r "$F" -Y 'msgr.response_in == 15' -T fields -e frame.number)"
[ "$n" = 14 ] && ok || fail "front-fields: with -2, the request of frame 15's reply is in frame '$n', not 14"
n="$(tshark_ -2 -r "$F" -Y 'msgr.unanswered' -T fields -e msgr.procedure)"
[ "$n" = pgnls ] && ok || fail "front-fields: with -2, the unanswered request is '$n', not the pgnls no reply answers"
want 'msgr.osd_beacon.pg == "1.7" && msgr.osd_beacon.report_interval == 300' 1
want 'msgr.msg.summary == "MOSDMarkMeDead(osd.3, epoch 17, fsid=a0a1a2a3-a4a5-a6a7-a8a9-aaabacadaeaf)"' 1
n="$(tshark_ -r "$F" -o msgr.decode_fronts:FALSE -Y 'msgr.front_decoded || msgr.osd_op.oid' | wc -l)"
s="$(tshark_ -r "$F" -o msgr.decode_fronts:FALSE -Y 'msgr.msg.type == 62' -T fields -e msgr.msg.summary)"
[ "$n" = 0 ] && [ "$s" = "config(62) tid 101 seq 1 front 53 data 0" ] && ok ||
  fail "front-fields with msgr.decode_fronts off: $n frames with decoded fields, config's summary '$s'"

echo "golden: $passed passed, $failed failed"
[ "$failed" = 0 ]
