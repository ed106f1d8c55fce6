#!/usr/bin/env bash
# Installs the Debian packages that tools/build_datasets.py reads media from (Debian 12).
# Safe to run again.
set -euo pipefail
packages=(openclipart-png openclipart-svg fonts-noto-color-emoji unicode-data espeak-ng sound-theme-freedesktop alsa-utils sox)
bash "$(dirname "$0")/apt-install.sh" "${packages[@]}"
echo "tessera: dataset media packages ready (${packages[*]})" >&2
