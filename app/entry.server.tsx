import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { addDocumentResponseHeaders } from "./shopify.server";

import { env } from "./env.server";
import { startWorker } from "./worker/worker.server";

// server.js starts the worker for production builds; under the dev server (`npm run dev`, `shopify app dev`) it
// starts here, once per process however often the module reloads.
export { startWorker };
// server.js answers the webhook routes' POSTs with these (app/webhooks/intake.server.ts).
export { receiveDelivery, webhookAction } from "./webhooks/intake.server";
// The storefront inquiry form's fast door in server.js (ADR 017).
export { receiveInquiryDelivery, TooLarge as InquiryTooLarge } from "./inquiries/intake.server";
// server.js starts the inbound SMTP listener with this when INBOUND_SMTP_PORT is set (app/mail, ADR 014).
export { startInboundMail } from "./mail/smtp-listener.server";
declare global {
  var __tsunaguDevWorker: ReturnType<typeof startWorker> | undefined;
}
if (process.env.NODE_ENV === "development" && env().WORKER_IN_PROCESS) {
  globalThis.__tsunaguDevWorker ??= startWorker();
}

const ABORT_DELAY = 5_000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  const callbackName = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />,
      {
        [callbackName]: () => {
          const body = new PassThrough();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html");
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error) {
          reject(error);
        },
        onError(error) {
          responseStatusCode = 500;
          console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
