/**
 * Load generator for the "admin-api" workload, in its own process so the clients do not share the dev store's event
 * loop: N concurrent keep-alive clients post Admin GraphQL documents over loopback for a fixed time, or one app
 * drives Shopify's real bucket and waits out THROTTLED answers the way the app's gateway does.
 */
import http from "node:http";
import { childMain } from "../lib/child";
import { type Latency, latency } from "../lib/stats";

export type LoadDocument = {
  name: string;
  query: string;
  /** Each client follows `pageInfo.endCursor` of the root connection, starting over at the end. */
  paginate: boolean;
};

export type LoadTarget = { url: string; token: string; shop: string; apiVersion: string };

export type LoadInput =
  | { mode: "open"; target: LoadTarget; documents: LoadDocument[]; clients: number; seconds: number }
  | { mode: "throttled"; target: LoadTarget; document: LoadDocument; seconds: number };

export type DocumentFigures = {
  name: string;
  clients: number;
  seconds: number;
  requests: number;
  errors: number;
  firstError: string | null;
  latencyMs: Latency;
  /** Root nodes per answer, averaged: shows the document returned real pages. */
  nodesPerRequest: number;
  requestedCost: number;
  actualCost: number;
};

export type ThrottledFigures = {
  name: string;
  seconds: number;
  served: number;
  throttled: number;
  /** Served from the full bucket before the first THROTTLED answer. */
  burstServed: number;
  burstSeconds: number;
  /** Served after the first THROTTLED answer, i.e. at the restore rate. */
  sustainedServed: number;
  sustainedSeconds: number;
  requestedCost: number;
  actualCost: number;
  maximumAvailable: number;
  restoreRate: number;
};

export type LoadResult = { documents: DocumentFigures[] } | { throttled: ThrottledFigures };

type Answer = {
  data?: Record<string, { nodes?: unknown[]; pageInfo?: { hasNextPage: boolean; endCursor: string | null } } | null> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: {
    cost?: {
      requestedQueryCost: number;
      actualQueryCost: number | null;
      throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
    };
  };
};

function poster(target: LoadTarget, sockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const url = new URL(`/admin/api/${target.apiVersion}/graphql.json`, target.url);
  return {
    agent,
    post(body: string): Promise<{ status: number; answer: Answer }> {
      return new Promise((resolve, reject) => {
        const req = http.request(
          url,
          {
            method: "POST",
            agent,
            headers: {
              "content-type": "application/json",
              "content-length": Buffer.byteLength(body),
              "x-shopify-access-token": target.token,
              "x-forwarded-host": target.shop,
            },
            timeout: 30_000,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => {
              try {
                resolve({ status: res.statusCode ?? 0, answer: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Answer });
              } catch (err) {
                reject(err instanceof Error ? err : new Error(String(err)));
              }
            });
            res.on("error", reject);
          },
        );
        req.on("timeout", () => req.destroy(new Error("no answer within 30 s")));
        req.on("error", reject);
        req.end(body);
      });
    },
  };
}

function rootOf(answer: Answer) {
  const data = answer.data ?? {};
  const key = Object.keys(data)[0];
  return key ? data[key] : null;
}

