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
# Fonts embedded in booklet PDFs: Latin (Arial-compatible), Arabic, Simplified Chinese.
need "test -f /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf" fonts-liberation
need "test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf" fonts-dejavu-core
need "test -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc" fonts-wqy-zenhei
# "Listen": pages read aloud by espeak-ng, compressed to MP3 by lame.
need "command -v espeak-ng" espeak-ng
need "command -v lame" lame
if [ "${1:-run}" = test ]; then
  need "command -v chromium" chromium
  need "command -v pdftotext" poppler-utils
  need "command -v zbarimg" zbar-tools
fi
[ -z "$missing" ] && exit 0
echo "Installing Debian packages:$missing"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
