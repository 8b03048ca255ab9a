import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireTenantPermission } from "../server/permissions.server";
import { StaleRecordError } from "../server/records.server";
import { getTenantSettings, updateTenantSettings } from "../server/settings.server";

const Settings = z.object({
  receiptTolerancePct: z
    .string({ error: "Enter the receipt tolerance." })
    .trim()
    .regex(/^\d{1,2}(\.\d{1,2})?$|^100(\.0{1,2})?$/, "Enter a percentage from 0 to 100, e.g. 5 or 2.5."),
  ackDueHours: z.coerce
    .number({ error: "Enter the hours." })
    .int("Whole hours only.")
    .min(1, "At least 1 hour.")
    .max(720, "At most 720 hours (30 days)."),
});
const Shown = z.object({ shownTolerance: z.string(), shownHours: z.coerce.number().int() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params.tenant, "manage:settings:any");
  return json({ settings: await getTenantSettings(ctx) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params.tenant, "manage:settings:any");
  const form = Object.fromEntries(await request.formData());
  const parsed = Settings.safeParse(form);
  const shown = Shown.safeParse(form);
  if (!parsed.success || !shown.success) {
    const errors: Record<string, string> = {};
    if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
    if (!shown.success) errors.form = "The form is out of date. Reload the page.";
    return json({ errors, saved: false }, { status: 400 });
  }
  try {
    await updateTenantSettings(
      ctx,
      { receiptTolerancePct: Number(shown.data.shownTolerance).toFixed(2), ackDueHours: shown.data.shownHours },
      { receiptTolerancePct: Number(parsed.data.receiptTolerancePct).toFixed(2), ackDueHours: parsed.data.ackDueHours },
    );
    return json({ errors: {} as Record<string, string>, saved: true });
  } catch (e) {
    if (e instanceof StaleRecordError) return json({ errors: { form: e.message } as Record<string, string>, saved: false }, { status: 409 });
    throw e;
  }
}

export default function SettingsPage() {
  const { settings } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const e = data?.errors;
  return (
    <>
      <h1>Company settings</h1>
      {data?.saved ? (
        <p className="notice" role="status">
          Saved.
        </p>
      ) : null}
      {e?.form ? (
        <p className="form-error" role="alert">
          {e.form}
        </p>
      ) : null}
      <Form method="post" className="card" key={`${settings.receiptTolerancePct}-${settings.ackDueHours}`}>
        <input type="hidden" name="shownTolerance" value={settings.receiptTolerancePct} />
        <input type="hidden" name="shownHours" value={settings.ackDueHours} />
        <div className="field">
          <label htmlFor="receiptTolerancePct">Receipt tolerance (%)</label>
          <input id="receiptTolerancePct" name="receiptTolerancePct" defaultValue={Number(settings.receiptTolerancePct)} aria-invalid={Boolean(e?.receiptTolerancePct) || undefined} />
          <span className="muted">Receipts further than this from the ordered quantity are flagged over or under.</span>
          {e?.receiptTolerancePct ? <div className="error">{e.receiptTolerancePct}</div> : null}
        </div>
        <div className="field">
          <label htmlFor="ackDueHours">Answer due within (hours)</label>
          <input id="ackDueHours" name="ackDueHours" defaultValue={settings.ackDueHours} aria-invalid={Boolean(e?.ackDueHours) || undefined} />
          <span className="muted">An issued purchase order not answered within this time is marked overdue in the partner's inbox.</span>
          {e?.ackDueHours ? <div className="error">{e.ackDueHours}</div> : null}
        </div>
        <button type="submit">Save settings</button>
      </Form>
    </>
  );
}
