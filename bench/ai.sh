#!/usr/bin/env bash
# AI gateway overhead per call (outside the model) and in-process embeddings per second.
# Usage: bench/ai.sh [calls=2000]
source "$(dirname "$0")/common.sh"
N=${1:-2000}
machine
./mvnw -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
"$JAVA" -XX:+UseSerialGC -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  org.commune.ai.AiBenchmark "target/bench-ai-$(date +%s)" "$N"
