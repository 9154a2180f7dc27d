/** The outbound SMTP transport (nodemailer), from SMTP_URL: the local mail catcher in the demo and tests. */
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "../env.server";

export type MailTransport = Pick<Transporter, "sendMail">;

const transports = new Map<string, Transporter>();

/** One pooled transport per SMTP URL (e.g. smtp://127.0.0.1:1025, smtps://user:pass@relay.example:465). */
export function mailTransport(url: string = env().SMTP_URL): MailTransport {
  let transport = transports.get(url);
  if (!transport) {
    transport = nodemailer.createTransport(url);
    transports.set(url, transport);
  }
  return transport;
}

/** Closes pooled connections (tests, shutdown). */
export function closeMailTransports(): void {
  for (const transport of transports.values()) transport.close();
  transports.clear();
}

/** "Tsunagu <no-reply@tsunagu.localhost>" → its parts; a bare address has no name. */
export function parseMailbox(value: string): { name: string; address: string } {
  const match = value.match(/^\s*"?([^"<]*?)"?\s*<([^<>\s]+@[^<>\s]+)>\s*$/);
  if (match) return { name: match[1]!.trim(), address: match[2]!.toLowerCase() };
  return { name: "", address: value.trim().toLowerCase() };
}
