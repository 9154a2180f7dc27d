/**
 * React 18.3's streaming renderer wrote zero bytes into HTML when a multi-byte character did not fit at the end of its
 * 2 KB buffer (react#31134): Japanese pages came out with NULs in their text. patches/react-dom+18.3.1.patch sends
 * only the bytes written; this renders Japanese text across many buffer boundaries and checks every byte.
 */
import { PassThrough } from "node:stream";
import { text } from "node:stream/consumers";
import { renderToPipeableStream } from "react-dom/server";
import { describe, expect, it } from "vitest";

function render(element: React.ReactElement): Promise<string> {
  return new Promise((resolve, reject) => {
    const { pipe } = renderToPipeableStream(element, {
      onAllReady() {
        const sink = new PassThrough();
        text(sink).then(resolve, reject);
        pipe(sink);
      },
      onError: reject,
    });
  });
}

describe("server rendering of Japanese text", () => {
  it("has no zero bytes where a character meets the end of React's buffer", async () => {
    const words = ["顧客について記録したい項目を追加しましょう", "セグメント", "お問い合わせ", "ありがとうございます"];
    for (let prefix = 0; prefix < 6; prefix++) {
      const html = await render(
        <div>
          <p>{"x".repeat(prefix)}</p>
          {Array.from({ length: 300 }, (_, i) => (
            <p key={i}>{words[i % words.length]}</p>
          ))}
        </div>,
      );
      expect(html.includes("\u0000")).toBe(false);
      expect(html.match(/セグメント/g)).toHaveLength(75);
    }
  });
});
