import type { LoaderFunctionArgs } from "@remix-run/node";
import { findDataRequestExport } from "../compliance/data-requests.server";
import { authenticate } from "../shopify.server";

// A resource route: the export as a JSON file, for the shop whose session token came with the request.
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const found = await findDataRequestExport(session.shop, params.id ?? "");
  if (!found) throw new Response("Not found", { status: 404 });
  return new Response(found.json, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${found.fileName}"`,
      "cache-control": "no-store",
    },
  });
};
