import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FieldError, FormError, SelectField, TextareaField } from "../components/form";
import { CURRENCIES, INCOTERMS, NewPoSchema, ORDER_TYPES } from "../domain/po-forms";
import { requireTenantPermission } from "../server/permissions.server";
import { createPurchaseOrder, poFormOptions, PoError } from "../server/purchase-orders.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params.tenant, "manage:po:any");
  return json(await poFormOptions(ctx));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params.tenant, "manage:po:any");
  const submission = parseWithZod(await request.formData(), { schema: NewPoSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const { intent, ...input } = submission.value;
  try {
    const po = await createPurchaseOrder(ctx, input, { issue: intent === "issue" });
    return redirect(`/${ctx.tenantSlug}/orders/${po.id}`);
  } catch (e) {
    if (e instanceof PoError)
      return json(submission.reply(e.field === "form" ? { formErrors: [e.message] } : { fieldErrors: { [e.field]: [e.message] } }), { status: e.status });
    throw e;
  }
}

export default function NewPurchaseOrder() {
  const options = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "new-po",
    lastResult,
    defaultValue: { currency: "EUR", incoterms: "DAP", orderType: "standard", priority: "3", lines: [{}] },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewPoSchema }),
  });
  const lines = fields.lines.getFieldList();
  return (
    <>
      <h1>New purchase order</h1>
      <Form method="post" {...getFormProps(form)}>
        <FormError errors={form.errors} />
        <div className="card">
          <div className="row">
            <SelectField label="Partner" meta={fields.partnerId} options={options.partners.map((p) => ({ value: p.id, label: p.name }))} placeholder="Choose…" />
            <SelectField label="Ship to" meta={fields.shipToFacilityId} options={options.facilities.map((f) => ({ value: f.id, label: f.name }))} placeholder="Choose…" />
          </div>
          <div className="row">
            <Field label="PO number (optional)" meta={fields.number} hint="Left empty, the next number is used." />
            <SelectField label="Order type" meta={fields.orderType} options={ORDER_TYPES.map((t) => ({ value: t, label: t }))} />
            <SelectField label="Priority" meta={fields.priority} options={[1, 2, 3, 4, 5].map((p) => ({ value: String(p), label: p === 1 ? "1 (highest)" : String(p) }))} />
          </div>
          <div className="row">
            <SelectField label="Currency" meta={fields.currency} options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
            <SelectField label="Incoterms" meta={fields.incoterms} options={INCOTERMS.map((c) => ({ value: c, label: c }))} />
            <Field label="Payment terms" meta={fields.paymentTerms} placeholder="e.g. 30 days net" />
          </div>
          <TextareaField label="Notes" meta={fields.notes} />
        </div>
        <h2>Lines</h2>
        <FieldError meta={fields.lines} />
        <table aria-label="Lines">
          <thead>
            <tr>
              <th>#</th>
              <th>Item</th>
              <th>Quantity</th>
              <th>Unit price</th>
              <th>Requested date</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {lines.map((line, index) => {
              const f = line.getFieldset();
              return (
                <tr key={line.key}>
                  <td>{index + 1}</td>
                  <td>
                    <select {...getSelectProps(f.itemId, { ariaAttributes: true })} aria-label={`Line ${index + 1} item`} key={f.itemId.key}>
                      <option value="">Choose…</option>
                      {options.items.map((i) => (
                        <option key={i.id} value={i.id}>
                          {i.code} — {i.description} ({i.uom})
                        </option>
                      ))}
                    </select>
                    <FieldError meta={f.itemId} />
                  </td>
                  <td>
                    <input {...getInputProps(f.quantity, { type: "text", ariaAttributes: true })} inputMode="decimal" aria-label={`Line ${index + 1} quantity`} key={f.quantity.key} size={8} />
                    <FieldError meta={f.quantity} />
                  </td>
                  <td>
                    <input {...getInputProps(f.unitPrice, { type: "text", ariaAttributes: true })} inputMode="decimal" aria-label={`Line ${index + 1} unit price`} key={f.unitPrice.key} size={8} />
                    <FieldError meta={f.unitPrice} />
                  </td>
                  <td>
                    <input {...getInputProps(f.requestedDate, { type: "date", ariaAttributes: true })} aria-label={`Line ${index + 1} requested date`} key={f.requestedDate.key} />
                    <FieldError meta={f.requestedDate} />
                  </td>
                  <td>
                    {lines.length > 1 ? (
                      <button className="secondary" {...form.remove.getButtonProps({ name: fields.lines.name, index })}>
                        Remove
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p>
          <button className="secondary" {...form.insert.getButtonProps({ name: fields.lines.name })}>
            Add a line
          </button>
        </p>
        <div className="row">
          <button type="submit" name="intent" value="issue">
            Issue to partner
          </button>
          <button type="submit" name="intent" value="draft" className="secondary">
            Save as draft
          </button>
        </div>
      </Form>
    </>
  );
}
