# Shared by scripts/main and scripts/test: install what is missing, build.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JOBS="$(nproc 2>/dev/null || echo 2)"

# Debian packages the build needs (the core, the capture reader, the tools).
CORE_PACKAGES=(build-essential cmake pkg-config libisal-dev libpcap-dev libcli11-dev nlohmann-json3-dev
  libgtest-dev libbenchmark-dev wireshark-dev libwireshark-dev tshark
  libsnappy-dev zlib1g-dev libzstd-dev liblz4-dev  # the msgr2 on-wire compression codecs
  libssl-dev)  # secure mode's ciphers (libcrypto)
# Real Ceph for the live recording and the replay acceptance test.
LIVE_PACKAGES=(ceph-mon ceph-osd ceph-common tcpdump uuid-runtime iproute2)
# What the CephFS recordings need besides (an MDS and a FUSE client); only the recorder installs them.
CEPHFS_PACKAGES=(ceph-mds ceph-fuse)

# Installs the Debian packages that are not installed yet (apt-get, as root or
# through sudo).
ensure_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "==> installing: ${missing[*]}"
  local SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# build DIR [cmake options...]: configure (once) and build.
build() {
  local dir="$1"
  shift
  cmake -S "$ROOT" -B "$dir" "$@" >/dev/null
  cmake --build "$dir" -j "$JOBS" >/dev/null
}

# in_private_net COMMAND...: runs COMMAND in a network namespace of its own
# with only loopback up, so that the fixed ports of a live Ceph cluster can
# collide with nothing else on the machine. Inside scripts/distro the whole
# run already is in one.
in_private_net() {
  if [ -n "${CEPHWIRE_RELEASE:-}" ] || [ "$(id -u)" -ne 0 ]; then "$@"; return; fi
  unshare --net -- bash -c 'ip link set lo up && exec "$@"' bash "$@"
}
