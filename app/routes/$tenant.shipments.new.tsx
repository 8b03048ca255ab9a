import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { isUuid } from "../domain/ids";
import { formatPickupWindow, hasControlCharacters, isClockTime, pickupWindowProblems, singleLineMessage } from "../domain/limits";
import { can } from "../domain/permissions";
import { isoDate, quantitySchema } from "../domain/po-forms";
import type { TenantContext } from "../server/auth.server";
import { notFound } from "../server/http-errors.server";
import { requireTenantPermission } from "../server/permissions.server";
import { PoError } from "../server/purchase-orders.server";
import { carrierOptions, createShipNotice, shippableLines } from "../server/ship-notices.server";

const HeaderSchema = z
  .object({
    carrierPartnerId: z.string({ error: "Choose a carrier." }).uuid("Choose a carrier."),
    trackingNumber: z
      .string({ error: "Enter the tracking number." })
      .trim()
      .min(3, "Enter the tracking number.")
      .max(60, "Use at most 60 characters.")
      .refine((t) => !hasControlCharacters(t), singleLineMessage("The tracking number")),
    readyDate: isoDate,
    windowFrom: z.string({ error: "Enter when pickup can start." }).refine(isClockTime, "Enter a time from 00:00 to 23:59, like 08:00."),
    windowTo: z.string({ error: "Enter when pickup must end." }).refine(isClockTime, "Enter a time from 00:00 to 23:59, like 16:00."),
    packages: z.coerce.number({ error: "Enter the number of packages." }).int("Whole packages only.").min(1, "At least 1 package.").max(100000),
    grossWeightKg: z
      .string({ error: "Enter the gross weight." })
      .trim()
      .regex(/^\d{1,9}(\.\d{1,2})?$/, "Enter the weight in kg, e.g. 812.5."),
  })
  // both ends real times (25:99 is not, checked above), and the end after the start
  .superRefine((v, ctx) => {
    for (const [path, message] of Object.entries(pickupWindowProblems(v.windowFrom, v.windowTo))) ctx.addIssue({ code: "custom", path: [path], message });
  });

async function requireShipper(request: Request, tenant: string | undefined): Promise<TenantContext> {
  const ctx = await requireTenantPermission(request, tenant, "create:shipment:own");
  if (!ctx.isPartner || ctx.partnerKind === "carrier" || !can(ctx.role, "create:shipment:own")) notFound();
  return ctx;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireShipper(request, params.tenant);
  const [lines, carriers] = await Promise.all([shippableLines(ctx), carrierOptions(ctx)]);
  return json({ lines, carriers, today: new Date().toISOString().slice(0, 10) });
}

type Errors = Record<string, string>;

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireShipper(request, params.tenant);
  const form = await request.formData();
  const errors: Errors = {};
  const header = HeaderSchema.safeParse(Object.fromEntries([...form].filter(([k]) => !k.startsWith("qty."))));
  if (!header.success) for (const i of header.error.issues) errors[String(i.path[0])] ??= i.message;
  const lines: { lineId: string; quantity: string }[] = [];
  const seen = new Set<string>();
  for (const [k, v] of form) {
    if (!k.startsWith("qty.")) continue;
    const lineId = k.slice(4).toLowerCase();
    // the form has one quantity per order line: a repeated field would pass the left-to-ship check once per copy
    if (!isUuid(lineId)) {
      errors.lines = "The form names a line that is not one of your order lines. Reload the page and enter the quantities again.";
      continue;
    }
    if (seen.has(lineId)) {
      errors[`qty.${lineId}`] = "This line's quantity was sent more than once. Reload the page and enter it once.";
      continue;
    }
    seen.add(lineId);
    if (String(v).trim() === "") continue;
    const q = quantitySchema.safeParse(String(v));
    if (!q.success) errors[`qty.${lineId}`] = q.error.issues[0].message;
    else lines.push({ lineId, quantity: q.data });
  }
  if (!lines.length && !Object.keys(errors).some((k) => k.startsWith("qty."))) errors.lines ??= "Enter a quantity on at least one line.";
  if (Object.keys(errors).length || !header.success) return json({ errors }, { status: 400 });
  const { windowFrom, windowTo, ...rest } = header.data;
  try {
    const notice = await createShipNotice(ctx, { ...rest, pickupWindow: formatPickupWindow(windowFrom, windowTo), lines });
    return redirect(`/${ctx.tenantSlug}/shipments/${notice.id}`);
  } catch (e) {
    if (e instanceof PoError) return json({ errors: { [e.field === "form" ? "lines" : e.field]: e.message } as Errors }, { status: 400 });
    throw e;
  }
}

