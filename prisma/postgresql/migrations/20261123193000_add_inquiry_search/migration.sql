-- Similar conversations (app/inquiries/similar.server.ts, docs/database.md "Hand-written schema objects").
-- Written by hand: the Prisma schema cannot express trigram indexes. pg_trgm is a trusted extension (PostgreSQL 13+)
-- and the customers index already created it. The queries filter on the shop beside the trigram match (ILIKE with
-- a pattern of the form %word% for words of 3 or more characters). (No semicolons or quotes in these comments: the
-- driver adapter splits the script on semicolons.)
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "InquiryMessage_body_trgm_idx" ON "InquiryMessage" USING gin ("body" gin_trgm_ops);

CREATE INDEX "Inquiry_subject_trgm_idx" ON "Inquiry" USING gin ("subject" gin_trgm_ops);
