import { describe, expect, it } from "vitest";
import { stripQuotedHistory } from "./quoted";

describe("stripQuotedHistory", () => {
  it("cuts an English attribution and the quote below it", () => {
    const text = "Thanks, that helps.\n\nOn Mon, 23 Nov 2026 at 10:00, Shop <support@shop.example> wrote:\n> Your order shipped.\n> Tracking: 1234";
    expect(stripQuotedHistory(text)).toBe("Thanks, that helps.");
  });

  it("cuts an attribution wrapped over two lines", () => {
    const text = "OK!\n\nOn Mon, 23 Nov 2026 at 10:00, Shop Support <support@shop.example>\nwrote:\n> hello";
    expect(stripQuotedHistory(text)).toBe("OK!");
  });

  it("cuts Outlook's Original Message block", () => {
    const text = "承知しました。\r\n\r\n-----Original Message-----\r\nFrom: Shop\r\nSent: Monday\r\n本文";
    expect(stripQuotedHistory(text)).toBe("承知しました。");
  });

  it("cuts a Japanese attribution", () => {
    expect(stripQuotedHistory("ありがとうございます。\n\n山田 花子さんは書きました:\n> 先日の件")).toBe("ありがとうございます。");
    expect(stripQuotedHistory("了解です。\n\n2026年11月23日(月) 10:00 つなぐ商店 <support@shop.example>:\n> ご注文の件")).toBe("了解です。");
  });

  it("cuts a trailing block of quoted lines", () => {
    expect(stripQuotedHistory("はい、お願いします。\n\n> 交換しますか？\n>\n> つなぐ商店")).toBe("はい、お願いします。");
  });

  it("keeps the full text when the answers are written between quoted lines", () => {
    const text = "> 色は？\n赤です\n> サイズは？\nMです";
    expect(stripQuotedHistory(text)).toBe(text);
  });

  it("keeps the full text when nothing would be left above the cut", () => {
    const text = "On Mon, 23 Nov 2026, Shop wrote:\n> hello";
    expect(stripQuotedHistory(text)).toBe(text);
  });

  it("keeps a mail without any quote as it is", () => {
    expect(stripQuotedHistory("  サイズ交換できますか？\n> は記号として使いました\nよろしくお願いします  ")).toBe(
      "サイズ交換できますか？\n> は記号として使いました\nよろしくお願いします",
    );
  });
});
