#!/usr/bin/env bash
# Casting ballots through the web endpoint with 100 concurrent voters, then checking that no ballot
# was lost or duplicated. Usage: bench/casting.sh [members=1000] [secret]
source "$(dirname "$0")/common.sh"
N=${1:-1000}
machine
./mvnw -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
"$JAVA" -XX:+UseSerialGC -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  org.commune.governance.CastingBenchmark "target/bench-casting-$(date +%s)" "$N" "${2:-open}"
