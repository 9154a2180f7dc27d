/**
 * Pushing a segment to Shopify, two ways:
 * - as a customer tag: a SegmentPush row is queued; the worker claims it under a lease (as the webhook queue does,
 *   docs/decisions/007-webhook-queue-on-the-driver.md), pages the members by Shopify id (export-members.server.ts), adds the tag to a batch of
 *   them per request (`tagsAdd` under GraphQL aliases) through the gateway, which waits out Shopify's cost-based
 *   throttle, and saves cursor and counts after each batch in one conditional update. A worker that dies mid-push
 *   leaves the lease to expire; the next one goes on from the cursor. A batch sent but not saved is sent again
 *   (tagsAdd is idempotent) and counted once, because counts move only with the cursor. The app's own copy of the tags
 *   (Customer.tags, CustomerTag) is updated at once; the customers/update webhooks Shopify then sends agree with it.
 * - as a Shopify customer segment: the rule translated to the segment query language (app/segments/shopifyql.ts)
 *   and created with `segmentCreate` while the staff member waits; Shopify's userErrors come back as field messages.
 */
import { z } from "zod";
import prisma from "../db.server";
import { isPostgresUrl } from "../env.server";
import { type AdminGateway, adminGateway, ShopifyGatewayError } from "../shopify/gateway.server";
import { SegmentCreate, TAGS_ADD_BATCH_MAX, tagsAddBatch } from "../shopify/operations";
import { Statement } from "../utils/sql-statement";
import { parseRule, type SegmentGroup } from "./rule";
import { memberIdPage, memberQuery } from "./export-members.server";
import { countSegment } from "./segments.server";
import { type NotExpressible, toShopifyQl } from "./shopifyql";

/** A worker holding a push renews its lease after every batch; one silent for this long is taken as dead. */
export const LEASE_MS = 2 * 60_000;
/** Attempts per batch when the request itself fails (network, Shopify errors), before the push is marked failed. */
export const BATCH_ATTEMPTS = 3;
const ACTIVE = ["queued", "running"];

export type PushStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";
export type PushKind = "tags" | "shopifySegment";

export type PushSummary = {
  id: string;
  kind: PushKind;
  status: PushStatus;
  tag: string | null;
  query: string | null;
  shopifySegmentId: string | null;
  total: number;
  processed: number;
  failed: number;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
};

export type PushErrorCode =
  | "tagRequired"
  | "tagTooLong"
  | "tagComma"
  | "nameRequired"
  | "nameTooLong"
  | "kindInvalid"
  | "segmentNotFound"
  | "notFound"
  | "alreadyRunning"
  | "notExpressible"
  | "shopifyNameTaken"
  | "shopifyRefused"
  | "shopifyUnavailable";

export type PushFailure = {
  ok: false;
  code: PushErrorCode;
  /** Field → message key (segmentUse.push.errors.*), with values to interpolate. */
  errors: Array<{ field: "tag" | "name" | "kind" | "form"; messageKey: string; values?: Record<string, string> }>;
  reasons?: NotExpressible[];
};

/** The HTTP status of each error: one switch, ending in exhaustiveness. */
export function pushErrorStatus(code: PushErrorCode): 400 | 404 | 409 | 422 | 502 {
  switch (code) {
    case "tagRequired":
    case "tagTooLong":
    case "tagComma":
    case "nameRequired":
    case "nameTooLong":
    case "kindInvalid":
      return 400;
    case "segmentNotFound":
    case "notFound":
      return 404;
    case "alreadyRunning":
    case "shopifyNameTaken":
      return 409;
    case "notExpressible":
    case "shopifyRefused":
      return 422;
    case "shopifyUnavailable":
      return 502;
    default:
      return assertUnreachable(code);
  }
}

function assertUnreachable(value: never): never {
  throw new Error(`Unhandled push error: ${String(value)}`);
}

