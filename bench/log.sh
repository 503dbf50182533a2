#!/usr/bin/env bash
# Transparency log: append throughput, full verification, inclusion-proof latency (in process),
# then the same data served over HTTP and checked end to end by the verifier command.
# Usage: bench/log.sh [entries=1000000]
source "$(dirname "$0")/common.sh"
N=${1:-1000000}
DIR=target/bench-log-$(date +%s)
machine
build
./mvnw -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
"$JAVA" -XX:+UseSerialGC -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  org.commune.transparency.LogBenchmark "$DIR" "$N"

PORT=18097
COMMUNE_DATA_DIR="$DIR" "$JAVA" -XX:+UseSerialGC -jar target/commune.jar --server.port=$PORT >/tmp/bench-log-server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
wait_http "http://localhost:$PORT/actuator/health" >/dev/null
echo "end to end over HTTP (./commune verify-log):"
"$JAVA" -jar target/commune.jar verify-log "http://localhost:$PORT"
