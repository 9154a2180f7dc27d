/**
 * Webhook delivery as Shopify does it: one delivery row per subscribed URI, signed POSTs with Shopify's headers,
 * a 5 s answer window, retries on the configured schedule with the same webhook id, `failed` when retries run out.
 *
 * Deliveries live in `webhook_deliveries`, so a restarted dev store resumes what was pending. For determinism, first
 * sends to one (shop, URI) go out one at a time in emission order; a delivery waiting for a retry does not hold up
 * the ones after it (Shopify gives no ordering guarantee either way).
 */
import crypto from "node:crypto";
import type { DevstoreContext, WebhookDispatcher, WebhookEvent } from "../types";
import { signWebhookBody } from "./sign";

const ANSWER_WINDOW_MS = 5_000;

export type DeliveryStatus = "pending" | "delivered" | "failed";

export type DeliveryRow = {
  webhook_id: string;
  event_id: string;
  shop: string;
  topic: string;
  uri: string;
  body: string;
  triggered_at: string;
  status: DeliveryStatus;
  attempts: number;
  last_status: number | null;
  next_attempt_at: string | null;
  delivered_at: string | null;
};

export type RunningDispatcher = WebhookDispatcher & {
  start(): void;
  stop(): Promise<void>;
  redeliver(webhookId: string): boolean;
};

