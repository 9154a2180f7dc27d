/** Starts the demo stack on fixed ports and prints the URLs to open. Stop with Ctrl-C. */
import path from "node:path";
import { DEMO_MAIL_INBOUND_SECRET, ROOT, startStack } from "../tests/support/stack";
import { seedDemoContent } from "./demo-content";

const stack = await startStack({
  databaseUrl: `file:${path.join(ROOT, ".data", "demo-app.sqlite")}`,
  devstoreDb: path.join(ROOT, ".data", "demo-devstore.sqlite"),
  seed: process.env.DEMO_SEED ?? "tiny",
  appPort: Number(process.env.PORT ?? 3000),
  devstorePort: Number(process.env.DEVSTORE_PORT ?? 4100),
  smtpPort: Number(process.env.MAILCATCHER_SMTP_PORT ?? 1025),
  mailHttpPort: Number(process.env.MAILCATCHER_HTTP_PORT ?? 1080),
  inboundSmtpPort: Number(process.env.INBOUND_SMTP_PORT ?? 2525),
  quiet: true,
  logFile: path.join(ROOT, ".data", "demo.log"),
});

// Installs both demo shops and sends a few inquiries through the storefront, mail and chat (first start only).
await seedDemoContent({ appUrl: stack.appUrl, devstoreUrl: stack.devstoreUrl, databaseUrl: `file:${path.join(ROOT, ".data", "demo-app.sqlite")}`, inboundSmtpPort: stack.inboundSmtpPort });

const store = stack.devstoreUrl;
const storefrontPort = new URL(store).port;
console.log(`
Tsunagu is running (SQLite, local dev store, mail to the local catcher).

  Admin (日本語)   ${store}/store/tsunagu-demo/apps/tsunagu?locale=ja
  Admin (English)  ${store}/store/tsunagu-demo-en/apps/tsunagu?locale=en
  All shops        ${store}/store
  Storefront       http://tsunagu-demo.localhost:${storefrontPort}/
  Mail catcher     ${stack.mailUrl}        (replies from the inbox arrive here)
  Support mail in  smtp://127.0.0.1:${stack.inboundSmtpPort}   to support@tsunagu-demo.localhost (or -en)
                   (the support address is in Settings → Support / 設定 → サポート)
                   or POST ${stack.appUrl}/mail/inbound (Authorization: Bearer ${DEMO_MAIL_INBOUND_SECRET})
  App              ${stack.appUrl}
  Logs             .data/demo.log

Press Ctrl-C to stop.`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping…");
    void stack.stop().then(() => process.exit(0));
  });
}
