-- Customers index (app/customers/customer-index.server.ts, docs/database.md "Hand-written schema objects").
-- Written by hand: the Prisma schema cannot express partial, expression or trigram indexes.

-- pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it without superuser rights.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Substring search (ILIKE with a pattern of the form %word%) over the search text of the live customers: the
-- expression is SEARCH_TEXT_SQL in app/customers/search-terms.ts, character for character. Words of 3 or more
-- characters use it, shorter words scan. (No semicolons or quotes in these comments: the driver adapter splits the
-- script on semicolons.)
CREATE INDEX "Customer_search_idx" ON "Customer" USING gin (
  (coalesce("lastName", '') || ' ' || coalesce("firstName", '') || ' ' || coalesce("nameKana", '') || ' ' || coalesce("email", '') || ' ' || coalesce("phone", ''))
  gin_trgm_ops
) WHERE "deletedAt" IS NULL AND "redactedAt" IS NULL;

-- The default view (no search or filter, last order first, customers without orders last).
CREATE INDEX "Customer_live_lastOrderAt_idx" ON "Customer" ("shop", "lastOrderAt" DESC NULLS LAST, "shopifyId" DESC)
  WHERE "deletedAt" IS NULL AND "redactedAt" IS NULL;
