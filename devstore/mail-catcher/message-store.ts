/**
 * The mail catcher's memory: parsed messages (newest last, at most `limit`) and the waiters of the long-poll API.
 */
import type { AddressObject, HeaderValue, ParsedMail } from "mailparser";

export type CaughtAddress = { name: string; address: string };

export type CaughtAttachment = {
  filename: string | null;
  contentType: string;
  size: number;
  contentId: string | null;
  disposition: string | null;
  checksum: string | null;
};

export type CaughtMessage = {
  /** Sequential, as a string so it stays opaque to clients. */
  id: string;
  receivedAt: string;
  envelope: { mailFrom: string | null; rcptTo: string[] };
  from: CaughtAddress[];
  to: CaughtAddress[];
  cc: CaughtAddress[];
  bcc: CaughtAddress[];
  replyTo: CaughtAddress[];
  subject: string;
  /** ISO 8601, from the Date header (receipt time when it has none). */
  date: string;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** Decoded header values keyed by lowercase name, in message order; repeated headers keep every value. */
  headers: Array<{ name: string; value: string }>;
  text: string | null;
  html: string | null;
  attachments: CaughtAttachment[];
  size: number;
};

export type MessageFilter = { to?: string; subject?: string; afterId?: string };

type Waiter = { filter: MessageFilter; resolve: (message: CaughtMessage | null) => void };

function flattenAddresses(value: AddressObject | AddressObject[] | undefined): CaughtAddress[] {
  if (!value) return [];
  const objects = Array.isArray(value) ? value : [value];
  const out: CaughtAddress[] = [];
  const walk = (entries: AddressObject["value"]) => {
    for (const entry of entries) {
      if (entry.group) walk(entry.group);
      else if (entry.address) out.push({ name: entry.name, address: entry.address });
    }
  };
  for (const object of objects) walk(object.value);
  return out;
}

function headerText(value: HeaderValue): string {
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => headerText(v)).join(", ");
  if ("text" in value && typeof value.text === "string") return value.text;
  if ("value" in value && typeof value.value === "string" && "params" in value) {
    const params = Object.entries(value.params).map(([k, v]) => `; ${k}=${String(v)}`);
    return value.value + params.join("");
  }
  return JSON.stringify(value);
}

function headerList(mail: ParsedMail): Array<{ name: string; value: string }> {
  const out: Array<{ name: string; value: string }> = [];
  for (const [name, value] of mail.headers) {
    if (Array.isArray(value) && value.every((v) => typeof v === "string")) {
      for (const v of value) out.push({ name, value: v });
    } else {
      out.push({ name, value: headerText(value) });
    }
  }
  return out;
}

/** Turns mailparser's result into the record the UI and the JSON API serve. */
export function toCaughtMessage(
  id: string,
  mail: ParsedMail,
  envelope: CaughtMessage["envelope"],
  size: number,
  receivedAt = new Date(),
): CaughtMessage {
  const references = mail.references === undefined ? [] : [mail.references].flat();
  return {
    id,
    receivedAt: receivedAt.toISOString(),
    envelope,
    from: flattenAddresses(mail.from),
    to: flattenAddresses(mail.to),
    cc: flattenAddresses(mail.cc),
    bcc: flattenAddresses(mail.bcc),
    replyTo: flattenAddresses(mail.replyTo),
    subject: mail.subject ?? "",
    date: (mail.date ?? receivedAt).toISOString(),
    messageId: mail.messageId ?? null,
    inReplyTo: mail.inReplyTo ?? null,
    references,
    headers: headerList(mail),
    text: mail.text ?? null,
    html: typeof mail.html === "string" ? mail.html : null,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename ?? null,
      contentType: a.contentType,
      size: a.size,
      contentId: a.contentId ?? null,
      disposition: a.contentDisposition ?? null,
      checksum: a.checksum ?? null,
    })),
    size,
  };
}

/** Every address the message was sent to: headers and SMTP envelope, lower-cased. */
export function recipientsOf(message: CaughtMessage): string[] {
  const all = [...message.to, ...message.cc, ...message.bcc].map((a) => a.address);
  return [...new Set([...all, ...message.envelope.rcptTo].map((a) => a.toLowerCase()))];
}

export function matches(message: CaughtMessage, filter: MessageFilter): boolean {
  if (filter.afterId !== undefined && Number(message.id) <= Number(filter.afterId)) return false;
  if (filter.to && !recipientsOf(message).includes(filter.to.toLowerCase())) return false;
  if (filter.subject && !message.subject.includes(filter.subject)) return false;
  return true;
}

export function createMessageStore(limit = 1000) {
  const messages: CaughtMessage[] = [];
  const raw = new Map<string, Buffer>();
  let waiters: Waiter[] = [];
  let nextId = 1;

  return {
    nextId: () => String(nextId++),
    add(message: CaughtMessage, source: Buffer) {
      messages.push(message);
      raw.set(message.id, source);
      while (messages.length > limit) {
        const dropped = messages.shift();
        if (dropped) raw.delete(dropped.id);
      }
      const ready = waiters.filter((w) => matches(message, w.filter));
      waiters = waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(message);
    },
    /** Newest first. */
    list: (): CaughtMessage[] => [...messages].reverse(),
    get: (id: string) => messages.find((m) => m.id === id) ?? null,
    raw: (id: string) => raw.get(id) ?? null,
    clear() {
      messages.length = 0;
      raw.clear();
    },
    /** The newest message already matching, or the first to arrive within `timeoutMs`; null on timeout. */
    wait(filter: MessageFilter, timeoutMs: number): Promise<CaughtMessage | null> {
      const existing = [...messages].reverse().find((m) => matches(m, filter));
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve) => {
        const waiter: Waiter = {
          filter,
          resolve: (message) => {
            clearTimeout(timer);
            resolve(message);
          },
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          resolve(null);
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    /** Releases every pending long-poll (on shutdown). */
    releaseWaiters() {
      const pending = waiters;
      waiters = [];
      for (const w of pending) w.resolve(null);
    },
  };
}

export type MessageStore = ReturnType<typeof createMessageStore>;
