// Book an inspection: quality staff against a ship-notice line or a production lot; a partner's
// user books its own pre-shipment inspection the same way. The plan is computed on booking.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigation, useParams, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { FieldMessage } from "../components/form";
import { DEFECT_CLASSES } from "../domain/inspection";
import type { loader as planLoader } from "./$tenant.inspections.plan";
import { BookingCommonSchema as CommonSchema, BookingSourceSchema as BookingSchema } from "../domain/inspection-forms";
import { bookingOptions, bookInspection, InspectionError, requireInspectionBooker } from "../server/inspections.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireInspectionBooker(request, params.tenant);
  return json({ ...(await bookingOptions(ctx)), isPartner: ctx.isPartner });
}

type Errors = Record<string, string>;

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireInspectionBooker(request, params.tenant);
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
  const { tenant } = useParams();
  const plan = useFetcher<typeof planLoader>();
  // the plan booking would fix, as soon as the lot is named
  const preview = (form: HTMLFormElement) => {
    const f = new FormData(form);
    const get = (k: string) => String(f.get(k) ?? "");
    const ready = get("source") === "ship_notice_line" ? get("shipNoticeLineId") : get("partnerId") && get("itemId") && /^\d+$/.test(get("lotSize"));
    if (!ready) return;
    const q = new URLSearchParams(["source", "shipNoticeLineId", "partnerId", "itemId", "lotSize"].filter((k) => get(k)).map((k) => [k, get(k)]));
    plan.load(`/${tenant}/inspections/plan?${q}`);
  };
  const shown = plan.data;
  const formRef = useRef<HTMLFormElement>(null);
  // a line chosen from the ship notice page is previewed at once
  useEffect(() => {
    if (formRef.current) preview(formRef.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <>
      <h1>{isPartner ? "New pre-shipment inspection" : "Book an inspection"}</h1>
      <p className="muted">
        The lot size comes from the quantity. Inspection level and AQLs come from the company's defaults or the item's own; the severity comes from the partner × item switching state. The
        sampling plan per defect class is fixed when you book.
      </p>
      <Form method="post" noValidate ref={formRef} onChange={(e) => preview(e.currentTarget)}>
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
            {preset && !lines.some((l) => l.id === preset) ? (
              <span className="error" role="alert">
                That line is already inspected (or not yours to inspect). To inspect it again, book a production lot and tick “Re-submitted lot”.
              </span>
            ) : null}
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
        <section aria-label="Plan preview" aria-live="polite">
          {shown?.preview ? (
            <>
              <p>
                Level {shown.preview.level}
                {shown.preview.overridden ? " (item override)" : ""}, <strong>{shown.preview.severity}</strong> inspection of {shown.preview.lotSize} units: sample{" "}
                {shown.preview.unitsToInspect} units.
              </p>
              <table aria-label="Plan to be booked">
                <thead>
                  <tr>
                    <th>Class</th>
                    <th>AQL</th>
                    <th>Code letter</th>
                    <th>Sample size</th>
                    <th>Ac</th>
                    <th>Re</th>
                  </tr>
                </thead>
                <tbody>
                  {DEFECT_CLASSES.filter((c) => shown.preview!.plans[c]).map((c) => {
                    const p = shown.preview!.plans[c]!;
                    return (
                      <tr key={c} data-testid={`preview-${c}`}>
                        <td>{c}</td>
                        <td>{p.aql}</td>
                        <td>{p.planCodeLetter !== p.codeLetter ? `${p.codeLetter} → ${p.planCodeLetter}` : p.codeLetter}</td>
                        <td>
                          {p.sampleSize}
                          {p.inspectAll ? " (every item)" : ""}
                        </td>
                        <td>{p.acceptance}</td>
                        <td>{p.rejection}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </>
          ) : shown?.error ? (
            <p className="error">{shown.error}</p>
          ) : null}
        </section>
        <FieldMessage name="form" errors={errors} />
        <button type="submit" disabled={busy}>
          {busy ? "Booking…" : "Book inspection"}
        </button>
      </Form>
    </>
  );
}
