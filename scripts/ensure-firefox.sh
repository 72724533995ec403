#!/usr/bin/env bash
# The Firefox e2e subset (e2e/firefox/) drives Debian's Firefox ESR over WebDriver BiDi
# (Playwright's own patched Firefox can't be downloaded here); `zip` packs the add-on into the
# test profile.
set -euo pipefail
FIREFOX="${FIREFOX_PATH:-/usr/bin/firefox-esr}"
if [ -x "$FIREFOX" ] && command -v zip >/dev/null; then exit 0; fi
echo "Installing Debian's firefox-esr and zip packages (Firefox expected at $FIREFOX)"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq firefox-esr zip >/dev/null
"$FIREFOX" --version
