import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhook } from "../webhooks/intake.server";

// Verified and recorded once by webhook id; the worker processes it (app/webhooks/handlers.server.ts).
export const action = async ({ request }: ActionFunctionArgs) => receiveWebhook(request);
