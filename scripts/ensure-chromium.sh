#!/usr/bin/env bash
# Tests run in Debian's Chromium (never a downloaded browser). Installs it when missing
# and allowed (root with apt-get); otherwise says how.
set -euo pipefail
CHROMIUM="${CHROME_PATH:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "Chromium not found at $CHROMIUM: install it (sudo apt-get install chromium) or set CHROME_PATH." >&2
exit 1
