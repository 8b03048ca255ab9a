// Count settings, for admins and planners: the variance tolerance and cycle-count frequency of each
// ABC class, the reminder before a count is due, the days-of-cover threshold, and the list of root
// causes fillers choose from when a recounted line is still outside tolerance.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { FieldMessage } from "../components/form";
import { EmptyRow } from "../components/table";
import { ABC_CLASSES } from "../domain/inventory";
import { notFound } from "../server/http-errors.server";
import { addCountReason, getCountSettings, InventoryError, isStockPlanner, requireStockMember, updateCountSettings, type CountSettings } from "../server/inventory.server";
import { isUniqueViolation, StaleRecordError } from "../server/records.server";

export const meta: MetaFunction = () => [{ title: "Count settings" }];

async function requirePlanner(request: Request, slug: string | undefined) {
  const ctx = await requireStockMember(request, slug);
  if (!isStockPlanner(ctx)) notFound();
  return ctx;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requirePlanner(request, params.tenant);
  const { settings, reasons } = await getCountSettings(ctx);
  return json({ settings, reasons: reasons.map((r) => ({ id: r.id, code: r.code, name: r.name, active: r.active })) });
}

const percent = z
  .string({ error: "Enter the tolerance." })
  .trim()
  .regex(/^(\d{1,2}(\.\d{1,2})?|100(\.0{1,2})?)$/, "Enter a percentage from 0 to 100 with at most 2 decimals, e.g. 1 or 2.5.");
const whole = (min: number, max: number, what: string) =>
  z
    .string({ error: `Enter ${what}.` })
    .trim()
    .regex(/^\d{1,4}$/, `Enter a whole number from ${min} to ${max}.`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `Enter a whole number from ${min} to ${max}.`);

function settingsSchema(prefix: string) {
  const key = (name: string) => (prefix ? `${prefix}${name[0].toUpperCase()}${name.slice(1)}` : name);
  return z
    .object({
      ...Object.fromEntries(ABC_CLASSES.map((c) => [key(`tolerancePct${c}`), percent])),
      ...Object.fromEntries(ABC_CLASSES.map((c) => [key(`frequencyMonths${c}`), whole(1, 24, "the months between counts")])),
      [key("reminderDays")]: whole(0, 30, "the days"),
      [key("coverThresholdDays")]: whole(1, 365, "the days"),
    })
    .transform((v): CountSettings => {
      const get = (name: string) => (v as Record<string, string | number>)[key(name)];
      return {
        tolerancePct: { A: String(get("tolerancePctA")), B: String(get("tolerancePctB")), C: String(get("tolerancePctC")) },
        frequencyMonths: { A: Number(get("frequencyMonthsA")), B: Number(get("frequencyMonthsB")), C: Number(get("frequencyMonthsC")) },
        reminderDays: Number(get("reminderDays")),
        coverThresholdDays: Number(get("coverThresholdDays")),
      };
    });
}
const NextSettings = settingsSchema("");
const ShownSettings = settingsSchema("shown");

const ReasonSchema = z.object({
  code: z
    .string({ error: "Enter a code." })
    .trim()
    .min(1, "Enter a code.")
    .max(20, "At most 20 characters.")
    .regex(/^[A-Za-z0-9._-]+$/, "Letters, digits, dot, dash or underscore."),
  name: z.string({ error: "Enter a name." }).trim().min(2, "Enter a name of at least 2 characters.").max(120, "At most 120 characters."),
});

type Errors = Record<string, string>;
const issues = (e: z.ZodError): Errors => {
  const errors: Errors = {};
  for (const i of e.issues) errors[String(i.path[0] ?? "form")] ??= i.message;
  return errors;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requirePlanner(request, params.tenant);
  const form = Object.fromEntries(await request.formData());
  const intent = String(form.intent ?? "");
  const done = (ok: string) => json({ intent, errors: {} as Errors, ok: ok as string | null });
  const fail = (errors: Errors, status = 400) => json({ intent, errors, ok: null as string | null }, { status });
  try {
    if (intent === "settings") {
      const next = NextSettings.safeParse(form);
      const shown = ShownSettings.safeParse(form);
      if (!next.success || !shown.success) {
        const errors = next.success ? {} : issues(next.error);
        if (!shown.success) errors.form = "The form is out of date. Reload the page and make your changes again.";
        return fail(errors);
      }
      await updateCountSettings(ctx, shown.data, next.data);
      return done("Count settings saved. Counts scheduled from now on use them.");
    }
    if (intent === "reason") {
      const p = ReasonSchema.safeParse(form);
      if (!p.success) return fail(issues(p.error));
      try {
        await addCountReason(ctx, p.data);
      } catch (e) {
        // two planners adding the same code at once: the unique index decides
        if (isUniqueViolation(e)) return fail({ code: `A reason with code ${p.data.code} already exists.` });
        throw e;
      }
      return done(`Reason ${p.data.code} added.`);
    }
    return fail({ form: "Unknown action. Reload the page and try again." });
  } catch (e) {
    if (e instanceof StaleRecordError) return fail({ form: e.message }, 409);
    if (e instanceof InventoryError) return fail({ [e.field]: e.message }, e.status);
    throw e;
  }
}

