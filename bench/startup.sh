#!/usr/bin/env bash
# Start-up to the first successful HTTP response with an existing data directory, with and without
# the JDK 25 AOT cache, and resident memory of the Java process once started.
# Usage: bench/startup.sh [runs=5]
source "$(dirname "$0")/common.sh"
RUNS=${1:-5}
DIR=target/bench-startup
PORT=18098
machine
rm -rf "$DIR" target/commune.aot target/app
# First start creates the cluster and the AOT cache (the launcher does the training run).
COMMUNE_DATA_DIR="$DIR" PORT=$PORT ./commune >/tmp/bench-startup.log 2>&1 &
pid=$!; wait_http "http://localhost:$PORT/actuator/health" >/dev/null; kill -TERM $pid; wait $pid || true
for mode in off on; do
  for run in $(seq "$RUNS"); do
    COMMUNE_AOT=$mode COMMUNE_DATA_DIR="$DIR" PORT=$PORT ./commune >>/tmp/bench-startup.log 2>&1 &
    pid=$!
    seconds=$(wait_http "http://localhost:$PORT/actuator/health")
    sleep 2
    echo "aot=$mode run=$run first-response=${seconds}s rss=$(rss_mb $pid)MB"
    kill -TERM $pid; wait $pid || true
  done
done
