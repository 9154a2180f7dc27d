/**
 * The staff accounts of every dev store shop: an owner and two limited accounts, so the app can be tried as users
 * with different permissions. Ids are per shop, as a staff member's id is in the session token's `sub`.
 */
import type { ShopRecord } from "../types";

export type StaffRole = "owner" | "agent" | "marketer";

export type StaffUser = {
  id: number;
  role: StaffRole;
  firstName: string;
  lastName: string;
  email: string;
  locale: string;
  accountOwner: boolean;
  collaborator: boolean;
  emailVerified: boolean;
  /** Scopes this user's permissions allow; online tokens carry the intersection with the app's scopes. */
  permissions: string[];
};

type Names = { firstName: string; lastName: string; email: string };

const NAMES: Record<"ja" | "en", Record<StaffRole, Names>> = {
  ja: {
    owner: { firstName: "花子", lastName: "山田", email: "hanako.yamada@example.com" },
    agent: { firstName: "健", lastName: "佐藤", email: "ken.sato@example.com" },
    marketer: { firstName: "美咲", lastName: "鈴木", email: "misaki.suzuki@example.com" },
  },
  en: {
    owner: { firstName: "Alex", lastName: "Morgan", email: "alex.morgan@example.com" },
    agent: { firstName: "Jordan", lastName: "Lee", email: "jordan.lee@example.com" },
    marketer: { firstName: "Sam", lastName: "Rivera", email: "sam.rivera@example.com" },
  },
};

const PERMISSIONS: Record<StaffRole, string[] | "all"> = {
  owner: "all",
  // Customer support: reads and edits customers, reads orders; no discounts or products.
  agent: ["read_customers", "write_customers", "read_orders"],
  // Marketing: reads customers, makes discounts, reads products.
  marketer: ["read_customers", "read_orders", "write_discounts", "read_products"],
};

const ROLES: [number, StaffRole][] = [
  [1, "owner"],
  [2, "agent"],
  [3, "marketer"],
];

/** The staff of a shop, in the shop's primary language. */
export function staffUsers(shop: Pick<ShopRecord, "primaryLocale">, appScopes: string[]): StaffUser[] {
  const lang = shop.primaryLocale.startsWith("ja") ? "ja" : "en";
  return ROLES.map(([id, role]) => {
    const allowed = PERMISSIONS[role];
    return {
      id,
      role,
      ...NAMES[lang][role],
      locale: lang,
      accountOwner: role === "owner",
      collaborator: false,
      emailVerified: true,
      permissions: allowed === "all" ? [...appScopes] : appScopes.filter((s) => allowed.includes(s)),
    };
  });
}

export function findStaffUser(
  shop: Pick<ShopRecord, "primaryLocale">,
  appScopes: string[],
  id: number,
): StaffUser | undefined {
  return staffUsers(shop, appScopes).find((u) => u.id === id);
}

/** "山田 花子" in Japanese (family name first), "Alex Morgan" in English. */
export function staffDisplayName(user: StaffUser): string {
  return user.locale === "ja" ? `${user.lastName} ${user.firstName}` : `${user.firstName} ${user.lastName}`;
}
