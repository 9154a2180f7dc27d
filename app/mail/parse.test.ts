import { describe, expect, it } from "vitest";
import { encodedWord, htmlOnlyMail, legacyTextMail, mailWithAttachments, utf8TextMail } from "./fixtures.test-helpers";
import { looksJapanese, parseInboundMail, subjectTag } from "./parse";

describe("parseInboundMail", () => {
  it("decodes an ISO-2022-JP body and an ISO-2022-JP encoded subject", async () => {
    // GIVEN a mail as older Japanese clients send it
    const raw = legacyTextMail("山田です。\n注文番号 #1001 の配送について教えてください。", "ISO-2022-JP", {
      subject: encodedWord("配送について", "ISO-2022-JP"),
      from: `${encodedWord("山田 花子", "ISO-2022-JP")} <Hanako@Example.JP>`,
    });
    // WHEN it is parsed
    const mail = await parseInboundMail(raw);
    // THEN subject, sender and body are readable text
    expect(mail.subject).toBe("配送について");
    expect(mail.from).toEqual({ address: "hanako@example.jp", name: "山田 花子" });
    expect(mail.text).toBe("山田です。\n注文番号 #1001 の配送について教えてください。");
    expect(mail.messageId).toBe("<m1@example.jp>");
    expect(mail.ignore).toBeNull();
  });

  it("decodes a Shift_JIS body with a Shift_JIS encoded subject, including CP932 characters", async () => {
    const raw = legacyTextMail("①の商品が届きません。髙橋", "Shift_JIS", { subject: encodedWord("未着のご相談", "Shift_JIS") });
    const mail = await parseInboundMail(raw);
    expect(mail.subject).toBe("未着のご相談");
    expect(mail.text).toContain("届きません");
    expect(looksJapanese(mail.text)).toBe(true);
  });

  it("decodes a UTF-8 body and a UTF-8 encoded subject", async () => {
    const raw = utf8TextMail("返品したいです 🙏", { subject: encodedWord("返品【至急】", "UTF-8") });
    const mail = await parseInboundMail(raw);
    expect(mail.subject).toBe("返品【至急】");
    expect(mail.text).toBe("返品したいです 🙏");
  });

  it("keeps attachment metadata only", async () => {
    const raw = mailWithAttachments("写真を添付します。", [
      { filename: "破損写真.jpg", contentType: "image/jpeg", content: Buffer.alloc(2048, 1) },
      { filename: "receipt.pdf", contentType: "application/pdf", content: Buffer.from("%PDF-1.4 test") },
    ]);
    const mail = await parseInboundMail(raw);
    expect(mail.attachments).toEqual([
      { filename: "破損写真.jpg", contentType: "image/jpeg", size: 2048 },
      { filename: "receipt.pdf", contentType: "application/pdf", size: 13 },
    ]);
    expect(mail.text).toBe("写真を添付します。");
  });

  it("turns an HTML-only mail into plain text without its markup", async () => {
    const raw = htmlOnlyMail('<p>サイズ交換は<b>できますか</b>？</p><script>alert("x")</script><img src="https://t.example/p.gif">');
    const mail = await parseInboundMail(raw);
    expect(mail.text).toContain("サイズ交換はできますか？");
    expect(mail.text).not.toContain("<");
    expect(mail.text).not.toContain("alert");
  });

  it("reads threading headers and the [#number] tag", async () => {
    const raw = utf8TextMail("ありがとうございます", {
      subject: "Re: 配送について [#1042]",
      inReplyTo: "<tsunagu.abc@shop.example>",
      references: "<m1@example.jp>\r\n <tsunagu.abc@shop.example>",
    });
    const mail = await parseInboundMail(raw);
    expect(mail.inReplyTo).toBe("<tsunagu.abc@shop.example>");
    expect(mail.references).toEqual(["<m1@example.jp>", "<tsunagu.abc@shop.example>"]);
    expect(subjectTag(mail.subject)).toBe(1042);
    expect(subjectTag("配送について")).toBeNull();
  });

  it("gives a mail without Message-ID a stable id, so its redelivery is recognised", async () => {
    const raw = utf8TextMail("no id", { messageId: null });
    const first = await parseInboundMail(raw);
    const again = await parseInboundMail(Buffer.from(raw));
    expect(first.messageId).toMatch(/^<sha256\.[0-9a-f]{40}@inbound\.invalid>$/);
    expect(again.messageId).toBe(first.messageId);
  });

  it.each([
    ["an out-of-office reply", { headers: { "Auto-Submitted": "auto-replied" } }, "auto_submitted"],
    ["a mailing list", { headers: { Precedence: "list" } }, "bulk"],
    ["bulk mail", { headers: { Precedence: "bulk" } }, "bulk"],
    ["a bounce from MAILER-DAEMON", { from: "Mail Delivery System <MAILER-DAEMON@mx.example.jp>" }, "bounce"],
    ["our own reply coming back", { messageId: "<tsunagu.cm123.abcd@shop.example>" }, "own_message"],
  ] as const)("ignores %s", async (_name, options, reason) => {
    const mail = await parseInboundMail(utf8TextMail("自動応答", options));
    expect(mail.ignore).toBe(reason);
  });

  it("takes a mail marked Auto-Submitted: no as a person's mail", async () => {
    const mail = await parseInboundMail(utf8TextMail("手で書きました", { headers: { "Auto-Submitted": "no" } }));
    expect(mail.ignore).toBeNull();
  });

  it("treats the null envelope sender as a bounce", async () => {
    const mail = await parseInboundMail(utf8TextMail("Undeliverable"), { envelopeFrom: "" });
    expect(mail.ignore).toBe("bounce");
  });
});
