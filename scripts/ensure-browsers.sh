#!/usr/bin/env bash
# Tests run in the three engines Debian ships (never a downloaded browser): Chromium,
# Firefox ESR, and WebKitGTK (WebKitWebDriver driving MiniBrowser, under Xvfb). Installs
# whatever is missing when allowed (root with apt-get); otherwise says how.
set -euo pipefail
CHROMIUM="${CHROME_PATH:-/usr/bin/chromium}"
FIREFOX="${FIREFOX_PATH:-/usr/bin/firefox-esr}"

missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
[ -x "$FIREFOX" ] || missing+=(firefox-esr)
# MiniBrowser comes with libwebkit2gtk-4.1-0, which webkit2gtk-driver depends on.
{ [ -x /usr/bin/WebKitWebDriver ] && compgen -G '/usr/lib/*/webkit2gtk-4.*/MiniBrowser' >/dev/null; } || missing+=(webkit2gtk-driver)
command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
command -v xauth >/dev/null 2>&1 || missing+=(xauth)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's ${missing[*]} for the tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "The tests need Debian's ${missing[*]}: sudo apt-get install ${missing[*]}" >&2
echo "(or point CHROME_PATH / FIREFOX_PATH at installed browsers)." >&2
exit 1
