/**
 * The inbound SMTP listener for the shops' support addresses. Recipients that are no shop's support address are
 * refused at RCPT time (550), mail over the size limit with 552. No AUTH and no TLS are offered: it binds to loopback
 * by default and is meant to sit behind the merchant's MTA or a relay that forwards the support mailbox (ADR 014).
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { env } from "../env.server";
import { receiveMail, shopForAddress } from "./inbound.server";

type Log = (msg: string, ctx?: object) => void;

export type InboundSmtpOptions = { port: number; host?: string; maxBytes?: number; log?: Log };
export type RunningInboundSmtp = { port: number; host: string; close(): Promise<void> };

const smtpError = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode });

function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

export async function startInboundSmtp(options: InboundSmtpOptions): Promise<RunningInboundSmtp> {
  const host = options.host ?? "127.0.0.1";
  const log = options.log ?? (() => {});
  const server = new SMTPServer({
    logger: false,
    banner: "Tsunagu inbound mail",
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    hideSTARTTLS: true,
    size: options.maxBytes ?? env().MAIL_INBOUND_MAX_BYTES,
    onRcptTo(address, _session, callback) {
      shopForAddress(address.address).then(
        (shop) => callback(shop ? null : smtpError("No such mailbox here", 550)),
        () => callback(smtpError("Try again later", 451)),
      );
    },
    onData(stream, session, callback) {
      collect(stream)
        .then(async (raw) => {
          if (stream.sizeExceeded) return callback(smtpError("Message exceeds the size limit", 552));
          const mailFrom = session.envelope.mailFrom;
          const outcome = await receiveMail(raw, {
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
            envelopeFrom: mailFrom === false ? "" : mailFrom.address,
          });
          // Ignored and duplicate mail is still accepted: refusing it would only make the sender retry or bounce.
          log("inbound mail", { status: outcome.status, ...("shop" in outcome ? { shop: outcome.shop } : {}) });
          callback();
        })
        .catch((error: unknown) => {
          log("inbound mail failed", { error: error instanceof Error ? error.message : String(error) });
          callback(smtpError("Temporary failure, try again later", 451));
        });
    },
  });
  server.on("error", (error) => log("inbound smtp error", { error: error.message }));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    host,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Starts the listener when INBOUND_SMTP_PORT is set (server.js calls this); null otherwise. */
export async function startInboundMail(log: Log = (msg, ctx) => console.log(`[mail] ${msg}`, ctx ?? "")): Promise<RunningInboundSmtp | null> {
  const { INBOUND_SMTP_PORT: port, INBOUND_SMTP_HOST: host } = env();
  if (port === undefined) return null;
  const running = await startInboundSmtp({ port, host, log });
  log("inbound smtp listening", { host: running.host, port: running.port });
  return running;
}
