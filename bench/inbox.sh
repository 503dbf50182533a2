#!/usr/bin/env bash
# Federation inbox: signed Create{Note} activities from N actors the organisation follows, POSTed to the
# shared inbox of a Commune running as its own process; accepted/s and p50/p99 of the 202, the background
# processing, then a flood of bad signatures alone and alongside good traffic (docs/benchmarks.md).
# Usage: bench/inbox.sh [--actors 50] [--activities 4000] [--bad 4000] [--clients 8] [--setting name=value]…
source "$(dirname "$0")/common.sh"
machine
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
./mvnw -q -B -o -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=test
"$JAVA" -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  org.commune.federation.bench.InboxBenchmark "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
