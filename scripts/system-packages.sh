#!/usr/bin/env bash
# Install the Debian packages the desk needs, only those missing.
#   scripts/system-packages.sh run   -> gettext (to compile translations), DejaVu fonts
#                                       (Cyrillic in generated PDF documents)
#   scripts/system-packages.sh test  -> also Chromium for browser tests, and nginx as
#                                       the cluster test's load balancer (the test runs
#                                       its own instance, with its own configuration)
set -euo pipefail

need=()
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
if [ "${1:-run}" = "test" ]; then
  [ -x /usr/bin/chromium ] || need+=(chromium)
  [ -x /usr/sbin/nginx ] || need+=(nginx)
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
