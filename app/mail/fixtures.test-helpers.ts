/** MIME fixtures for the mail tests, built byte by byte so each encoding is what real Japanese clients send. */
import iconv from "iconv-lite";

const CRLF = "\r\n";

type Charset = "UTF-8" | "ISO-2022-JP" | "Shift_JIS";

/**
 * ISO-2022-JP (RFC 1468), which iconv-lite cannot write: runs of JIS X 0208 characters are their EUC-JP bytes less
 * 0x80, between ESC $ B and ESC ( B.
 */
export function encodeIso2022jp(text: string): Buffer {
  const out: Buffer[] = [];
  for (const run of text.match(/[\t\n\r\x20-\x7e]+|[^\t\n\r\x20-\x7e]+/g) ?? []) {
    if (/^[\t\n\r\x20-\x7e]/.test(run)) {
      out.push(Buffer.from(run, "utf8"));
      continue;
    }
    const euc = iconv.encode(run, "EUC-JP").map((byte) => byte - 0x80);
    out.push(Buffer.from([0x1b, 0x24, 0x42]), Buffer.from(euc), Buffer.from([0x1b, 0x28, 0x42]));
  }
  return Buffer.concat(out);
}

function encode(text: string, charset: Charset): Buffer {
  return charset === "ISO-2022-JP" ? encodeIso2022jp(text) : iconv.encode(text, charset);
}

/** RFC 2047 encoded word in the given charset (B encoding). */
export function encodedWord(text: string, charset: Charset): string {
  return `=?${charset}?B?${encode(text, charset).toString("base64")}?=`;
}

export type FixtureOptions = {
  from?: string;
  to?: string;
  subject?: string;
  messageId?: string | null;
  inReplyTo?: string;
  references?: string;
  headers?: Record<string, string>;
};

function headerBlock(options: FixtureOptions, extra: string[]): string {
  const lines = [
    `From: ${options.from ?? "Hanako Yamada <hanako@example.jp>"}`,
    `To: ${options.to ?? "support@shop.example"}`,
    `Subject: ${options.subject ?? "Question"}`,
    "Date: Mon, 23 Nov 2026 10:00:00 +0900",
    "MIME-Version: 1.0",
  ];
  if (options.messageId !== null) lines.push(`Message-ID: ${options.messageId ?? "<m1@example.jp>"}`);
  if (options.inReplyTo) lines.push(`In-Reply-To: ${options.inReplyTo}`);
  if (options.references) lines.push(`References: ${options.references}`);
  for (const [name, value] of Object.entries(options.headers ?? {})) lines.push(`${name}: ${value}`);
  return [...lines, ...extra].join(CRLF);
}

/** A single text/plain part in a Japanese legacy charset (7bit ISO-2022-JP, or base64 Shift_JIS). */
export function legacyTextMail(body: string, charset: "ISO-2022-JP" | "Shift_JIS", options: FixtureOptions = {}): Buffer {
  const encoded = encode(body.replace(/\n/g, CRLF), charset);
  if (charset === "ISO-2022-JP") {
    const head = headerBlock(options, [`Content-Type: text/plain; charset=ISO-2022-JP`, "Content-Transfer-Encoding: 7bit"]);
    return Buffer.concat([Buffer.from(`${head}${CRLF}${CRLF}`, "utf8"), encoded, Buffer.from(CRLF, "utf8")]);
  }
  const head = headerBlock(options, [`Content-Type: text/plain; charset=Shift_JIS`, "Content-Transfer-Encoding: base64"]);
  return Buffer.from(`${head}${CRLF}${CRLF}${encoded.toString("base64").replace(/.{76}/g, `$&${CRLF}`)}${CRLF}`, "utf8");
}

/** text/plain UTF-8 (base64). */
export function utf8TextMail(body: string, options: FixtureOptions = {}): Buffer {
  const head = headerBlock(options, ["Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: base64"]);
  return Buffer.from(`${head}${CRLF}${CRLF}${Buffer.from(body, "utf8").toString("base64")}${CRLF}`, "utf8");
}

/** text/html only. */
export function htmlOnlyMail(html: string, options: FixtureOptions = {}): Buffer {
  const head = headerBlock(options, ["Content-Type: text/html; charset=UTF-8", "Content-Transfer-Encoding: base64"]);
  return Buffer.from(`${head}${CRLF}${CRLF}${Buffer.from(html, "utf8").toString("base64")}${CRLF}`, "utf8");
}

/** multipart/mixed: a UTF-8 text part plus attachments (RFC 2231 / RFC 2047 Japanese file names). */
export function mailWithAttachments(
  body: string,
  attachments: Array<{ filename: string; contentType: string; content: Buffer }>,
  options: FixtureOptions = {},
): Buffer {
  const boundary = "=_tsunagu_fixture_boundary";
  const head = headerBlock(options, [`Content-Type: multipart/mixed; boundary="${boundary}"`]);
  const parts = [
    [`--${boundary}`, "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: base64", "", Buffer.from(body).toString("base64")].join(CRLF),
    ...attachments.map((a) =>
      [
        `--${boundary}`,
        `Content-Type: ${a.contentType}; name="${encodedWord(a.filename, "UTF-8")}"`,
        "Content-Transfer-Encoding: base64",
        `Content-Disposition: attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`,
        "",
        a.content.toString("base64"),
      ].join(CRLF),
    ),
  ];
  return Buffer.from(`${head}${CRLF}${CRLF}${parts.join(CRLF)}${CRLF}--${boundary}--${CRLF}`, "utf8");
}
