import type { LoaderFunctionArgs } from "@remix-run/node";
import { handleChatFaq } from "../inquiries/chat.server";

// GET /apps/tsunagu/chat/faq?q=: FAQ answers matching what the shopper is typing (app/inquiries/faq.server.ts).
export const loader = ({ request }: LoaderFunctionArgs) => handleChatFaq(request);
