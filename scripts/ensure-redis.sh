#!/usr/bin/env bash
# The relay's tests run against Debian's redis-server (started by the tests on a free
# port, nothing persisted). Installs it when missing and allowed (root with apt-get);
# otherwise says how.
set -euo pipefail
REDIS="${REDIS_SERVER:-/usr/bin/redis-server}"
[ -x "$REDIS" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's redis-server for the relay tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  exit 0
fi
echo "redis-server not found at $REDIS: install it (sudo apt-get install redis-server) or set REDIS_SERVER." >&2
exit 1
