import type { ActionFunctionArgs } from "@remix-run/node";
import { handleInboundHttp } from "../mail/inbound-http.server";

// POST /mail/inbound: raw mail from an inbound-parse provider (app/mail/inbound-http.server.ts, ADR 014).
export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return new Response(null, { status: 405, headers: { Allow: "POST" } });
  return handleInboundHttp(request);
};
