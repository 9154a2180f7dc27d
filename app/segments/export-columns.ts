/** The columns a segment export offers, in file order (shared by the export dialog and app/segments/export.server.ts). */
export const EXPORT_COLUMNS = [
  "name",
  "lastName",
  "firstName",
  "nameKana",
  "email",
  "phone",
  "zip",
  "prefecture",
  "city",
  "address1",
  "address2",
  "company",
  "tags",
  "consent",
  "ordersCount",
  "totalSpent",
  "averageOrderValue",
  "firstOrderAt",
  "lastOrderAt",
  "rfmClass",
  "cpmClass",
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** Ticked when the export dialog opens: what a mailing label needs. */
export const DEFAULT_EXPORT_COLUMNS: readonly ExportColumn[] = ["name", "nameKana", "zip", "prefecture", "city", "address1", "address2", "company", "phone", "email"];
