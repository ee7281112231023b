#!/usr/bin/env bash
# Installs what is missing, builds the release site and serves it on http://127.0.0.1:8080/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/build-web.sh"
PORT="${PORT:-8080}"
echo "Kokyaku: http://127.0.0.1:$PORT/"
exec python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$ROOT/dist"
