#!/usr/bin/env bash
# Counting speed: Schulze and IRV on 1,000,000 ranked ballots × 10 options; Scottish STV on all
# Edinburgh 2017 wards (src/test/resources/reference-elections). Usage: bench/counting.sh
source "$(dirname "$0")/common.sh"
machine
./mvnw -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
"$JAVA" -Xmx4g -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  org.commune.governance.counting.CountingBenchmark src/test/resources/reference-elections/edinburgh-2017-scottish-stv
