/** Starts the demo stack (SQLite, seeded `tiny` dev store) once for all browser tests. */
import fs from "node:fs";
import path from "node:path";
import { createTestDatabase } from "../support/databases";
import { ROOT, startStack } from "../support/stack";

export default async function globalSetup() {
  const database = await createTestDatabase("sqlite");
  const devstoreDb = path.join(ROOT, ".data", "test", `e2e-devstore-${Date.now()}.sqlite`);
  const stack = await startStack({ databaseUrl: database.url, devstoreDb, seed: "tiny" });
  process.env.E2E_APP_URL = stack.appUrl;
  process.env.E2E_DEVSTORE_URL = stack.devstoreUrl;
  process.env.E2E_MAIL_URL = stack.mailUrl;
  // The app's SMTP listener for the support address (inquiry-desk.spec.ts sends a shopper's mail to it).
  process.env.E2E_INBOUND_SMTP_PORT = String(stack.inboundSmtpPort);
  // The app's database, for specs that play a second app process (chat.spec.ts writes a staff reply).
  process.env.E2E_DATABASE_URL = database.url;
  return async () => {
    await stack.stop();
    await database.drop();
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${devstoreDb}${suffix}`, { force: true });
  };
}
