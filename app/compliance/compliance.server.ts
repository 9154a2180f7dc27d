// Placeholder until the compliance handlers land (issue 3): the webhook stays recorded and is marked skipped.
import type { HandlerOutcome } from "../webhooks/types";

const notYet = async (): Promise<HandlerOutcome> => ({ status: "skipped", note: "recorded; no handler yet" });
export const handleCustomerDataRequest = (_shop: string, _payload: unknown) => notYet();
export const handleCustomerRedact = (_shop: string, _payload: unknown) => notYet();
export const handleShopRedact = (_shop: string, _payload: unknown) => notYet();
