import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { FieldMessage } from "../components/form";
import { Notice } from "../components/forms-shared";
import { DEFECT_CLASSES, defectsByClass, INSPECTION_STATUS_LABELS, type DefectClass } from "../domain/inspection";
import { parseFindingsForm } from "../domain/inspection-forms";
import { can } from "../domain/permissions";
import type { TenantContext } from "../server/auth.server";
import { notFound } from "../server/http-errors.server";
import {
  addPhoto,
  getInspection,
  InspectionError,
  MAX_PHOTO_BYTES,
  overrideVerdict,
  recordFindings,
  signOffInspection,
} from "../server/inspections.server";
import { BusyError, TimeLimitError } from "../server/limits.server";
import { requireTenantPermissionAny } from "../server/permissions.server";
import { recordId, StaleRecordError } from "../server/records.server";
import { readUploadForm, UploadError } from "../server/upload.server";

// a busy photo decoder answers 503 with Retry-After (the action's header; Remix drops it unless passed on)
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Inspection ${data.inspection.number}` : "Inspection" }];

function rights(ctx: TenantContext, kind: string, partnerId: string) {
  const manage = can(ctx.role, "manage:inspection:any");
  const partnerOwn = ctx.isPartner && can(ctx.role, "submit:inspection:own") && kind === "pre_shipment" && partnerId === ctx.partnerId;
  return { manage, record: manage || partnerOwn };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermissionAny(request, params.tenant, "read:inspection");
  const found = await getInspection(ctx, recordId(params.inspectionId));
  if (!found) notFound();
  const r = rights(ctx, found.inspection.kind, found.inspection.partnerId);
  return json({ ...found, canRecord: r.record, canManage: r.manage, isPartner: ctx.isPartner, maxPhotoMb: MAX_PHOTO_BYTES / 1024 / 1024 });
}

type Errors = Record<string, string>;
const Version = z.coerce.number().int().min(1);
const OverrideSchema = z.object({
  verdict: z.enum(["accepted", "rejected"], { error: "Choose the final verdict." }),
  reason: z.string().trim().max(2000, "At most 2,000 characters.").default(""),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermissionAny(request, params.tenant, "read:inspection");
  const id = recordId(params.inspectionId);
  const found = await getInspection(ctx, id);
  if (!found) notFound();
  const r = rights(ctx, found.inspection.kind, found.inspection.partnerId);
  const fail = (errors: Errors, status = 400) => json({ errors, ok: null as string | null }, { status });
  try {
    if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
      if (!r.record) notFound();
      const form = await readUploadForm(request, MAX_PHOTO_BYTES);
      const file = form.get("photo");
      if (!(file instanceof File) || file.size === 0) return fail({ photo: "Choose a photo to upload." });
      await addPhoto(ctx, id, { bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name, caption: String(form.get("caption") ?? "").trim() });
      return json({ errors: {} as Errors, ok: "Photo added." });
    }
    const form = await request.formData();
    const intent = String(form.get("intent") ?? "");
    const version = Version.safeParse(form.get("version"));
    if (!version.success) return fail({ form: "Reload the page and try again." });
    if (intent === "save" || intent === "complete") {
      if (!r.record) notFound();
      const parsed = parseFindingsForm([...form].map(([k, v]) => [k, String(v)] as [string, string]));
      if (!parsed.ok) return fail(parsed.errors);
      await recordFindings(ctx, id, version.data, parsed.value, intent === "complete");
      return json({ errors: {} as Errors, ok: intent === "complete" ? "Inspection completed: the verdict is decided." : "Findings saved." });
    }
    if (intent === "override") {
      if (!r.manage) notFound();
      const parsed = OverrideSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) return fail(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
      await overrideVerdict(ctx, id, version.data, parsed.data);
      return json({ errors: {} as Errors, ok: "Final verdict updated." });
    }
    if (intent === "signoff") {
      if (!r.manage) notFound();
      // the verdict chosen in the same form counts: an override not yet saved is applied first
      let v = version.data;
      const chosen = OverrideSchema.safeParse(Object.fromEntries(form));
      if (chosen.success && chosen.data.verdict !== found.inspection.finalVerdict) v = (await overrideVerdict(ctx, id, v, chosen.data)).version;
      const { transition } = await signOffInspection(ctx, id, v);
      return json({ errors: {} as Errors, ok: `Signed off.${transition ? ` Inspection severity: ${transition.from} → ${transition.to} (${transition.reason}).` : ""}` });
    }
    return fail({ form: "Unknown action." });
  } catch (e) {
    if (e instanceof UploadError) return fail({ photo: e.message }, e.status);
    // photos are decoded one at a time: a busy server asks to try again rather than queue without end
    if (e instanceof BusyError || e instanceof TimeLimitError)
      return json({ errors: { photo: e.message } as Errors, ok: null as string | null }, { status: 503, headers: { "Retry-After": String(e.retryAfterSeconds) } });
    if (e instanceof StaleRecordError) return fail({ form: e.message }, 409);
    if (e instanceof InspectionError) return fail({ [e.field]: e.message }, e.status);
    throw e;
  }
}


const CLASS_LABELS: Record<DefectClass, string> = { critical: "Critical", major: "Major", minor: "Minor" };

export default function InspectionPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors as Errors | undefined;
  const busy = useNavigation().state !== "idle";
  const { inspection: ins, plans, catalogue, defects, measurements, photos, canRecord, canManage } = data;
  const found = defectsByClass(defects);
  const qty = new Map(defects.map((d) => [d.defectTypeId, d.quantity]));
  const editable = canRecord && ins.status === "booked";
  const decided = ins.status !== "booked";
  const [rows, setRows] = useState(Math.max(measurements.length + 2, 3));
  return (
    <>
      <p>
        <Link to="../inspections">« Inspections</Link>
      </p>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h1>
          Inspection {ins.number} <span className="badge" data-testid="inspection-status">{INSPECTION_STATUS_LABELS[ins.status]}</span>
          {ins.kind === "pre_shipment" ? <span className="badge warn">partner's pre-shipment inspection</span> : null}
        </h1>
        <a className="button secondary" href={`${ins.id}/report.pdf`} download>
          Download report (PDF)
        </a>
      </div>
      <Notice message={result?.ok} />
      <FieldMessage name="form" errors={errors} />
      {decided ? (
        <p>
          Verdict:{" "}
          <span className={`verdict ${ins.finalVerdict}`} data-testid="verdict">
            {ins.finalVerdict}
          </span>
          {ins.finalVerdict !== ins.computedVerdict ? <span className="muted"> (sampling result: {ins.computedVerdict}; overridden: {ins.overrideReason})</span> : null}
          {ins.escalation === "pending" ? <span className="badge off"> marked for escalation</span> : null}
        </p>
      ) : null}
      <dl className="facts">
        <dt>Partner</dt>
        <dd>{data.partnerName}</dd>
        <dt>Item</dt>
        <dd>
          {data.itemCode} {data.itemDescription}
        </dd>
        <dt>Lot</dt>
        <dd>
          {ins.lotNumber || "—"}, {ins.lotSize} {data.itemUom}
          {ins.resubmission ? " (re-submitted lot)" : ""}
        </dd>
        <dt>Source</dt>
        <dd>{ins.shipNoticeId ? <Link to={`../shipments/${ins.shipNoticeId}`}>{`${data.shipNoticeNumber} · ${data.poNumber} line ${data.poLineNo}`}</Link> : "Production lot"}</dd>
        <dt>Inspection</dt>
        <dd>
          level {ins.level},{" "}
          {data.switching ? <Link to={`../switching/${data.switching.id}`}>{ins.severity}</Link> : ins.severity} inspection · {ins.unitsInspected} units to sample
        </dd>
        {ins.inspectorName ? (
          <>
            <dt>Inspected by</dt>
            <dd>
              {ins.inspectorName}, {ins.inspectedAt?.slice(0, 16).replace("T", " ")}
            </dd>
          </>
        ) : null}
        {ins.signedOffName ? (
          <>
            <dt>Signed off by</dt>
            <dd>
              {ins.signedOffName}, {ins.signedOffAt?.slice(0, 16).replace("T", " ")}
            </dd>
          </>
        ) : null}
      </dl>

      <h2>Sampling plan</h2>
      <table aria-label="Sampling plan">
        <thead>
          <tr>
            <th>Class</th>
            <th>AQL</th>
            <th>Code letter</th>
            <th>Sample size</th>
            <th>Accept (Ac)</th>
            <th>Reject (Re)</th>
            <th>Defects found</th>
            <th>Result</th>
          </tr>
        </thead>
        <tbody>
          {DEFECT_CLASSES.filter((c) => plans[c]).map((c) => {
            const p = plans[c]!;
            const ok = found[c] <= p.acceptance;
            return (
              <tr key={c} data-testid={`plan-${c}`}>
                <td>{CLASS_LABELS[c]}</td>
                <td>{p.aql}</td>
                <td>{p.planCodeLetter !== p.codeLetter ? `${p.codeLetter} → ${p.planCodeLetter}` : p.codeLetter}</td>
                <td>
                  {p.sampleSize}
                  {p.inspectAll ? " (every item)" : ""}
                </td>
                <td>{p.acceptance}</td>
                <td>{p.rejection}</td>
                <td>{decided || defects.length ? found[c] : "—"}</td>
                <td>{decided ? <span className={`badge ${ok ? "ok" : "off"}`}>{ok ? "within Ac" : "reject"}</span> : "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h2>Findings</h2>
      <Form method="post" noValidate aria-label="Findings">
        <input type="hidden" name="version" value={ins.version} />
        {DEFECT_CLASSES.filter((c) => plans[c]).map((c) => {
          const types = catalogue.filter((t) => t.defectClass === c);
          return (
            <fieldset key={c}>
              <legend>
                {CLASS_LABELS[c]} defects (Ac {plans[c]!.acceptance}, Re {plans[c]!.rejection})
              </legend>
              <p className="muted" data-testid={`sample-note-${c}`}>
                Count {c} defects in the first {plans[c]!.sampleSize} units of the sample
                {plans[c]!.sampleSize < (ins.unitsInspected ?? 0) ? ` (of ${ins.unitsInspected} drawn for the largest plan)` : ""}.
              </p>
              {types.length === 0 ? <p className="muted">No {c} defect types in the catalogue.</p> : null}
              <table>
                <tbody>
                  {types.map((t) => (
                    <tr key={t.id}>
                      <td>
                        <label htmlFor={`defect.${t.id}`}>
                          {t.code} {t.name}
                          {!t.active ? " (retired)" : ""}
                        </label>
                      </td>
                      <td>
                        {editable ? (
                          <input
                            className="qty"
                            id={`defect.${t.id}`}
                            name={`defect.${t.id}`}
                            inputMode="numeric"
                            defaultValue={qty.get(t.id) ?? ""}
                            placeholder="0"
                            aria-invalid={errors?.[`defect.${t.id}`] ? true : undefined}
                            aria-describedby={`defect.${t.id}-error`}
                          />
                        ) : (
                          <span>{qty.get(t.id) ?? 0}</span>
                        )}
                        <FieldMessage name={`defect.${t.id}`} errors={errors} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </fieldset>
          );
        })}
        <fieldset>
          <legend>Measurements (optional)</legend>
          <table aria-label="Measurements">
            <thead>
              <tr>
                <th>Characteristic</th>
                <th>Unit</th>
                <th>Min</th>
                <th>Max</th>
                <th>Measured</th>
                {!editable ? <th>In spec</th> : null}
              </tr>
            </thead>
            <tbody>
              {editable
                ? Array.from({ length: rows }, (_, i) => {
                    const m = measurements[i];
                    const cell = (k: string, value: string | null | undefined, width = "8em") => (
                      <td>
                        <input
                          name={`m.${i}.${k}`}
                          aria-label={`Measurement ${i + 1} ${k}`}
                          defaultValue={value ?? ""}
                          style={{ width }}
                          aria-invalid={errors?.[`m.${i}.${k}`] ? true : undefined}
                        />
                        <FieldMessage name={`m.${i}.${k}`} errors={errors} />
                      </td>
                    );
                    return (
                      <tr key={i}>
                        {cell("characteristic", m?.characteristic, "14em")}
                        {cell("unit", m?.unit, "5em")}
                        {cell("min", m?.minValue)}
                        {cell("max", m?.maxValue)}
                        {cell("value", m?.value)}
                      </tr>
                    );
                  })
                : measurements.map((m) => (
                    <tr key={m.id}>
                      <td>{m.characteristic}</td>
                      <td>{m.unit}</td>
                      <td>{m.minValue ?? "—"}</td>
                      <td>{m.maxValue ?? "—"}</td>
                      <td>{m.value}</td>
                      <td>{m.withinSpec ? <span className="badge ok">yes</span> : <span className="badge off">out of spec</span>}</td>
                    </tr>
                  ))}
            </tbody>
          </table>
          {editable ? (
            <button type="button" className="secondary" onClick={() => setRows((n) => Math.min(n + 1, 50))}>
              Add a measurement row
            </button>
          ) : null}
          <FieldMessage name="measurements" errors={errors} />
        </fieldset>
        {editable ? (
          <>
            <div className="field">
              <label htmlFor="notes">Notes</label>
              <textarea id="notes" name="notes" rows={3} defaultValue={ins.notes} />
              <FieldMessage name="notes" errors={errors} />
            </div>
            <div className="row">
              <button type="submit" name="intent" value="save" className="secondary" disabled={busy}>
                Save draft
              </button>
              <button type="submit" name="intent" value="complete" disabled={busy}>
                {ins.kind === "pre_shipment" && data.isPartner ? "Complete and submit for review" : "Complete inspection"}
              </button>
            </div>
          </>
        ) : ins.notes ? (
          <p>
            <strong>Notes:</strong> {ins.notes}
          </p>
        ) : null}
      </Form>

      <h2>Photos</h2>
      <div className="photos">
        {photos.map((p) => (
          <figure key={p.id}>
            <a href={`${ins.id}/photos/${p.id}`} target="_blank" rel="noreferrer">
              <img src={`${ins.id}/photos/${p.id}?size=page`} alt={p.caption || p.fileName} loading="lazy" />
            </a>
            <figcaption>{p.caption || p.fileName}</figcaption>
          </figure>
        ))}
        {photos.length === 0 ? <p className="muted">No photos.</p> : null}
      </div>
      {canRecord && ins.status !== "signed_off" && (ins.status === "booked" || canManage) ? (
        <Form method="post" encType="multipart/form-data" aria-label="Add a photo" className="row">
          <div className="field">
            <label htmlFor="photo">Photo (JPEG or PNG, up to {data.maxPhotoMb} MB)</label>
            <input id="photo" name="photo" type="file" accept="image/jpeg,image/png" aria-describedby="photo-error" />
            <FieldMessage name="photo" errors={errors} />
          </div>
          <div className="field">
            <label htmlFor="caption">Caption</label>
            <input id="caption" name="caption" maxLength={200} />
          </div>
          <div className="field">
            <button type="submit" className="secondary" disabled={busy}>
              Upload photo
            </button>
          </div>
        </Form>
      ) : null}

      {canManage && (ins.status === "recorded" || ins.status === "submitted") ? (
        <>
          <h2>Verdict</h2>
          <p>
            Sampling result: <strong>{ins.computedVerdict}</strong>. An inspector who disagrees may set a different final verdict, with the reason; both are kept.
          </p>
          <Form method="post" noValidate aria-label="Verdict and sign-off">
            <input type="hidden" name="version" value={ins.version} />
            <div className="row">
              <div className="field">
                <label htmlFor="verdict">Final verdict</label>
                <select id="verdict" name="verdict" defaultValue={ins.finalVerdict ?? ""}>
                  <option value="accepted">accepted</option>
                  <option value="rejected">rejected</option>
                </select>
                <FieldMessage name="verdict" errors={errors} />
              </div>
              <div className="field" style={{ flex: 1 }}>
                <label htmlFor="reason">Reason for overriding</label>
                <input id="reason" name="reason" defaultValue={ins.overrideReason ?? ""} aria-describedby="reason-error" aria-invalid={errors?.reason ? true : undefined} />
                <FieldMessage name="reason" errors={errors} />
              </div>
            </div>
            <div className="row">
              <button type="submit" name="intent" value="override" className="secondary" disabled={busy}>
                Save final verdict
              </button>
              <button type="submit" name="intent" value="signoff" disabled={busy}>
                Sign off with this verdict
              </button>
            </div>
            <p className="muted">Signing off emails the verdict to the partner and quality staff and updates the switching state; a rejected lot is marked for escalation.</p>
          </Form>
        </>
      ) : null}
    </>
  );
}
