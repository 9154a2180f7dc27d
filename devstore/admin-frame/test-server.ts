/** For this folder's tests: an express app with only the admin-frame routes, on 127.0.0.1:0, and a seeded shop. */
import http from "node:http";
import express from "express";
import { records } from "../store/db";
import { createTestContext } from "../testing";
import type { DevstoreContext, ShopRecord } from "../types";
import { registerAdminFrame } from "./routes";

export const TEST_SHOP: ShopRecord = {
  domain: "tsunagu-demo.myshopify.com",
  id: 60_000_000_001,
  name: "つながる商店",
  email: "owner@tsunagu-demo.example",
  currencyCode: "JPY",
  primaryLocale: "ja",
  ianaTimezone: "Asia/Tokyo",
  plan: "Basic",
  countryCode: "JP",
  createdAt: "2026-01-01T00:00:00.000Z",
};

export type AdminFrameTestServer = { ctx: DevstoreContext; url: string; close(): Promise<void> };

export async function startAdminFrameTestServer(): Promise<AdminFrameTestServer> {
  const ctx = createTestContext({ apiKey: "test-api-key", apiSecret: "test-api-secret", appUrl: "http://127.0.0.1:3999" });
  records(ctx.db).putShop(TEST_SHOP);
  const app = express();
  registerAdminFrame(app, ctx);
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    ctx,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      ctx.db.close();
    },
  };
}
