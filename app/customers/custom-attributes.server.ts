/**
 * The shop's custom customer attributes (顧客属性) and each customer's values. Definitions are created, edited,
 * archived (hidden, values kept), restored and reordered on the settings page; values are set from the customer page.
 * The rules of a definition and of a value live in ./custom-attributes.ts; this module adds what needs the database
 * (unique keys, values in use) and writes. Every query names the shop.
 */
import { z } from "zod";
import prisma from "../db.server";
import {
  ATTRIBUTE_KINDS,
  ATTRIBUTE_TYPES,
  canonicalValue,
  isChoiceType,
  parseDefinitionInput,
  readChoices,
  type AttributeDefinitionView,
  type FieldError,
  type FieldErrors,
} from "./custom-attributes";

/** Why a request failed; `attributeFailureStatus` maps each to its HTTP status in one place. */
export type AttributeFailureCode = "invalid" | "keyTaken" | "typeLocked" | "choiceInUse" | "notFound" | "customerNotFound" | "staleOrder";

export type AttributeFailure = { ok: false; code: AttributeFailureCode; errors: FieldErrors };
export type DefinitionResult = { ok: true; definition: AttributeDefinitionView } | AttributeFailure;

export function attributeFailureStatus(code: AttributeFailureCode): 400 | 404 | 409 {
  switch (code) {
    case "invalid":
      return 400;
    case "keyTaken":
    case "typeLocked":
    case "choiceInUse":
    case "staleOrder":
      return 409;
    case "notFound":
    case "customerNotFound":
      return 404;
    default:
      return assertUnreachable(code);
  }
}

function assertUnreachable(value: never): never {
  throw new Error(`Unhandled attribute failure: ${String(value)}`);
}

const fail = (code: AttributeFailureCode, errors: FieldErrors = {}): AttributeFailure => ({
  ok: false,
  code,
  errors: Object.keys(errors).length > 0 ? errors : { form: { message: `attributes.errors.${code}` } },
});

type DefinitionRow = {
  id: string;
  key: string;
  label: string;
  kind: string;
  type: string;
  choices: string;
  position: number;
  archivedAt: Date | null;
};

function toView(row: DefinitionRow): AttributeDefinitionView {
  const type = (ATTRIBUTE_TYPES as readonly string[]).includes(row.type) ? (row.type as AttributeDefinitionView["type"]) : "text";
  return {
    id: row.id,
    key: row.key,
    label: row.label,
    kind: (ATTRIBUTE_KINDS as readonly string[]).includes(row.kind) ? (row.kind as AttributeDefinitionView["kind"]) : "static",
    type,
    choices: isChoiceType(type) ? readChoices(row.choices) : [],
    position: row.position,
    archived: row.archivedAt !== null,
  };
}

const ORDER = [{ position: "asc" as const }, { createdAt: "asc" as const }, { id: "asc" as const }];

/** The shop's definitions in display order; archived ones only when asked (the settings page lists them apart). */
export async function listDefinitions(shop: string, options: { includeArchived?: boolean } = {}): Promise<AttributeDefinitionView[]> {
  const rows = await prisma.customAttributeDefinition.findMany({
    where: { shop, ...(options.includeArchived ? {} : { archivedAt: null }) },
    orderBy: ORDER,
  });
  return rows.map(toView);
}

/** How many customers have a value, per definition id (the settings page shows it and locks the type by it). */
export async function countValuesByDefinition(shop: string): Promise<Record<string, number>> {
  const groups = await prisma.customerAttributeValue.groupBy({ by: ["definitionId"], where: { shop }, _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.definitionId, g._count._all]));
}

