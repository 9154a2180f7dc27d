// Verified and recorded once by webhook id; the worker processes it (app/webhooks/handlers.server.ts). The production
// server answers these routes' POSTs without Remix's routing, through the same code (app/webhooks/intake.server.ts).
export { webhookAction as action } from "../webhooks/intake.server";
