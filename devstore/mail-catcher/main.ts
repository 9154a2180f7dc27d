/**
 * CLI: `npx tsx devstore/mail-catcher/main.ts` starts the mail catcher on MAILCATCHER_SMTP_PORT (1025) and
 * MAILCATCHER_HTTP_PORT (1080), loopback only.
 */
import { z } from "zod";
import { startMailCatcher } from "./mail-catcher";

const Env = z.object({
  MAILCATCHER_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(1025),
  MAILCATCHER_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(1080),
});

const env = Env.parse(process.env);
const catcher = await startMailCatcher({ smtpPort: env.MAILCATCHER_SMTP_PORT, httpPort: env.MAILCATCHER_HTTP_PORT });
console.log(`Mail catcher SMTP: smtp://${catcher.host}:${catcher.smtpPort}`);
console.log(`Mail catcher web:  ${catcher.httpUrl}/  (API: ${catcher.httpUrl}/api/messages)`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void catcher.close().then(() => process.exit(0));
  });
}
