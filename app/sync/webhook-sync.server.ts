// Placeholder until the incremental sync lands (issue 3): the webhook stays recorded and is marked skipped.
import type { HandlerOutcome } from "../webhooks/types";

const notYet = async (): Promise<HandlerOutcome> => ({ status: "skipped", note: "recorded; no handler yet" });
export const applyCustomerWebhook = (_shop: string, _topic: string, _payload: unknown, _at: Date) => notYet();
export const applyOrderWebhook = (_shop: string, _topic: string, _payload: unknown, _at: Date) => notYet();
export const applyCheckoutWebhook = (_shop: string, _topic: string, _payload: unknown, _at: Date) => notYet();
