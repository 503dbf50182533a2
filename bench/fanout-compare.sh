#!/usr/bin/env bash
# Fan-out, Commune against Fedify in ONE run, on the same machine, to the same verifying sink
# (bench/fedify/sink.mjs: every draft-cavage signature and Digest checked with Node's crypto).
# Fedify 1.5.9 first (its own fan-out queue), then Commune's persistent delivery queue, one personal inbox
# per follower for both (N deliveries each), then Commune once per shared inbox (200 servers).
# Usage: bench/fanout-compare.sh [followers…]   (default: 1000 10000)
source "$(dirname "$0")/common.sh"
machine
COUNTS=("${@:-1000 10000}")
PORT=${SINK_PORT:-18200}
( cd bench/fedify && { [ -d node_modules/@fedify/fedify ] || npm ci --no-audit --no-fund >/dev/null; } )
node bench/fedify/sink.mjs --port "$PORT" > target/fanout-sink.log 2>&1 &
SINK=$!
trap 'kill $SINK 2>/dev/null || true' EXIT
until curl -fs "http://127.0.0.1:$PORT/stats" > /dev/null; do sleep 0.2; done
echo "uptime before: $(uptime)"
for n in ${COUNTS[*]}; do
  echo "== Fedify, $n followers"
  node bench/fedify/fanout.mjs --sink "http://127.0.0.1:$PORT" --followers "$n" --workers 1
done
echo "== Commune, ${COUNTS[*]} followers"
./mvnw -q -B -o -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=test
"$JAVA" -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  org.commune.bench.FanOutBenchmark --sink "http://127.0.0.1:$PORT" --followers "$(echo ${COUNTS[*]} | tr ' ' ',')"
echo "uptime after: $(uptime)"