function Err({ errors, name }: { errors?: Errors; name: string }) {
  return errors?.[name] ? (
    <div className="error" role="alert" id={`${name}-error`}>
      {errors[name]}
    </div>
  ) : null;
}

export default function NewShipNotice() {
  const { lines, carriers, today } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const e = data?.errors;
  return (
    <>
      <h1>New ship notice</h1>
      {lines.length === 0 ? <p className="muted">No confirmed order lines are waiting to ship.</p> : null}
      <Form method="post">
        <div className="card">
          <div className="row">
            <div className="field">
              <label htmlFor="carrierPartnerId">Carrier</label>
              <select id="carrierPartnerId" name="carrierPartnerId" defaultValue="" aria-invalid={Boolean(e?.carrierPartnerId) || undefined}>
                <option value="">Choose…</option>
                {carriers.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
              <Err errors={e} name="carrierPartnerId" />
            </div>
            <div className="field">
              <label htmlFor="trackingNumber">Tracking number</label>
              <input id="trackingNumber" name="trackingNumber" aria-invalid={Boolean(e?.trackingNumber) || undefined} />
              <Err errors={e} name="trackingNumber" />
            </div>
          </div>
          <div className="row">
            <div className="field">
              <label htmlFor="readyDate">Ready for pickup on</label>
              <input id="readyDate" name="readyDate" type="date" defaultValue={today} />
              <Err errors={e} name="readyDate" />
            </div>
            <div className="field">
              <label htmlFor="windowFrom">Pickup from</label>
              <input id="windowFrom" name="windowFrom" type="time" defaultValue="08:00" />
              <Err errors={e} name="windowFrom" />
            </div>
            <div className="field">
              <label htmlFor="windowTo">Pickup until</label>
              <input id="windowTo" name="windowTo" type="time" defaultValue="16:00" />
              <Err errors={e} name="windowTo" />
            </div>
          </div>
          <div className="row">
            <div className="field">
              <label htmlFor="packages">Packages</label>
              <input id="packages" name="packages" inputMode="numeric" />
              <Err errors={e} name="packages" />
            </div>
            <div className="field">
              <label htmlFor="grossWeightKg">Gross weight (kg)</label>
              <input id="grossWeightKg" name="grossWeightKg" inputMode="decimal" />
              <Err errors={e} name="grossWeightKg" />
            </div>
          </div>
        </div>
        <h2>What ships</h2>
        <p className="muted">Enter the quantity shipping now on each line; partial quantities are fine. All lines must go to the same ship-to.</p>
        <Err errors={e} name="lines" />
        <table aria-label="Lines to ship">
          <thead>
            <tr>
              <th>PO</th>
              <th>Line</th>
              <th>Item</th>
              <th>Ship to</th>
              <th>Committed</th>
              <th>Left to ship</th>
              <th>Shipping now</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.lineId}>
                <td>{l.poNumber}</td>
                <td>{l.lineNo}</td>
                <td>
                  {l.itemCode} <span className="muted">{l.itemDescription}</span>
                </td>
                <td>{l.shipToName ?? "—"}</td>
                <td>{l.committedDate ?? "—"}</td>
                <td>
                  {l.remaining} {l.uom}
                </td>
                <td>
                  <input name={`qty.${l.lineId}`} size={8} inputMode="decimal" aria-label={`${l.poNumber} line ${l.lineNo} quantity shipping`} />
                  <Err errors={e} name={`qty.${l.lineId}`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <button type="submit">Send ship notice</button>
        </p>
      </Form>
    </>
  );
}
