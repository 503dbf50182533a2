#!/usr/bin/env bash
# Federation mirror catch-up: an origin with 10,000 articles and a 1,000,000-entry log (served by its own
# process), an ally that adopts it by a closed vote and syncs once; times articles mirrored, the log
# downloaded and verified against the pinned key, the entries stored, a second sync, and verify-log of the
# mirror (docs/benchmarks.md).
# Usage: bench/mirror.sh [--articles 10000] [--log-entries 1000000] [--no-resync]
source "$(dirname "$0")/common.sh"
machine
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
./mvnw -q -B -o -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=test
"$JAVA" -Xmx3g -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  org.commune.federation.bench.MirrorBenchmark "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