const failure = (code: PushErrorCode, field: PushFailure["errors"][number]["field"], values?: Record<string, string>): PushFailure => ({
  ok: false,
  code,
  errors: [{ field, messageKey: `segmentUse.push.errors.${code === "segmentNotFound" ? "notFound" : code}`, ...(values ? { values } : {}) }],
});

/** A Shopify tag: trimmed, 1–255 characters, no comma (Shopify splits tags on commas). */
export const TagInput = z
  .string({ error: "tagRequired" })
  .trim()
  .min(1, "tagRequired")
  .max(255, "tagTooLong")
  .refine((tag) => !tag.includes(","), "tagComma");

export const SegmentNameInput = z.string({ error: "nameRequired" }).trim().min(1, "nameRequired").max(255, "nameTooLong");

function toSummary(row: {
  id: string;
  kind: string;
  status: string;
  tag: string | null;
  query: string | null;
  shopifySegmentId: string | null;
  total: number;
  processed: number;
  failed: number;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}): PushSummary {
  return {
    id: row.id,
    kind: row.kind as PushKind,
    status: row.status as PushStatus,
    tag: row.tag,
    query: row.query,
    shopifySegmentId: row.shopifySegmentId,
    total: row.total,
    processed: row.processed,
    failed: row.failed,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

async function loadSegment(shop: string, segmentId: string): Promise<{ id: string; name: string; rule: SegmentGroup } | null> {
  const row = await prisma.segment.findFirst({ where: { shop, id: segmentId }, select: { id: true, name: true, rule: true } });
  if (!row) return null;
  const parsed = parseRule(row.rule);
  return parsed.ok ? { id: row.id, name: row.name, rule: parsed.rule } : null;
}

/** The segment's pushes, newest first. */
export async function listPushes(shop: string, segmentId: string, take = 10): Promise<PushSummary[]> {
  const rows = await prisma.segmentPush.findMany({ where: { shop, segmentId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take });
  return rows.map(toSummary);
}

/** What the push dialog shows: the ShopifyQL for the rule (or why there is none) and the pushes so far. */
export async function loadPushPanel(shop: string, segmentId: string) {
  const segment = await loadSegment(shop, segmentId);
  if (!segment) return null;
  return { shopifyQl: toShopifyQl(segment.rule), pushes: await listPushes(shop, segmentId) };
}

/**
 * Queues a tag push of the segment's current members: validated tag, at most one active push per segment, `total`
 * the member count now.
 */
export async function createTagPush(
  shop: string,
  segmentId: string,
  userId: string | null,
  rawTag: unknown,
): Promise<{ ok: true; push: PushSummary } | PushFailure> {
  const tag = TagInput.safeParse(rawTag);
  if (!tag.success) return failure(tag.error.issues[0]!.message as PushErrorCode, "tag");
  const segment = await loadSegment(shop, segmentId);
  if (!segment) return failure("segmentNotFound", "form");
  if (await prisma.segmentPush.count({ where: { shop, segmentId, kind: "tags", status: { in: ACTIVE } } })) {
    return failure("alreadyRunning", "form");
  }
  const { count } = await countSegment(shop, segment.rule, { sample: 0 });
  const row = await prisma.segmentPush.create({
    data: { shop, segmentId, kind: "tags", tag: tag.data, status: "queued", total: count, createdByUserId: userId },
  });
  return { ok: true, push: toSummary(row) };
}

/** Cancels a queued or running push; a running worker stops at its next batch (its conditional save then fails). */
export async function cancelPush(shop: string, segmentId: string, pushId: string): Promise<{ ok: true } | PushFailure> {
  const { count } = await prisma.segmentPush.updateMany({
    where: { shop, segmentId, id: pushId, status: { in: ACTIVE } },
    data: { status: "cancelled", finishedAt: new Date(), leaseUntil: null },
  });
  return count ? { ok: true } : failure("notFound", "form");
}

/**
 * Creates a Shopify customer segment from the rule (segmentCreate) and records it. Not expressible rules, invalid
 * names and Shopify's userErrors come back as failures; nothing is recorded for a rule Shopify never saw.
 */
export async function pushShopifySegment(
  shop: string,
  segmentId: string,
  userId: string | null,
  rawName: unknown,
  gateway: AdminGateway,
): Promise<{ ok: true; push: PushSummary } | PushFailure> {
  const name = SegmentNameInput.safeParse(rawName);
  if (!name.success) return failure(name.error.issues[0]!.message as PushErrorCode, "name");
  const segment = await loadSegment(shop, segmentId);
  if (!segment) return failure("segmentNotFound", "form");
  const translated = toShopifyQl(segment.rule);
  if (!translated.ok) return { ...failure("notExpressible", "form"), reasons: translated.reasons };
  const record = (data: { status: PushStatus; shopifySegmentId?: string | null; lastError?: string | null }) =>
    prisma.segmentPush.create({
      data: {
        shop,
        segmentId,
        kind: "shopifySegment",
        query: translated.query,
        createdByUserId: userId,
        total: 0,
        startedAt: new Date(),
        finishedAt: new Date(),
        ...data,
      },
    });
  let result;
  try {
    result = await gateway.run(SegmentCreate, { name: name.data, query: translated.query });
  } catch (error) {
    if (!(error instanceof ShopifyGatewayError)) throw error;
    await record({ status: "failed", lastError: error.code });
    return failure("shopifyUnavailable", "form");
  }
  const userErrors = result.segmentCreate?.userErrors ?? [];
  const created = result.segmentCreate?.segment;
  if (userErrors.length > 0 || !created) {
    const first = userErrors[0];
    await record({ status: "failed", lastError: (first?.message ?? "no segment returned").slice(0, 1000) });
    if (first?.field?.includes("name") && /taken/i.test(first.message)) return failure("shopifyNameTaken", "name");
    return failure("shopifyRefused", first?.field?.includes("name") ? "name" : "form", { message: first?.message ?? "" });
  }
  const row = await record({ status: "succeeded", shopifySegmentId: created.id });
  return { ok: true, push: toSummary(row) };
}

// ---------------------------------------------------------------------------------------------------------------
// The worker side

/** Thrown by tests (through the gateway) to stop a run the way a dying process would: nothing more is written. */
export class SimulatedCrash extends Error {
  constructor() {
    super("simulated crash");
    this.name = "SimulatedCrash";
  }
}

export type PushRunOptions = {
  /** The Admin gateway for a shop; by default its offline session through `unauthenticated.admin`. */
  gatewayFor?: (shop: string) => Promise<AdminGateway>;
  batchSize?: number;
  now?: () => Date;
  log?: (msg: string, ctx?: object) => void;
  /** Waits between failed attempts of a batch (tests pass a no-op). */
  sleep?: (ms: number) => Promise<void>;
  /** Only this shop's pushes (tests sharing one database). */
  shop?: string;
};

async function offlineGateway(shop: string): Promise<AdminGateway> {
  // Loaded lazily: shopify.server parses the app's environment, which tests driving pushes directly do not have.
  const { unauthenticated } = await import("../shopify.server");
  const { admin } = await unauthenticated.admin(shop);
  // A push is long: wait out many throttled answers rather than fail a batch.
  return adminGateway(admin.graphql, { maxThrottleRetries: 30 });
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Adds the tag to the app's copy of these customers' tags, as Shopify does (case-insensitive, kept once). */
async function addLocalTag(shop: string, ids: string[], tag: string): Promise<void> {
  if (ids.length === 0) return;
  const dialect = isPostgresUrl(process.env.DATABASE_URL ?? "") ? "postgresql" : "sqlite";
  const build = (head: (s: Statement) => string) => {
    const s = new Statement(dialect);
    const sql = head(s);
    return { sql, params: s.params };
  };
  const missing = (s: Statement, alias: string) =>
    `NOT EXISTS (SELECT 1 FROM "CustomerTag" t WHERE t."shop" = ${alias}."shop" AND t."customerShopifyId" = ${alias}."shopifyId" AND LOWER(t."tag") = LOWER(${s.p(tag)}))`;
  const update = build(
    (s) =>
      `UPDATE "Customer" SET "tags" = CASE WHEN "tags" = '' THEN ${s.p(tag)} ELSE "tags" || ', ' || ${s.p(tag)} END ` +
      `WHERE "shop" = ${s.p(shop)} AND "shopifyId" IN (${ids.map((id) => s.p(id)).join(", ")}) AND ${missing(s, `"Customer"`)}`,
  );
  const insert = build(
    (s) =>
      `INSERT INTO "CustomerTag" ("shop", "customerShopifyId", "tag") SELECT c."shop", c."shopifyId", ${s.p(tag)} FROM "Customer" c ` +
      `WHERE c."shop" = ${s.p(shop)} AND c."shopifyId" IN (${ids.map((id) => s.p(id)).join(", ")}) AND ${missing(s, "c")}`,
  );
  // The Customer row first (it tests CustomerTag), then the tag rows, in one transaction.
  await prisma.$transaction([prisma.$executeRawUnsafe(update.sql, ...update.params), prisma.$executeRawUnsafe(insert.sql, ...insert.params)]);
}

/** Sends one batch; returns the ids Shopify tagged and those it refused (userErrors: e.g. deleted in Shopify). */
async function sendBatch(gateway: AdminGateway, ids: string[], tag: string) {
  const variables: Record<string, string | string[]> = { tags: [tag] };
  ids.forEach((id, i) => (variables[`id${i}`] = `gid://shopify/Customer/${id}`));
  const data = await gateway.run(tagsAddBatch(ids.length), variables);
  const done: string[] = [];
  const refused: Array<{ id: string; message: string }> = [];
  ids.forEach((id, i) => {
    const result = data[`c${i}`];
    if (result && result.userErrors.length === 0) done.push(id);
    else refused.push({ id, message: result?.userErrors[0]?.message ?? "no result" });
  });
  return { done, refused };
}

/**
 * Runs a claimed tag push (status running, lease `lease`) to its end, or until it is cancelled or its lease taken.
 * Every batch's outcome is saved with the cursor in one update that also checks the push is still ours.
 */
export async function runTagPush(pushId: string, lease: Date, options: PushRunOptions = {}): Promise<PushStatus | "lost"> {
  const log = options.log ?? (() => {});
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? defaultSleep;
  const batchSize = Math.max(1, Math.min(options.batchSize ?? TAGS_ADD_BATCH_MAX, TAGS_ADD_BATCH_MAX));
  const push = await prisma.segmentPush.findUnique({ where: { id: pushId } });
  // Deleted with its segment (the rows cascade) between the claim and now: nothing left to do.
  if (!push) return "lost";
  const { shop } = push;
  const ours = (extra: object = {}) => ({ id: pushId, shop, status: "running", leaseUntil: lease, ...extra });
  const finish = async (status: PushStatus, lastError: string | null = null) => {
    const { count } = await prisma.segmentPush.updateMany({
      where: ours(),
      data: { status, finishedAt: now(), leaseUntil: null, ...(lastError ? { lastError } : {}) },
    });
    return count ? status : ("lost" as const);
  };

  const segment = await loadSegment(shop, push.segmentId);
  if (!segment || !push.tag) return finish("failed", "segmentNotFound");
  const gateway = await (options.gatewayFor ?? offlineGateway)(shop);
  // Membership is judged as of the push's start, so "within the last 30 days" does not drift over a long push.
  const members = await memberQuery(shop, segment.rule, push.startedAt ?? now());
  let cursor = push.cursor ?? undefined;

  for (;;) {
    const ids = await memberIdPage(members, cursor, batchSize);
    if (ids.length === 0) {
      const current = await prisma.segmentPush.findUnique({ where: { id: pushId }, select: { processed: true, failed: true } });
      // The members counted at the start may have changed: the finished push's total is what was done.
      await prisma.segmentPush.updateMany({ where: ours(), data: { total: (current?.processed ?? 0) + (current?.failed ?? 0) } });
      return finish("succeeded");
    }
    let outcome: Awaited<ReturnType<typeof sendBatch>> | null = null;
    let lastError = "";
    for (let attempt = 1; attempt <= BATCH_ATTEMPTS && !outcome; attempt++) {
      try {
        outcome = await sendBatch(gateway, ids, push.tag);
      } catch (error) {
        if (error instanceof SimulatedCrash) throw error;
        lastError = error instanceof ShopifyGatewayError ? error.code : error instanceof Error ? error.message : String(error);
        log("segment push batch failed", { shop, pushId, attempt, error: lastError });
        if (attempt < BATCH_ATTEMPTS) await sleep(1000 * 4 ** (attempt - 1));
      }
    }
    if (!outcome) return finish("failed", lastError.slice(0, 1000));
    await addLocalTag(shop, outcome.done, push.tag);
    const nextLease = new Date(now().getTime() + LEASE_MS);
    const { count } = await prisma.segmentPush.updateMany({
      where: ours(),
      data: {
        cursor: ids[ids.length - 1],
        processed: { increment: outcome.done.length },
        failed: { increment: outcome.refused.length },
        leaseUntil: nextLease,
        ...(outcome.refused.length ? { lastError: outcome.refused[0]!.message.slice(0, 1000) } : {}),
      },
    });
    // Cancelled, or another worker took the push after our lease ran out: stop without writing more.
    if (count === 0) return "lost";
    lease = nextLease;
    cursor = ids[ids.length - 1];
  }
}

const active = new Map<string, Promise<unknown>>();

/**
 * Called from the worker loop: claims due tag pushes (queued, or running with an expired lease: their worker died)
 * and runs them in the background so webhooks keep flowing; returns how many were started.
 */
export async function runDueSegmentPushes(options: PushRunOptions = {}): Promise<number> {
  const log = options.log ?? (() => {});
  const now = options.now?.() ?? new Date();
  const due = await prisma.segmentPush.findMany({
    where: {
      kind: "tags",
      ...(options.shop ? { shop: options.shop } : {}),
      OR: [{ status: "queued" }, { status: "running", OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] }],
    },
    orderBy: { createdAt: "asc" },
    take: 5,
    select: { id: true, shop: true, status: true, leaseUntil: true, startedAt: true },
  });
  let started = 0;
  for (const push of due) {
    if (active.has(push.id)) continue;
    const lease = new Date(now.getTime() + LEASE_MS);
    // Conditional claim: another worker that read the same row first wins; this update then matches nothing.
    const claimed = await prisma.segmentPush.updateMany({
      where: { id: push.id, status: push.status, leaseUntil: push.leaseUntil },
      data: { status: "running", leaseUntil: lease, startedAt: push.startedAt ?? now },
    });
    if (claimed.count === 0) continue;
    log("segment push claimed", { shop: push.shop, pushId: push.id, resumed: push.status === "running" });
    const job = runTagPush(push.id, lease, options)
      .then((status) => log("segment push ended", { shop: push.shop, pushId: push.id, status }))
      .catch((error: unknown) => {
        if (error instanceof SimulatedCrash) return;
        console.error("[segments] push crashed", { pushId: push.id, shop: push.shop, error: error instanceof Error ? error.message : String(error) });
      })
      .finally(() => active.delete(push.id));
    active.set(push.id, job);
    started++;
  }
  return started;
}

/** Resolves when every push this process started has ended (tests, shutdown). */
export async function settleSegmentPushes(): Promise<void> {
  while (active.size > 0) await Promise.all([...active.values()]);
}
