// An inspection photo's bytes, through the tenant (and partner) check: a foreign photo is a 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "../server/http-errors.server";
import { getPhoto } from "../server/inspections.server";
import { requireTenantPermissionAny } from "../server/permissions.server";
import { recordId } from "../server/records.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermissionAny(request, params.tenant, "read:inspection");
  const photo = await getPhoto(ctx, recordId(params.inspectionId), recordId(params.photoId));
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
