#!/usr/bin/env bash
# `cmake --install` puts the plugin where Wireshark looks: by default the
# system plugin directory pkg-config names (under DESTDIR when set), and with
# --prefix ~/.local the personal one, ~/.local/lib/wireshark/plugins/4.N/epan.
#   install_test.sh BUILD_DIR
set -euo pipefail
B="$1"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
sys="$(pkg-config --variable=plugindir wireshark)/epan/cephwire.so"
abi="$(basename "$(pkg-config --variable=plugindir wireshark)")"
DESTDIR="$T/dest" cmake --install "$B" --component plugin >/dev/null
[ -f "$T/dest$sys" ] || { echo "FAIL: DESTDIR install did not write $T/dest$sys"; find "$T/dest" -type f; exit 1; }
cmake --install "$B" --component plugin --prefix "$T/home/.local" >/dev/null
want="$T/home/.local/lib/wireshark/plugins/$abi/epan/cephwire.so"
[ -f "$want" ] || { echo "FAIL: --prefix ~/.local did not write $want"; find "$T/home" -type f; exit 1; }
echo "install: $sys under DESTDIR, and ~/.local/lib/wireshark/plugins/$abi/epan/cephwire.so"
