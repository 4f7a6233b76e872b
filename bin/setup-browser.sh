#!/usr/bin/env bash
# `npm run setup:browser` and .ci/run: Debian's chromium (and a font for its pages), which the web console's
# browser tests drive with playwright-core. Only when missing, so a prepared machine never touches apt.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
command -v apt-get >/dev/null || { echo "setup:browser: /usr/bin/chromium is missing and this is not a Debian-like system: install Chromium at /usr/bin/chromium." >&2; exit 1; }
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo -n"
echo "setup:browser: apt-get install chromium fonts-liberation"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends chromium fonts-liberation
