/**
 * Demo content for the inquiry desk, sent the way real shoppers send it: the demo shops are installed as the admin
 * does (launch URL with a session token), then storefront form inquiries and a chat go through the dev store's signed
 * app proxy and mails go to the app's SMTP listener, so the inbox, the customer timelines and the mail catcher have
 * something to show on first start. Runs once per demo database (skipped when a shop already has inquiries).
 */
import http from "node:http";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@tsunagu-generated/prisma-sqlite";
import nodemailer from "nodemailer";

type DemoStack = { appUrl: string; devstoreUrl: string; databaseUrl: string; inboundSmtpPort: number };
type Locale = "ja" | "en";

const UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await sleep(250);
  }
}

/**
 * Opens an embedded app page as Shopify admin would (launch URL with a session token); the first time, the app records
 * the installation and starts the initial sync.
 */
async function install(stack: DemoStack, handle: string, locale: Locale, path = "/app"): Promise<void> {
  const tokenResponse = await fetch(`${stack.devstoreUrl}/store/${handle}/session-token?user=1`);
  const { token } = (await tokenResponse.json()) as { token: string };
  const url = new URL(path, stack.appUrl);
  const host = Buffer.from(`admin.shopify.com/store/${handle}`).toString("base64url");
  for (const [key, value] of Object.entries({ embedded: "1", shop: `${handle}.myshopify.com`, host, id_token: token, locale })) {
    url.searchParams.set(key, value);
  }
  await (await fetch(url, { headers: { "user-agent": UA }, redirect: "manual" })).text();
}

/** A POST to the shop's storefront (http://<handle>.localhost/…), which the dev store signs and forwards to the app. */
function storefrontPost(stack: DemoStack, handle: string, path: string, body: URLSearchParams | string, type: string): Promise<{ status: number; body: string }> {
  const devstore = new URL(stack.devstoreUrl);
  const payload = typeof body === "string" ? body : body.toString();
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: devstore.hostname,
        port: devstore.port,
        path,
        method: "POST",
        headers: { host: `${handle}.localhost:${devstore.port}`, "content-type": type, "content-length": Buffer.byteLength(payload), "user-agent": UA },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    request.on("error", reject);
    request.end(payload);
  });
}

type Person = { name: string; email: string };

const FORM: Record<Locale, Array<{ subject: string; body: string; category?: string; order?: boolean }>> = {
  ja: [
    { subject: "商品がまだ届きません", body: "先週注文した商品がまだ届いていません。配送状況を教えていただけますか。", category: "shipping", order: true },
    { subject: "ギフト包装について", body: "贈答用にのし紙をつけていただくことはできますか？表書きは「御歳暮」でお願いしたいです。" },
    { subject: "返品したい", body: "サイズが合わなかったので返品を希望します。手続きの方法を教えてください。", order: true },
  ],
  en: [
    { subject: "Where is my order?", body: "I ordered last week and the package has not arrived yet. Could you check the tracking for me?", category: "shipping", order: true },
    { subject: "Gift wrapping", body: "Can you gift-wrap my order and add a message card?" },
  ],
};

const MAIL: Record<Locale, Array<{ subject: string; text: string }>> = {
  ja: [
    { subject: "定期便のお届け日変更のお願い", text: "いつもお世話になっております。\n次回の定期便のお届け日を来週の土曜日に変更していただけますでしょうか。\nよろしくお願いいたします。" },
    { subject: "領収書の発行について", text: "先日の注文の領収書を発行していただきたいです。宛名は会社名でお願いします。" },
  ],
  en: [{ subject: "Change my delivery address", text: "Hello,\nI moved last month. Please send my next order to my new address.\nThanks!" }],
};

