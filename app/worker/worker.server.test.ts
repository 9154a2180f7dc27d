import { describe, expect, it } from "vitest";
import type { ClaimedWebhook } from "../webhooks/event-store.server";
import { runsOf } from "./worker.server";

const webhook = (id: string, topic: string, shop = "a.myshopify.com"): ClaimedWebhook => ({
  id,
  shop,
  topic,
  payload: "{}",
  triggeredAt: null,
  receivedAt: new Date(),
  attempts: 1,
});

describe("runsOf", () => {
  it("groups consecutive customer writes of one shop and keeps everything else alone, in order", () => {
    const claimed = [
      webhook("1", "customers/create"),
      webhook("2", "customers/update"),
      webhook("3", "customers/delete"),
      webhook("4", "customers/update"),
      webhook("5", "customers/update", "b.myshopify.com"),
      webhook("6", "orders/create", "b.myshopify.com"),
      webhook("7", "customers/update", "b.myshopify.com"),
    ];
    expect(runsOf(claimed).map((run) => run.map((w) => w.id))).toEqual([["1", "2"], ["3"], ["4"], ["5"], ["6"], ["7"]]);
  });
});
