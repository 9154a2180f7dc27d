/**
 * Bulk query operations: CREATED -> RUNNING -> COMPLETED | FAILED | CANCELED, streaming JSONL to a file while the
 * root connection is paged in SQL batches, so memory stays flat however many rows the shop has. The result is served
 * through a signed, expiring URL, and bulk_operations/finish is emitted at the end, as Shopify does.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type DocumentNode, getNamedType, Kind, type OperationDefinitionNode, print } from "graphql";
import { loadAdminSchema } from "../schema";
import { gid, records, reserveIds } from "../store/db";
import type { BulkOperationRecord, DevstoreConfig, DevstoreContext } from "../types";
import { bulkOperationFinishPayload } from "../webhooks/payloads";
import { AFTER_VARIABLE, bulkRuleError, flattenNode, PAGE_INFO_ALIAS, rewriteForBatches } from "./bulk-document";
import { runFastBatch } from "./bulk-fast";
import { compileBulkPlan } from "./bulk-plan";
import { startSpeculation } from "./bulk-speculate";
import { collectFields, fieldDef, fragmentsOf } from "./cost";
import { prepareDocument, runGraphql } from "./execute";
import type { RequestContext } from "./request-context";

export const BULK_BATCH = 1000;
/** Shopify's result links stay valid for a week. */
const URL_TTL_SECONDS = 7 * 24 * 3600;

const running = new Map<number, Promise<void>>();

export function bulkDir(config: DevstoreConfig): string {
  const base = config.dbPath === ":memory:" ? path.join(os.tmpdir(), "devstore") : path.dirname(config.dbPath);
  return path.join(base, "bulk");
}

function sign(config: DevstoreConfig, file: string, expires: number): string {
  return crypto.createHmac("sha256", config.apiSecret).update(`${file}\n${expires}`).digest("hex");
}

export function signedBulkUrl(config: DevstoreConfig, file: string, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + URL_TTL_SECONDS;
  return `${config.publicUrl}/bulk/${encodeURIComponent(file)}?expires=${expires}&signature=${sign(config, file, expires)}`;
}

