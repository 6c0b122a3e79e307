#!/usr/bin/env bash
# The plugin's fields as Wireshark's checkhf / checkfiltername would have them:
# every abbreviation under msgr. is unique, lower case and dotted, every field
# has a description, `tshark -G fields` and `-G values` say nothing on stderr;
# and every registered field is added at least once over the bundled captures
# (a -T pdml -2 run over each), so none is registered and never used.
# Expert items (registered with expert_register_field_array, listed in the
# plugin's source) have their summary instead of a description and are left out.
#   fields_test.sh PLUGIN_SO CAPTURES_DIR PLUGIN_SOURCE_DIR
set -euo pipefail
PLUGIN="$1"; CAPTURES="$2"; SRC="$3"
T="$(mktemp -d /tmp/cephwire-fields.XXXXXX)"
trap 'rm -rf "$T"' EXIT
source "$(dirname "$0")/tshark_env.sh"
mkdir -p "$T/caps"
cp "$CAPTURES"/real/*.pcap "$CAPTURES"/synthetic/*.pcap "$CAPTURES"/synthetic/*.pcapng "$T/caps/"
tshark_env "$PLUGIN" "$T"
fail=0
bad() { echo "FAIL: $*"; fail=1; }

ts -G fields >"$T/fields" 2>"$T/err" || bad "tshark -G fields exits non-zero"
[ -s "$T/err" ] && bad "tshark -G fields warns: $(head -3 "$T/err")"
ts -G values >/dev/null 2>"$T/err" || bad "tshark -G values exits non-zero"
[ -s "$T/err" ] && bad "tshark -G values warns: $(head -3 "$T/err")"
# F <name> <abbrev> <type> <protocol> <base> <bitmask> <blurb>
grep -o -h '{&ei[._][a-z_]*, {"msgr[^"]*"' "$SRC"/*.cc | sed 's/.*"\(msgr[^"]*\)"/\1/' | sort -u >"$T/experts"
[ -s "$T/experts" ] || bad "no expert items found in $SRC"
awk -F'\t' 'NR == FNR { expert[$1] = 1; next } $1 == "F" && $5 == "msgr" && !($3 in expert)' "$T/experts" "$T/fields" >"$T/msgr"
n="$(wc -l <"$T/msgr")"
[ "$n" -gt 100 ] || bad "only $n msgr fields registered"
dups="$(cut -f3 "$T/msgr" | sort | uniq -d)"
[ -z "$dups" ] || bad "abbreviations registered twice: $dups"
odd="$(cut -f3 "$T/msgr" | grep -v -E '^msgr(\.[a-z0-9_]+)+$' || true)"
[ -z "$odd" ] || bad "abbreviations that are not lower case and dotted: $odd"
noblurb="$(awk -F'\t' '$8 == "" { print $3 }' "$T/msgr")"
[ -z "$noblurb" ] || bad "fields without a description: $(echo $noblurb)"

# Used at least once: every field name that appears in the PDML of any capture
# (-2: a request's link to its reply shows once the reply has been read).
# Captures with a keyring beside them are read with it too (the secure-mode fields).
mkdir -p "$T/keys"
for k in "$CAPTURES"/real/*.keyring; do [ -e "$k" ] && cp "$k" "$T/keys/"; done
chmod -R a+rX "$T/keys"
for c in "$T"/caps/*; do
  ts -2 -r "$c" -T pdml 2>/dev/null | grep -o 'name="msgr\.[^"]*"' || true
  k="$T/keys/$(basename "${c%.*}").keyring"
  if [ -f "$k" ]; then ts -2 -r "$c" -o "msgr.keyring:$k" -T pdml 2>/dev/null | grep -o 'name="msgr\.[^"]*"' || true; fi
done | sed 's/name="\(.*\)"/\1/' | sort -u >"$T/used"
cut -f3 "$T/msgr" | sort -u >"$T/registered"
unused="$(comm -23 "$T/registered" "$T/used")"
[ -z "$unused" ] || bad "registered but never added on any bundled capture: $(echo $unused)"
[ "$fail" = 0 ] && echo "fields: $n msgr fields, unique, lower case, described, each used on a bundled capture"
exit $fail
