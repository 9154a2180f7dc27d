import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { THEME_EXTENSION_DIR, formatOffenses, runThemeCheck } from "./theme-check";

describe("theme app extension", () => {
  it("passes Shopify's theme-check with the theme-app-extension rules", async () => {
    const offenses = await runThemeCheck();
    expect(formatOffenses(offenses)).toBe("theme-check: no offenses");
  });

  it("would be flagged if the embed's script were parser-blocking (the check is really running)", async () => {
    // GIVEN a copy of the extension whose embed loads the script without defer
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "tsunagu-theme-"));
    fs.cpSync(THEME_EXTENSION_DIR, copy, { recursive: true });
    const embed = path.join(copy, "blocks", "app-embed.liquid");
    fs.writeFileSync(embed, fs.readFileSync(embed, "utf8").replace(/^\s*defer\s*$/m, ""));
    try {
      // WHEN theme-check runs on it THEN it reports the parser-blocking script
      const offenses = await runThemeCheck(copy);
      expect(offenses.map((o) => o.check)).toContain("ParserBlockingScript");
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
