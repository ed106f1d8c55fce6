#!/usr/bin/env bash
# Installs the Debian packages that tools/build_datasets.py reads media from (Debian 12).
# Safe to run again: it runs apt-get (and apt-get update first) only when something is missing.
set -euo pipefail
packages=(openclipart-png openclipart-svg fonts-noto-color-emoji unicode-data espeak-ng sound-theme-freedesktop alsa-utils sox)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "tessera: dataset media packages ready (${packages[*]})" >&2
