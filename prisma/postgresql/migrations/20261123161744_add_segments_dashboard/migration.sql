-- AlterTable
ALTER TABLE "AnalysisSettings" ADD COLUMN     "f2WindowDays" INTEGER NOT NULL DEFAULT 90;

-- CreateTable
CREATE TABLE "Segment" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "rule" TEXT NOT NULL,
    "memberCount" INTEGER,
    "countedAt" TIMESTAMP(3),
    "createdByUserId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Segment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SegmentPush" (
    "id" TEXT NOT NULL,
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
    "leaseUntil" TIMESTAMP(3),
    "createdByUserId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SegmentPush_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DashboardLayout" (
    "shop" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "cards" TEXT NOT NULL,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DashboardLayout_pkey" PRIMARY KEY ("shop","userId")
);

-- CreateTable
CREATE TABLE "AnalyticsReport" (
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AnalyticsReport_pkey" PRIMARY KEY ("shop","kind")
);

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

-- AddForeignKey
ALTER TABLE "SegmentPush" ADD CONSTRAINT "SegmentPush_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

