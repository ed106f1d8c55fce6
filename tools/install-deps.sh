#!/usr/bin/env bash
# Installs the system libraries Tessera builds against (Debian 12), plus headless Chromium and a
# font for it, which the tests use to render the demo's HTML report. With --demo, also what
# `tessera demo` builds its datasets from: Python 3 with NumPy and Pillow, and the media packages
# of tools/install-dataset-deps.sh. Safe to run again.
set -euo pipefail
case "${1:-}" in
    "" | --demo) ;;
    *) echo "usage: bash tools/install-deps.sh [--demo]" >&2; exit 2 ;;
esac
packages=(pkg-config libopenblas-dev libpng-dev libsndfile1-dev libsentencepiece-dev chromium fonts-dejavu-core)
bash "$(dirname "$0")/apt-install.sh" "${packages[@]}"
echo "tessera: system libraries ready (${packages[*]})" >&2
if [ "${1:-}" = "--demo" ]; then
    bash "$(dirname "$0")/apt-install.sh" python3 python3-numpy python3-pil
    bash "$(dirname "$0")/install-dataset-deps.sh"
fi
