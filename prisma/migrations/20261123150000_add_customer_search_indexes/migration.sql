-- Customers index (app/customers/customer-index.server.ts, docs/database.md "Hand-written schema objects").
-- Written by hand: the Prisma schema cannot express partial or expression indexes. A later migration that makes
-- SQLite redefine "Customer" (copy into new_Customer, drop, rename) drops these: repeat them at its end.

-- Search, filters and sorts of the index in one covering scan: the live customers of a shop with the search text
-- (the expression is SEARCH_TEXT_SQL in app/customers/search-terms.ts, character for character) and every column
-- the page filters or sorts on, so matching 10,000 of 100,000 customers reads no table rows. The tag filter reads
-- "tags" (every writer stores the CustomerTag rows joined by ", " beside them): probing CustomerTag for each of
-- 100,000 index entries cost more than the whole scan. "deletedAt" and
-- "redactedAt" are always NULL here, but SQLite counts an index as covering only when it holds every column the
-- statement names, the WHERE of a partial index included.
CREATE INDEX "Customer_search_idx" ON "Customer" (
  "shop",
  (coalesce("lastName", '') || ' ' || coalesce("firstName", '') || ' ' || coalesce("nameKana", '') || ' ' || coalesce("email", '') || ' ' || coalesce("phone", '')),
  "shopifyId", "ordersCount", "totalSpent", "lastOrderAt", "shopifyCreatedAt", "lastName", "firstName",
  "marketingState", "provinceCode", "preferredChannel", "tags", "deletedAt", "redactedAt"
) WHERE "deletedAt" IS NULL AND "redactedAt" IS NULL;

-- The default view (no search or filter, last order first): count and page straight from this index (covering, as above).
CREATE INDEX "Customer_live_lastOrderAt_idx" ON "Customer" ("shop", "lastOrderAt", "shopifyId", "deletedAt", "redactedAt")
  WHERE "deletedAt" IS NULL AND "redactedAt" IS NULL;
