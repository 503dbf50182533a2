#!/usr/bin/env bash
# Federation fan-out: one new article to 1,000 and 10,000 followers (over 200 shared inboxes, then one
# personal inbox each) through the persistent delivery queue, against a local sink that verifies every
# signature. Prints deliveries per second and the time to the last delivery (docs/benchmarks.md).
# Usage: bench/fanout.sh [--sink URL] [--followers 1000,10000] [--shared-inboxes 200] [--setting name=value]…
#   --sink URL: deliver to another sink (e.g. node bench/fedify/sink.mjs) instead of the built-in Java one.
source "$(dirname "$0")/common.sh"
machine
./mvnw -q -B -o -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=test
"$JAVA" -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  org.commune.bench.FanOutBenchmark "$@"
