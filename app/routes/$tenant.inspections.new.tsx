// Book an inspection: quality staff against a ship-notice line or a production lot; a partner's
// user books its own pre-shipment inspection the same way. The plan is computed on booking.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { FieldMessage } from "../components/form";
import { can } from "../domain/permissions";
import type { TenantContext } from "../server/auth.server";
import { notFound } from "../server/http-errors.server";
import { bookingOptions, bookInspection, InspectionError } from "../server/inspections.server";
import { requireTenantMember } from "../server/auth.server";

const uuid = (message: string) => z.string({ error: message }).uuid(message);
const BookingSchema = z.discriminatedUnion("source", [
  z.object({ source: z.literal("ship_notice_line"), shipNoticeLineId: uuid("Choose a ship-notice line.") }),
  z.object({
    source: z.literal("production_lot"),
    partnerId: uuid("Choose the partner that made the lot."),
    itemId: uuid("Choose the item."),
    lotSize: z.coerce
      .number({ error: "Enter the lot size in units." })
      .int("The lot size is a whole number of units.")
      .min(2, "A lot has at least 2 units.")
      .max(100_000_000, "At most 100,000,000 units."),
  }),
]);
const CommonSchema = z.object({
  lotNumber: z.string().trim().max(60, "At most 60 characters.").default(""),
  notes: z.string().trim().max(2000, "At most 2,000 characters.").default(""),
  resubmission: z.literal("on").optional(),
});

async function requireBooker(request: Request, tenant: string | undefined): Promise<TenantContext> {
  const ctx = await requireTenantMember(request, tenant);
  const ok = can(ctx.role, "manage:inspection:any") || (ctx.isPartner && ctx.partnerKind !== "carrier" && can(ctx.role, "submit:inspection:own"));
  if (!ok) notFound();
  return ctx;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireBooker(request, params.tenant);
  return json({ ...(await bookingOptions(ctx)), isPartner: ctx.isPartner });
}

type Errors = Record<string, string>;

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireBooker(request, params.tenant);
  const form = Object.fromEntries(await request.formData());
  const errors: Errors = {};
  const source = BookingSchema.safeParse(form);
  const common = CommonSchema.safeParse(form);
  if (!source.success) for (const i of source.error.issues) errors[String(i.path[0] ?? "source")] ??= i.path.length ? i.message : "Choose what to inspect.";
  if (!common.success) for (const i of common.error.issues) errors[String(i.path[0])] ??= i.message;
  if (!source.success || !common.success) return json({ errors }, { status: 400 });
  const s = source.data;
  try {
    const row = await bookInspection(ctx, {
      shipNoticeLineId: s.source === "ship_notice_line" ? s.shipNoticeLineId : null,
      partnerId: s.source === "production_lot" ? s.partnerId : null,
      itemId: s.source === "production_lot" ? s.itemId : null,
      lotSize: s.source === "production_lot" ? s.lotSize : null,
      lotNumber: common.data.lotNumber,
      notes: common.data.notes,
      resubmission: common.data.resubmission === "on",
    });
    return redirect(`/${ctx.tenantSlug}/inspections/${row.id}`);
  } catch (e) {
    if (e instanceof InspectionError) return json({ errors: { [e.field]: e.message } as Errors }, { status: e.status === 409 ? 409 : 400 });
    throw e;
  }
}


export default function BookInspection() {
  const { lines, partners, items, isPartner } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors as Errors | undefined;
  const [params] = useSearchParams();
  const preset = params.get("line") ?? "";
  const [source, setSource] = useState(preset || lines.length ? "ship_notice_line" : "production_lot");
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <h1>{isPartner ? "New pre-shipment inspection" : "Book an inspection"}</h1>
      <p className="muted">
        The lot size comes from the quantity. Inspection level and AQLs come from the company's defaults or the item's own; the severity comes from the partner × item switching state. The
        sampling plan per defect class is fixed when you book.
      </p>
      <Form method="post" noValidate>
        <fieldset>
          <legend>What is inspected</legend>
          <label>
            <input type="radio" name="source" value="ship_notice_line" checked={source === "ship_notice_line"} onChange={() => setSource("ship_notice_line")} /> A ship-notice line
          </label>{" "}
          <label>
            <input type="radio" name="source" value="production_lot" checked={source === "production_lot"} onChange={() => setSource("production_lot")} /> A production lot
          </label>
          <FieldMessage name="source" errors={errors} />
        </fieldset>
        {source === "ship_notice_line" ? (
          <div className="field">
            <label htmlFor="shipNoticeLineId">Ship-notice line</label>
            <select id="shipNoticeLineId" name="shipNoticeLineId" defaultValue={preset} aria-invalid={errors?.shipNoticeLineId ? true : undefined} aria-describedby="shipNoticeLineId-error">
              <option value="">Choose a line…</option>
              {lines.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.noticeNumber} · {l.partnerName} · {l.poNumber}/{l.lineNo} · {l.itemCode} {l.itemDescription} · {Number(l.quantity)} {l.uom}
                </option>
              ))}
            </select>
            {lines.length === 0 ? <span className="muted">No ship-notice lines are waiting for inspection.</span> : null}
            <FieldMessage name="shipNoticeLineId" errors={errors} />
          </div>
        ) : (
          <div className="row">
            <div className="field">
              <label htmlFor="partnerId">Partner</label>
              <select id="partnerId" name="partnerId" defaultValue={isPartner ? partners[0]?.id : ""} aria-describedby="partnerId-error">
                {!isPartner ? <option value="">Choose…</option> : null}
                {partners.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
              <FieldMessage name="partnerId" errors={errors} />
            </div>
            <div className="field">
              <label htmlFor="itemId">Item</label>
              <select id="itemId" name="itemId" defaultValue="" aria-describedby="itemId-error">
                <option value="">Choose…</option>
                {items.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.code} {i.description}
                  </option>
                ))}
              </select>
              <FieldMessage name="itemId" errors={errors} />
            </div>
            <div className="field">
              <label htmlFor="lotSize">Lot size (units)</label>
              <input id="lotSize" name="lotSize" inputMode="numeric" aria-describedby="lotSize-error" aria-invalid={errors?.lotSize ? true : undefined} />
              <FieldMessage name="lotSize" errors={errors} />
            </div>
          </div>
        )}
        <div className="row">
          <div className="field">
            <label htmlFor="lotNumber">Lot number</label>
            <input id="lotNumber" name="lotNumber" maxLength={60} aria-describedby="lotNumber-error" />
            <FieldMessage name="lotNumber" errors={errors} />
          </div>
          <div className="field">
            <label>
              <input type="checkbox" name="resubmission" /> Re-submitted lot (re-inspection after a rejection)
            </label>
            <span className="muted">Re-inspections do not count toward switching rules or first-pass acceptance.</span>
          </div>
        </div>
        <div className="field">
          <label htmlFor="notes">Notes</label>
          <textarea id="notes" name="notes" rows={2} maxLength={2000} aria-describedby="notes-error" />
          <FieldMessage name="notes" errors={errors} />
        </div>
        <FieldMessage name="form" errors={errors} />
        <button type="submit" disabled={busy}>
          {busy ? "Booking…" : "Book inspection"}
        </button>
      </Form>
    </>
  );
}
