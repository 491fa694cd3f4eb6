#!/usr/bin/env bash
# Set up a fresh Debian/Ubuntu machine: system libraries for Qt, a venv with our dependencies,
# and the vendored web assets of the map. Idempotent; re-running is fast.
set -euo pipefail
cd "$(dirname "$0")/.."
EXTRAS="${1:-dev}"

# postgresql: the tests start a throwaway server of their own (tests/pg_server.py) and run on it too.
APT_PACKAGES="libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0
 libxcomposite1 libxdamage1 libxrandr2 libxtst6 libasound2 libnss3 libxkbfile1 fonts-dejavu-core
 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-render0 libxcb-shape0
 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0 poppler-utils python3-venv nodejs npm
 chromium chromium-driver postgresql"

missing=""
for pkg in $APT_PACKAGES; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
# node/npm may come from elsewhere than apt (e.g. a preinstalled Node.js): then skip them.
if command -v npm >/dev/null 2>&1; then missing=$(echo "$missing" | sed -e 's/\bnodejs\b//' -e 's/\bnpm\b//'); fi
if [ -n "$(echo "$missing" | tr -d ' ')" ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "==> apt: installing$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PY" -m venv .venv
  .venv/bin/pip install -q -U pip
fi
stamp=".venv/.installed-$EXTRAS-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "==> pip install -e .[$EXTRAS]"
  .venv/bin/pip install -q -e ".[$EXTRAS]"
  touch "$stamp"
fi

bash scripts/install_web_assets.sh
# Qt ships no Indonesian catalogue: compile ours (standard buttons, file/print dialogs, context menus)
.venv/bin/pyside6-lrelease -silent resources/i18n/qt_id.ts -qm resources/i18n/qt_id.qm
