#!/usr/bin/env bash
# Build the one-folder bundle and run its selftest offscreen (not part of `make test`: ~1 min build).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pyinstaller --noconfirm --distpath build/dist --workpath build/work packaging/antasena.spec
QT_QPA_PLATFORM=offscreen ANTASENA_DATA_DIR="$(mktemp -d)" build/dist/antasena/antasena selftest
