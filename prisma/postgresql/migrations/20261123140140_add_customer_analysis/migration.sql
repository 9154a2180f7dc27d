-- CreateTable
CREATE TABLE "CustomerAnalysis" (
    "shop" TEXT NOT NULL,
    "customerShopifyId" TEXT NOT NULL,
    "recencyScore" INTEGER NOT NULL,
    "frequencyScore" INTEGER NOT NULL,
    "monetaryScore" INTEGER NOT NULL,
    "rfmClass" TEXT NOT NULL,
    "cpmClass" TEXT,
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerAnalysis_pkey" PRIMARY KEY ("shop","customerShopifyId")
);

-- CreateTable
CREATE TABLE "CpmSnapshot" (
    "shop" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "customerShopifyId" TEXT NOT NULL,
    "cpmClass" TEXT NOT NULL,

    CONSTRAINT "CpmSnapshot_pkey" PRIMARY KEY ("shop","month","customerShopifyId")
);

-- CreateTable
CREATE TABLE "AnalysisSettings" (
    "shop" TEXT NOT NULL,
    "rfmWindowDays" INTEGER NOT NULL DEFAULT 365,
    "cpmThresholds" TEXT NOT NULL DEFAULT '{}',
    "lastComputedAt" TIMESTAMP(3),
    "lastRunStats" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AnalysisSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateIndex
CREATE INDEX "CustomerAnalysis_shop_rfmClass_idx" ON "CustomerAnalysis"("shop", "rfmClass");

-- CreateIndex
CREATE INDEX "CustomerAnalysis_shop_cpmClass_idx" ON "CustomerAnalysis"("shop", "cpmClass");

-- CreateIndex
CREATE INDEX "CpmSnapshot_shop_month_cpmClass_idx" ON "CpmSnapshot"("shop", "month", "cpmClass");

-- AddForeignKey
ALTER TABLE "CustomerAnalysis" ADD CONSTRAINT "CustomerAnalysis_shop_customerShopifyId_fkey" FOREIGN KEY ("shop", "customerShopifyId") REFERENCES "Customer"("shop", "shopifyId") ON DELETE CASCADE ON UPDATE CASCADE;

