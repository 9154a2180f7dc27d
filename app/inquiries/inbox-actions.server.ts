/**
 * What the inbox screens change, parsed at the edge and handed to conversations.server.ts (the only writer of
 * inquiries). Answers `{ok: true, ...}` or `{ok: false, status, errors}` with message keys under inbox.errors.*;
 * invalid input writes nothing.
 */
import { z } from "zod";
import { listStaff } from "../staff/directory.server";
import { addNote, assign, InquiryError, openInquiry, replyAsAgent, setCategory, setPriority, setStatus } from "./conversations.server";
import { BulkInput, customerForCall, fieldErrors, listCategories, LogCallInput, NoteInput, ReplyInput, type FieldErrors } from "./inbox.server";
import { INQUIRY_STATUSES, PRIORITIES } from "./types";

export type Staffer = { shop: string; userId: string | null; userName: string | null };
export type ActionOutcome<T = object> = ({ ok: true } & T) | { ok: false; status: 400 | 404; errors: FieldErrors };

const invalid = (errors: FieldErrors): ActionOutcome<never> => ({ ok: false, status: 400, errors });

/** Domain errors of conversations.server.ts as outcomes; anything else is a server error. */
async function guarded<T extends object>(run: () => Promise<ActionOutcome<T>>): Promise<ActionOutcome<T>> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof InquiryError) {
      switch (error.code) {
        case "not_found":
          return { ok: false, status: 404, errors: { form: "inbox.errors.notFound" } };
        case "invalid":
          return invalid({ form: "inbox.errors.invalid" });
      }
    }
    throw error;
  }
}

async function knownAssignee(shop: string, value: string, me: string | null): Promise<string | null | undefined> {
  if (value === "none" || value === "") return null;
  if (value === "me") return me ?? undefined;
  const staff = await listStaff(shop);
  return staff.some((s) => s.userId === value) ? value : undefined;
}

async function knownCategory(shop: string, value: string): Promise<string | null | undefined> {
  if (value === "" || value === "none") return null;
  return (await listCategories(shop)).some((c) => c.key === value) ? value : undefined;
}

/** Bulk actions of the list: assign, set status or set category of the selected inquiries. */
export async function bulkAction(who: Staffer, form: Record<string, unknown>): Promise<ActionOutcome<{ changed: number }>> {
  const parsed = BulkInput.safeParse(form);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const input = parsed.data;
  return guarded(async () => {
    switch (input.intent) {
      case "assign": {
        const assignee = await knownAssignee(who.shop, input.assignee, who.userId);
        if (assignee === undefined) return invalid({ assignee: "inbox.errors.assignee" });
        return { ok: true, changed: await assign({ shop: who.shop, inquiryIds: input.ids, assigneeUserId: assignee, userId: who.userId }) };
      }
      case "status":
        return { ok: true, changed: await setStatus({ shop: who.shop, inquiryIds: input.ids, status: input.status, userId: who.userId }) };
      case "category": {
        const category = await knownCategory(who.shop, input.category);
        if (category === undefined) return invalid({ category: "inbox.errors.category" });
        for (const inquiryId of input.ids) await setCategory({ shop: who.shop, inquiryId, category, userId: who.userId });
        return { ok: true, changed: input.ids.length };
      }
    }
  });
}

const Intent = z.enum(["reply", "note", "assign", "status", "category", "priority"]);
export type ConversationIntent = z.infer<typeof Intent>;

/** One change from the conversation screen (reply, note, assign, status, category correction, priority). */
export async function conversationAction(
  who: Staffer,
  inquiryId: string,
  form: Record<string, unknown>,
): Promise<ActionOutcome<{ intent: ConversationIntent }>> {
  const intent = Intent.safeParse(form.intent);
  if (!intent.success) return invalid({ form: "inbox.errors.invalid" });
  const base = { shop: who.shop, inquiryId, userId: who.userId };
  return guarded(async () => {
    switch (intent.data) {
      case "reply": {
        const parsed = ReplyInput.safeParse(form);
        if (!parsed.success) return invalid(fieldErrors(parsed.error));
        await replyAsAgent({ ...base, userName: who.userName, body: parsed.data.body, status: parsed.data.status, templateId: parsed.data.templateId ?? null });
        return { ok: true, intent: "reply" };
      }
      case "note": {
        const parsed = NoteInput.safeParse(form);
        if (!parsed.success) return invalid(fieldErrors(parsed.error));
        // Mentions picked from the autocomplete; the note's text is parsed for typed ones as well.
        const picked = String(form.mentions ?? "").split(",").filter(Boolean).slice(0, 20);
        const staff = picked.length ? await listStaff(who.shop) : [];
        const mentionUserIds = picked.filter((id) => staff.some((s) => s.userId === id));
        await addNote({ ...base, userName: who.userName, body: parsed.data.body, mentionUserIds });
        return { ok: true, intent: "note" };
      }
      case "assign": {
        const assignee = await knownAssignee(who.shop, String(form.assignee ?? ""), who.userId);
        if (assignee === undefined) return invalid({ assignee: "inbox.errors.assignee" });
        await assign({ shop: who.shop, inquiryIds: [inquiryId], assigneeUserId: assignee, userId: who.userId });
        return { ok: true, intent: "assign" };
      }
      case "status": {
        const status = z.enum(INQUIRY_STATUSES).safeParse(form.status);
        if (!status.success) return invalid({ status: "inbox.errors.status" });
        await setStatus({ shop: who.shop, inquiryIds: [inquiryId], status: status.data, userId: who.userId });
        return { ok: true, intent: "status" };
      }
      case "category": {
        const category = await knownCategory(who.shop, String(form.category ?? ""));
        if (category === undefined) return invalid({ category: "inbox.errors.category" });
        await setCategory({ ...base, category });
        return { ok: true, intent: "category" };
      }
      case "priority": {
        const priority = z.enum(PRIORITIES).safeParse(form.priority);
        if (!priority.success) return invalid({ priority: "inbox.errors.priority" });
        await setPriority({ ...base, priority: priority.data });
        return { ok: true, intent: "priority" };
      }
    }
  });
}

/** "Log a call / in-person request": staff open a phone or in-person inquiry, for a customer or a new contact. */
export async function logCall(who: Staffer, form: Record<string, unknown>): Promise<ActionOutcome<{ id: string; number: number }>> {
  const parsed = LogCallInput.safeParse(form);
  if (!parsed.success) return invalid(fieldErrors(parsed.error));
  const input = parsed.data;
  const customer = input.customerId ? await customerForCall(who.shop, input.customerId) : null;
  if (input.customerId && !customer) return invalid({ customerId: "inbox.errors.customer" });
  const category = input.category ? await knownCategory(who.shop, input.category) : null;
  if (category === undefined) return invalid({ category: "inbox.errors.category" });
  return guarded(async () => {
    const opened = await openInquiry({
      shop: who.shop,
      channel: input.channel,
      locale: input.locale,
      contact: {
        name: input.name ?? (customer?.name || null),
        email: input.email ?? customer?.email ?? null,
        phone: input.phone ?? customer?.phone ?? null,
      },
      customerShopifyId: customer?.shopifyId ?? null,
      subject: input.subject ?? null,
      body: input.body,
      category,
      orderNumber: input.orderNumber ?? null,
      createdByUserId: who.userId,
    });
    return { ok: true, id: opened.id, number: opened.number };
  });
}
