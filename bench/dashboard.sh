#!/usr/bin/env bash
# The signed-in dashboard (/me) under load from wrk (50 connections), against a static file served
# by the same process in the same run. wrk and the server share this machine's cores.
# Usage: bench/dashboard.sh [seconds=20]
source "$(dirname "$0")/common.sh"
SECONDS_EACH=${1:-20}
DIR=target/bench-dashboard-$(date +%s)
PORT=18099
machine
build
COMMUNE_DATA_DIR="$DIR" "$JAVA" -XX:+UseSerialGC -jar target/commune.jar demo --server.port=$PORT \
  --commune.public-url=http://localhost:$PORT >/tmp/bench-dashboard.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
wait_http "http://localhost:$PORT/actuator/health" >/dev/null
PASSWORD=$(sed -n 's/.*with the password: //p' /tmp/bench-dashboard.log | head -1)
JAR=$(mktemp)
CSRF=$(curl -s -c "$JAR" -b "$JAR" "http://localhost:$PORT/login" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
curl -s -c "$JAR" -b "$JAR" -o /dev/null -X POST "http://localhost:$PORT/login" \
  --data-urlencode "_csrf=$CSRF" --data-urlencode "username=amina" --data-urlencode "password=$PASSWORD"
SESSION=$(awk '$6 == "JSESSIONID" {print $7}' "$JAR")
test "$(curl -s -o /dev/null -w '%{http_code}' -b "JSESSIONID=$SESSION" "http://localhost:$PORT/me")" = 200
echo "warm-up"; wrk -t2 -c50 -d5s -H "Cookie: JSESSIONID=$SESSION" "http://localhost:$PORT/me" >/dev/null
echo "== signed-in dashboard /me =="
wrk -t2 -c50 -d"${SECONDS_EACH}s" --latency -H "Cookie: JSESSIONID=$SESSION" "http://localhost:$PORT/me"
echo "== static file /assets/commune.css =="
wrk -t2 -c50 -d"${SECONDS_EACH}s" --latency "http://localhost:$PORT/assets/commune.css"
