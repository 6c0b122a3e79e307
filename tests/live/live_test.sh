# What the live tests share, sourced after `set -euo pipefail`:
#   live_test NAME BUILD_DIR "$0"  # BUILD, ROOT, REPLAY, WORK (a fresh directory, kept on failure);
#                                  # cluster.sh sourced; a failing command says its line; on exit
#                                  # live_before_stop (when the test defines it), then every daemon stopped
#   fail WHAT...                   # "NAME: WHAT" on stderr, exit 1
#   object_field KEY MANIFEST      # the first object a manifest lists: its name or sha256
live_test() {
  LIVE_NAME="$1"
  BUILD="$(cd "${2:?usage: $(basename "$3") BUILD_DIR}" && pwd)"
  ROOT="$(cd "$(dirname "$3")/../.." && pwd)"
  REPLAY="$BUILD/replayer/cephwire-replay"
  # shellcheck disable=SC2064  # the name now, the line when it fails
  trap "echo \"$LIVE_NAME: line \$LINENO failed: \$BASH_COMMAND\" >&2" ERR
  source "$ROOT/captures/recorder/cluster.sh"
  WORK="$(mktemp -d "/tmp/cephwire-${LIVE_NAME// /-}.XXXXXX")"
  chmod 755 "$WORK"
  trap live_cleanup EXIT INT TERM
}

live_cleanup() {
  local rc=$?
  if declare -F live_before_stop >/dev/null; then live_before_stop || true; fi
  cluster_stop
  if [ $rc != 0 ]; then echo "$LIVE_NAME: FAILED; the work directory is kept: $WORK" >&2; else rm -rf "$WORK"; fi
  exit $rc
}

fail() { echo "$LIVE_NAME: $*" >&2; exit 1; }

object_field() { sed -n '/"objects"/,$p' "$2" | grep -m1 -o "\"$1\": *\"[^\"]*" | sed 's/.*"//'; }
