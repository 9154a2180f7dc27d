/** The inquiry desk's shared vocabulary (one conversation model for every channel: ADR 016). */

export const CHANNELS = ["form", "chat", "email", "phone", "in_person"] as const;
export type Channel = (typeof CHANNELS)[number];

export const INQUIRY_STATUSES = ["new", "open", "pending", "resolved"] as const;
export type InquiryStatus = (typeof INQUIRY_STATUSES)[number];

export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type Priority = (typeof PRIORITIES)[number];

/** A storefront page the shopper looked at before asking. */
export type PageView = { url: string; title?: string; at?: string };

/** A mail attachment as recorded: metadata only, the file itself is not kept. */
export type Attachment = { filename: string | null; contentType: string; size: number };

export type MailHeaders = { messageId: string; inReplyTo?: string | null; references?: string[] };

/** Channels whose staff replies leave as mail (to the contact's address). */
export const MAIL_REPLY_CHANNELS: readonly Channel[] = ["form", "email", "phone", "in_person"];

/** A system event in a conversation, stored as the body of a `system` message. */
export type SystemEvent =
  | { event: "assigned"; to: string | null; by: string | null }
  | { event: "status"; to: InquiryStatus; by: string | null }
  | { event: "category"; to: string | null; by: string | null }
  | { event: "priority"; to: Priority; by: string | null }
  | { event: "customer_linked"; customerShopifyId: string };

export const isChannel = (value: unknown): value is Channel => (CHANNELS as readonly unknown[]).includes(value);
export const isInquiryStatus = (value: unknown): value is InquiryStatus => (INQUIRY_STATUSES as readonly unknown[]).includes(value);
export const isPriority = (value: unknown): value is Priority => (PRIORITIES as readonly unknown[]).includes(value);
