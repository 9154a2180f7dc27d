import type { LoaderFunctionArgs } from "@remix-run/node";
import { boughtProducts } from "../segments/segments.server";
import { authenticate } from "../shopify.server";

/** Products bought in the shop whose title contains `q`, for the builder's product picker. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  return { products: await boughtProducts(session.shop, q) };
};
