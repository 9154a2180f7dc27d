/**
 * Runs Shopify's theme-check on the theme app extension, with the rules its `.theme-check.yml` selects
 * (`theme-check:theme-app-extension`: parser-blocking scripts, asset sizes, schema and translation checks).
 * `npx tsx devstore/storefront/theme-check.ts` prints the offenses and exits non-zero when there are any.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { themeCheckRun } from "@shopify/theme-check-node";

export const THEME_EXTENSION_DIR = path.resolve(import.meta.dirname, "../../extensions/tsunagu-theme");

export type ThemeCheckOffense = {
  check: string;
  severity: "error" | "warning" | "info";
  file: string;
  line: number;
  message: string;
};

const SEVERITY = ["error", "warning", "info"] as const;

export async function runThemeCheck(root = THEME_EXTENSION_DIR): Promise<ThemeCheckOffense[]> {
  const run = await themeCheckRun(root, undefined, () => {});
  return run.offenses.map((o) => ({
    check: o.check,
    severity: SEVERITY[o.severity] ?? "info",
    file: path.relative(root, fileURLToPath(o.uri)),
    line: o.start.line + 1,
    message: o.message,
  }));
}

export function formatOffenses(offenses: ThemeCheckOffense[]): string {
  if (offenses.length === 0) return "theme-check: no offenses";
  return offenses.map((o) => `${o.file}:${o.line} ${o.severity} ${o.check}: ${o.message}`).join("\n");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const offenses = await runThemeCheck();
  console.log(formatOffenses(offenses));
  process.exitCode = offenses.length ? 1 : 0;
}
