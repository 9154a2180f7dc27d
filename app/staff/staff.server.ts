/** Staff members' own settings; for now their language, remembered from the admin's `locale` parameter. */
import prisma from "../db.server";
import { DEFAULT_LOCALE, localeFromAcceptLanguage, toLocale, type Locale } from "../i18n/i18n";

export type LocaleRequest = {
  shop: string;
  /** The session token's `sub` (admin user id); absent for requests without a user. */
  userId: string | null;
  /** `locale` from the admin's launch URL, when present. */
  requested: string | null;
  acceptLanguage: string | null;
};

/**
 * The staff member's language: the admin's `locale` when given (and remembered), else what they last used,
 * else the browser's, else English.
 */
export async function resolveStaffLocale(req: LocaleRequest): Promise<Locale> {
  const requested = toLocale(req.requested);
  if (!req.userId) return requested ?? localeFromAcceptLanguage(req.acceptLanguage) ?? DEFAULT_LOCALE;
  const key = { shop_userId: { shop: req.shop, userId: req.userId } };
  const known = await prisma.staffMember.findUnique({ where: key });
  if (requested) {
    if (!known) {
      await prisma.staffMember.create({ data: { shop: req.shop, userId: req.userId, locale: requested } });
    } else if (known.locale !== requested) {
      await prisma.staffMember.update({ where: key, data: { locale: requested, lastSeenAt: new Date() } });
    }
    return requested;
  }
  return toLocale(known?.locale) ?? localeFromAcceptLanguage(req.acceptLanguage) ?? DEFAULT_LOCALE;
}
