/** Starts the demo stack on fixed ports and prints the URLs to open. Stop with Ctrl-C. */
import path from "node:path";
import { ROOT, startStack } from "../tests/support/stack";

const stack = await startStack({
  databaseUrl: `file:${path.join(ROOT, ".data", "demo-app.sqlite")}`,
  devstoreDb: path.join(ROOT, ".data", "demo-devstore.sqlite"),
  seed: process.env.DEMO_SEED ?? "tiny",
  appPort: Number(process.env.PORT ?? 3000),
  devstorePort: Number(process.env.DEVSTORE_PORT ?? 4100),
  smtpPort: Number(process.env.MAILCATCHER_SMTP_PORT ?? 1025),
  mailHttpPort: Number(process.env.MAILCATCHER_HTTP_PORT ?? 1080),
  quiet: true,
  logFile: path.join(ROOT, ".data", "demo.log"),
});

const store = stack.devstoreUrl;
const storefrontPort = new URL(store).port;
console.log(`
Tsunagu is running (SQLite, local dev store, mail to the local catcher).

  Admin (日本語)   ${store}/store/tsunagu-demo/apps/tsunagu?locale=ja
  Admin (English)  ${store}/store/tsunagu-demo-en/apps/tsunagu?locale=en
  All shops        ${store}/store
  Storefront       http://tsunagu-demo.localhost:${storefrontPort}/
  Mail catcher     ${stack.mailUrl}
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