function isUniqueConflict(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

const keyTaken = (key: string) => fail("keyTaken", { key: { message: "attributes.errors.keyTaken", values: { key } } });

/** Adds a definition at the end of the list. The key is the stable machine name and never changes afterwards. */
export async function createDefinition(shop: string, form: Record<string, unknown>): Promise<DefinitionResult> {
  const parsed = parseDefinitionInput(form);
  if (!parsed.ok) return fail("invalid", parsed.errors);
  const { key, label, kind, type, choices } = parsed.data;
  if (await prisma.customAttributeDefinition.count({ where: { shop, key } })) return keyTaken(key);
  try {
    const row = await prisma.$transaction(async (tx) => {
      const last = await tx.customAttributeDefinition.aggregate({ where: { shop }, _max: { position: true } });
      return tx.customAttributeDefinition.create({
        data: { shop, key, label, kind, type, choices: JSON.stringify(choices), position: (last._max.position ?? -1) + 1 },
      });
    });
    return { ok: true, definition: toView(row) };
  } catch (error) {
    // Two staff members adding the same key at once: the unique index (shop, key) decides.
    if (isUniqueConflict(error)) return keyTaken(key);
    throw error;
  }
}

/** Customers of the shop whose value for the definition uses the choice. */
async function choiceUses(shop: string, definitionId: string, type: string, choice: string): Promise<number> {
  // A multi_choice value is a JSON array written by canonicalValue, so the quoted choice appears in it verbatim.
  const value = type === "multi_choice" ? { contains: JSON.stringify(choice) } : choice;
  return prisma.customerAttributeValue.count({ where: { shop, definitionId, value } });
}

/**
 * Changes a definition's label, kind, type and choices (the key stays). The type is locked once any customer has a
 * value, and a choice still set on customers cannot be removed, so stored values always fit their definition.
 */
export async function updateDefinition(shop: string, id: string, form: Record<string, unknown>): Promise<DefinitionResult> {
  const existing = await prisma.customAttributeDefinition.findFirst({ where: { shop, id } });
  if (!existing) return fail("notFound");
  // The key is not editable: validate the rest against the stored one.
  const parsed = parseDefinitionInput({ ...form, key: existing.key });
  if (!parsed.ok) return fail("invalid", parsed.errors);
  const { label, kind, type, choices } = parsed.data;
  if (type !== existing.type && (await prisma.customerAttributeValue.count({ where: { shop, definitionId: id } }))) {
    return fail("typeLocked", { type: { message: "attributes.errors.typeLocked" } });
  }
  if (type === existing.type && isChoiceType(type)) {
    for (const removed of readChoices(existing.choices).filter((c) => !choices.includes(c))) {
      const count = await choiceUses(shop, id, type, removed);
      if (count) return fail("choiceInUse", { choices: { message: "attributes.errors.choiceInUse", values: { choice: removed, count } } });
    }
  }
  const { count } = await prisma.customAttributeDefinition.updateMany({
    where: { shop, id },
    data: { label, kind, type, choices: JSON.stringify(choices) },
  });
  if (!count) return fail("notFound");
  return { ok: true, definition: toView({ ...existing, label, kind, type, choices: JSON.stringify(choices) }) };
}

async function setArchived(shop: string, id: string, archivedAt: Date | null): Promise<DefinitionResult> {
  const existing = await prisma.customAttributeDefinition.findFirst({ where: { shop, id } });
  if (!existing) return fail("notFound");
  // Archiving twice keeps the first date; restoring a restored one changes nothing.
  const next = archivedAt && existing.archivedAt ? existing.archivedAt : archivedAt;
  await prisma.customAttributeDefinition.updateMany({ where: { shop, id }, data: { archivedAt: next } });
  return { ok: true, definition: toView({ ...existing, archivedAt: next }) };
}

/** Hides a definition from customer pages and forms; the customers' values stay for a restore. */
export function archiveDefinition(shop: string, id: string, now = new Date()): Promise<DefinitionResult> {
  return setArchived(shop, id, now);
}

export function restoreDefinition(shop: string, id: string): Promise<DefinitionResult> {
  return setArchived(shop, id, null);
}

/**
 * Puts the shop's active definitions in the given order. The ids must be exactly the active definitions: a list
 * built from a stale page (someone added or archived one meanwhile) is refused rather than half-applied.
 */
export async function reorderDefinitions(shop: string, ids: string[]): Promise<{ ok: true } | AttributeFailure> {
  const active = await prisma.customAttributeDefinition.findMany({ where: { shop, archivedAt: null }, select: { id: true } });
  const known = new Set(active.map((d) => d.id));
  if (ids.length !== known.size || new Set(ids).size !== ids.length || ids.some((id) => !known.has(id))) return fail("staleOrder");
  await prisma.$transaction(ids.map((id, position) => prisma.customAttributeDefinition.updateMany({ where: { shop, id }, data: { position } })));
  return { ok: true };
}

/** Moves one active definition a place up or down (the settings page's arrow buttons); at an end it stays. */
export async function moveDefinition(shop: string, id: string, direction: "up" | "down"): Promise<{ ok: true } | AttributeFailure> {
  const ids = (await listDefinitions(shop)).map((d) => d.id);
  const from = ids.indexOf(id);
  if (from < 0) return fail("notFound");
  const to = direction === "up" ? from - 1 : from + 1;
  if (to < 0 || to >= ids.length) return { ok: true };
  [ids[from], ids[to]] = [ids[to]!, ids[from]!];
  return reorderDefinitions(shop, ids);
}

export type CustomerAttribute = {
  definition: AttributeDefinitionView;
  value: string | null;
  updatedAt: string | null;
  updatedByUserId: string | null;
};

/** Every active definition of the shop in order, each with the customer's value (null when none is set). */
export async function loadCustomerAttributes(shop: string, customerShopifyId: string): Promise<CustomerAttribute[]> {
  const rows = await prisma.customAttributeDefinition.findMany({
    where: { shop, archivedAt: null },
    orderBy: ORDER,
    include: { values: { where: { shop, customerShopifyId } } },
  });
  return rows.map((row) => {
    const stored = row.values[0];
    return {
      definition: toView(row),
      value: stored?.value ?? null,
      updatedAt: stored?.updatedAt.toISOString() ?? null,
      updatedByUserId: stored?.updatedByUserId ?? null,
    };
  });
}

/** The form field that carries a definition's value on the customer page. */
export const attributeField = (definitionId: string) => `attribute.${definitionId}`;

/**
 * Saves the customer's values from the customer page's form (`attribute.<definitionId>` fields; a field left out is
 * left alone, an empty one clears the value). All fields are validated first and nothing is written when one is
 * wrong. Unchanged values are not rewritten, so a dynamic attribute's "updated" date moves only when it changed.
 */
export async function saveCustomerAttributes(
  shop: string,
  customerShopifyId: string,
  userId: string | null,
  form: Record<string, unknown>,
): Promise<{ ok: true; changed: number } | AttributeFailure> {
  if (!(await prisma.customer.count({ where: { shop, shopifyId: customerShopifyId, deletedAt: null, redactedAt: null } }))) {
    return fail("customerNotFound");
  }
  const current = await loadCustomerAttributes(shop, customerShopifyId);
  const errors: Record<string, FieldError> = {};
  const writes: Array<{ definitionId: string; value: string | null }> = [];
  for (const { definition, value } of current) {
    const field = attributeField(definition.id);
    if (!(field in form)) continue;
    const result = canonicalValue(definition, form[field]);
    if (!result.ok) errors[field] = result.error;
    else if (result.value !== value) writes.push({ definitionId: definition.id, value: result.value });
  }
  const unknown = Object.keys(form).filter((k) => k.startsWith("attribute.") && !current.some((c) => attributeField(c.definition.id) === k));
  // A field for an archived or deleted definition: the page was stale; refuse rather than drop it silently.
  for (const field of unknown) errors[field] = { message: "attributes.errors.notFound" };
  if (Object.keys(errors).length > 0) return fail(unknown.length && Object.keys(errors).length === unknown.length ? "notFound" : "invalid", errors);
  await prisma.$transaction(
    writes.map(({ definitionId, value }) => {
      const id = { shop_customerShopifyId_definitionId: { shop, customerShopifyId, definitionId } };
      return value === null
        ? prisma.customerAttributeValue.deleteMany({ where: { shop, customerShopifyId, definitionId } })
        : prisma.customerAttributeValue.upsert({
            where: id,
            update: { value, updatedByUserId: userId },
            create: { shop, customerShopifyId, definitionId, value, updatedByUserId: userId },
          });
    }),
  );
  return { ok: true, changed: writes.length };
}

/** Sets (or, with an empty value, clears) one attribute of one customer; see `saveCustomerAttributes`. */
export function setCustomerAttributeValue(
  shop: string,
  customerShopifyId: string,
  definitionId: string,
  raw: unknown,
  userId: string | null,
): Promise<{ ok: true; changed: number } | AttributeFailure> {
  return saveCustomerAttributes(shop, customerShopifyId, userId, { [attributeField(definitionId)]: raw });
}

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create") }),
  z.object({ intent: z.literal("update"), id: z.string().min(1) }),
  z.object({ intent: z.literal("archive"), id: z.string().min(1) }),
  z.object({ intent: z.literal("restore"), id: z.string().min(1) }),
  z.object({ intent: z.literal("move"), id: z.string().min(1), direction: z.enum(["up", "down"]) }),
]);

export type SettingsIntentResult = { ok: true; intent: string } | (AttributeFailure & { intent: string });

/** One submission of the settings page (`intent` = create | update | archive | restore | move), parsed at the edge. */
export async function runDefinitionIntent(shop: string, form: Record<string, unknown>): Promise<SettingsIntentResult> {
  const parsed = Intent.safeParse(form);
  if (!parsed.success) return { ...fail("invalid"), intent: String(form.intent ?? "") };
  const input = parsed.data;
  const result = await (() => {
    switch (input.intent) {
      case "create":
        return createDefinition(shop, form);
      case "update":
        return updateDefinition(shop, input.id, form);
      case "archive":
        return archiveDefinition(shop, input.id);
      case "restore":
        return restoreDefinition(shop, input.id);
      case "move":
        return moveDefinition(shop, input.id, input.direction);
      default:
        return assertUnreachable(input);
    }
  })();
  return result.ok ? { ok: true, intent: input.intent } : { ...result, intent: input.intent };
}
