-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CustomerTag" (
    "shop" TEXT NOT NULL,
    "customerShopifyId" TEXT NOT NULL,
    "tag" TEXT NOT NULL,

    PRIMARY KEY ("shop", "customerShopifyId", "tag"),
    CONSTRAINT "CustomerTag_shop_customerShopifyId_fkey" FOREIGN KEY ("shop", "customerShopifyId") REFERENCES "Customer" ("shop", "shopifyId") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_CustomerTag" ("customerShopifyId", "shop", "tag") SELECT "customerShopifyId", "shop", "tag" FROM "CustomerTag";
DROP TABLE "CustomerTag";
ALTER TABLE "new_CustomerTag" RENAME TO "CustomerTag";
CREATE INDEX "CustomerTag_shop_tag_idx" ON "CustomerTag"("shop", "tag");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

