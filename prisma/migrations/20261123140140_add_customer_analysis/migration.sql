-- CreateTable
CREATE TABLE "CustomerAnalysis" (
    "shop" TEXT NOT NULL,
    "customerShopifyId" TEXT NOT NULL,
    "recencyScore" INTEGER NOT NULL,
    "frequencyScore" INTEGER NOT NULL,
    "monetaryScore" INTEGER NOT NULL,
    "rfmClass" TEXT NOT NULL,
    "cpmClass" TEXT,
    "computedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "customerShopifyId"),
    CONSTRAINT "CustomerAnalysis_shop_customerShopifyId_fkey" FOREIGN KEY ("shop", "customerShopifyId") REFERENCES "Customer" ("shop", "shopifyId") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CpmSnapshot" (
    "shop" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "customerShopifyId" TEXT NOT NULL,
    "cpmClass" TEXT NOT NULL,

    PRIMARY KEY ("shop", "month", "customerShopifyId")
);

-- CreateTable
CREATE TABLE "AnalysisSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "rfmWindowDays" INTEGER NOT NULL DEFAULT 365,
    "cpmThresholds" TEXT NOT NULL DEFAULT '{}',
    "lastComputedAt" DATETIME,
    "lastRunStats" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "CustomerAnalysis_shop_rfmClass_idx" ON "CustomerAnalysis"("shop", "rfmClass");

-- CreateIndex
CREATE INDEX "CustomerAnalysis_shop_cpmClass_idx" ON "CustomerAnalysis"("shop", "cpmClass");

-- CreateIndex
CREATE INDEX "CpmSnapshot_shop_month_cpmClass_idx" ON "CpmSnapshot"("shop", "month", "cpmClass");

