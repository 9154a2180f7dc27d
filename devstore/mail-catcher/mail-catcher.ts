/**
 * Local mail catcher: an SMTP listener that accepts any mail (no auth, no TLS) and keeps the last messages in
 * memory, plus a web UI and JSON API to read them. For development and tests; binds to loopback.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { createMailCatcherApp } from "./http-app";
import { createMessageStore, toCaughtMessage } from "./message-store";

export type MailCatcherOptions = {
  smtpPort: number;
  httpPort: number;
  host?: string;
  /** Largest message accepted, in bytes (announced with SIZE, RFC 1870). */
  maxMessageBytes?: number;
  /** How many messages are kept; older ones are dropped. */
  keep?: number;
};

export type RunningMailCatcher = {
  smtpPort: number;
  httpPort: number;
  host: string;
  httpUrl: string;
  close(): Promise<void>;
};

function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

export async function startMailCatcher(options: MailCatcherOptions): Promise<RunningMailCatcher> {
  const host = options.host ?? "127.0.0.1";
  const maxBytes = options.maxMessageBytes ?? 25 * 1024 * 1024;
  const store = createMessageStore(options.keep ?? 1000);

  const smtp = new SMTPServer({
    logger: false,
    banner: "Tsunagu mail catcher",
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    hideSTARTTLS: true,
    size: maxBytes,
    onData(stream, session, callback) {
      collect(stream)
        .then(async (source) => {
          if (stream.sizeExceeded) {
            const error = Object.assign(new Error("Message exceeds the size limit"), { responseCode: 552 });
            return callback(error);
          }
          const parsed = await simpleParser(source);
          const envelope = {
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
          };
          store.add(toCaughtMessage(store.nextId(), parsed, envelope, source.length), source);
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.server.once("error", reject);
    smtp.listen(options.smtpPort, host, () => resolve());
  });
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const server = http.createServer(createMailCatcherApp(store, () => smtpPort));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.httpPort, host, () => resolve());
  });
  const httpPort = (server.address() as AddressInfo).port;

  return {
    smtpPort,
    httpPort,
    host,
    httpUrl: `http://${host}:${httpPort}`,
    async close() {
      store.releaseWaiters();
      await Promise.all([
        new Promise<void>((resolve) => smtp.close(() => resolve())),
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
      ]);
    },
  };
}
