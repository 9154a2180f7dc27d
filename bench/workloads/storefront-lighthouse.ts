/**
 * Workload "storefront-lighthouse": Lighthouse performance of the dev store's contact page with the app embed and the
 * inquiry form block, against the same page without them (the theme's own contact form), N runs each, alternating
 * with and without in one Chromium session so drift on a shared machine falls on both sides. Also the gzipped size
 * of the storefront scripts (the budget: the every-page script at most 10 KB).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { startStack } from "../../tests/support/stack";
import { childMain } from "../lib/child";
import { installApp } from "./app-stack";

export type StorefrontLighthouseInput = {
  databaseUrl: string;
  shop: string;
  runs: number;
  chromePath: string;
};

export type LighthouseRun = { variant: "with" | "without"; score: number; lcpMs: number; tbtMs: number; cls: number };

export type StorefrontLighthouseResult = {
  url: string;
  runs: LighthouseRun[];
  medians: { with: number; without: number };
  /** Gzipped bytes (level 9) of each storefront asset. */
  assetGzipBytes: Record<string, number>;
  lighthouseVersion: string;
};

const EXTENSION_ASSETS = path.resolve(import.meta.dirname, "..", "..", "extensions", "tsunagu-theme", "assets");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function assetSizes(dir = EXTENSION_ASSETS): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const file of fs.readdirSync(dir).sort()) sizes[file] = gzipSync(fs.readFileSync(path.join(dir, file)), { level: 9 }).length;
  return sizes;
}

async function storefrontLighthouse(input: StorefrontLighthouseInput): Promise<StorefrontLighthouseResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsunagu-bench-lh-"));
  const stack = await startStack({ databaseUrl: input.databaseUrl, devstoreDb: path.join(dir, "devstore.sqlite"), seed: "tiny" });
  const chrome = await chromeLauncher.launch({
    chromePath: input.chromePath,
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
  });
  try {
    await installApp(stack, input.shop);
    const handle = input.shop.replace(".myshopify.com", "");
    const url = `http://${handle}.localhost:${new URL(stack.devstoreUrl).port}/pages/contact`;
    const theme = async (enabled: boolean) => {
      // Every embed and block of the extension: "without" is the theme with the app switched off entirely.
      const blocks = fs.readdirSync(path.join(EXTENSION_ASSETS, "..", "blocks")).filter((f) => f.endsWith(".liquid")).map((f) => f.slice(0, -".liquid".length));
      for (const block of blocks) {
        const response = await fetch(`${stack.devstoreUrl}/_control/shops/${input.shop}/theme/blocks/${block}`, {
          method: "PUT",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ enabled }),
        });
        if (!response.ok) throw new Error(`theme ${block}: ${response.status} ${await response.text()}`);
      }
    };
    const measure = async (variant: LighthouseRun["variant"]): Promise<LighthouseRun> => {
      await theme(variant === "with");
      const result = await lighthouse(url, { port: chrome.port, onlyCategories: ["performance"], output: "json", logLevel: "error" });
      const lhr = result?.lhr;
      if (!lhr || lhr.runtimeError) throw new Error(`lighthouse: ${lhr?.runtimeError?.message ?? "no result"}`);
      const numeric = (id: string) => Number(lhr.audits[id]?.numericValue ?? Number.NaN);
      return {
        variant,
        score: Math.round((lhr.categories.performance?.score ?? 0) * 100),
        lcpMs: numeric("largest-contentful-paint"),
        tbtMs: numeric("total-blocking-time"),
        cls: numeric("cumulative-layout-shift"),
      };
    };
    // One unmeasured load per variant warms the dev store and the disk cache.
    await measure("with");
    await measure("without");
    const runs: LighthouseRun[] = [];
    for (let i = 0; i < input.runs; i++) {
      runs.push(await measure(i % 2 ? "without" : "with"));
      runs.push(await measure(i % 2 ? "with" : "without"));
    }
    await theme(true);
    const pick = (variant: LighthouseRun["variant"]) => runs.filter((r) => r.variant === variant).map((r) => r.score);
    const version = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, "..", "..", "node_modules", "lighthouse", "package.json"), "utf8")) as { version: string };
    return { url, runs, medians: { with: median(pick("with")), without: median(pick("without")) }, assetGzipBytes: assetSizes(), lighthouseVersion: version.version };
  } finally {
    chrome.kill();
    await stack.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

childMain(storefrontLighthouse);
