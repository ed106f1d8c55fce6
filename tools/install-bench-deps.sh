#!/usr/bin/env bash
# Installs the Debian packages that `tessera bench audio` compares against (Debian 12): codec2's
# command-line c2enc/c2dec. Safe to run again.
set -euo pipefail
packages=(codec2)
bash "$(dirname "$0")/apt-install.sh" "${packages[@]}"
echo "tessera: benchmark reference packages ready (${packages[*]})" >&2
