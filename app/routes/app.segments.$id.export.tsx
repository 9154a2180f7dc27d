import type { LoaderFunctionArgs } from "@remix-run/node";
import { createI18n } from "../i18n/i18n";
import { contentDisposition, exportFileName, ExportRequest, segmentCsvStream, shopDay } from "../segments/export.server";
import { getSegment } from "../segments/segments.server";
import { authenticate } from "../shopify.server";
import { resolveStaffLocale } from "../staff/staff.server";

// A resource route: the segment's members as a CSV file, streamed. The admin page fetches it (App Bridge adds the
// session token to the app's own fetches) and saves the blob, as app.data-requests.$id.tsx does.
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const url = new URL(request.url);
  const locale = await resolveStaffLocale({
    shop: session.shop,
    userId: sessionToken?.sub ? String(sessionToken.sub) : null,
    requested: url.searchParams.get("locale"),
    acceptLanguage: request.headers.get("accept-language"),
  });
  const parsed = ExportRequest.safeParse({ columns: url.searchParams.get("columns") ?? undefined, encoding: url.searchParams.get("encoding") ?? undefined });
  if (!parsed.success) {
    const { t } = createI18n(locale);
    const errors = parsed.error.issues.map((issue) => ({ field: String(issue.path[0] ?? "columns"), message: t(issue.message) }));
    return Response.json({ errors }, { status: 400 });
  }
  const segment = await getSegment(session.shop, params.id ?? "");
  if (!segment) throw new Response("Not found", { status: 404 });
  const fileName = exportFileName(segment.name, await shopDay(session.shop));
  const started = performance.now();
  const body = segmentCsvStream(session.shop, segment.rule, {
    ...parsed.data,
    locale,
    onDone: (summary) =>
      console.info("[segments] exported", {
        shop: session.shop,
        segmentId: segment.id,
        encoding: parsed.data.encoding,
        ...summary,
        ms: Math.round(performance.now() - started),
      }),
  });
  return new Response(body, {
    headers: {
      "content-type": `text/csv; charset=${parsed.data.encoding === "cp932" ? "shift_jis" : "utf-8"}`,
      "content-disposition": contentDisposition(fileName),
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
};
