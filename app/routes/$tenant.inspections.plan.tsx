// GET: the plan booking would fix for a lot (level, AQLs, severity, plan per class), for the live
// preview on the booking form. Nothing is saved.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { BookingSourceSchema } from "../domain/inspection-forms";
import { InspectionError, previewInspectionPlan, requireInspectionBooker } from "../server/inspections.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireInspectionBooker(request, params.tenant);
  const parsed = BookingSourceSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return json({ preview: null, field: String(issue.path[0] ?? "source"), error: issue.message }, { status: 400 });
  }
  const s = parsed.data;
  try {
    const preview = await previewInspectionPlan(ctx, {
      shipNoticeLineId: s.source === "ship_notice_line" ? s.shipNoticeLineId : null,
      partnerId: s.source === "production_lot" ? s.partnerId : null,
      itemId: s.source === "production_lot" ? s.itemId : null,
      lotSize: s.source === "production_lot" ? s.lotSize : null,
    });
    return json({ preview, field: null, error: null }, { headers: { "Cache-Control": "private, no-store" } });
  } catch (e) {
    if (e instanceof InspectionError) return json({ preview: null, field: e.field, error: e.message }, { status: e.status === 409 ? 409 : 400 });
    throw e;
  }
}
