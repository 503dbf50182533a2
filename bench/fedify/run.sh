#!/usr/bin/env bash
# Federation fan-out reference, Fedify side: bench/fedify/run.sh [followers...] (default 1000 10000).
# WORKERS=8 bench/fedify/run.sh … wraps Fedify's in-process queue in its ParallelMessageQueue.
# Starts the verifying sink, runs fanout.mjs once per follower count, prints one JSON line each.
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules/@fedify/fedify ] || npm ci --no-audit --no-fund
port="${SINK_PORT:-18200}"
node sink.mjs --port "$port" > sink.log 2>&1 &
sink=$!
trap 'kill "$sink" 2>/dev/null || true' EXIT
until curl -fs "http://127.0.0.1:$port/stats" > /dev/null; do sleep 0.2; done
for n in "${@:-1000 10000}"; do
  for count in $n; do
    node fanout.mjs --sink "http://127.0.0.1:$port" --followers "$count" --workers "${WORKERS:-1}"
  done
done