async function openLoop(input: Extract<LoadInput, { mode: "open" }>): Promise<DocumentFigures[]> {
  const { post, agent } = poster(input.target, input.clients);
  const figures: DocumentFigures[] = [];
  for (const doc of input.documents) {
    const samples: number[] = [];
    let errors = 0;
    let firstError: string | null = null;
    let nodes = 0;
    let requestedCost = 0;
    let actualCost = 0;
    const client = async (deadline: number | null, rounds: number, record: boolean) => {
      let after: string | null = null;
      for (let i = 0; deadline === null ? i < rounds : performance.now() < deadline; i++) {
        const body = JSON.stringify({ query: doc.query, variables: doc.paginate ? { after } : {} });
        const t0 = performance.now();
        let ok = false;
        try {
          const { status, answer } = await post(body);
          const elapsed = performance.now() - t0;
          const root = rootOf(answer);
          ok = status === 200 && !answer.errors?.length && Boolean(root);
          if (!ok) {
            firstError ??= `${status} ${JSON.stringify(answer.errors ?? answer).slice(0, 300)}`;
          } else if (record) {
            samples.push(elapsed);
            nodes += root?.nodes?.length ?? 0;
            requestedCost += answer.extensions?.cost?.requestedQueryCost ?? 0;
            actualCost += answer.extensions?.cost?.actualQueryCost ?? 0;
          }
          after = doc.paginate && root?.pageInfo?.hasNextPage ? root.pageInfo.endCursor : null;
        } catch (err) {
          firstError ??= err instanceof Error ? err.message : String(err);
        }
        if (!ok && record) errors++;
      }
    };
    // Warm-up: plans, statement caches and the JIT, not counted.
    await Promise.all(Array.from({ length: input.clients }, () => client(null, 3, false)));
    const started = performance.now();
    const deadline = started + input.seconds * 1000;
    await Promise.all(Array.from({ length: input.clients }, () => client(deadline, 0, true)));
    const seconds = (performance.now() - started) / 1000;
    const served = samples.length;
    figures.push({
      name: doc.name,
      clients: input.clients,
      seconds,
      requests: served,
      errors,
      firstError,
      latencyMs: latency(samples),
      nodesPerRequest: served ? nodes / served : 0,
      requestedCost: served ? requestedCost / served : 0,
      actualCost: served ? actualCost / served : 0,
    });
  }
  agent.destroy();
  return figures;
}

async function throttledLoop(input: Extract<LoadInput, { mode: "throttled" }>): Promise<ThrottledFigures> {
  const { post, agent } = poster(input.target, 1);
  const doc = input.document;
  let after: string | null = null;
  let served = 0;
  let throttled = 0;
  let burstServed = 0;
  let firstThrottleAt: number | null = null;
  let requestedCost = 0;
  let actualCost = 0;
  let bucket = { maximumAvailable: 0, restoreRate: 0 };
  const started = performance.now();
  const deadline = started + input.seconds * 1000;
  while (performance.now() < deadline) {
    const { status, answer } = await post(JSON.stringify({ query: doc.query, variables: doc.paginate ? { after } : {} }));
    const cost = answer.extensions?.cost;
    if (cost) bucket = { maximumAvailable: cost.throttleStatus.maximumAvailable, restoreRate: cost.throttleStatus.restoreRate };
    if (answer.errors?.[0]?.extensions?.code === "THROTTLED" && cost) {
      throttled++;
      firstThrottleAt ??= performance.now();
      // Wait until the bucket holds the requested cost again, as the app's gateway does.
      const waitMs = ((cost.requestedQueryCost - cost.throttleStatus.currentlyAvailable) / cost.throttleStatus.restoreRate) * 1000;
      const remaining = deadline - performance.now();
      if (remaining <= 0) break;
      await new Promise((r) => setTimeout(r, Math.min(remaining, Math.max(1, Math.ceil(waitMs)))));
      continue;
    }
    const root = rootOf(answer);
    if (status !== 200 || answer.errors?.length || !root) {
      throw new Error(`throttled run: unexpected answer ${status} ${JSON.stringify(answer).slice(0, 300)}`);
    }
    served++;
    if (firstThrottleAt === null) burstServed++;
    requestedCost += cost?.requestedQueryCost ?? 0;
    actualCost += cost?.actualQueryCost ?? 0;
    after = doc.paginate && root.pageInfo?.hasNextPage ? root.pageInfo.endCursor : null;
  }
  const end = performance.now();
  agent.destroy();
  const burstEnd = firstThrottleAt ?? end;
  return {
    name: doc.name,
    seconds: (end - started) / 1000,
    served,
    throttled,
    burstServed,
    burstSeconds: (burstEnd - started) / 1000,
    sustainedServed: served - burstServed,
    sustainedSeconds: (end - burstEnd) / 1000,
    requestedCost: served ? requestedCost / served : 0,
    actualCost: served ? actualCost / served : 0,
    ...bucket,
  };
}

childMain<LoadInput, LoadResult>(async (input) =>
  input.mode === "open" ? { documents: await openLoop(input) } : { throttled: await throttledLoop(input) },
);
