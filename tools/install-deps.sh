#!/usr/bin/env bash
# Installs the system libraries Tessera builds against (Debian 12). Safe to run again.
set -euo pipefail
packages=(pkg-config libopenblas-dev libpng-dev libsndfile1-dev libsentencepiece-dev)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
echo "tessera: system libraries ready (${packages[*]})" >&2
