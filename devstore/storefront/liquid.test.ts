import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createShopifyLiquid, loadBlocks, stripThemeTags } from "./liquid";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function extension(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ext-"));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe("Shopify Liquid for theme app extensions", () => {
  it("strips schema, javascript and stylesheet tags, whitespace-control variants too", () => {
    const out = stripThemeTags("a{%- schema -%}{\"x\":1}{%- endschema -%}b{% javascript %}x(){% endjavascript %}c{%stylesheet%}p{}{%endstylesheet%}d");
    expect(out).toBe("abcd");
  });

  it("translates with the shopper's locale, falls back to the default locale, and interpolates", async () => {
    const dir = extension({
      "locales/en.default.json": JSON.stringify({ greet: "Hello {{ name }}", only_en: "English only" }),
      "locales/ja.json": JSON.stringify({ greet: "{{ name }} 様" }),
    });
    const engine = createShopifyLiquid({ extensionDir: dir, locale: "ja", currency: "JPY" });
    const out = await engine.parseAndRender("{{ 'greet' | t: name: n }}|{{ 'only_en' | t }}|{{ 'nope' | t }}", { n: "花子" });
    expect(out).toBe("花子 様|English only|translation missing: ja.nope");
  });

  it("formats money from cents in the shop currency", async () => {
    const engine = createShopifyLiquid({ extensionDir: extension({}), locale: "en", currency: "USD" });
    expect(await engine.parseAndRender("{{ 1999 | money }} {{ 1999 | money_with_currency }}")).toBe("$19.99 $19.99 USD");
  });

  it("reads block settings defaults from the schema", () => {
    const dir = extension({
      "blocks/embed.liquid": '<p>{{ block.settings.color }}</p>{% schema %}{"name":"E","target":"body","settings":[{"type":"color","id":"color","label":"C","default":"#ff0000"}]}{% endschema %}',
    });
    const [block] = loadBlocks(dir);
    expect(block?.settings).toEqual({ color: "#ff0000" });
    expect(block?.template).toBe("<p>{{ block.settings.color }}</p>");
  });
});