/** Seeds one shop's desk: support address, form inquiries, mails from its customers, and a chat. */
async function seedShop(stack: DemoStack, db: PrismaClient, handle: string, locale: Locale): Promise<number> {
  const shop = `${handle}.myshopify.com`;
  await install(stack, handle, locale);
  const runs = await until(
    () => db.syncRun.findMany({ where: { shop } }),
    (r) => r.length > 0 && r.every((run) => run.status === "completed"),
    120_000,
  );
  if (!runs.every((run) => run.status === "completed")) throw new Error(`${shop}: the initial sync did not finish`);
  if ((await db.inquiry.count({ where: { shop } })) > 0) return 0;

  // The support settings page gives a shop its desk defaults (categories, hours, templates) on first visit.
  await install(stack, handle, locale, "/app/settings/support");
  const supportAddress = `support@${handle}.localhost`;
  await db.supportSettings.upsert({ where: { shop }, create: { shop, supportAddress }, update: { supportAddress } });

  const customers = await db.customer.findMany({
    where: { shop, email: { not: null }, ordersCount: { gt: 0 } },
    orderBy: { totalSpent: "desc" },
    take: 6,
  });
  const people: Person[] = customers.map((c) => ({
    name: locale === "ja" ? `${c.lastName ?? ""} ${c.firstName ?? ""}`.trim() : `${c.firstName ?? ""} ${c.lastName ?? ""}`.trim(),
    email: c.email!,
  }));
  const orderOf = async (email: string) =>
    (await db.order.findFirst({ where: { shop, email }, orderBy: { processedAt: "desc" }, select: { name: true } }))?.name ?? "";

  let sent = 0;
  for (const [i, inquiry] of FORM[locale].entries()) {
    const person = people[i] ?? { name: locale === "ja" ? "新規 お客様" : "New Shopper", email: `guest${i}@${handle}.example` };
    const form = new URLSearchParams({
      name: person.name,
      email: person.email,
      subject: inquiry.subject,
      body: inquiry.body,
      locale,
      page_url: `http://${handle}.localhost/pages/contact`,
      pages_viewed: JSON.stringify([{ url: `http://${handle}.localhost/`, title: "Home", at: new Date().toISOString() }]),
      website: "",
    });
    if (inquiry.category) form.set("category", inquiry.category);
    if (inquiry.order) form.set("order_number", await orderOf(person.email));
    const response = await storefrontPost(stack, handle, "/apps/tsunagu/inquiries", form, "application/x-www-form-urlencoded");
    if (response.status === 201) sent++;
    else console.warn(`[demo] form inquiry refused: ${response.status} ${response.body.slice(0, 200)}`);
  }

  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: stack.inboundSmtpPort, secure: false, ignoreTLS: true });
  for (const [i, mail] of MAIL[locale].entries()) {
    const person = people[FORM[locale].length + i] ?? people[0];
    if (!person) continue;
    await transport.sendMail({ from: { name: person.name, address: person.email }, to: supportAddress, subject: mail.subject, text: mail.text });
    sent++;
  }
  transport.close();

  // A chat from a shopper who leaves an address (the desk may be closed while the demo starts).
  const chatter = people.at(-1);
  const chat = await storefrontPost(
    stack,
    handle,
    `/apps/tsunagu/chat?locale=${locale}`,
    JSON.stringify({
      body: locale === "ja" ? "在庫切れの茶葉はいつ入荷しますか？" : "When will the sold-out tea be back in stock?",
      ...(chatter ? { email: chatter.email } : {}),
      pageUrl: `http://${handle}.localhost/`,
    }),
    "application/json",
  );
  if (chat.status < 300) sent++;
  else console.warn(`[demo] chat refused: ${chat.status} ${chat.body.slice(0, 200)}`);
  return sent;
}

/** Seeds both demo shops; failures are reported and leave the demo running (the desk is usable without them). */
export async function seedDemoContent(stack: DemoStack): Promise<void> {
  const db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: stack.databaseUrl, timeout: 5_000 }) });
  try {
    for (const [handle, locale] of [
      ["tsunagu-demo", "ja"],
      ["tsunagu-demo-en", "en"],
    ] as const) {
      try {
        const sent = await seedShop(stack, db, handle, locale);
        if (sent > 0) console.log(`[demo] ${handle}: ${sent} inquiries sent through the storefront, mail and chat`);
      } catch (error) {
        console.warn(`[demo] ${handle}: demo inquiries not seeded (${error instanceof Error ? error.message : String(error)})`);
      }
    }
  } finally {
    await db.$disconnect();
  }
}
