import { Badge, Text } from "@shopify/polaris";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { Locale } from "../i18n/i18n";
import type { CategoryOption } from "../inquiries/inbox.server";
import type { InquiryStatus, Priority } from "../inquiries/types";
import type { StaffEntry } from "../staff/directory.server";
import { formatDateTime } from "../utils/format";

const STATUS_TONE: Record<InquiryStatus, "info" | "attention" | "warning" | "success"> = {
  new: "info",
  open: "attention",
  pending: "warning",
  resolved: "success",
};

export function StatusBadge({ status }: { status: InquiryStatus }) {
  const { t } = useTranslation();
  return <Badge tone={STATUS_TONE[status]}>{t(`inbox.status.${status}`)}</Badge>;
}

export function PriorityBadge({ priority }: { priority: Priority }) {
  const { t } = useTranslation();
  if (priority === "normal" || priority === "low") return null;
  return <Badge tone={priority === "urgent" ? "critical" : "warning"}>{t(`inbox.priority.${priority}`)}</Badge>;
}

export function InboxDue({ dueAt, overdue, locale, timeZone }: { dueAt: string | null; overdue: boolean; locale: Locale; timeZone: string }) {
  const { t } = useTranslation();
  if (!dueAt) return <Text as="span" tone="subdued">{t("inbox.noDue")}</Text>;
  if (overdue) return <Badge tone="critical">{t("inbox.overdueSince", { at: formatDateTime(dueAt, locale, timeZone) })}</Badge>;
  return <Text as="span">{formatDateTime(dueAt, locale, timeZone)}</Text>;
}

export function categoryName(category: CategoryOption, locale: Locale): string {
  return locale === "ja" ? category.nameJa : category.nameEn;
}

export function staffName(staff: StaffEntry[], userId: string, t: TFunction): string {
  return staff.find((s) => s.userId === userId)?.name ?? t("inbox.staffUnknown", { id: userId });
}
