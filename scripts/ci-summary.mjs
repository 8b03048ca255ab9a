// Sum the test results of one or more `npm test` runs into the line CI reads: `N passed, N failed`.
//
//   node scripts/ci-summary.mjs <name> <log> <exit-code-file> <playwright-json> [<name> <log> ...]
//
// Vitest: every "Tests  ..." summary line in the log (one per `vitest run`); a file that failed to
// load, or an unhandled error, counts as a failure too. Playwright: its JSON report when present
// (expected + flaky passed, unexpected failed, global errors failed), else its summary lines.
// A run that exited non-zero with no failure counted (typecheck, build, setup) adds one failure.
// Details go to stdout first; the last line printed is the sum.
import fs from "node:fs";

const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

function read(file) {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

function count(text, word) {
  const m = text.match(new RegExp(`(\\d+)\\s+${word}`));
  return m ? Number(m[1]) : 0;
}

function vitestTotals(log) {
  let passed = 0;
  let failed = 0;
  let suites = 0;
  const lines = log.replace(ANSI, "").split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const files = lines[i].match(/^\s*Test Files\s+(.*)$/);
    if (!files) continue;
    suites++;
    const tests = (lines[i + 1] ?? "").match(/^\s*Tests\s+(.*)$/);
    const filesFailed = count(files[1], "failed");
    const testsFailed = tests ? count(tests[1], "failed") : 0;
    passed += tests ? count(tests[1], "passed") : 0;
    // a test file that failed to import has no failed test of its own
    failed += Math.max(testsFailed, filesFailed);
    // "Errors  2 errors" (unhandled errors during the run) fail vitest even when every test passed
    for (let j = i + 2; j < Math.min(lines.length, i + 5); j++) {
      const errors = lines[j].match(/^\s*Errors\s+(\d+)\s+error/);
      if (errors) failed += Number(errors[1]);
    }
  }
  return { passed, failed, suites };
}

function playwrightTotals(jsonFile, log) {
  const raw = read(jsonFile);
  if (raw) {
    try {
      const report = JSON.parse(raw);
      const s = report.stats ?? {};
      const globalErrors = Array.isArray(report.errors) ? report.errors.length : 0;
      return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: (s.unexpected ?? 0) + globalErrors, ran: true };
    } catch {
      // fall through to the text
    }
  }
  // the list reporter's closing lines: "  3 failed", "  1 flaky", "  8 passed (1.2m)"
  const text = log.replace(ANSI, "");
  const summary = text.match(/\n\s*(\d+) passed \([\d.]+m?s?\)/);
  const failedLine = text.match(/\n\s*(\d+) failed\s*\n\s*\[/);
  const flaky = text.match(/\n\s*(\d+) flaky\s*\n/);
  if (!summary && !failedLine) return { passed: 0, failed: 0, ran: /playwright test/.test(text) };
  return {
    passed: (summary ? Number(summary[1]) : 0) + (flaky ? Number(flaky[1]) : 0),
    failed: failedLine ? Number(failedLine[1]) : 0,
    ran: true,
  };
}

const args = process.argv.slice(2);
if (args.length === 0 || args.length % 4 !== 0) {
  console.error("usage: ci-summary.mjs <name> <log> <exit-code-file> <playwright-json> [...]");
  process.exit(2);
}

let totalPassed = 0;
let totalFailed = 0;
for (let i = 0; i < args.length; i += 4) {
  const [name, logFile, rcFile, jsonFile] = args.slice(i, i + 4);
  const log = read(logFile) ?? "";
  const rcText = read(rcFile);
  const rc = rcText === null ? null : Number(rcText.trim());
  const v = vitestTotals(log);
  const p = playwrightTotals(jsonFile, log);
  let passed = v.passed + p.passed;
  let failed = v.failed + p.failed;
  const notes = [];
  if (v.suites < 2) notes.push(`${2 - v.suites} vitest suite(s) did not report`);
  if (!p.ran) notes.push("Playwright did not run");
  if (rc !== 0 && failed === 0) {
    failed += 1;
    notes.push(rc === null ? "no exit code recorded" : `npm test exited ${rc} with no failing test counted (typecheck, build or setup failed?)`);
  }
  console.log(
    `[${name}] vitest: ${v.passed} passed, ${v.failed} failed; playwright: ${p.passed} passed, ${p.failed} failed; exit ${rc ?? "?"}` +
      (notes.length ? ` (${notes.join("; ")})` : ""),
  );
  totalPassed += passed;
  totalFailed += failed;
}
console.log(`${totalPassed} passed, ${totalFailed} failed`);
process.exit(totalFailed > 0 ? 1 : 0);
