import type { ActionFunctionArgs } from "@remix-run/node";
import { handleChatUnread } from "../inquiries/chat.server";

// POST /apps/tsunagu/chat/unread: the launcher's unread badge, the one request the loader makes on page load.
export const action = ({ request }: ActionFunctionArgs) => handleChatUnread(request);
