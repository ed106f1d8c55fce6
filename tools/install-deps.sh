#!/usr/bin/env bash
# Installs the system libraries Tessera builds against (Debian 12), plus headless Chromium and a
# font for it, which the tests use to render the demo's HTML report. Safe to run again.
set -euo pipefail
packages=(pkg-config libopenblas-dev libpng-dev libsndfile1-dev libsentencepiece-dev chromium fonts-dejavu-core)
bash "$(dirname "$0")/apt-install.sh" "${packages[@]}"
echo "tessera: system libraries ready (${packages[*]})" >&2
