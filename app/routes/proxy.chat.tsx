import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleChatSend, handleChatStatus } from "../inquiries/chat.server";

// /apps/tsunagu/chat through Shopify's app proxy: GET business hours, POST a shopper's message (app/inquiries/chat.server.ts).
export const loader = ({ request }: LoaderFunctionArgs) => handleChatStatus(request);
export const action = ({ request }: ActionFunctionArgs) => handleChatSend(request);
