/**
 * Reply templates (issue 4, deliverable 5): `{{variable}}` placeholders filled from the inquiry. Plain text in, plain
 * text out (never HTML: the result is a message body, shown as text everywhere). Pure, so the inbox's composer can
 * preview in the browser with the same code the server uses.
 *
 * Variables: customer_name, order_number, tracking_url, shop_name, agent_name, inquiry_number. A variable this module
 * does not know is left as written and reported in `unknown`; a known one without a value is left as written and
 * reported in `missing`, so the composer can warn before anything is sent.
 */

export const TEMPLATE_VARIABLE_NAMES = ["customer_name", "order_number", "tracking_url", "shop_name", "agent_name", "inquiry_number"] as const;
export type TemplateVariableName = (typeof TEMPLATE_VARIABLE_NAMES)[number];

export type TemplateVars = {
  /** The language of the reply: decides how the customer is addressed. */
  locale: "ja" | "en";
  /** Family and given name (Shopify lastName / firstName). */
  customerLastName?: string | null;
  customerFirstName?: string | null;
  /** A name as one string (a guest's form entry, a mail display name) when the parts are unknown. */
  customerName?: string | null;
  orderNumber?: string | null;
  trackingUrl?: string | null;
  shopName?: string | null;
  agentName?: string | null;
  inquiryNumber?: number | string | null;
};

export type RenderedTemplate = {
  text: string;
  /** Placeholders that are not template variables, e.g. a typo {{custmer_name}}. */
  unknown: string[];
  /** Known variables without a value for this inquiry (left as {{name}} in the text). */
  missing: TemplateVariableName[];
};

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

const clean = (value: string | null | undefined) => (value ?? "").replace(/\s+/g, " ").trim();

const looksLikeEmail = (s: string) => /\S+@\S+\.\S+/.test(s);
/** A company suffix alone is no one to call 様 (GLOSSARY.md: never 様 after an address or a bare suffix). */
const COMPANY_ONLY = /^(株式会社|有限会社|合同会社|\(株\)|（株）|\(有\)|（有）|inc\.?|llc|ltd\.?|co\.,? ?ltd\.?)$/i;
const HONORIFIC = /\s*(様|さま|殿|御中|さん)$/;

/**
 * How the reply addresses the customer. ja: 「姓 名 様」 (family name first), or the one name given + 様, or 「お客様」.
 * en: the first name (templates say "Dear {{customer_name}},"), else "customer".
 */
export function customerSalutation(vars: TemplateVars): string | null {
  const last = clean(vars.customerLastName);
  const first = clean(vars.customerFirstName);
  const whole = clean(vars.customerName);
  if (vars.locale === "ja") {
    const name = (last || first ? [last, first].filter(Boolean).join(" ") : whole).replace(HONORIFIC, "");
    if (!name || looksLikeEmail(name) || COMPANY_ONLY.test(name)) return "お客様";
    return `${name} 様`;
  }
  const given = first || (whole && !looksLikeEmail(whole) ? whole.split(" ")[0]! : "") || last;
  return given && !COMPANY_ONLY.test(given) ? given : "customer";
}

function valueOf(name: TemplateVariableName, vars: TemplateVars): string | null {
  switch (name) {
    case "customer_name":
      return customerSalutation(vars);
    case "order_number": {
      const n = clean(vars.orderNumber);
      return n ? (n.startsWith("#") ? n : `#${n}`) : null;
    }
    case "tracking_url":
      return clean(vars.trackingUrl) || null;
    case "shop_name":
      return clean(vars.shopName) || null;
    case "agent_name":
      return clean(vars.agentName) || null;
    case "inquiry_number": {
      const n = clean(vars.inquiryNumber === null || vars.inquiryNumber === undefined ? "" : String(vars.inquiryNumber));
      return n ? (n.startsWith("#") ? n : `#${n}`) : null;
    }
  }
}

const isVariable = (name: string): name is TemplateVariableName => (TEMPLATE_VARIABLE_NAMES as readonly string[]).includes(name);

/** Fills a template body in one pass (a value that itself holds `{{…}}` is not expanded again). */
export function renderTemplate(body: string, vars: TemplateVars): RenderedTemplate {
  const unknown = new Set<string>();
  const missing = new Set<TemplateVariableName>();
  const text = body.replace(PLACEHOLDER, (whole, rawName: string) => {
    const name = rawName.toLowerCase();
    if (!isVariable(name)) {
      unknown.add(rawName);
      return whole;
    }
    const value = valueOf(name, vars);
    if (value === null) {
      missing.add(name);
      return whole;
    }
    return value;
  });
  return { text, unknown: [...unknown], missing: [...missing] };
}

/** The variables a template body uses (known ones), e.g. for the editor's hints. */
export function templateVariables(body: string): { known: TemplateVariableName[]; unknown: string[] } {
  const known = new Set<TemplateVariableName>();
  const unknown = new Set<string>();
  for (const [, raw] of body.matchAll(PLACEHOLDER)) {
    const name = raw!.toLowerCase();
    if (isVariable(name)) known.add(name);
    else unknown.add(raw!);
  }
  return { known: [...known], unknown: [...unknown] };
}
