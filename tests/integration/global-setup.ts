/**
 * Integration tests run against real processes: the app's production build, the local dev store and the mail catcher,
 * on a freshly migrated database (SQLite by default, PostgreSQL with TEST_DATABASE=postgresql).
 */
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createTestDatabase, testDatabaseKind } from "../support/databases";
import { ROOT, startStack } from "../support/stack";

declare module "vitest" {
  // Module augmentation needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  export interface ProvidedContext {
    stack: {
      appUrl: string;
      devstoreUrl: string;
      mailUrl: string;
      databaseUrl: string;
      apiSecret: string;
      apiKey: string;
      /** The mail catcher's SMTP port (outbound mail from a test process) and the app's inbound SMTP listener. */
      smtpPort: number;
      inboundSmtpPort: number;
      mailInboundSecret: string;
    };
  }
}

export default async function setup(project: TestProject) {
  if (!fs.existsSync(path.join(ROOT, "build", "server", "index.js"))) {
    throw new Error("Build the app first (npm run build); integration tests run the production build.");
  }
  const kind = testDatabaseKind();
  const database = await createTestDatabase(kind);
  const devstoreDb = path.join(ROOT, ".data", "test", `devstore-${Date.now()}.sqlite`);
  const stack = await startStack({
    databaseUrl: database.url,
    devstoreDb,
    seed: null,
    webhookRetryMs: "200,400,800",
  });
  project.provide("stack", {
    appUrl: stack.appUrl,
    devstoreUrl: stack.devstoreUrl,
    mailUrl: stack.mailUrl,
    databaseUrl: database.url,
    apiSecret: stack.env.SHOPIFY_API_SECRET!,
    apiKey: stack.env.SHOPIFY_API_KEY!,
    smtpPort: stack.smtpPort,
    inboundSmtpPort: stack.inboundSmtpPort,
    mailInboundSecret: stack.env.MAIL_INBOUND_SECRET!,
  });
  console.log(`[integration] ${kind} · app ${stack.appUrl} · dev store ${stack.devstoreUrl}`);
  return async () => {
    if (process.env.DEBUG_STACK) console.log(stack.logs());
    await stack.stop();
    await database.drop();
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${devstoreDb}${suffix}`, { force: true });
  };
}