/** Shop-specific subscriptions may hold the GraphQL enum ("CUSTOMERS_CREATE") or the REST topic. */
function topicEnum(topic: string): string {
  return topic.toUpperCase().replace(/\//g, "_");
}

export function createWebhookDispatcher(base: Omit<DevstoreContext, "webhooks">): RunningDispatcher {
  const { db, config } = base;
  const stmt = {
    shopSubs: db.prepare("SELECT uri FROM webhook_subscriptions WHERE shop = ? AND topic IN (?, ?) ORDER BY id"),
    insert: db.prepare(
      `INSERT INTO webhook_deliveries
         (webhook_id, event_id, shop, topic, uri, body, triggered_at, status, attempts, next_attempt_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?)`,
    ),
    get: db.prepare("SELECT * FROM webhook_deliveries WHERE webhook_id = ?"),
    pending: db.prepare("SELECT webhook_id, next_attempt_at FROM webhook_deliveries WHERE status = 'pending' ORDER BY rowid"),
    settle: db.prepare(
      `UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = ?, status = ?, next_attempt_at = ?,
         delivered_at = ? WHERE webhook_id = ?`,
    ),
    reopen: db.prepare("UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ? WHERE webhook_id = ?"),
  };

  /** Per (shop, URI) FIFO of webhook ids ready to send. */
  const queues = new Map<string, string[]>();
  const draining = new Set<string>();
  const timers = new Map<string, NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  let idleWaiters: (() => void)[] = [];
  let stopped = false;

  function busy(): boolean {
    return timers.size > 0 || inFlight.size > 0 || draining.size > 0 || [...queues.values()].some((q) => q.length > 0);
  }

  function notifyIfIdle(): void {
    if (busy()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  }

  function subscribers(shop: string, topic: string): string[] {
    const uris = config.webhooks.filter((s) => s.topics.includes(topic)).map((s) => s.uri);
    const rows = stmt.shopSubs.all(shop, topic, topicEnum(topic)) as { uri: string }[];
    for (const r of rows) if (/^https?:\/\//.test(r.uri)) uris.push(r.uri);
    return [...new Set(uris)];
  }

  function enqueue(webhookId: string, key: string): void {
    const q = queues.get(key) ?? [];
    q.push(webhookId);
    queues.set(key, q);
    void drain(key);
  }

  function schedule(webhookId: string, key: string, at: number): void {
    if (stopped) return;
    const delay = Math.max(0, at - Date.now());
    if (delay === 0) return enqueue(webhookId, key);
    const timer = setTimeout(() => {
      timers.delete(webhookId);
      enqueue(webhookId, key);
    }, delay);
    timers.set(webhookId, timer);
  }

  async function drain(key: string): Promise<void> {
    if (draining.has(key) || stopped) return;
    draining.add(key);
    try {
      const q = queues.get(key) ?? [];
      while (q.length > 0 && !stopped) {
        const id = q.shift()!;
        const attempt = send(id);
        inFlight.add(attempt);
        try {
          await attempt;
        } finally {
          inFlight.delete(attempt);
        }
      }
    } finally {
      draining.delete(key);
      notifyIfIdle();
    }
  }

  async function send(webhookId: string): Promise<void> {
    const row = stmt.get.get(webhookId) as DeliveryRow | undefined;
    if (!row || row.status !== "pending") return;
    let status: number | null = null;
    try {
      const res = await fetch(row.uri, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "X-Shopify-Topic": row.topic,
          "X-Shopify-Hmac-Sha256": signWebhookBody(row.body, config.apiSecret),
          "X-Shopify-Shop-Domain": row.shop,
          "X-Shopify-Webhook-Id": row.webhook_id,
          "X-Shopify-Event-Id": row.event_id,
          "X-Shopify-Triggered-At": row.triggered_at,
          "X-Shopify-API-Version": config.apiVersion,
          "User-Agent": "Shopify-Captain-Hook",
        },
        body: row.body,
        signal: AbortSignal.timeout(ANSWER_WINDOW_MS),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch {
      status = null; // refused, reset or no answer within the window
    }
    const ok = status !== null && status >= 200 && status < 300;
    if (ok) {
      stmt.settle.run(status, "delivered", null, new Date().toISOString(), webhookId);
      return;
    }
    const delay = config.webhookRetryDelaysMs[row.attempts];
    if (delay === undefined) {
      stmt.settle.run(status, "failed", null, null, webhookId);
      return;
    }
    const at = Date.now() + delay;
    stmt.settle.run(status, "pending", new Date(at).toISOString(), null, webhookId);
    schedule(webhookId, `${row.shop} ${row.uri}`, at);
  }

  return {
    emit(event: WebhookEvent): string[] {
      const uris = subscribers(event.shop, event.topic);
      if (uris.length === 0) return [];
      const eventId = crypto.randomUUID();
      const body = JSON.stringify(event.payload);
      const triggeredAt = event.triggeredAt ?? new Date().toISOString();
      const now = new Date().toISOString();
      const ids = uris.map((uri) => {
        const webhookId = crypto.randomUUID();
        stmt.insert.run(webhookId, eventId, event.shop, event.topic, uri, body, triggeredAt, now);
        return webhookId;
      });
      // Send after the caller's transaction has had a chance to commit.
      queueMicrotask(() => {
        if (stopped) return;
        ids.forEach((id, i) => enqueue(id, `${event.shop} ${uris[i]}`));
      });
      return ids;
    },

    idle(): Promise<void> {
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        // Let freshly emitted deliveries reach their queues first.
        setImmediate(notifyIfIdle);
      });
    },

    redeliver(webhookId: string): boolean {
      const row = stmt.get.get(webhookId) as DeliveryRow | undefined;
      if (!row) return false;
      stmt.reopen.run(new Date().toISOString(), webhookId);
      const timer = timers.get(webhookId);
      if (timer) {
        clearTimeout(timer);
        timers.delete(webhookId);
      }
      if (!stopped) enqueue(webhookId, `${row.shop} ${row.uri}`);
      return true;
    },

    start(): void {
      stopped = false;
      const rows = stmt.pending.all() as { webhook_id: string; next_attempt_at: string | null }[];
      for (const r of rows) {
        if (timers.has(r.webhook_id) || [...queues.values()].some((q) => q.includes(r.webhook_id))) continue;
        const row = stmt.get.get(r.webhook_id) as DeliveryRow;
        const at = r.next_attempt_at ? Date.parse(r.next_attempt_at) : Date.now();
        schedule(r.webhook_id, `${row.shop} ${row.uri}`, at);
      }
    },

    async stop(): Promise<void> {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      queues.clear();
      await Promise.allSettled([...inFlight]);
      notifyIfIdle();
    },
  };
}
