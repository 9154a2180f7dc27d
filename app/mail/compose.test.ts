import { describe, expect, it } from "vitest";
import { composeReply, newMessageId, replySubject, replyText, threadHeaders, type ThreadMessage } from "./compose";

const at = new Date("2026-11-23T01:00:00Z");
const shopper = (messageId: string | null, body = "配送はいつですか？", references: string | null = null): ThreadMessage => ({
  author: "shopper",
  authorName: "山田 花子",
  body,
  messageId,
  references,
  createdAt: at,
});
const agent = (messageId: string | null): ThreadMessage => ({ author: "agent", authorName: "佐藤", body: "明日です", messageId, references: null, createdAt: at });

describe("replySubject", () => {
  it("adds one Re: and the inquiry tag", () => {
    expect(replySubject("ja", "配送について", 1042)).toBe("Re: 配送について [#1042]");
    expect(replySubject("ja", "Re: RE: 配送について [#1042]", 1042)).toBe("Re: 配送について [#1042]");
  });

  it("uses a localized default when the inquiry has no subject", () => {
    expect(replySubject("ja", null, 7)).toBe("Re: お問い合わせ [#7]");
    expect(replySubject("en", "  ", 7)).toBe("Re: Your inquiry [#7]");
  });
});

describe("threadHeaders", () => {
  it("answers the latest shopper mail and carries the chain before it", () => {
    const headers = threadHeaders([shopper("<a@x>", "q1", "<root@x>"), agent("<tsunagu.1@s>"), shopper("<b@x>")]);
    expect(headers).toEqual({ inReplyTo: "<b@x>", references: ["<root@x>", "<a@x>", "<tsunagu.1@s>", "<b@x>"] });
  });

  it("threads a form inquiry's replies with each other when the shopper never mailed", () => {
    expect(threadHeaders([shopper(null), agent("<tsunagu.1@s>")])).toEqual({ references: ["<tsunagu.1@s>"] });
    expect(threadHeaders([shopper(null)])).toEqual({});
  });

  it("keeps the root and the newest references of a long thread", () => {
    const history = Array.from({ length: 30 }, (_, i) => shopper(`<m${i}@x>`));
    const { references } = threadHeaders(history);
    expect(references).toHaveLength(20);
    expect(references![0]).toBe("<m0@x>");
    expect(references!.at(-1)).toBe("<m29@x>");
  });
});

describe("replyText", () => {
  it("quotes the latest shopper message below the reply, with 様 after the name", () => {
    const text = replyText("ja", "山田様\n明日お届けします。", [shopper("<a@x>", "配送はいつですか？\n急ぎです")]);
    expect(text).toBe("山田様\n明日お届けします。\n\n2026/11/23 10:00 山田 花子様より:\n> 配送はいつですか？\n> 急ぎです\n");
  });

  it("never puts 様 after an address", () => {
    const text = replyText("ja", "返信", [{ ...shopper("<a@x>"), authorName: "hanako@example.jp" }]);
    expect(text).toContain("お客様より:");
    expect(text).not.toContain("hanako@example.jp様");
  });

  it("keeps shopper text as plain text, markup included", () => {
    const text = replyText("en", "Reply", [shopper("<a@x>", '<script>alert("x")</script>')]);
    expect(text).toContain('> <script>alert("x")</script>');
  });
});

describe("composeReply", () => {
  it("marks auto-replies so other responders stay quiet", () => {
    const mail = composeReply({
      locale: "ja",
      number: 1001,
      subject: "配送",
      from: { name: "つなぐ商店", address: "support@shop.example" },
      to: { name: null, address: "hanako@example.jp" },
      body: "営業時間外です",
      messageId: newMessageId("row1", "shop.example"),
      autoReply: true,
      history: [shopper("<a@x>")],
    });
    expect(mail.headers["Auto-Submitted"]).toBe("auto-replied");
    expect(mail.messageId).toMatch(/^<tsunagu\.row1\.[0-9a-f]{16}@shop\.example>$/);
    expect(mail.to).toEqual({ name: "", address: "hanako@example.jp" });
    expect(mail.inReplyTo).toBe("<a@x>");
  });
});
