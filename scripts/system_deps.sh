#!/usr/bin/env bash
# System packages the test suite needs: Debian's Chromium (driven by Playwright) and GNU gettext.
# As root on Debian they are installed; elsewhere we stop and name what is missing.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v xgettext >/dev/null 2>&1 || missing+=(gettext)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "Missing system packages: ${missing[*]}." >&2
echo "Install them (on Debian: sudo apt-get install ${missing[*]}) and run make test again." >&2
exit 1
