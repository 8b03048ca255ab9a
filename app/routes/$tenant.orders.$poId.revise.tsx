import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { canTransition, PoTransitionError, type PoStatus } from "../domain/po";
import { isoDate, PoLineSchema, priceSchema, quantitySchema } from "../domain/po-forms";
import { notFound } from "../server/http-errors.server";
import { requireTenantPermission } from "../server/permissions.server";
import { getPurchaseOrder, poFormOptions, PoError, revisePurchaseOrder } from "../server/purchase-orders.server";
import { recordId, StaleRecordError } from "../server/records.server";

const NEW_ROWS = 3;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params.tenant, "manage:po:any");
  const found = await getPurchaseOrder(ctx, recordId(params.poId));
  if (!found) notFound();
  const options = await poFormOptions(ctx);
  return json({
    po: found.po,
    canRevise: canTransition(found.po.status as PoStatus, "revise"),
    lines: found.lines.map((l) => ({ ...l.line, itemCode: l.itemCode, itemDescription: l.itemDescription })),
    items: options.items,
  });
}

type Errors = Record<string, string>;

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params.tenant, "manage:po:any");
  const id = recordId(params.poId);
  const found = await getPurchaseOrder(ctx, id);
  if (!found) notFound();
  const form = await request.formData();
  const errors: Errors = {};
  const version = z.coerce.number().int().min(1).safeParse(form.get("version"));
  const reason = String(form.get("reason") ?? "").trim();
  if (reason.length < 3) errors.reason = "Say why the order is revised; the partner sees it.";
  const lines = [];
  for (const l of found.lines.filter((x) => !x.line.cancelled)) {
    const lid = l.line.id;
    const q = quantitySchema.safeParse(String(form.get(`qty.${lid}`) ?? ""));
    const p = priceSchema.safeParse(String(form.get(`price.${lid}`) ?? ""));
    const d = isoDate.safeParse(String(form.get(`date.${lid}`) ?? ""));
    if (!q.success) errors[`qty.${lid}`] = q.error.issues[0].message;
    if (!p.success) errors[`price.${lid}`] = p.error.issues[0].message;
    if (!d.success) errors[`date.${lid}`] = d.error.issues[0].message;
    if (q.success && p.success && d.success)
      lines.push({ lineId: lid, quantity: q.data, unitPrice: p.data, requestedDate: d.data, cancel: form.get(`cancel.${lid}`) === "on" });
  }
  const added = [];
  for (let i = 0; i < NEW_ROWS; i++) {
    const raw = { itemId: form.get(`new.${i}.itemId`), quantity: form.get(`new.${i}.quantity`), unitPrice: form.get(`new.${i}.unitPrice`), requestedDate: form.get(`new.${i}.requestedDate`) };
    if (!raw.itemId && !raw.quantity) continue;
    const r = PoLineSchema.safeParse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v === null ? undefined : String(v)])));
    if (!r.success) for (const issue of r.error.issues) errors[`new.${i}.${String(issue.path[0])}`] ??= issue.message;
    else added.push(r.data);
  }
  if (!version.success) errors.form = "The form is missing its version. Reload the page.";
  if (Object.keys(errors).length || !version.success) return json({ errors }, { status: 400 });
  try {
    await revisePurchaseOrder(ctx, id, version.data, { reason, lines, added });
    return redirect(`/${ctx.tenantSlug}/orders/${id}`);
  } catch (e) {
    if (e instanceof StaleRecordError || e instanceof PoTransitionError) return json({ errors: { form: e.message } as Errors }, { status: 409 });
    if (e instanceof PoError) return json({ errors: { form: e.message } as Errors }, { status: e.status });
    throw e;
  }
}

function Err({ errors, name }: { errors?: Errors; name: string }) {
  return errors?.[name] ? (
    <div className="error" role="alert">
      {errors[name]}
    </div>
  ) : null;
}

export default function RevisePurchaseOrder() {
  const { po, lines, items, canRevise } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const e = data?.errors;
  return (
    <>
      <p>
        <Link to={`../orders/${po.id}`}>« {po.number}</Link>
      </p>
      <h1>
        Revise {po.number} <span className="muted">(now revision {po.revision})</span>
      </h1>
      {!canRevise ? (
        <p className="form-error">Only an issued or confirmed order can be revised.</p>
      ) : (
        <Form method="post">
          <input type="hidden" name="version" value={po.version} />
          {e?.form ? <p className="form-error" role="alert">{e.form}</p> : null}
          <table aria-label="Lines">
            <thead>
              <tr>
                <th>#</th>
                <th>Item</th>
                <th>Quantity</th>
                <th>Unit price</th>
                <th>Requested date</th>
                <th>Cancel line</th>
              </tr>
            </thead>
            <tbody>
              {lines
                .filter((l) => !l.cancelled)
                .map((l) => (
                  <tr key={l.id}>
                    <td>{l.lineNo}</td>
                    <td>
                      {l.itemCode} <span className="muted">{l.itemDescription}</span>
                    </td>
                    <td>
                      <input name={`qty.${l.id}`} defaultValue={l.quantity} size={9} aria-label={`Line ${l.lineNo} quantity`} />
                      <Err errors={e} name={`qty.${l.id}`} />
                    </td>
                    <td>
                      <input name={`price.${l.id}`} defaultValue={l.unitPrice} size={8} aria-label={`Line ${l.lineNo} unit price`} />
                      <Err errors={e} name={`price.${l.id}`} />
                    </td>
                    <td>
                      <input type="date" name={`date.${l.id}`} defaultValue={l.requestedDate} aria-label={`Line ${l.lineNo} requested date`} />
                      <Err errors={e} name={`date.${l.id}`} />
                    </td>
                    <td>
                      <input type="checkbox" name={`cancel.${l.id}`} aria-label={`Cancel line ${l.lineNo}`} />
                    </td>
                  </tr>
                ))}
              {Array.from({ length: NEW_ROWS }, (_, i) => (
                <tr key={`new-${i}`}>
                  <td>new</td>
                  <td>
                    <select name={`new.${i}.itemId`} defaultValue="" aria-label={`New line ${i + 1} item`}>
                      <option value="">—</option>
                      {items.map((it) => (
                        <option key={it.id} value={it.id}>
                          {it.code} — {it.description}
                        </option>
                      ))}
                    </select>
                    <Err errors={e} name={`new.${i}.itemId`} />
                  </td>
                  <td>
                    <input name={`new.${i}.quantity`} size={9} aria-label={`New line ${i + 1} quantity`} />
                    <Err errors={e} name={`new.${i}.quantity`} />
                  </td>
                  <td>
                    <input name={`new.${i}.unitPrice`} size={8} aria-label={`New line ${i + 1} unit price`} />
                    <Err errors={e} name={`new.${i}.unitPrice`} />
                  </td>
                  <td>
                    <input type="date" name={`new.${i}.requestedDate`} aria-label={`New line ${i + 1} requested date`} />
                    <Err errors={e} name={`new.${i}.requestedDate`} />
                  </td>
                  <td />
                </tr>
              ))}
            </tbody>
          </table>
          <div className="field" style={{ marginTop: 12 }}>
            <label htmlFor="reason">Why (the partner sees this)</label>
            <input id="reason" name="reason" />
            <Err errors={e} name="reason" />
          </div>
          <button type="submit">Issue revision {po.revision + 1}</button>
        </Form>
      )}
    </>
  );
}