/** True when the link was made by this dev store and has not expired. */
export function verifyBulkUrl(config: DevstoreConfig, file: string, expires: string, signature: string, now = Date.now()): boolean {
  const exp = Number(expires);
  if (!Number.isInteger(exp) || exp * 1000 < now) return false;
  const expected = Buffer.from(sign(config, file, exp));
  const given = Buffer.from(signature);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

export type BulkProgress = { objectCount: number; rootObjectCount: number; fileSize: number };

type StreamOptions = {
  onBatch?: (progress: BulkProgress) => void;
  isCanceled?: () => boolean;
  /** Skips the fast path (bulk-fast.ts): the reference output its tests compare against. */
  generalOnly?: boolean;
  /** False keeps the export on one thread (no bulk-speculate.ts worker). */
  parallel?: boolean;
  /** Exports shorter than this many batches stay on one thread (default MIN_BATCHES). */
  workerMinBatches?: number;
};

export class BulkQueryError extends Error {
  constructor(
    readonly code: "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR",
    message: string,
  ) {
    super(message);
  }
}

type Batch = { chunk: string; objectCount: number; roots: number; endCursor: string | null; hasNext: boolean };

/** The general path: one graphql-js execution of the rewritten document per batch, flattened by flattenNode. */
async function generalBatch(rc: RequestContext, rewritten: DocumentNode, text: string, after: string | null): Promise<Batch> {
  const schema = rc.schema;
  const op = rewritten.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const root = schema.getQueryType()!;
  const rootField = collectFields(root, op.selectionSet, fragmentsOf(rewritten))[0]!;
  const connType = getNamedType(fieldDef(schema, root, rootField.node.name.value)!.type);
  const answer = await runGraphql({ ...rc, searches: [] }, schema, { query: text, variables: { [AFTER_VARIABLE]: after } });
  const error = answer.errors?.[0];
  if (error) {
    const code = error.extensions?.code === "ACCESS_DENIED" ? "ACCESS_DENIED" : "INTERNAL_SERVER_ERROR";
    throw new BulkQueryError(code, error.message);
  }
  const conn = answer.data?.[rootField.responseKey] as Record<string, unknown>;
  const lines: Record<string, unknown>[] = [];
  let roots = 0;
  let endCursor: string | null = null;
  let hasNext = false;
  const pageInfo = conn[PAGE_INFO_ALIAS] as { endCursor: string | null; hasNextPage: boolean } | undefined;
  for (const sel of collectFields(connType, rootField.node.selectionSet!, fragmentsOf(rewritten))) {
    const def = fieldDef(schema, connType, sel.node.name.value);
    if (!def || !sel.node.selectionSet) continue;
    if (sel.node.name.value === "nodes") {
      for (const item of conn[sel.responseKey] as Record<string, unknown>[]) {
        roots++;
        flattenNode(schema, rewritten, getNamedType(def.type), sel.node.selectionSet, item, null, lines);
      }
    } else if (sel.node.name.value === "edges") {
      const edgeType = getNamedType(def.type);
      const nodeSel = collectFields(edgeType, sel.node.selectionSet, fragmentsOf(rewritten)).find((e) => e.node.name.value === "node");
      const nodeDef = fieldDef(schema, edgeType, "node");
      for (const edge of conn[sel.responseKey] as Record<string, unknown>[]) {
        endCursor = (edge.cursor as string | undefined) ?? endCursor;
        if (!nodeSel?.node.selectionSet || !nodeDef) continue;
        roots++;
        flattenNode(schema, rewritten, getNamedType(nodeDef.type), nodeSel.node.selectionSet, edge[nodeSel.responseKey] as Record<string, unknown>, null, lines);
      }
    }
  }
  if (pageInfo) {
    endCursor = pageInfo.endCursor;
    hasNext = pageInfo.hasNextPage;
  }
  const chunk = lines.length > 0 ? lines.map((l) => JSON.stringify(l)).join("\n") + "\n" : "";
  return { chunk, objectCount: lines.length, roots, endCursor, hasNext };
}

/** Runs a bulk query to a JSONL file, batch by batch. Returns counts; throws BulkQueryError on failure. */
export async function streamBulkQuery(
  rc: RequestContext,
  query: string,
  file: string,
  options: StreamOptions = {},
): Promise<BulkProgress & { canceled: boolean; fastBatches: number; workerBatches: number }> {
  const schema = rc.schema;
  const prepared = prepareDocument(schema, query);
  if (!prepared.doc) throw new BulkQueryError("INTERNAL_SERVER_ERROR", prepared.errors[0]?.message ?? "invalid query");
  const rewritten = rewriteForBatches(schema, prepared.doc, BULK_BATCH);
  const text = print(rewritten);
  let plan = options.generalOnly ? null : compileBulkPlan(schema, rewritten);
  const speculator = plan && options.parallel !== false ? startSpeculation(rc, plan, query, BULK_BATCH, options.workerMinBatches) : null;

  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, "w");
  const progress: BulkProgress = { objectCount: 0, rootObjectCount: 0, fileSize: 0 };
  let after: string | null = null;
  let canceled = false;
  let fastBatches = 0;
  let workerBatches = 0;
  try {
    for (;;) {
      if (options.isCanceled?.()) {
        canceled = true;
        break;
      }
      let batch: Batch | null = plan && speculator ? await speculator.take(after) : null;
      if (batch) workerBatches++;
      else if (plan) {
        try {
          batch = runFastBatch(plan, { ...rc, searches: [] }, after);
          fastBatches++;
        } catch {
          // graphql-js answers this batch, with its own result or error, and the rest of the run: whatever the fast
          // path could not serve here (an unmodelled shape) it would not serve in the next batch either.
          plan = null;
        }
      }
      batch ??= await generalBatch(rc, rewritten, text, after);
      if (batch.chunk) progress.fileSize += fs.writeSync(fd, batch.chunk);
      progress.objectCount += batch.objectCount;
      progress.rootObjectCount += batch.roots;
      options.onBatch?.({ ...progress });
      if (!batch.hasNext || !batch.endCursor || batch.roots === 0) break;
      after = batch.endCursor;
      // Let the server answer other requests between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    fs.closeSync(fd);
    await speculator?.close();
  }
  return { ...progress, canceled, fastBatches: fastBatches + workerBatches, workerBatches };
}

type UserError = { field: string[] | null; message: string; code?: string };

function fileName(id: number): string {
  return `${id}.jsonl`;
}

/** bulkOperationRunQuery: validates, records CREATED, and starts the run in the background. */
export function startBulkQuery(rc: RequestContext, query: string): { operation: BulkOperationRecord | null; userErrors: UserError[] } {
  const invalid = (message: string): { operation: null; userErrors: UserError[] } => ({
    operation: null,
    userErrors: [{ field: ["query"], message, code: "INVALID" }],
  });
  const prepared = prepareDocument(rc.schema, query);
  if (!prepared.doc) return invalid(`Invalid bulk query: ${prepared.errors.map((e) => e.message).join(", ")}`);
  const rule = bulkRuleError(rc.schema, prepared.doc);
  if (rule) return invalid(rule);
  const shop = rc.shop.domain;
  const r = records(rc.ctx.db);
  const current = r.currentBulkOperation(shop, "QUERY");
  if (current && ["CREATED", "RUNNING", "CANCELING"].includes(current.status)) {
    return {
      operation: null,
      userErrors: [
        {
          field: null,
          message: `A bulk query operation for this app and shop is already in progress: ${gid("BulkOperation", current.id)}.`,
          code: "OPERATION_IN_PROGRESS",
        },
      ],
    };
  }
  const operation: BulkOperationRecord = {
    id: reserveIds(rc.ctx.db, "BulkOperation"),
    shop,
    type: "QUERY",
    status: "CREATED",
    query,
    errorCode: null,
    objectCount: 0,
    rootObjectCount: 0,
    fileSize: null,
    url: null,
    createdAt: rc.now().toISOString(),
    completedAt: null,
  };
  r.putBulkOperation(operation);
  const task = runInBackground(rc, operation).finally(() => running.delete(operation.id));
  running.set(operation.id, task);
  return { operation, userErrors: [] };
}

async function runInBackground(rc: RequestContext, created: BulkOperationRecord): Promise<void> {
  const { ctx } = rc;
  const r = records(ctx.db);
  const load = () => r.getBulkOperation(created.shop, created.id) ?? created;
  // Start on a later tick so the mutation answers with CREATED first, as Shopify does.
  await new Promise((resolve) => setImmediate(resolve));
  r.putBulkOperation({ ...load(), status: "RUNNING" });
  const file = path.join(bulkDir(ctx.config), fileName(created.id));
  let final: BulkOperationRecord;
  try {
    const result = await streamBulkQuery({ ...rc, bulk: true }, created.query, file, {
      onBatch: (p) => r.putBulkOperation({ ...load(), objectCount: p.objectCount, rootObjectCount: p.rootObjectCount }),
      isCanceled: () => load().status === "CANCELING",
    });
    const now = rc.now().toISOString();
    final = result.canceled
      ? { ...load(), status: "CANCELED", completedAt: now }
      : {
          ...load(),
          status: "COMPLETED",
          objectCount: result.objectCount,
          rootObjectCount: result.rootObjectCount,
          fileSize: result.objectCount > 0 ? result.fileSize : null,
          // Shopify gives no URL when the query matched nothing.
          url: result.objectCount > 0 ? signedBulkUrl(ctx.config, fileName(created.id), rc.now().getTime()) : null,
          completedAt: now,
        };
  } catch (err) {
    const code = err instanceof BulkQueryError ? err.code : "INTERNAL_SERVER_ERROR";
    final = { ...load(), status: "FAILED", errorCode: code, completedAt: rc.now().toISOString() };
  }
  r.putBulkOperation(final);
  ctx.webhooks.emit({
    shop: final.shop,
    topic: "bulk_operations/finish",
    payload: bulkOperationFinishPayload(final),
    subjectGid: gid("BulkOperation", final.id),
  });
}

/** bulkOperationCancel: a running operation moves to CANCELING, then CANCELED at its next batch. */
export function cancelBulkOperation(
  ctx: DevstoreContext,
  shop: string,
  id: number,
): { operation: BulkOperationRecord; userErrors: UserError[] } | null {
  const r = records(ctx.db);
  const op = r.getBulkOperation(shop, id);
  if (!op) return null;
  if (!["CREATED", "RUNNING"].includes(op.status)) {
    return {
      operation: op,
      userErrors: [{ field: null, message: `A bulk operation cannot be canceled when it is ${op.status.toLowerCase()}` }],
    };
  }
  const next: BulkOperationRecord = { ...op, status: "CANCELING" };
  r.putBulkOperation(next);
  return { operation: next, userErrors: [] };
}

/** Resolves when every bulk operation started in this process has finished (tests, benchmarks). */
export async function waitForBulkOperations(): Promise<void> {
  while (running.size > 0) await Promise.all([...running.values()]);
}

/**
 * Runs a bulk query for a shop straight to a file, without an operation record: the benchmark's entry point.
 * Uses every scope the app is configured with.
 */
export async function runBulkQueryToFile(
  ctx: DevstoreContext,
  shop: string,
  query: string,
  file: string,
  apiVersion = ctx.config.apiVersion,
  options: StreamOptions = {},
) {
  const shopRecord = records(ctx.db).getShop(shop);
  if (!shopRecord) throw new Error(`No shop ${shop} in the dev store`);
  const rc: RequestContext = {
    ctx,
    shop: shopRecord,
    scopes: new Set(ctx.config.scopes),
    apiVersion,
    schema: loadAdminSchema(ctx.config.schemaDir, apiVersion),
    bulk: true,
    searches: [],
    now: () => new Date(),
  };
  const rule = prepareDocument(rc.schema, query);
  if (!rule.doc) throw new Error(rule.errors.map((e) => e.message).join("; "));
  const ruleError = bulkRuleError(rc.schema, rule.doc);
  if (ruleError) throw new Error(ruleError);
  return streamBulkQuery(rc, query, file, options);
}
