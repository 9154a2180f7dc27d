/**
 * POST /mail/inbound: the HTTP inbound-parse door for mail providers. A shared secret (Authorization: Bearer), then
 * either the raw message (Content-Type message/rfc822) or multipart/form-data with the raw message in `email` (the
 * raw mode of common inbound-parse providers) and the envelope recipient in `to`. Answers JSON:
 * 200 {status} for every mail taken or deliberately dropped (so the provider does not retry), 401, 404 (not
 * configured), 413, 415, 400, 422 (no shop has that address).
 */
import { timingSafeEqual } from "node:crypto";
import { env } from "../env.server";
import { createI18n, localeFromAcceptLanguage } from "../i18n/i18n";
import { receiveMail } from "./inbound.server";

type Problem = "unauthorized" | "tooLarge" | "invalid" | "unknownRecipient" | "unsupported" | "notConfigured";

const STATUS: Record<Problem, number> = {
  unauthorized: 401,
  notConfigured: 404,
  tooLarge: 413,
  unsupported: 415,
  invalid: 400,
  unknownRecipient: 422,
};

function problem(request: Request, code: Problem): Response {
  const { t } = createI18n(localeFromAcceptLanguage(request.headers.get("accept-language")) ?? "en");
  const key = code === "unsupported" || code === "notConfigured" ? "invalid" : code;
  return Response.json({ error: code, message: t(`mail.inbound.${key}`) }, { status: STATUS[code] });
}

function secretMatches(header: string | null, secret: string): boolean {
  const given = Buffer.from(header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim() ?? "", "utf8");
  const expected = Buffer.from(secret, "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Reads the body, stopping as soon as it passes the limit. */
async function readLimited(request: Request, maxBytes: number): Promise<Buffer | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) return null;
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/** Splits "a@x, Name <b@y>" into addresses. */
function addressesIn(value: string): string[] {
  return [...value.matchAll(/[^\s<>,;"]+@[^\s<>,;"]+/g)].map((m) => m[0].toLowerCase());
}

export async function handleInboundHttp(request: Request): Promise<Response> {
  const { MAIL_INBOUND_SECRET: secret, MAIL_INBOUND_MAX_BYTES: maxBytes } = env();
  if (!secret) return problem(request, "notConfigured");
  if (!secretMatches(request.headers.get("authorization"), secret)) return problem(request, "unauthorized");

  const contentType = (request.headers.get("content-type") ?? "").toLowerCase();
  const isRaw = contentType.startsWith("message/rfc822");
  const isMultipart = contentType.startsWith("multipart/form-data");
  if (!isRaw && !isMultipart) return problem(request, "unsupported");

  // The multipart envelope adds a little around the message itself.
  const body = await readLimited(request, isMultipart ? maxBytes + 64 * 1024 : maxBytes);
  if (!body) return problem(request, "tooLarge");

  let raw: Buffer;
  let rcptTo: string[] = [];
  if (isRaw) {
    raw = body;
    rcptTo = addressesIn(new URL(request.url).searchParams.get("to") ?? "");
  } else {
    let form: FormData;
    try {
      form = await new Request(request.url, { method: "POST", headers: { "content-type": contentType }, body: new Uint8Array(body) }).formData();
    } catch {
      return problem(request, "invalid");
    }
    const email = form.get("email");
    if (email === null) return problem(request, "invalid");
    raw = typeof email === "string" ? Buffer.from(email, "utf8") : Buffer.from(await email.arrayBuffer());
    const to = form.get("to");
    if (typeof to === "string") rcptTo = addressesIn(to);
  }
  if (raw.length === 0) return problem(request, "invalid");
  if (raw.length > maxBytes) return problem(request, "tooLarge");

  const outcome = await receiveMail(raw, { rcptTo });
  if (outcome.status === "unknown_recipient") return problem(request, "unknownRecipient");
  return Response.json(
    outcome.status === "created" || outcome.status === "appended"
      ? { status: outcome.status, inquiryId: outcome.inquiryId }
      : { status: outcome.status },
  );
}
