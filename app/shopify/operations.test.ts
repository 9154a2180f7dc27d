/**
 * Every Admin GraphQL document in app/ must be one Shopify accepts: validated against Shopify's published schema for
 * the pinned API version (../shared/shopify-admin-schema).
 */
import fs from "node:fs";
import path from "node:path";
import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { defaultSchemaDir, readAppToml } from "../../devstore/config";
import { loadAdminSchema } from "../../devstore/schema";

const APP_DIR = path.resolve(import.meta.dirname, "..");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The modules that hold the app's Admin GraphQL documents (typed operations and bulk queries). */
const OPERATION_MODULES = ["shopify/operations.ts", "sync/bulk-operations.ts"] as const;

/** Documents as the app sends them, fragments composed in: every exported operation and bulk query string. */
async function graphqlDocuments(): Promise<Array<{ file: string; document: string }>> {
  const found: Array<{ file: string; document: string }> = [];
  const collect = (file: string, value: unknown) => {
    if (typeof value === "string" && value.trimStart().startsWith("#graphql")) found.push({ file, document: value });
    else if (value && typeof value === "object") {
      const document = (value as { document?: unknown }).document;
      if (typeof document === "string") found.push({ file, document });
      else for (const child of Object.values(value)) collect(file, child);
    }
  };
  for (const file of OPERATION_MODULES) {
    const module = (await import(path.join(APP_DIR, file))) as Record<string, unknown>;
    for (const value of Object.values(module)) collect(file, value);
  }
  return found;
}

const documents = await graphqlDocuments();

describe("Admin GraphQL documents", () => {
  const apiVersion = readAppToml().webhooks.api_version;
  const schema = loadAdminSchema(defaultSchemaDir(), apiVersion);

  it("are found in the app", () => {
    expect(documents.length).toBeGreaterThanOrEqual(10);
  });

  it("live only in the modules this test reads", () => {
    const withDocuments = sourceFiles(APP_DIR)
      .filter((file) => /`#graphql\n/.test(fs.readFileSync(file, "utf8")))
      .map((file) => path.relative(APP_DIR, file));
    expect(withDocuments.sort()).toEqual([...OPERATION_MODULES].sort());
  });

  it.each(documents.map((d) => [d.file, d.document.replace("#graphql", "").trim().split("\n")[0], d.document] as const))(
    "%s: %s is valid against Shopify's schema",
    (_file, _first, document) => {
      const errors = validate(schema, parse(document)).map((e) => e.message);
      expect(errors).toEqual([]);
    },
  );

  it("would catch a field Shopify does not have", () => {
    const errors = validate(schema, parse("query Bad { shop { name notAField } }"));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('Cannot query field "notAField" on type "Shop".');
  });
});
