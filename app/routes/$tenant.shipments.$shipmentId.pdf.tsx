import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "../server/http-errors.server";
import { pdfFileName, renderPackingListPdf } from "../server/pdf.server";
import { requireTenantPermissionAny } from "../server/permissions.server";
import { recordId } from "../server/records.server";
import { getShipNotice } from "../server/ship-notices.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermissionAny(request, params.tenant, "read:shipment");
  const found = await getShipNotice(ctx, recordId(params.shipmentId));
  if (!found) notFound();
  const pdf = await renderPackingListPdf(found);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="${pdfFileName(`packing-list-${found.notice.number}`)}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
