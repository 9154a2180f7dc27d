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

/** `#graphql` template literals, as the Shopify tooling marks them. */
function graphqlDocuments(): Array<{ file: string; document: string }> {
  return sourceFiles(APP_DIR).flatMap((file) =>
    [...fs.readFileSync(file, "utf8").matchAll(/`#graphql\n([\s\S]*?)`/g)].map((m) => ({
      file: path.relative(APP_DIR, file),
      document: m[1]!,
    })),
  );
}

describe("Admin GraphQL documents", () => {
  const apiVersion = readAppToml().webhooks.api_version;
  const schema = loadAdminSchema(defaultSchemaDir(), apiVersion);
  const documents = graphqlDocuments();

  it("are found in the app", () => {
    expect(documents.length).toBeGreaterThanOrEqual(2);
  });

  it.each(documents.map((d) => [d.file, d.document.trim().split("\n")[0], d.document] as const))(
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
