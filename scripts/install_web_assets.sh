#!/usr/bin/env bash
# Install the vendored web assets of the offline map into resources/web/vendor/ (gitignored).
# Idempotent: re-running replaces the files with the same pinned versions. Fails loudly.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/resources/web/vendor"
PACKAGES=("leaflet@1.9.4" "leaflet.markercluster@1.5.3")

command -v npm >/dev/null || { echo "ERROR: npm not found (needed to fetch Leaflet)" >&2; exit 1; }
command -v tar >/dev/null || { echo "ERROR: tar not found" >&2; exit 1; }

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

for spec in "${PACKAGES[@]}"; do
  name="${spec%@*}"
  if [ "$(cat "$DEST/$name/VERSION" 2>/dev/null)" = "$spec" ]; then
    echo "== $spec (already installed)"
    continue
  fi
  echo "== $spec"
  (cd "$TMP" && npm pack "$spec" --silent >/dev/null) || { echo "ERROR: npm pack $spec failed" >&2; exit 1; }
  tgz="$(ls "$TMP"/"$name"-*.tgz)"
  mkdir -p "$TMP/$name"
  tar -xzf "$tgz" -C "$TMP/$name"
  [ -d "$TMP/$name/package/dist" ] || { echo "ERROR: $spec has no dist/ folder" >&2; exit 1; }
  rm -rf "$DEST/$name.new"
  mkdir -p "$DEST"
  cp -R "$TMP/$name/package/dist" "$DEST/$name.new"
  cp "$TMP/$name/package/LICENSE"* "$DEST/$name.new/" 2>/dev/null || true
  echo "$spec" > "$DEST/$name.new/VERSION"
  rm -rf "$DEST/$name"
  mv "$DEST/$name.new" "$DEST/$name"
done

for f in leaflet/leaflet.js leaflet/leaflet.css leaflet/images/marker-icon.png \
         leaflet.markercluster/leaflet.markercluster.js leaflet.markercluster/MarkerCluster.css \
         leaflet.markercluster/MarkerCluster.Default.css; do
  [ -s "$DEST/$f" ] || { echo "ERROR: missing $DEST/$f after install" >&2; exit 1; }
done
echo "OK: web assets installed in $DEST"
