#!/usr/bin/env bash
# Install the Debian packages the desk needs, only those missing.
#   scripts/system-packages.sh run   -> gettext (to compile translations)
#   scripts/system-packages.sh test  -> also Chromium and fonts for browser tests
set -euo pipefail

need=()
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
if [ "${1:-run}" = "test" ]; then
  [ -x /usr/bin/chromium ] || need+=(chromium)
  dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
fi
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${need[*]}. Install them as root: apt-get install ${need[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
