import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SEARCH_TEXT_SQL, containsPattern, orderNameOf, searchWords } from "./search-terms";

describe("searchWords", () => {
  it("adds the katakana reading of a hiragana or half-width kana word", () => {
    expect(searchWords("やまだ")[0]!.forms).toEqual(["やまだ", "ヤマダ"]);
    expect(searchWords("ﾔﾏﾀﾞ")[0]!.forms).toEqual(["ﾔﾏﾀﾞ", "ヤマダ"]);
  });

  it("keeps kanji, katakana and latin words as typed, once", () => {
    expect(searchWords("山田")[0]!.forms).toEqual(["山田"]);
    expect(searchWords("ヤマダ")[0]!.forms).toEqual(["ヤマダ"]);
    expect(searchWords("icloud")[0]!.forms).toEqual(["icloud"]);
  });

  it("splits on any whitespace, the ideographic space included, and keeps at most five words", () => {
    expect(searchWords("山田\u3000花子").map((w) => w.word)).toEqual(["山田", "花子"]);
    expect(searchWords("a b c d e f g")).toHaveLength(5);
  });

  it("gives a hyphenated word a phone form without hyphens and asks for the field-by-field check", () => {
    const [word] = searchWords("090-1234");
    expect(word!.forms).toEqual(["090-1234", "0901234"]);
    expect(word!.exact).toEqual({ text: ["090-1234"], phone: "0901234" });
    expect(searchWords("0901234")[0]!.exact).toBeUndefined();
  });
});

describe("containsPattern", () => {
  it("escapes LIKE wildcards so they match themselves", () => {
    expect(containsPattern("50%_off\\")).toBe("%50\\%\\_off\\\\%");
  });
});

describe("orderNameOf", () => {
  it("reads order numbers with or without #", () => {
    expect(orderNameOf("1001")).toBe("#1001");
    expect(orderNameOf("#1001")).toBe("#1001");
    expect(orderNameOf("10a")).toBeNull();
  });
});

describe("the search expression in the migrations", () => {
  // A database uses an expression index only for the very same expression; a drifted copy would silently scan.
  it.each([["prisma/migrations"], ["prisma/postgresql/migrations"]])("the newest index on it in %s repeats SEARCH_TEXT_SQL", (folder) => {
    const root = path.join(import.meta.dirname, "..", "..", folder);
    const newest = fs
      .readdirSync(root)
      .filter((name) => fs.existsSync(path.join(root, name, "migration.sql")))
      .sort()
      .map((name) => fs.readFileSync(path.join(root, name, "migration.sql"), "utf8"))
      .filter((sql) => sql.includes('CREATE INDEX "Customer_search_idx"'))
      .at(-1);
    expect(newest).toContain(SEARCH_TEXT_SQL);
  });
});
