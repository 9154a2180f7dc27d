/**
 * The receiving end of the "webhooks" workload, in its own process: an HTTP server on loopback that checks each
 * delivery's HMAC against the raw body, answers 200 at once and notes when it arrived. On "report" it sends back
 * every receipt and exits.
 */
import crypto from "node:crypto";
import http from "node:http";

export type SinkReceipt = { webhookId: string; topic: string; receivedNs: bigint; hmacOk: boolean };
export type SinkMessage = { type: "listening"; url: string } | { type: "receipts"; receipts: SinkReceipt[] };

const secret = process.env.BENCH_WEBHOOK_SECRET ?? "";
const receipts: SinkReceipt[] = [];

function verify(body: Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(crypto.createHmac("sha256", secret).update(body).digest("base64"));
  const given = Buffer.from(header);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const receivedNs = process.hrtime.bigint();
    const hmacOk = verify(Buffer.concat(chunks), req.headers["x-shopify-hmac-sha256"] as string | undefined);
    receipts.push({
      webhookId: String(req.headers["x-shopify-webhook-id"] ?? ""),
      topic: String(req.headers["x-shopify-topic"] ?? ""),
      receivedNs,
      hmacOk,
    });
    res.writeHead(hmacOk ? 200 : 401).end();
  });
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const hello: SinkMessage = { type: "listening", url: `http://127.0.0.1:${port}` };
  process.send!(hello);
});

process.on("message", (message) => {
  if (message !== "report") return;
  server.close();
  server.closeAllConnections();
  const reply: SinkMessage = { type: "receipts", receipts };
  process.send!(reply, () => process.exit(0));
});
