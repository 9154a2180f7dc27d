/**
 * Every string a merchant reads comes from the translation files. This walks the admin's TSX and fails on JSX text
 * or user-facing attributes written as literals.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const APP_DIR = path.resolve(import.meta.dirname, "..");
const USER_FACING_ATTRIBUTES = new Set([
  "label",
  "title",
  "placeholder",
  "helpText",
  "heading",
  "content",
  "accessibilityLabel",
  "aria-label",
  "alt",
  "error",
  "emptyStateText",
  "queryPlaceholder",
]);
const LETTERS = /[A-Za-z\u3040-\u30ff\u3400-\u9fff]/;

function tsxFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsxFiles(full);
    return entry.name.endsWith(".tsx") && !entry.name.endsWith(".test.tsx") ? [full] : [];
  });
}

export function hardcodedStrings(source: string, fileName = "file.tsx"): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && LETTERS.test(node.text)) found.push(node.text.trim());
    const element = ts.isJsxAttribute(node) ? node.parent.parent : undefined;
    const isMeta = element && (ts.isJsxSelfClosingElement(element) || ts.isJsxOpeningElement(element)) && element.tagName.getText() === "meta";
    if (ts.isJsxAttribute(node) && !isMeta && USER_FACING_ATTRIBUTES.has(node.name.getText())) {
      const init = node.initializer;
      if (init && ts.isStringLiteral(init) && LETTERS.test(init.text)) found.push(`${node.name.getText()}="${init.text}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe("admin screens", () => {
  it("have no hard-coded UI strings", () => {
    const offenders = tsxFiles(APP_DIR).flatMap((file) =>
      hardcodedStrings(fs.readFileSync(file, "utf8"), file).map((s) => `${path.relative(APP_DIR, file)}: ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it("would catch literal text and labels", () => {
    expect(hardcodedStrings(`const A = () => <Card title="Orders"><p>保存</p>{t("x")}</Card>;`)).toEqual([
      'title="Orders"',
      "保存",
    ]);
  });
});
