/** Adds up the test reports of `npm test` and prints one closing line: "tests: N passed, N failed". */
import fs from "node:fs";
import path from "node:path";

const dir = process.argv[2] ?? ".data/test";
let passed = 0;
let failed = 0;
let skipped = 0;
for (const name of fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
  const report = JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")) as {
    numPassedTests?: number;
    numFailedTests?: number;
    numPendingTests?: number;
    numTodoTests?: number;
    stats?: { expected: number; unexpected: number; flaky: number; skipped: number };
  };
  const counts = report.stats
    ? { p: report.stats.expected + report.stats.flaky, f: report.stats.unexpected, s: report.stats.skipped }
    : { p: report.numPassedTests ?? 0, f: report.numFailedTests ?? 0, s: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0) };
  console.log(`${name.replace(/\.json$/, "").padEnd(24)} ${counts.p} passed, ${counts.f} failed, ${counts.s} skipped`);
  passed += counts.p;
  failed += counts.f;
  skipped += counts.s;
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
