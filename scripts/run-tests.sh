#!/usr/bin/env bash
# Every check and test suite of the portal, run by `./portal test`.
# Prints a summary and, as its last line, "N passed, N failed" where each
# static check counts as one and every Jest and Playwright test counts as one.
set -uo pipefail

PORTAL_ROOT="${PORTAL_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
cd "$PORTAL_ROOT"
# shellcheck source=toolchain.sh
source scripts/toolchain.sh
# shellcheck source=system-deps.sh
source scripts/system-deps.sh
ensure_node
ensure_yarn

export CI="${CI:-true}"
OUT="$PORTAL_ROOT/data/test-output"
rm -rf "$OUT" && mkdir -p "$OUT"

PASSED=0
FAILED=0
FAILURES=()

check() {
  local name="$1"
  shift
  log "▶ $name"
  local start=$SECONDS
  if "$@"; then
    PASSED=$((PASSED + 1))
    log "✔ $name ($((SECONDS - start))s)"
  else
    FAILED=$((FAILED + 1))
    FAILURES+=("$name")
    log "✘ $name ($((SECONDS - start))s)"
  fi
}

# Adds a JSON report's totals; a missing report means the runner itself broke.
count_report() {
  local name="$1" report="$2" kind="$3" counts
  if [[ ! -s "$report" ]]; then
    FAILED=$((FAILED + 1))
    FAILURES+=("$name (no report written)")
    return
  fi
  counts="$(node -e "
    const r = require(process.argv[1]);
    if (process.argv[2] === 'jest') {
      const broken = r.testResults.filter(s => s.status === 'failed' && !s.assertionResults.some(a => a.status === 'failed')).length;
      console.log(r.numPassedTests, r.numFailedTests + broken);
      for (const s of r.testResults) for (const a of s.assertionResults)
        if (a.status === 'failed') console.error('  failed: ' + a.fullName);
      for (const s of r.testResults) if (s.status === 'failed' && !s.assertionResults.some(a => a.status === 'failed'))
        console.error('  suite failed to run: ' + s.name);
    } else {
      const s = r.stats;
      console.log(s.expected, s.unexpected + s.flaky + (r.errors?.length ?? 0));
    }
  " "$report" "$kind")" || { FAILED=$((FAILED + 1)); FAILURES+=("$name (unreadable report)"); return; }
  local passed failed
  read -r passed failed <<<"$counts"
  PASSED=$((PASSED + passed))
  FAILED=$((FAILED + failed))
  ((failed > 0)) && FAILURES+=("$name: $failed failed")
  log "$name: $passed passed, $failed failed"
}

ensure_postgres
ensure_chromium
ensure_kubectl
ensure_prometheus

check "@backstage packages aligned to one release" node scripts/check-backstage-versions.mjs
check "type-check (yarn tsc)" yarn tsc
check "lint (yarn lint:all)" yarn lint:all
check "formatting (yarn prettier:check)" yarn prettier:check
# The production backend test serves the built frontend.
check "frontend production build" yarn workspace app build

log "▶ unit and backend tests (SQLite and PostgreSQL)"
yarn backstage-cli repo test --json --outputFile="$OUT/jest.json" >"$OUT/jest.log" 2>&1
jest_status=$?
tail -n 60 "$OUT/jest.log"
count_report "jest" "$OUT/jest.json" jest
if ((jest_status != 0)) && ! grep -q '"numFailedTests":[1-9]' "$OUT/jest.json" 2>/dev/null; then
  log "jest exited with $jest_status; see data/test-output/jest.log"
fi

log "▶ end-to-end tests in Chromium"
PLAYWRIGHT_JSON_OUTPUT_NAME="$OUT/playwright.json" yarn playwright test
count_report "playwright" "$OUT/playwright.json" playwright

echo
if ((${#FAILURES[@]})); then
  echo "Failures:"
  printf '  %s\n' "${FAILURES[@]}"
fi
echo "$PASSED passed, $FAILED failed"
((FAILED == 0))
