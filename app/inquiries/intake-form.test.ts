import { describe, expect, it } from "vitest";
import { createI18n } from "../i18n/i18n";
import { INQUIRY_FIELD_LIMITS, parseInquirySubmission, parsePagesViewed, parsePageUrl } from "./intake-form";

const ja = createI18n("ja").t;
const en = createI18n("en").t;

const valid = { name: "山田 太郎", email: "taro@example.jp", body: "注文した商品がまだ届きません。" };

describe("the storefront inquiry fields", () => {
  it("accepts a complete submission and keeps the message exactly as written", () => {
    const body = "  一行目\r\n\t二行目 <b>太字</b> ' OR 1=1 --  ";
    const outcome = parseInquirySubmission(
      { ...valid, body, subject: " 配送について ", order_number: "#1001", category: "shipping", phone: "０９０-１２３４-５６７８", locale: "ja-JP" },
      ja,
    );
    expect(outcome).toEqual({
      ok: true,
      submission: {
        name: "山田 太郎",
        email: "taro@example.jp",
        phone: "０９０-１２３４-５６７８",
        subject: "配送について",
        body,
        orderNumber: "#1001",
        category: "shipping",
        pageUrl: null,
        pagesViewed: [],
        isBot: false,
        locale: "ja",
      },
    });
  });

  it("names every missing required field in the shopper's language", () => {
    const outcome = parseInquirySubmission({ name: " ", body: "" }, ja);
    expect(outcome).toEqual({
      ok: false,
      errors: [
        { field: "name", message: "お名前を入力してください。" },
        { field: "email", message: "メールアドレスを入力してください。" },
        { field: "body", message: "お問い合わせ内容を入力してください。" },
      ],
    });
    const english = parseInquirySubmission({ ...valid, email: "not-an-address" }, en);
    expect(english).toEqual({ ok: false, errors: [{ field: "email", message: "Enter a valid email address, like name@example.com." }] });
  });

  it("refuses line breaks in one-line fields (mail header injection)", () => {
    const outcome = parseInquirySubmission({ ...valid, name: "Eve\r\nBcc: victim@example.com", subject: "Hi\nX-Injected: 1" }, en);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors.map((e) => e.field)).toEqual(["name", "subject"]);
  });

  it("refuses control characters in the message but not line breaks", () => {
    expect(parseInquirySubmission({ ...valid, body: "a\u0000b" }, en).ok).toBe(false);
    expect(parseInquirySubmission({ ...valid, body: "a\r\nb\tc" }, en).ok).toBe(true);
  });

  it("enforces each field's length limit, counted as the browser's maxlength counts", () => {
    const atLimit = parseInquirySubmission({ ...valid, body: "あ".repeat(INQUIRY_FIELD_LIMITS.body) }, ja);
    expect(atLimit.ok).toBe(true);
    const over = parseInquirySubmission({ ...valid, body: "あ".repeat(INQUIRY_FIELD_LIMITS.body + 1), name: "名".repeat(101) }, ja);
    expect(over).toEqual({
      ok: false,
      errors: [
        { field: "name", message: "100文字以内で入力してください。" },
        { field: "body", message: "5000文字以内で入力してください。" },
      ],
    });
  });

  it("treats a filled honeypot as a bot without looking at the rest", () => {
    const outcome = parseInquirySubmission({ website: "http://spam.example" }, en);
    expect(outcome.ok && outcome.submission.isBot).toBe(true);
  });

  it("refuses a category key that is not a plain key", () => {
    const outcome = parseInquirySubmission({ ...valid, category: "shipping'; DROP TABLE" }, en);
    expect(outcome).toEqual({ ok: false, errors: [{ field: "category", message: "Choose a topic from the list." }] });
  });
});

describe("the pages the shopper viewed", () => {
  it("keeps well-formed entries, reads the older `time` key and keeps the last twenty", () => {
    const pages = Array.from({ length: 25 }, (_, i) => ({ url: `/products/p${i}`, title: `P${i}`, at: "2026-11-23T10:00:00.000Z" }));
    const parsed = parsePagesViewed(JSON.stringify([...pages, { url: "/x", time: "2026-11-23T11:00:00Z" }]));
    expect(parsed).toHaveLength(20);
    expect(parsed.at(-1)).toEqual({ url: "/x", at: "2026-11-23T11:00:00.000Z" });
    expect(parsed[0]).toEqual({ url: "/products/p6", title: "P6", at: "2026-11-23T10:00:00.000Z" });
  });

  it("reads anything else as no pages", () => {
    expect(parsePagesViewed("not json")).toEqual([]);
    expect(parsePagesViewed('{"url":"/"}')).toEqual([]);
    expect(parsePagesViewed(JSON.stringify([1, null, { url: 5 }, { url: "/ok", title: 3 }]))).toEqual([{ url: "/ok" }]);
  });

  it("keeps only http(s) page URLs", () => {
    expect(parsePageUrl("https://shop.example/pages/contact?x=1")).toBe("https://shop.example/pages/contact?x=1");
    expect(parsePageUrl("javascript:alert(1)")).toBeNull();
    expect(parsePageUrl("/relative")).toBeNull();
  });
});
