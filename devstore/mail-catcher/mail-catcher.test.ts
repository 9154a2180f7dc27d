import nodemailer from "nodemailer";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningMailCatcher, startMailCatcher } from "./mail-catcher";
import type { CaughtMessage } from "./message-store";

let catcher: RunningMailCatcher;

beforeEach(async () => {
  catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
});
afterEach(async () => {
  await catcher.close();
});

function transport() {
  return nodemailer.createTransport({ host: "127.0.0.1", port: catcher.smtpPort, secure: false, ignoreTLS: true });
}

async function sendJapaneseReply(subject = "【つながる】ご注文ありがとうございます ～ 髙橋様") {
  return transport().sendMail({
    from: { name: "つながる商店", address: "shop@tsunagu.example" },
    to: { name: "髙橋 花子", address: "hanako@example.jp" },
    cc: "support@tsunagu.example",
    subject,
    text: "髙橋様\nいつもご利用いただきありがとうございます。①②③",
    html: `<p>髙橋様</p><script>alert("x")</script><p>ありがとうございます。</p>`,
    inReplyTo: "<original-1@tsunagu.example>",
    references: ["<root-0@tsunagu.example>", "<original-1@tsunagu.example>"],
    attachments: [{ filename: "領収書.txt", content: "合計 1,980円", contentType: "text/plain; charset=utf-8" }],
  });
}

describe("mail catcher", () => {
  it("returns a Japanese UTF-8 mail decoded, with its threading headers, through the JSON API", async () => {
    // GIVEN a reply sent through SMTP
    await sendJapaneseReply();

    // WHEN the API lists messages
    const res = await fetch(`${catcher.httpUrl}/api/messages`);
    const { messages } = (await res.json()) as { messages: CaughtMessage[] };

    // THEN the message comes back decoded
    expect(messages).toHaveLength(1);
    const m = messages[0]!;
    expect(m.subject).toBe("【つながる】ご注文ありがとうございます ～ 髙橋様");
    expect(m.from).toEqual([{ name: "つながる商店", address: "shop@tsunagu.example" }]);
    expect(m.to).toEqual([{ name: "髙橋 花子", address: "hanako@example.jp" }]);
    expect(m.cc.map((a) => a.address)).toEqual(["support@tsunagu.example"]);
    expect(m.text).toContain("①②③");
    expect(m.html).toContain("<p>髙橋様</p>");
    expect(m.inReplyTo).toBe("<original-1@tsunagu.example>");
    expect(m.references).toEqual(["<root-0@tsunagu.example>", "<original-1@tsunagu.example>"]);
    expect(m.messageId).toMatch(/^<.+@.+>$/);
    expect(m.attachments).toEqual([
      expect.objectContaining({ filename: "領収書.txt", contentType: "text/plain", size: Buffer.byteLength("合計 1,980円") }),
    ]);
    expect(m.headers.find((h) => h.name === "subject")?.value).toBe(m.subject);

    const single = await fetch(`${catcher.httpUrl}/api/messages/${m.id}`);
    expect(((await single.json()) as { message: CaughtMessage }).message.id).toBe(m.id);
  });

  it("resolves a wait when a matching mail arrives after the request", async () => {
    // GIVEN a test already waiting for a mail to hanako
    const waiting = fetch(`${catcher.httpUrl}/api/messages/wait?to=HANAKO@example.jp&subject=${encodeURIComponent("ご注文")}&timeout=5000`);
    await new Promise((r) => setTimeout(r, 100));

    // WHEN the mail is sent
    await transport().sendMail({ from: "a@example.jp", to: "other@example.jp", subject: "ご注文 (他の人)", text: "x" });
    await sendJapaneseReply();

    // THEN the wait answers with that mail, not the other one
    const res = await waiting;
    expect(res.status).toBe(200);
    const { message } = (await res.json()) as { message: CaughtMessage };
    expect(message.to[0]?.address).toBe("hanako@example.jp");
  });

  it("answers 408 when no matching mail arrives before the timeout", async () => {
    const res = await fetch(`${catcher.httpUrl}/api/messages/wait?to=nobody@example.jp&timeout=50`);
    expect(res.status).toBe(408);
  });

  it("shows the HTML part only inside an empty sandbox and escapes the text part", async () => {
    await sendJapaneseReply("<b>件名</b>");
    const page = await (await fetch(`${catcher.httpUrl}/messages/1?lang=ja`)).text();

    expect(page).toContain('<iframe sandbox=""');
    expect(page).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(page).not.toContain("<script>");
    expect(page).not.toContain("<b>件名</b>");
    expect(page).toContain("テキスト本文");
  });

  it("lists messages newest first in the shopper's language and deletes them all", async () => {
    await sendJapaneseReply("一通目");
    await sendJapaneseReply("二通目");
    const list = await (await fetch(`${catcher.httpUrl}/`, { headers: { "Accept-Language": "ja,en;q=0.5" } })).text();
    expect(list).toContain("メールキャッチャー");
    expect(list.indexOf("二通目")).toBeLessThan(list.indexOf("一通目"));
    expect(list).toContain('http-equiv="refresh"');

    const raw = await (await fetch(`${catcher.httpUrl}/messages/1/raw`)).text();
    expect(raw).toMatch(/^In-Reply-To: <original-1@tsunagu.example>/m);

    expect((await fetch(`${catcher.httpUrl}/api/messages`, { method: "DELETE" })).status).toBe(204);
    const after = (await (await fetch(`${catcher.httpUrl}/api/messages`)).json()) as { messages: unknown[] };
    expect(after.messages).toEqual([]);
  });
});
