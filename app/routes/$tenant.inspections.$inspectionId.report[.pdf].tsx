import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "../server/http-errors.server";
import { getInspection, photosForReport } from "../server/inspections.server";
import { pdfFileName, renderInspectionReportPdf } from "../server/pdf.server";
import { requireTenantPermissionAny } from "../server/permissions.server";
import { recordId } from "../server/records.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermissionAny(request, params.tenant, "read:inspection");
  const id = recordId(params.inspectionId);
  const found = await getInspection(ctx, id);
  if (!found) notFound();
  const photos = await photosForReport(ctx, id);
  const pdf = await renderInspectionReportPdf({ ...found, tenantName: ctx.tenantName, photos });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="${pdfFileName(`${found.inspection.number}-report`)}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
