-- AlterTable
ALTER TABLE "StaffMember" ADD COLUMN "email" TEXT;
ALTER TABLE "StaffMember" ADD COLUMN "name" TEXT;

-- CreateTable
CREATE TABLE "Inquiry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'new',
    "subject" TEXT,
    "category" TEXT,
    "categorySource" TEXT,
    "categoryConfidence" REAL,
    "priority" TEXT NOT NULL DEFAULT 'normal',
    "prioritySource" TEXT,
    "customerShopifyId" TEXT,
    "customerLink" TEXT NOT NULL DEFAULT 'none',
    "contactName" TEXT,
    "contactEmail" TEXT,
    "contactPhone" TEXT,
    "orderNumber" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'ja',
    "pageUrl" TEXT,
    "pagesViewed" TEXT NOT NULL DEFAULT '[]',
    "assigneeUserId" TEXT,
    "chatTokenHash" TEXT,
    "shopperUnread" INTEGER NOT NULL DEFAULT 0,
    "staffUnread" BOOLEAN NOT NULL DEFAULT true,
    "firstResponseDueAt" DATETIME,
    "resolutionDueAt" DATETIME,
    "firstRespondedAt" DATETIME,
    "resolvedAt" DATETIME,
    "firstResponseMinutes" INTEGER,
    "resolutionMinutes" INTEGER,
    "firstResponseBreached" BOOLEAN,
    "resolutionBreached" BOOLEAN,
    "lastMessageAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastShopperMessageAt" DATETIME,
    "redactedAt" DATETIME,
    "createdByUserId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "InquiryCounter" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "next" INTEGER NOT NULL DEFAULT 1001
);

-- CreateTable
CREATE TABLE "InquiryMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "inquiryId" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "authorUserId" TEXT,
    "authorName" TEXT,
    "channel" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "mentions" TEXT NOT NULL DEFAULT '[]',
    "messageId" TEXT,
    "inReplyTo" TEXT,
    "references" TEXT,
    "attachments" TEXT NOT NULL DEFAULT '[]',
    "origin" TEXT,
    "templateId" TEXT,
    "deliveryState" TEXT,
    "deliveryError" TEXT,
    "deliveryAttempts" INTEGER NOT NULL DEFAULT 0,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "InquiryMessage_inquiryId_fkey" FOREIGN KEY ("inquiryId") REFERENCES "Inquiry" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InquiryCategory" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "nameJa" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "assignment" TEXT NOT NULL DEFAULT 'manual',
    "teamUserIds" TEXT NOT NULL DEFAULT '[]',
    "roundRobinCursor" INTEGER NOT NULL DEFAULT -1,
    "firstResponseMinutes" INTEGER,
    "resolutionMinutes" INTEGER,
    "archivedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ReplyTemplate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "categoryKey" TEXT,
    "locale" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "FaqEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "keywords" TEXT NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL DEFAULT 0,
    "published" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SupportSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "supportAddress" TEXT,
    "senderName" TEXT,
    "timezone" TEXT,
    "businessHours" TEXT NOT NULL DEFAULT '{}',
    "observeJapaneseHolidays" BOOLEAN NOT NULL DEFAULT true,
    "closedDates" TEXT NOT NULL DEFAULT '[]',
    "slaTargets" TEXT NOT NULL DEFAULT '{}',
    "autoReplyOutsideHours" BOOLEAN NOT NULL DEFAULT true,
    "autoReplyJa" TEXT,
    "autoReplyEn" TEXT,
    "triageRules" TEXT NOT NULL DEFAULT '[]',
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "InquiryClassifier" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "model" TEXT NOT NULL,
    "examples" INTEGER NOT NULL,
    "accuracy" REAL,
    "trainedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "InquiryPresence" (
    "shop" TEXT NOT NULL,
    "inquiryId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "userName" TEXT,
    "state" TEXT NOT NULL,
    "seenAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "inquiryId", "userId")
);

-- CreateIndex
CREATE INDEX "Inquiry_shop_status_lastMessageAt_idx" ON "Inquiry"("shop", "status", "lastMessageAt");

-- CreateIndex
CREATE INDEX "Inquiry_shop_assigneeUserId_status_idx" ON "Inquiry"("shop", "assigneeUserId", "status");

-- CreateIndex
CREATE INDEX "Inquiry_shop_customerShopifyId_createdAt_idx" ON "Inquiry"("shop", "customerShopifyId", "createdAt");

-- CreateIndex
CREATE INDEX "Inquiry_shop_contactEmail_idx" ON "Inquiry"("shop", "contactEmail");

-- CreateIndex
CREATE INDEX "Inquiry_shop_firstResponseDueAt_idx" ON "Inquiry"("shop", "firstResponseDueAt");

-- CreateIndex
CREATE INDEX "Inquiry_shop_chatTokenHash_idx" ON "Inquiry"("shop", "chatTokenHash");

-- CreateIndex
CREATE INDEX "Inquiry_shop_customerLink_idx" ON "Inquiry"("shop", "customerLink");

-- CreateIndex
CREATE UNIQUE INDEX "Inquiry_shop_number_key" ON "Inquiry"("shop", "number");

-- CreateIndex
CREATE INDEX "InquiryMessage_shop_inquiryId_createdAt_idx" ON "InquiryMessage"("shop", "inquiryId", "createdAt");

-- CreateIndex
CREATE INDEX "InquiryMessage_deliveryState_createdAt_idx" ON "InquiryMessage"("deliveryState", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "InquiryMessage_shop_messageId_key" ON "InquiryMessage"("shop", "messageId");

-- CreateIndex
CREATE INDEX "InquiryCategory_shop_position_idx" ON "InquiryCategory"("shop", "position");

-- CreateIndex
CREATE UNIQUE INDEX "InquiryCategory_shop_key_key" ON "InquiryCategory"("shop", "key");

-- CreateIndex
CREATE INDEX "ReplyTemplate_shop_categoryKey_locale_idx" ON "ReplyTemplate"("shop", "categoryKey", "locale");

-- CreateIndex
CREATE INDEX "FaqEntry_shop_locale_position_idx" ON "FaqEntry"("shop", "locale", "position");

-- CreateIndex
CREATE UNIQUE INDEX "SupportSettings_supportAddress_key" ON "SupportSettings"("supportAddress");

-- CreateIndex
CREATE INDEX "InquiryPresence_shop_inquiryId_seenAt_idx" ON "InquiryPresence"("shop", "inquiryId", "seenAt");

