import type { ActionFunctionArgs } from "@remix-run/node";
import { handleChatPoll } from "../inquiries/chat.server";

// POST /apps/tsunagu/chat/messages: the widget's long-poll for new messages (docs/decisions/013-chat-transport.md).
export const action = ({ request }: ActionFunctionArgs) => handleChatPoll(request);
