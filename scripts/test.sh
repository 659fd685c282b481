#!/usr/bin/env bash
# `npm test`: the toolchain check, the type check, then vitest; ends with a plain
# "N passed, N failed" line taken from vitest's JSON report. Arguments go to vitest.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-toolchain.sh || exit 1
npx tsc --noEmit || exit 1
mkdir -p build
npx vitest run --reporter=default --reporter=json --outputFile.json=build/vitest.json "$@"
status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync("build/vitest.json", "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' || true
exit $status
