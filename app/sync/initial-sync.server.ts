// Placeholder until the initial sync lands (issue 3): the webhook stays recorded and is marked skipped.
import type { HandlerOutcome } from "../webhooks/types";

export const handleBulkOperationFinish = async (_shop: string, _payload: unknown): Promise<HandlerOutcome> => ({
  status: "skipped",
  note: "recorded; no handler yet",
});
