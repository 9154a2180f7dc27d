-- Similar conversations (app/inquiries/similar.server.ts, docs/database.md "Hand-written schema objects").
-- Written by hand: the Prisma schema cannot express FTS5 tables or triggers. The trigram tokenizer indexes every
-- run of three characters, so Japanese text (no spaces between words) is searchable without a word segmenter.
-- Both tables are external-content tables: they hold only the index, the text stays in "InquiryMessage" and
-- "Inquiry" (rowid to rowid), and the triggers below keep the index current on every insert, update and delete
-- (cascades from a deleted inquiry included). "shop" is an indexed column so a query can name the shop as a column
-- filter, and the join back to the row checks it exactly.
-- If SQLite ever has to redefine "InquiryMessage" or "Inquiry" (new_ table, copy, drop, rename), the rowids change
-- and these triggers go with the old table: re-create them and run the rebuild statements at the end of that migration.

CREATE VIRTUAL TABLE "InquiryMessage_fts" USING fts5("shop", "body", content='InquiryMessage', content_rowid='rowid', tokenize='trigram');

CREATE TRIGGER "InquiryMessage_fts_ai" AFTER INSERT ON "InquiryMessage" BEGIN
  INSERT INTO "InquiryMessage_fts" ("rowid", "shop", "body") VALUES (new."rowid", new."shop", new."body");
END;

CREATE TRIGGER "InquiryMessage_fts_ad" AFTER DELETE ON "InquiryMessage" BEGIN
  INSERT INTO "InquiryMessage_fts" ("InquiryMessage_fts", "rowid", "shop", "body") VALUES ('delete', old."rowid", old."shop", old."body");
END;

CREATE TRIGGER "InquiryMessage_fts_au" AFTER UPDATE OF "shop", "body" ON "InquiryMessage" BEGIN
  INSERT INTO "InquiryMessage_fts" ("InquiryMessage_fts", "rowid", "shop", "body") VALUES ('delete', old."rowid", old."shop", old."body");
  INSERT INTO "InquiryMessage_fts" ("rowid", "shop", "body") VALUES (new."rowid", new."shop", new."body");
END;

CREATE VIRTUAL TABLE "Inquiry_fts" USING fts5("shop", "subject", content='Inquiry', content_rowid='rowid', tokenize='trigram');

CREATE TRIGGER "Inquiry_fts_ai" AFTER INSERT ON "Inquiry" BEGIN
  INSERT INTO "Inquiry_fts" ("rowid", "shop", "subject") VALUES (new."rowid", new."shop", new."subject");
END;

CREATE TRIGGER "Inquiry_fts_ad" AFTER DELETE ON "Inquiry" BEGIN
  INSERT INTO "Inquiry_fts" ("Inquiry_fts", "rowid", "shop", "subject") VALUES ('delete', old."rowid", old."shop", old."subject");
END;

CREATE TRIGGER "Inquiry_fts_au" AFTER UPDATE OF "shop", "subject" ON "Inquiry" BEGIN
  INSERT INTO "Inquiry_fts" ("Inquiry_fts", "rowid", "shop", "subject") VALUES ('delete', old."rowid", old."shop", old."subject");
  INSERT INTO "Inquiry_fts" ("rowid", "shop", "subject") VALUES (new."rowid", new."shop", new."subject");
END;

-- Rows written before this migration.
INSERT INTO "InquiryMessage_fts" ("InquiryMessage_fts") VALUES ('rebuild');
INSERT INTO "Inquiry_fts" ("Inquiry_fts") VALUES ('rebuild');
