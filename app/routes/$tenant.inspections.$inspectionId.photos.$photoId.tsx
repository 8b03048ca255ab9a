// An inspection photo's bytes, through the tenant (and partner) check: a foreign photo is a 404.
// `?size=page` answers the small JPEG thumbnail the inspection page shows instead of the original.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { badRequest, notFound } from "../server/http-errors.server";
import { getPhoto } from "../server/inspections.server";
import { BusyError, TimeLimitError } from "../server/limits.server";
import { requireTenantPermissionAny } from "../server/permissions.server";
import { recordId } from "../server/records.server";

const Query = z.object({ size: z.enum(["original", "page"], { error: "size must be original or page." }).default("original") });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermissionAny(request, params.tenant, "read:inspection");
  const query = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return badRequest({ errors: { size: query.error.issues[0].message } });
  let photo: Awaited<ReturnType<typeof getPhoto>>;
  try {
    photo = await getPhoto(ctx, recordId(params.inspectionId), recordId(params.photoId), query.data.size);
  } catch (e) {
    // an older photo's thumbnail is made on first view, through the same bounded decoder as uploads
    if (e instanceof BusyError || e instanceof TimeLimitError)
      return new Response(e.message, { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": String(e.retryAfterSeconds), "Cache-Control": "no-store" } });
    throw e;
  }
  if (!photo) notFound();
  return new Response(new Uint8Array(photo.bytes), {
    headers: {
      // the type was decided from the bytes on upload; the browser must not guess another
      "Content-Type": photo.contentType,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Content-Disposition": `inline; filename="${photo.fileName.replace(/[^\w .()-]/g, "_")}"`,
      "Cache-Control": "private, max-age=3600",
    },
  });
}
