/**
 * The app's environment, parsed once at boot. A missing or malformed setting stops the process with a clear message
 * rather than failing later inside a request.
 */
import { z } from "zod";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SHOPIFY_API_KEY: z.string().min(1),
  SHOPIFY_API_SECRET: z.string().min(1),
  SHOPIFY_APP_URL: z.url(),
  SCOPES: z.string().min(1),
  /** `file:…` → SQLite (embedded default), `postgres…` → PostgreSQL. */
  DATABASE_URL: z.string().min(1).default("file:./.data/dev.sqlite"),
  /**
   * When set, Admin API and OAuth traffic for `*.myshopify.com` goes to this origin instead (the local dev store).
   * Unset in production.
   */
  SHOPIFY_ADMIN_ORIGIN: z.url().optional(),
  /** Where the embedded pages load App Bridge from; defaults to Shopify's CDN. */
  APP_BRIDGE_URL: z.url().optional(),
  /** Extra frame ancestors allowed to embed the app (the local dev store's admin frame). */
  EXTRA_FRAME_ANCESTORS: z.string().optional(),
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
  /** Outbound mail, e.g. smtp://127.0.0.1:1025 for the local catcher. */
  SMTP_URL: z.string().default("smtp://127.0.0.1:1025"),
  MAIL_FROM: z.string().default("Tsunagu <no-reply@tsunagu.localhost>"),
  /** Inbound SMTP listener for the shops' support addresses (app/mail/smtp-listener.server.ts); off when unset. */
  INBOUND_SMTP_PORT: z.string().regex(/^\d{1,5}$/).transform(Number).optional(),
  /** Loopback by default: no AUTH or TLS is offered, so put a real MTA in front of it (ADR 014). */
  INBOUND_SMTP_HOST: z.string().min(1).default("127.0.0.1"),
  /** Bearer secret of the HTTP inbound-parse endpoint POST /mail/inbound; the endpoint answers 404 when unset. */
  MAIL_INBOUND_SECRET: z.string().min(16).optional(),
  /** Largest inbound mail accepted, in bytes (SMTP SIZE and the HTTP endpoint). */
  MAIL_INBOUND_MAX_BYTES: z.coerce.number().int().min(1024).default(20 * 1024 * 1024),
  /** Run the job worker inside the web process (the embedded default). */
  WORKER_IN_PROCESS: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  cached = parsed.data;
  return cached;
}

/** Whether a DATABASE_URL names PostgreSQL. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}
