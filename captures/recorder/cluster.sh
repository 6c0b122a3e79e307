# A throw-away Ceph cluster on 127.0.0.1: one monitor, one memstore OSD, no
# systemd, every daemon started and stopped by PID. Sourced by the recorder
# and the live tests:
#
#   source captures/recorder/cluster.sh
#   cluster_create DIR AUTH V1 V2 MODE [EXTRA_CONF]   # ceph.conf, keyring, monmap, mon --mkfs (CL_MONS=3: mon.a, b, c)
#   cluster_start [N]                                 # mon, then osd.0 .. osd.N-1 (default 1; waits until active)
#   cluster_start_mds                                 # mds.a (keyring once), waits until it is up:active; CL_MDS_PID
#   "${CL_CEPH[@]}" ... ; "${CL_RADOS[@]}" -p POOL ...
#   cluster_state POOL                                # the pool's objects and snapshots, as text to compare
#   cluster_rbd_state POOL                            # its RBD images and their snapshots, as text
#   cluster_stop                                      # every daemon it started
#
# AUTH: none or cephx; V1/V2: true or false (which protocols are bound); MODE:
# crc, secure or "" (Ceph's defaults). Clusters built this way share an fsid,
# so that a client recorded on one is at home on another.

CL_FSID=4c0f1e8a-7c55-4a7e-9a39-6b1d2c7f0c01
CL_TOOLS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CL_PIDS=()

