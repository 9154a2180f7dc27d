-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "nameKana" TEXT;

-- CreateTable
CREATE TABLE "CustomAttributeDefinition" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'static',
    "type" TEXT NOT NULL,
    "choices" TEXT NOT NULL DEFAULT '[]',
    "position" INTEGER NOT NULL DEFAULT 0,
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomAttributeDefinition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerAttributeValue" (
    "shop" TEXT NOT NULL,
    "customerShopifyId" TEXT NOT NULL,
    "definitionId" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedByUserId" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerAttributeValue_pkey" PRIMARY KEY ("shop","customerShopifyId","definitionId")
);

-- CreateTable
CREATE TABLE "CustomerSavedView" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "createdByUserId" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerSavedView_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "CustomerAttributeValue" ADD CONSTRAINT "CustomerAttributeValue_shop_customerShopifyId_fkey" FOREIGN KEY ("shop", "customerShopifyId") REFERENCES "Customer"("shop", "shopifyId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerAttributeValue" ADD CONSTRAINT "CustomerAttributeValue_definitionId_fkey" FOREIGN KEY ("definitionId") REFERENCES "CustomAttributeDefinition"("id") ON DELETE CASCADE ON UPDATE CASCADE;

