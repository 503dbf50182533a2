#!/usr/bin/env bash
# RCTab and Commune count the same public cast vote records: the 2013 Minneapolis mayoral election
# (80,101 ballots, 35 candidates + undeclared write-ins, ES&S export from RCTab's own test data), turned
# into one NIST common-data-format JSON file by RCTab itself. Prints both wall times and both winners.
#
#   bench/rctab.sh            (needs git, Java 21+, python3, network to github.com once and Maven Central)
#   RCTAB_GIT=/path/to/rcv bench/rctab.sh    use a local clone instead of github.com
#
# RCTab's own build is Gradle (its wrapper downloads Gradle from services.gradle.org); bench/rctab/pom.xml
# builds the same sources with Maven and Maven Central only. Results: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
B=$ROOT/bench/rctab
WORK=$B/work
RCTAB_GIT=${RCTAB_GIT:-https://github.com/BrightSpots/rcv}
RCTAB_COMMIT=2167c240ddd25e40427cc3e7e1ecf46ef62f0b7f
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JAVA_HOME/bin/java
mkdir -p "$WORK"

seconds() { python3 -c 'import time; print(time.monotonic())'; }

# 1. RCTab's sources at a fixed commit, built with Maven.
if [ ! -d "$B/rcv/.git" ]; then
  git clone -q "$RCTAB_GIT" "$B/rcv"
fi
git -C "$B/rcv" checkout -q "$RCTAB_COMMIT" 2>/dev/null || git -C "$B/rcv" restore --source="$RCTAB_COMMIT" :/ 2>/dev/null || true
if [ ! -f "$B/target/rctab-from-sources-1.jar" ]; then
  t0=$(seconds)
  ./mvnw -B -q -f "$B/pom.xml" package -DskipTests
  echo "RCTab built from sources with Maven in $(python3 -c "print(round($(seconds) - $t0, 1))") s"
fi
MP="$B/target/classes:$B/target/lib"
mkdir -p "$B/target/cli"
"$JAVA_HOME/bin/javac" -d "$B/target/cli" --module-path "$MP" --add-modules network.brightspots.rcv "$B/RctabCli.java"
# RCTab writes its log (rcv_0.log) into the working directory: keep it in work/.
rctab() { (cd "$WORK" && "$JAVA" --module-path "$MP" --add-modules network.brightspots.rcv -cp "$B/target/cli" RctabCli "$@"); }

# 2. The public data: RCTab converts the ES&S spreadsheet to NIST CDF JSON (once, not timed).
DATA=$B/rcv/src/test/resources/network/brightspots/rcv/test_data/2013_minneapolis_mayor
CDF=$WORK/2013_minneapolis_mayor_cdf.json
if [ ! -s "$CDF" ]; then
  rm -rf "$DATA/output"
  rctab --cli "$DATA/2013_minneapolis_mayor_config.json" --name bench -x >"$WORK/convert.log" 2>&1
  cp "$(ls "$DATA"/output/*/*_cdf_cvr.json | head -1)" "$CDF"
fi

# 3. RCTab's configuration for that file: Minneapolis's rules, unchanged, reading the CDF file.
python3 - "$DATA/2013_minneapolis_mayor_config.json" "$WORK/config.json" "$CDF" "$WORK/rctab-out" <<'PY'
import json, sys
config = json.load(open(sys.argv[1]))
config["outputSettings"]["outputDirectory"] = sys.argv[4]
config["outputSettings"]["generateCdfJson"] = False
config["cvrFileSources"] = [{"filePath": sys.argv[3], "contestId": "2013 Minneapolis Mayor", "provider": "cdf",
    "overvoteLabel": "overvote", "idColumnIndex": "", "batchColumnIndex": "", "precinctColumnIndex": "",
    "overvoteDelimiter": "", "skippedRankLabel": "", "undeclaredWriteInLabel": "Undeclared Write-ins",
    "treatBlankAsUndeclaredWriteIn": False}]
config["outputSettings"]["tabulateByPrecinct"] = False
json.dump(config, open(sys.argv[2], "w"), indent=2)
PY

# 4. Commune's launcher builds its jar when the sources changed (not timed).
./commune tally "$CDF" --format nist --seed 0 >/dev/null 2>&1 || true

rm -rf "$WORK/rctab-out"
t0=$(seconds)
rctab --cli "$WORK/config.json" --name bench >"$WORK/rctab.log" 2>&1
t1=$(seconds)
./commune tally "$CDF" --format nist --contest "2013 Minneapolis Mayor" --overvote-label overvote \
  --overvotes exhaust-immediately --max-skipped 1 --max-rankings 3 --batch-elimination --seed 0 >"$WORK/commune.txt"
t2=$(seconds)

REPORT=$(ls "$WORK"/rctab-out/*/*_detailed_report.json | head -1)
python3 - "$REPORT" "$WORK/commune.txt" "$t0" "$t1" "$t2" "$(du -m "$CDF" | cut -f1)" <<'PY'
import json, re, sys
report = json.load(open(sys.argv[1]))
ours = open(sys.argv[2]).read()
t0, t1, t2 = map(float, sys.argv[3:6])
elected = [a["elected"] for r in report["results"] for a in r["tallyResults"] if "elected" in a]
rounds = len(re.findall(r"^  Round \d+:", ours, re.M))
print(f"input: {sys.argv[6]} MB NIST CDF JSON, {report['summary']['totalNumBallots']} cast vote records (both read the same file)")
print(f"RCTab  : {t1 - t0:6.1f} s wall (JVM start, config, CDF parse, tabulation, audit log and reports)  "
      f"winner {elected[0] if elected else '?'}, {len(report['results'])} rounds")
print(f"Commune: {t2 - t1:6.1f} s wall (./commune tally: JVM start, CDF parse, count, printed report)  "
      f"{re.search(r'^Winner: (.*)$', ours, re.M).group(1)}, {rounds} rounds")
# Round by round: the multiset of tallies (names are columns in our report), the threshold, and the
# inactive ballots (RCTab files "max rankings reached" under exhausted choices).
rows = re.findall(r"^  Round \d+: (.*)$", ours, re.M)
width = len(report["results"][0]["tally"])
same = []
for n, (theirs, line) in enumerate(zip(report["results"], rows), 1):
    cells = line.split()
    tallies = sorted(int(x) for x in cells[:width] if x != "—")
    threshold, none, exhausted, overvotes, skipped, maxed = (int(x) for x in cells[width:width + 6])
    inactive = theirs["inactiveBallots"]
    if (tallies == sorted(int(float(x)) for x in theirs["tally"].values())
            and threshold == int(float(theirs["threshold"])) and overvotes == int(inactive["overvotes"])
            and skipped == int(inactive["skippedRankings"])
            and exhausted + maxed == int(inactive["exhaustedChoices"])):
        same.append(n)
print(f"rounds identical (tallies, threshold, inactive by category): {len(same)} of {len(report['results'])}: {same}")
PY
