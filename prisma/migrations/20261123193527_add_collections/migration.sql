-- CreateTable
CREATE TABLE "Collection" (
    "shop" TEXT NOT NULL,
    "shopifyId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "handle" TEXT,
    "shopifyUpdatedAt" DATETIME,
    "syncedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "shopifyId")
);

-- CreateTable
CREATE TABLE "CollectionProduct" (
    "shop" TEXT NOT NULL,
    "collectionShopifyId" TEXT NOT NULL,
    "productShopifyId" TEXT NOT NULL,

    PRIMARY KEY ("shop", "collectionShopifyId", "productShopifyId")
);

-- CreateIndex
CREATE INDEX "Collection_shop_title_idx" ON "Collection"("shop", "title");

-- CreateIndex
CREATE INDEX "CollectionProduct_shop_productShopifyId_idx" ON "CollectionProduct"("shop", "productShopifyId");

