/**
 * Liquid as an Online Store theme renders a theme app extension: liquidjs with the Shopify filters the blocks use,
 * Shopify's global objects, `block.settings` from each block's `{% schema %}` defaults, and the schema, javascript
 * and stylesheet tags stripped from the output (Shopify reads them, it never prints them).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Liquid } from "liquidjs";
import { z } from "zod";

/** Where the dev store serves extension assets (Shopify serves them from its CDN). */
export const ASSET_ROUTE = "/cdn/shopify/extensions";

const SchemaSetting = z.looseObject({ id: z.string().optional(), type: z.string(), default: z.unknown().optional() });
const BlockSchema = z.looseObject({
  name: z.string(),
  target: z.enum(["section", "head", "body", "compliance_head"]),
  settings: z.array(SchemaSetting).default([]),
  javascript: z.string().optional(),
  stylesheet: z.string().optional(),
  enabled_on: z.unknown().optional(),
});
export type BlockSchema = z.infer<typeof BlockSchema>;

export type ThemeBlock = {
  /** File name without extension, e.g. "app-embed". */
  handle: string;
  id: string;
  schema: BlockSchema;
  /** The Liquid source without the schema/javascript/stylesheet tags. */
  template: string;
  settings: Record<string, unknown>;
};

const STRIPPED_TAGS = ["schema", "javascript", "stylesheet"] as const;

/** Removes `{% schema %}`, `{% javascript %}` and `{% stylesheet %}` blocks (whitespace-control variants too). */
export function stripThemeTags(source: string): string {
  let out = source;
  for (const tag of STRIPPED_TAGS) {
    const re = new RegExp(`\\{%-?\\s*${tag}\\s*-?%\\}[\\s\\S]*?\\{%-?\\s*end${tag}\\s*-?%\\}`, "g");
    out = out.replace(re, "");
  }
  return out;
}

export function readSchema(source: string, file: string): BlockSchema {
  const match = /\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/.exec(source);
  if (!match) throw new Error(`${file}: a theme app extension block needs a {% schema %}`);
  return BlockSchema.parse(JSON.parse(match[1]!));
}

/** Reads every block of the extension (fresh on each call, so edits show on reload). */
export function loadBlocks(extensionDir: string): ThemeBlock[] {
  const dir = path.join(extensionDir, "blocks");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".liquid"))
    .sort()
    .map((file) => {
      const source = fs.readFileSync(path.join(dir, file), "utf8");
      const schema = readSchema(source, file);
      const settings: Record<string, unknown> = {};
      for (const s of schema.settings) if (s.id !== undefined) settings[s.id] = s.default ?? null;
      const handle = file.replace(/\.liquid$/, "");
      // Stable per extension and block, like the id Shopify gives an enabled embed.
      const id = crypto.createHash("sha256").update(`${path.basename(extensionDir)}/${handle}`).digest("hex").slice(0, 16);
      return { handle, id, schema, template: stripThemeTags(source), settings };
    });
}

type Translations = Record<string, unknown>;

/** Storefront translations of the extension: `<locale>.json`, falling back to `*.default.json`. */
export function loadTranslations(extensionDir: string, locale: string): { current: Translations; fallback: Translations } {
  const dir = path.join(extensionDir, "locales");
  const read = (file: string | undefined): Translations =>
    file && fs.existsSync(path.join(dir, file)) ? (JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as Translations) : {};
  const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const fallbackFile = files.find((f) => /^[\w-]+\.default\.json$/.test(f));
  const currentFile = files.find((f) => f === `${locale}.json` || f === `${locale}.default.json`);
  return { current: read(currentFile), fallback: read(fallbackFile) };
}

function lookup(tree: Translations, key: string): string | undefined {
  let node: unknown = tree;
  for (const part of key.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" ? node : undefined;
}

/** URL of an extension asset, versioned by its modification time so a changed file is fetched again. */
export function extensionAssetUrl(extensionDir: string, file: string, origin = ""): string {
  const name = path.basename(file);
  const full = path.join(extensionDir, "assets", name);
  const version = fs.existsSync(full) ? Math.floor(fs.statSync(full).mtimeMs) : 0;
  return `${origin}${ASSET_ROUTE}/${path.basename(extensionDir)}/assets/${encodeURIComponent(name)}?v=${version}`;
}

export type ShopifyLiquidOptions = {
  extensionDir: string;
  locale: string;
  /** Shop currency for the money filters, e.g. "JPY". */
  currency: string;
  /** Prefix for asset URLs, e.g. "" or "http://127.0.0.1:4100". */
  assetOrigin?: string;
};

/** A liquidjs engine with the Shopify filters the extension's blocks (and app-proxy Liquid) use. */
export function createShopifyLiquid(options: ShopifyLiquidOptions): Liquid {
  const { extensionDir, locale } = options;
  const engine = new Liquid({ root: path.join(extensionDir, "snippets"), extname: ".liquid", cache: false });
  const translations = loadTranslations(extensionDir, locale);

  engine.registerFilter("asset_url", (file: unknown) => extensionAssetUrl(extensionDir, String(file), options.assetOrigin));
  // Shopify: `{{ 'key' | t: name: value }}` with `{{ name }}` placeholders; a missing key prints a marker.
  engine.registerFilter("t", (key: unknown, ...args: unknown[]) => {
    const k = String(key);
    const text = lookup(translations.current, k) ?? lookup(translations.fallback, k);
    if (text === undefined) return `translation missing: ${locale}.${k}`;
    const vars = new Map<string, unknown>();
    for (const arg of args) if (Array.isArray(arg) && arg.length === 2) vars.set(String(arg[0]), arg[1]);
    return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(vars.get(name) ?? ""));
  });
  engine.registerFilter("handleize", (value: unknown) =>
    String(value ?? "")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, "-")
      .replace(/^-+|-+$/g, ""),
  );
  // Shopify's money filters take cents.
  engine.registerFilter("money", (cents: unknown) => formatCents(cents, locale, options.currency, false));
  engine.registerFilter("money_with_currency", (cents: unknown) => formatCents(cents, locale, options.currency, true));
  return engine;
}

function formatCents(cents: unknown, locale: string, currency: string, withCode: boolean): string {
  const text = new Intl.NumberFormat(locale, { style: "currency", currency }).format(Number(cents) / 100);
  return withCode ? `${text} ${currency}` : text;
}

export type BlockGlobals = Record<string, unknown>;

/** Renders the blocks of one target (e.g. every app embed with `"target": "body"`), as the theme would. */
export async function renderBlocks(
  engine: Liquid,
  blocks: ThemeBlock[],
  target: BlockSchema["target"],
  globals: BlockGlobals,
  extensionDir: string,
): Promise<string> {
  const assetUrl = (file: string) => extensionAssetUrl(extensionDir, file);
  const out: string[] = [];
  for (const block of blocks.filter((b) => b.schema.target === target)) {
    // Schema-declared assets are injected by Shopify: the script deferred, the stylesheet as a link.
    if (block.schema.stylesheet) out.push(`<link rel="stylesheet" href="${assetUrl(block.schema.stylesheet)}">`);
    if (block.schema.javascript) out.push(`<script src="${assetUrl(block.schema.javascript)}" defer></script>`);
    const scope = { ...globals, block: { id: block.id, type: `shopify://apps/tsunagu/blocks/${block.handle}`, settings: block.settings } };
    out.push(await engine.parseAndRender(block.template, scope));
  }
  return out.join("\n");
}
