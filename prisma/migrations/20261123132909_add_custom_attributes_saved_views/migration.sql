-- AlterTable
ALTER TABLE "Customer" ADD COLUMN "nameKana" TEXT;

-- CreateTable
CREATE TABLE "CustomAttributeDefinition" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'static',
    "type" TEXT NOT NULL,
    "choices" TEXT NOT NULL DEFAULT '[]',
    "position" INTEGER NOT NULL DEFAULT 0,
    "archivedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CustomerAttributeValue" (
    "shop" TEXT NOT NULL,
    "customerShopifyId" TEXT NOT NULL,
    "definitionId" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedByUserId" TEXT,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "customerShopifyId", "definitionId"),
    CONSTRAINT "CustomerAttributeValue_shop_customerShopifyId_fkey" FOREIGN KEY ("shop", "customerShopifyId") REFERENCES "Customer" ("shop", "shopifyId") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CustomerAttributeValue_definitionId_fkey" FOREIGN KEY ("definitionId") REFERENCES "CustomAttributeDefinition" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CustomerSavedView" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "createdByUserId" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "CustomAttributeDefinition_shop_position_idx" ON "CustomAttributeDefinition"("shop", "position");

-- CreateIndex
CREATE UNIQUE INDEX "CustomAttributeDefinition_shop_key_key" ON "CustomAttributeDefinition"("shop", "key");

-- CreateIndex
CREATE INDEX "CustomerAttributeValue_shop_definitionId_value_idx" ON "CustomerAttributeValue"("shop", "definitionId", "value");

-- CreateIndex
CREATE INDEX "CustomerSavedView_shop_position_idx" ON "CustomerSavedView"("shop", "position");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerSavedView_shop_name_key" ON "CustomerSavedView"("shop", "name");

