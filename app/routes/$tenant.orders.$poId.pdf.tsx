import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "../server/http-errors.server";
import { pdfFileName, renderPurchaseOrderPdf } from "../server/pdf.server";
import { requireTenantPermissionAny } from "../server/permissions.server";
import { getPurchaseOrder } from "../server/purchase-orders.server";
import { recordId } from "../server/records.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermissionAny(request, params.tenant, "read:po");
  const found = await getPurchaseOrder(ctx, recordId(params.poId));
  // a partner never sees a draft: the same 404 as a foreign order
  if (!found || (ctx.isPartner && found.po.status === "draft")) notFound();
  const pdf = await renderPurchaseOrderPdf({ ...found, tenantName: ctx.tenantName });
  const number = /^PO/i.test(found.po.number) ? found.po.number : `PO-${found.po.number}`;
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="${pdfFileName(`${number}-rev${found.po.revision}`)}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