cluster_create() {
  CL_DIR="$1"; local auth="$2" v1="$3" v2="$4" mode="$5" extra="${6:-}"
  # CL_MONS monitors (default 1): mon.a on 3300/6789, mon.b on 3301/6790, mon.c on 3302/6791.
  CL_MON_IDS=(a b c)
  CL_MON_IDS=("${CL_MON_IDS[@]:0:${CL_MONS:-1}}")
  local addrv="" hosts="" i
  CL_MON_ADDRV=()
  for i in "${!CL_MON_IDS[@]}"; do
    addrv=""
    $v2 && addrv="v2:127.0.0.1:$((3300 + i))"
    $v1 && addrv="${addrv:+$addrv,}v1:127.0.0.1:$((6789 + i))"
    CL_MON_ADDRV+=("$addrv")
    hosts="${hosts:+$hosts,}[$addrv]"
  done
  CL_MON_V1="127.0.0.1:6789"
  CL_MON_V2="127.0.0.1:3300"
  mkdir -p "$CL_DIR"/{log,run,mon,osd,mds,data}
  chmod 755 "$CL_DIR"
  cat >"$CL_DIR/ceph.conf" <<CONF
[global]
fsid = $CL_FSID
mon host = $hosts
public network = 127.0.0.0/8
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind ipv6 = false
ms bind msgr1 = $v1
ms bind msgr2 = $v2
auth cluster required = $auth
auth service required = $auth
auth client required = $auth
keyring = $CL_DIR/keyring
run dir = $CL_DIR/run
admin socket = $CL_DIR/run/\$name.\$pid.asok
log file = $CL_DIR/log/\$name.\$pid.log
debug ms = 1
log to stderr = false
mon data = $CL_DIR/mon/\$cluster-\$id
osd data = $CL_DIR/osd/\$cluster-\$id
mds data = $CL_DIR/mds/\$cluster-\$id
osd objectstore = memstore
memstore device bytes = 1073741824
osd crush chooseleaf type = 0
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon allow pool size one = true
mon allow pool delete = true
osd class update on start = false
osd crush update on start = false
mon warn on pool no redundancy = false
CONF
  if [ -n "$mode" ]; then
    local k
    for k in "ms cluster mode" "ms service mode" "ms client mode" "ms mon cluster mode" "ms mon service mode" \
             "ms mon client mode"; do
      echo "$k = $mode" >>"$CL_DIR/ceph.conf"
    done
  fi
  # Debian's Ceph 20 builds a relative default class dir
  # ("lib/x86_64-linux-gnu/rados-classes"), so its OSDs load no object class
  # (RBD fails with EOPNOTSUPP): name the directory the package installs.
  local cls
  for cls in /usr/lib/*/rados-classes /usr/lib64/rados-classes /usr/lib/rados-classes; do
    [ -d "$cls" ] && { echo "osd class dir = $cls" >>"$CL_DIR/ceph.conf"; break; }
  done
  [ -z "$extra" ] || printf '%s\n' "$extra" >>"$CL_DIR/ceph.conf"
  CL_CEPH=(timeout 60 "$CL_TOOLS/ceph-retry" -c "$CL_DIR/ceph.conf")
  CL_RADOS=(timeout 120 rados -c "$CL_DIR/ceph.conf")
  ceph-authtool --create-keyring "$CL_DIR/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  ceph-authtool "$CL_DIR/keyring" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' \
    --cap mds 'allow *' --cap mgr 'allow *' >/dev/null
  local add=()
  for i in "${!CL_MON_IDS[@]}"; do add+=(--addv "${CL_MON_IDS[$i]}" "[${CL_MON_ADDRV[$i]}]"); done
  monmaptool --create --fsid "$CL_FSID" "${add[@]}" "$CL_DIR/monmap" >/dev/null
  for i in "${CL_MON_IDS[@]}"; do
    ceph-mon -c "$CL_DIR/ceph.conf" --mkfs -i "$i" --monmap "$CL_DIR/monmap" --keyring "$CL_DIR/keyring"
  done
}

cluster_wait_for() {  # cluster_wait_for WHAT SECONDS COMMAND...
  local what="$1" secs="$2"; shift 2
  for _ in $(seq $((secs * 5))); do timeout 10 "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "cluster: timed out waiting for $what" >&2
  return 1
}

cluster_start() {
  local d="$CL_DIR"
  local m
  for m in "${CL_MON_IDS[@]}"; do
    ceph-mon -c "$d/ceph.conf" -i "$m" -f 2>>"$d/log/daemons.stderr" &
    CL_PIDS+=($!)
  done
  cluster_wait_for "the monitor" 60 bash -c \
    "ceph --admin-daemon \$(ls $d/run/mon.a.*.asok | head -1) mon_status | grep -q '\"state\": \"\(leader\|peon\)\"'" || return 1
  if [ "${#CL_MON_IDS[@]}" -gt 1 ]; then
    cluster_wait_for "a quorum of ${#CL_MON_IDS[@]} monitors" 90 bash -c \
      "${CL_CEPH[*]} quorum_status | grep -o '\"quorum_names\":\[[^]]*\]' | grep -q '\"${CL_MON_IDS[-1]}\"'" || return 1
  fi
  # The CLI's commands can race the monitor map under load (ceph-retry
  # says how); wait until one goes through before adding OSDs.
  cluster_wait_for "the monitor to take commands" 60 "${CL_CEPH[@]}" osd ls || return 1
  local i
  for i in $(seq "${1:-1}"); do cluster_add_osd || return 1; done
}

cluster_add_osd() {
  local d="$CL_DIR" uuid osd
  uuid="$(uuidgen)"
  osd="$("${CL_CEPH[@]}" osd new "$uuid" 2>>"$d/log/clients.stderr")"
  "${CL_CEPH[@]}" auth get-or-create "osd.$osd" mon 'allow profile osd' osd 'allow *' mgr 'allow profile osd' \
    -o "$d/osd.$osd.keyring" >/dev/null 2>>"$d/log/clients.stderr"
  mkdir -p "$d/osd/ceph-$osd"
  cp "$d/osd.$osd.keyring" "$d/osd/ceph-$osd/keyring"
  ceph-osd -c "$d/ceph.conf" -i "$osd" --mkfs --osd-uuid "$uuid" --keyring "$d/osd.$osd.keyring" \
    >/dev/null 2>>"$d/log/clients.stderr"
  ceph-osd -c "$d/ceph.conf" -i "$osd" -f --keyring "$d/osd.$osd.keyring" 2>>"$d/log/daemons.stderr" &
  CL_PIDS+=($!)
  "${CL_CEPH[@]}" osd crush add "osd.$osd" 1.0 root=default host=cephwire >/dev/null 2>>"$d/log/clients.stderr"
  cluster_wait_for "osd.$osd to be active" 60 bash -c \
    "ceph --admin-daemon \$(ls $d/run/osd.$osd.*.asok | head -1) status | grep -q '\"state\": \"active\"'"
}

# The MDS (mds.a) of a file system made beforehand with `fs new`; started
# again after a kill, it goes through replay, reconnect and rejoin. Started
# from / with no descriptors but the logs', so that nothing of it holds a
# mount open. Waits until it is up:active.
cluster_start_mds() {
  local d="$CL_DIR"
  if [ ! -f "$d/mds.a.keyring" ]; then
    mkdir -p "$d/mds/ceph-a"
    "${CL_CEPH[@]}" auth get-or-create mds.a mon 'allow profile mds' osd 'allow rwx' mds 'allow' mgr 'allow profile mds' \
      -o "$d/mds.a.keyring" >/dev/null 2>>"$d/log/clients.stderr"
    cp "$d/mds.a.keyring" "$d/mds/ceph-a/keyring"
  fi
  (cd / && exec ceph-mds -c "$d/ceph.conf" -i a -f --keyring "$d/mds.a.keyring" </dev/null >/dev/null \
     2>>"$d/log/daemons.stderr" 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-) &
  CL_MDS_PID=$!
  CL_PIDS+=($CL_MDS_PID)
  cluster_wait_for "mds.a to be active" 120 bash -c \
    "ceph --admin-daemon $d/run/mds.a.$CL_MDS_PID.asok status | grep -q '\"state\": \"up:active\"'"
}

cluster_stop() {
  local p
  for p in "${CL_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${CL_PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  CL_PIDS=()
}

# What a replay must reproduce of a pool, one line per fact, sorted: each
# object (namespace, name, locator key) with the SHA-256 of its bytes, its
# xattrs and omap (names and values), its locks (by name), and the pool's
# snapshots by id and name. Pool ids, fsids, timestamps and who holds a
# lock are left out: they differ by design.
cluster_state() {
  local pool="$1" ns obj loc
  local R=("${CL_RADOS[@]}" -p "$pool")
  # `ls --all`: namespace, tab, name, and a tab and the locator key when there is one.
  "${R[@]}" ls --all 2>>"$CL_DIR/log/clients.stderr" | tr '\t' '|' | sort | while IFS='|' read -r ns obj loc; do
    local at=(-N "$ns")
    [ -z "$loc" ] || at+=(--object-locator "$loc")
    local id="object ns=$ns name=$obj locator=$loc"
    echo "$id bytes $("${R[@]}" "${at[@]}" get "$obj" - 2>>"$CL_DIR/log/clients.stderr" | sha256sum | cut -d' ' -f1)"
    "${R[@]}" "${at[@]}" listxattr "$obj" 2>>"$CL_DIR/log/clients.stderr" | sort | while read -r x; do
      case "$x" in
        # A lock's xattr names its holder (entity and address): the live client's, by design.
        lock.*) echo "$id xattr $x (a lock)" ;;
        *) echo "$id xattr $x=$("${R[@]}" "${at[@]}" getxattr "$obj" "$x" 2>>"$CL_DIR/log/clients.stderr" | sha256sum | cut -c1-16)" ;;
      esac
    done
    { "${R[@]}" "${at[@]}" lock list "$obj" 2>>"$CL_DIR/log/clients.stderr" | tr -d ' \n' |
      grep -o '"name":"[^"]*"' || true; } | sed "s/^/$id lock /"
    "${R[@]}" "${at[@]}" listomapvals "$obj" 2>>"$CL_DIR/log/clients.stderr" | sha256sum | sed "s/ .*//; s/^/$id omap /"
  done
  "${R[@]}" lssnap 2>>"$CL_DIR/log/clients.stderr" | awk 'NF >= 3 && $1 ~ /^[0-9]+$/ { print "snapshot", $1, $2 }'
}

# What a replay must reproduce of a pool's RBD images: each image's bytes and
# each of its snapshots' (`rbd export`, SHA-256), and the pool's flags.
cluster_rbd_state() {
  local pool="$1" img snap
  local B=(timeout 120 rbd -c "$CL_DIR/ceph.conf" -p "$pool")
  for img in $("${B[@]}" ls 2>>"$CL_DIR/log/clients.stderr" | sort); do
    echo "image $img bytes $("${B[@]}" export "$img" - 2>>"$CL_DIR/log/clients.stderr" | sha256sum | cut -d' ' -f1)"
    for snap in $("${B[@]}" snap ls "$img" 2>>"$CL_DIR/log/clients.stderr" | awk 'NR > 1 { print $2 }' | sort); do
      echo "image $img snapshot $snap bytes $("${B[@]}" export "$img@$snap" - 2>>"$CL_DIR/log/clients.stderr" |
        sha256sum | cut -d' ' -f1)"
    done
  done
  "${CL_CEPH[@]}" osd pool ls detail 2>>"$CL_DIR/log/clients.stderr" | grep "'$pool'" | grep -o 'flags [^ ]*' | sed 's/^/pool /'
}
