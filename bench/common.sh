# Shared by the benchmark scripts: pick JDK 25 (or 21+), build, and start/stop a server.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
for jdk in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25*; do
  if [ -n "$jdk" ] && [ -x "$jdk/bin/java" ]; then export JAVA_HOME="$jdk"; break; fi
done
JAVA="$JAVA_HOME/bin/java"

build() {
  ./mvnw -q -B -DskipTests package
}

# wait_http URL [seconds]: polls until the URL answers 200; prints the seconds it took.
wait_http() {
  local url=$1 limit=${2:-120} start
  start=$(date +%s.%N)
  until curl -sf -o /dev/null "$url"; do
    sleep 0.05
    if (( $(echo "$(date +%s.%N) - $start > $limit" | bc) )); then echo "timeout" >&2; return 1; fi
  done
  echo "$(date +%s.%N) - $start" | bc
}

rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

machine() {
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $("$JAVA" -version 2>&1 | head -1)"
}
