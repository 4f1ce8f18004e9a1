#!/bin/sh
# Install the Debian packages the hub needs, only where the tool is missing.
# Usage: system-packages.sh run|test
set -eu
missing=""
need() { # need COMMAND-CHECK PACKAGE...
  if ! sh -c "$1" >/dev/null 2>&1; then shift; missing="$missing $*"; fi
}
need "python3 -c 'import venv, ensurepip'" python3-venv
need "command -v npm" nodejs npm
if [ "${1:-run}" = test ]; then
  need "command -v chromium" chromium
  need "command -v pdftotext" poppler-utils
  need "fc-list | grep -qi liberation" fonts-liberation
fi
[ -z "$missing" ] && exit 0
echo "Installing Debian packages:$missing"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
