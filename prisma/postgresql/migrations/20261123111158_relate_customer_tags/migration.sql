-- AddForeignKey
ALTER TABLE "CustomerTag" ADD CONSTRAINT "CustomerTag_shop_customerShopifyId_fkey" FOREIGN KEY ("shop", "customerShopifyId") REFERENCES "Customer"("shop", "shopifyId") ON DELETE CASCADE ON UPDATE CASCADE;

