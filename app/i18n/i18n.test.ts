import { describe, expect, it } from "vitest";
import { createI18n, localeFromAcceptLanguage, messages, toLocale } from "./i18n";

function keysOf(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

describe("translations", () => {
  it("have the same keys in Japanese and English", () => {
    const en = keysOf(messages.en).sort();
    const ja = keysOf(messages.ja).sort();
    expect(ja.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !ja.includes(k))).toEqual([]);
  });

  it("have no empty strings and the same placeholders in both languages", () => {
    const lookup = (obj: unknown, key: string) =>
      key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], obj) as string;
    for (const key of keysOf(messages.en)) {
      const en = lookup(messages.en, key);
      const ja = lookup(messages.ja, key);
      expect(en.trim(), key).not.toBe("");
      expect(ja.trim(), key).not.toBe("");
      const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      expect(placeholders(ja), key).toEqual(placeholders(en));
    }
  });

  it("translates with interpolation in the chosen language", () => {
    expect(createI18n("ja").t("home.subtitle", { shop: "つなぐ商店" })).toBe("つなぐ商店 の概要");
    expect(createI18n("en").t("home.subtitle", { shop: "Demo" })).toBe("Demo at a glance");
  });
});

describe("locale resolution", () => {
  it("maps admin locales to the supported ones", () => {
    expect(toLocale("ja")).toBe("ja");
    expect(toLocale("ja-JP")).toBe("ja");
    expect(toLocale("en-US")).toBe("en");
    expect(toLocale("fr")).toBeNull();
    expect(toLocale(undefined)).toBeNull();
  });

  it("picks the best supported language from Accept-Language", () => {
    expect(localeFromAcceptLanguage("fr-FR,fr;q=0.9,ja;q=0.8,en;q=0.7")).toBe("ja");
    expect(localeFromAcceptLanguage("de, en;q=0.5")).toBe("en");
    expect(localeFromAcceptLanguage("de")).toBeNull();
  });
});