/** "1.00" → "1", "2.50" → "2.5": how a percentage is written in the form. */
function plain(decimal: string): string {
  return decimal.includes(".") ? decimal.replace(/\.?0+$/, "") : decimal;
}

function NumberField({ name, label, value, hint, errors }: { name: string; label: string; value: string | number; hint?: string; errors?: Errors }) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <input id={name} name={name} inputMode="decimal" defaultValue={value} aria-invalid={Boolean(errors?.[name]) || undefined} aria-describedby={`${name}-error`} />
      {hint ? <span className="muted">{hint}</span> : null}
      <FieldMessage name={name} errors={errors} />
    </div>
  );
}

export default function CountSettingsPage() {
  const { settings, reasons } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errorsFor = (intent: string) => (result?.intent === intent ? result.errors : undefined);
  const busy = useNavigation().state !== "idle";
  const s = settings;
  const version = JSON.stringify(s);
  return (
    <>
      <p>
        <Link to="../counts">« Stock counts</Link> · <Link to="../inventory">Stock at fillers</Link>
      </p>
      <h1>Count settings</h1>
      {result?.ok ? (
        <div className="notice" role="status">
          {result.ok}
        </div>
      ) : null}
      {result?.errors?.form ? (
        <div className="form-error" role="alert">
          {result.errors.form}
        </div>
      ) : null}

      <h2>Tolerances, frequencies and alerts</h2>
      <Form method="post" className="card" aria-label="Count settings" key={version}>
        <input type="hidden" name="intent" value="settings" />
        {ABC_CLASSES.map((c) => (
          <input key={`t${c}`} type="hidden" name={`shownTolerancePct${c}`} value={s.tolerancePct[c]} />
        ))}
        {ABC_CLASSES.map((c) => (
          <input key={`f${c}`} type="hidden" name={`shownFrequencyMonths${c}`} value={s.frequencyMonths[c]} />
        ))}
        <input type="hidden" name="shownReminderDays" value={s.reminderDays} />
        <input type="hidden" name="shownCoverThresholdDays" value={s.coverThresholdDays} />
        <div className="row">
          {ABC_CLASSES.map((c) => (
            <NumberField key={c} name={`tolerancePct${c}`} label={`Class ${c} tolerance (%)`} value={plain(s.tolerancePct[c])} errors={errorsFor("settings")} />
          ))}
        </div>
        <p className="muted">A counted line within this percentage of the book is accepted; outside it, the filler recounts once.</p>
        <div className="row">
          {ABC_CLASSES.map((c) => (
            <NumberField key={c} name={`frequencyMonths${c}`} label={`Class ${c}: count every (months)`} value={s.frequencyMonths[c]} errors={errorsFor("settings")} />
          ))}
        </div>
        <div className="row">
          <NumberField name="reminderDays" label="Remind fillers (days before due)" value={s.reminderDays} hint="0 to 30; 0 reminds on the due date." errors={errorsFor("settings")} />
          <NumberField
            name="coverThresholdDays"
            label="Out-of-stock risk under (days of cover)"
            value={s.coverThresholdDays}
            hint="1 to 365: items with fewer days of cover at a filler are listed and mailed to planners."
            errors={errorsFor("settings")}
          />
        </div>
        <button type="submit" disabled={busy}>
          Save settings
        </button>
      </Form>

      <h2>Root causes</h2>
      <p className="muted">A filler explains a line still outside tolerance after its recount with one of these reasons.</p>
      <table aria-label="Root causes">
        <thead>
          <tr>
            <th>Code</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {reasons.map((r) => (
            <tr key={r.id}>
              <td>{r.code}</td>
              <td>
                {r.name} {!r.active ? <span className="badge off">retired</span> : null}
              </td>
            </tr>
          ))}
          <EmptyRow show={reasons.length === 0} columns={2}>
            No reasons yet: add the first below.
          </EmptyRow>
        </tbody>
      </table>
      <Form method="post" className="row" aria-label="New reason" key={result?.intent === "reason" && result.ok ? result.ok : "reason"}>
        <input type="hidden" name="intent" value="reason" />
        <div className="field">
          <label htmlFor="code">Code</label>
          <input id="code" name="code" maxLength={20} aria-invalid={Boolean(errorsFor("reason")?.code) || undefined} aria-describedby="code-error" />
          <FieldMessage name="code" errors={errorsFor("reason")} />
        </div>
        <div className="field">
          <label htmlFor="name">Reason</label>
          <input id="name" name="name" maxLength={120} aria-invalid={Boolean(errorsFor("reason")?.name) || undefined} aria-describedby="name-error" />
          <FieldMessage name="name" errors={errorsFor("reason")} />
        </div>
        <div className="field">
          <button type="submit" className="secondary" disabled={busy}>
            Add reason
          </button>
        </div>
      </Form>
    </>
  );
}
