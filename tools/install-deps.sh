#!/usr/bin/env bash
# Installs the system libraries Tessera builds against (Debian 12). Safe to run again.
set -euo pipefail
packages=(pkg-config libopenblas-dev libpng-dev libsndfile1-dev libsentencepiece-dev)
bash "$(dirname "$0")/apt-install.sh" "${packages[@]}"
echo "tessera: system libraries ready (${packages[*]})" >&2
