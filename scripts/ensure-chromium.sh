#!/usr/bin/env sh
# Run by `npm test` (pretest): the HTML report's browser tests need Debian's
# Chromium at /usr/bin/chromium. Installs it where it is missing, with apt-get
# (as root, or through sudo), so `npm ci && npm test` sets up a fresh machine.
set -eu
if command -v chromium >/dev/null 2>&1; then exit 0; fi
echo "pretest: installing Debian's chromium for the HTML report's browser tests" >&2
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium >&2
