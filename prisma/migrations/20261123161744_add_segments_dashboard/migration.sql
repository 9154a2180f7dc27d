-- CreateTable
CREATE TABLE "Segment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "rule" TEXT NOT NULL,
    "memberCount" INTEGER,
    "countedAt" DATETIME,
    "createdByUserId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SegmentPush" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "segmentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "tag" TEXT,
    "query" TEXT,
    "shopifySegmentId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "total" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "cursor" TEXT,
    "lastError" TEXT,
    "leaseUntil" DATETIME,
    "createdByUserId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SegmentPush_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DashboardLayout" (
    "shop" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "cards" TEXT NOT NULL,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "userId")
);

-- CreateTable
CREATE TABLE "AnalyticsReport" (
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "computedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "kind")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AnalysisSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "rfmWindowDays" INTEGER NOT NULL DEFAULT 365,
    "cpmThresholds" TEXT NOT NULL DEFAULT '{}',
    "f2WindowDays" INTEGER NOT NULL DEFAULT 90,
    "lastComputedAt" DATETIME,
    "lastRunStats" TEXT,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_AnalysisSettings" ("cpmThresholds", "lastComputedAt", "lastRunStats", "rfmWindowDays", "shop", "updatedAt") SELECT "cpmThresholds", "lastComputedAt", "lastRunStats", "rfmWindowDays", "shop", "updatedAt" FROM "AnalysisSettings";
DROP TABLE "AnalysisSettings";
ALTER TABLE "new_AnalysisSettings" RENAME TO "AnalysisSettings";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Segment_shop_updatedAt_idx" ON "Segment"("shop", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Segment_shop_name_key" ON "Segment"("shop", "name");

-- CreateIndex
CREATE INDEX "SegmentPush_shop_segmentId_createdAt_idx" ON "SegmentPush"("shop", "segmentId", "createdAt");

-- CreateIndex
CREATE INDEX "SegmentPush_status_leaseUntil_idx" ON "SegmentPush"("status", "leaseUntil");

-- CreateIndex
CREATE INDEX "OrderLineItem_shop_productShopifyId_idx" ON "OrderLineItem"("shop", "productShopifyId");

