/**
 * shop/redact (48 hours after uninstall): every row the app holds for the shop goes, sessions included. The
 * shop/redact webhook rows themselves stay: they hold only the shop's id and domain, record that the request was
 * honoured, and the worker still has to mark the running one processed.
 */
import prisma from "../db.server";
import type { HandlerOutcome } from "../webhooks/types";


/** Deletes the shop's rows from every table; a second run finds none. */
export async function redactShop(shop: string): Promise<HandlerOutcome> {
  const where = { shop };
  const results = await prisma.$transaction([
    // Children before parents: line items, tags and attribute values reference orders, customers and definitions.
    prisma.orderLineItem.deleteMany({ where }),
    prisma.order.deleteMany({ where }),
    prisma.customerTag.deleteMany({ where }),
    prisma.customerAttributeValue.deleteMany({ where }),
    prisma.customAttributeDefinition.deleteMany({ where }),
    prisma.customerSavedView.deleteMany({ where }),
    prisma.customerAnalysis.deleteMany({ where }),
    prisma.cpmSnapshot.deleteMany({ where }),
    prisma.analysisSettings.deleteMany({ where }),
    prisma.analyticsReport.deleteMany({ where }),
    prisma.dashboardLayout.deleteMany({ where }),
    prisma.segmentPush.deleteMany({ where }),
    prisma.segment.deleteMany({ where }),
    prisma.inquiryMessage.deleteMany({ where }),
    prisma.inquiryPresence.deleteMany({ where }),
    prisma.inquiry.deleteMany({ where }),
    prisma.inquiryCounter.deleteMany({ where }),
    prisma.inquiryCategory.deleteMany({ where }),
    prisma.inquiryClassifier.deleteMany({ where }),
    prisma.replyTemplate.deleteMany({ where }),
    prisma.faqEntry.deleteMany({ where }),
    prisma.supportSettings.deleteMany({ where }),
    prisma.collectionProduct.deleteMany({ where }),
    prisma.collection.deleteMany({ where }),
    prisma.customer.deleteMany({ where }),
    prisma.abandonedCheckout.deleteMany({ where }),
    prisma.customerNote.deleteMany({ where }),
    prisma.dataRequestExport.deleteMany({ where }),
    prisma.syncRun.deleteMany({ where }),
    prisma.staffMember.deleteMany({ where }),
    prisma.session.deleteMany({ where }),
    prisma.webhookEvent.deleteMany({ where }),
    prisma.shop.deleteMany({ where: { domain: shop } }),
  ]);
  const deleted = results.reduce((sum, r) => sum + r.count, 0);
  return { status: "processed", note: `deleted ${deleted} rows` };
}
