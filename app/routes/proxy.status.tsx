import type { LoaderFunctionArgs } from "@remix-run/node";
import { storefrontStatus } from "../storefront/status.server";

// GET /apps/tsunagu/status through Shopify's app proxy: what the storefront script needs to know at start.
export const loader = async ({ request }: LoaderFunctionArgs) => Response.json(await storefrontStatus(request));
