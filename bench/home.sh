#!/usr/bin/env bash
# The member home page ("what needs me") with 1,000 members and 500 proposals in every phase, timed over
# N sequential signed-in requests beside a static file in the same run (org.commune.members.HomeBenchmark:
# seeds through the facades and bulk SQL, in its own data directory, then measures over real HTTP).
# Usage: bench/home.sh [members=1000] [proposals=500] [requests=500]
source "$(dirname "$0")/common.sh"
machine
./mvnw -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
"$JAVA" -XX:+UseSerialGC -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  org.commune.members.HomeBenchmark "target/bench-home-$(date +%s)" "${1:-1000}" "${2:-500}" "${3:-500}"
