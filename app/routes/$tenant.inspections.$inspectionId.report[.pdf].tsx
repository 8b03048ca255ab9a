import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "../server/http-errors.server";
import { inspectionReportPdf } from "../server/inspections.server";
import { BusyError, TimeLimitError } from "../server/limits.server";
import { pdfFileName } from "../server/pdf.server";
import { requireTenantPermissionAny } from "../server/permissions.server";
import { recordId } from "../server/records.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermissionAny(request, params.tenant, "read:inspection");
  let report: Awaited<ReturnType<typeof inspectionReportPdf>>;
  try {
    report = await inspectionReportPdf(ctx, recordId(params.inspectionId));
  } catch (e) {
    // reports are drawn a few at a time with a time limit: say so instead of hanging
    if (e instanceof BusyError || e instanceof TimeLimitError)
      return new Response(e.message, {
        status: 503,
        headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": String(e.retryAfterSeconds), "Cache-Control": "no-store" },
      });
    throw e;
  }
  if (!report) notFound();
  return new Response(new Uint8Array(report.pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="${pdfFileName(`${report.number}-report`)}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
