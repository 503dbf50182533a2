#!/usr/bin/env bash
# Page weight of the first visit to the front page (issue 10: HTML + CSS + fonts <= 150 KB compressed).
# Runs ScreenshotsIT#firstVisitToTheFrontPageWeighsLittle: headless Chromium with an empty cache loads
# the demo organisation's front page in Arabic and in English and sums what travelled (Resource Timing
# transferSize: gzip for text as served, woff2 fonts, headers included). The test fails above 150 KB.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
machine
./mvnw -q -B -o verify -Dit.test='ScreenshotsIT#firstVisitToTheFrontPageWeighsLittle' -Dtest=none \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
cat target/screenshots/pageweight.txt
