/**
 * The mail catcher's web UI and JSON API.
 */
import express from "express";
import { z } from "zod";
import type { MessageStore } from "./message-store";
import { type Lang, renderList, renderMessage, renderNotFound } from "./views";

// The UI never loads anything from elsewhere; mail HTML lives in a sandboxed srcdoc iframe, which inherits this.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'; base-uri 'none'; form-action 'none'";

const WaitQuery = z.object({
  to: z.string().optional(),
  subject: z.string().optional(),
  after: z.string().regex(/^\d+$/).optional(),
  timeout: z.coerce.number().int().min(0).max(120_000).default(10_000),
});

function pickLang(req: express.Request): Lang {
  const asked = req.query.lang;
  if (asked === "ja" || asked === "en") return asked;
  return req.acceptsLanguages("en", "ja") === "ja" ? "ja" : "en";
}

export function createMailCatcherApp(store: MessageStore, smtpPort: () => number): express.Express {
  const app = express();
  app.disable("x-powered-by");

  const page = (res: express.Response, status: number, html: string) => {
    res.status(status).set({ "Content-Security-Policy": CSP, "Content-Type": "text/html; charset=utf-8" }).send(html);
  };

  app.get("/", (req, res) => {
    page(res, 200, renderList(pickLang(req), store.list(), smtpPort()));
  });

  app.get("/messages/:id", (req, res) => {
    const message = store.get(req.params.id);
    const lang = pickLang(req);
    if (!message) return page(res, 404, renderNotFound(lang));
    page(res, 200, renderMessage(lang, message));
  });

  app.get("/messages/:id/raw", (req, res) => {
    const raw = store.raw(req.params.id);
    if (!raw) return void res.status(404).type("text/plain").send("Not found");
    res.set({ "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" }).send(raw);
  });

  app.get("/api/messages", (_req, res) => {
    res.json({ messages: store.list() });
  });

  // Declared before /:id so "wait" is not taken for an id.
  app.get("/api/messages/wait", async (req, res) => {
    const parsed = WaitQuery.safeParse(req.query);
    if (!parsed.success) return void res.status(400).json({ error: "invalid query", issues: parsed.error.issues });
    const { to, subject, after, timeout } = parsed.data;
    const message = await store.wait({ to, subject, afterId: after }, timeout);
    if (!message) return void res.status(408).json({ error: "no matching message arrived in time" });
    res.json({ message });
  });

  app.get("/api/messages/:id", (req, res) => {
    const message = store.get(req.params.id);
    if (!message) return void res.status(404).json({ error: "not found" });
    res.json({ message });
  });

  app.delete("/api/messages", (_req, res) => {
    store.clear();
    res.status(204).end();
  });

  return app;
}
