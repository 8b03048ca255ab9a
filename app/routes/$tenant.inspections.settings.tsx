// Quality settings: the company's default inspection level and AQLs, per-item overrides and the
// defect catalogue inspectors record against.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { FieldMessage } from "../components/form";
import { Notice } from "../components/forms-shared";
import { INSPECTION_LEVELS, parseAql, PREFERRED_AQLS, type Aql, type InspectionLevel } from "../domain/aql";
import { DEFECT_CLASSES } from "../domain/inspection";
import {
  addDefectType,
  getQualitySettings,
  InspectionError,
  setDefectTypeActive,
  setItemOverride,
  updateQualityDefaults,
} from "../server/inspections.server";
import { requireTenantPermission } from "../server/permissions.server";
import { StaleRecordError } from "../server/records.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params.tenant, "manage:inspection:any");
  return json(await getQualitySettings(ctx));
}

const level = z.enum(INSPECTION_LEVELS, { error: `Choose one of ${INSPECTION_LEVELS.join(", ")}.` });
const aql = z
  .string({ error: "Choose an AQL." })
  .transform((s, c) => parseAql(s) ?? (c.addIssue({ code: "custom", message: "Choose a preferred AQL from the list." }), z.NEVER));
const optionalLevel = z.union([z.literal("").transform(() => null), level]);
const optionalAql = z.union([z.literal("").transform(() => null), aql]);

const DefaultsSchema = z.object({
  level,
  critical: aql,
  major: aql,
  minor: aql,
  shownLevel: level,
  shownCritical: aql,
  shownMajor: aql,
  shownMinor: aql,
});
const OverrideSchema = z.object({
  itemId: z.string({ error: "Choose an item." }).uuid("Choose an item."),
  level: optionalLevel,
  critical: optionalAql,
  major: optionalAql,
  minor: optionalAql,
});
const DefectTypeSchema = z.object({
  code: z
    .string({ error: "Enter a code." })
    .trim()
    .min(1, "Enter a code.")
    .max(20, "At most 20 characters.")
    .regex(/^[A-Za-z0-9._-]+$/, "Letters, digits, dot, dash or underscore."),
  name: z.string({ error: "Enter a name." }).trim().min(2, "Enter a name.").max(120, "At most 120 characters."),
  defectClass: z.enum(DEFECT_CLASSES, { error: "Choose critical, major or minor." }),
});

type Errors = Record<string, string>;
const issues = (e: z.ZodError) => Object.fromEntries(e.issues.map((i) => [String(i.path[0] ?? "form"), i.message])) as Errors;

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params.tenant, "manage:inspection:any");
  const form = Object.fromEntries(await request.formData());
  const intent = String(form.intent ?? "");
  const done = (ok: string) => json({ intent, errors: {} as Errors, ok });
  const fail = (errors: Errors, status = 400) => json({ intent, errors, ok: null as string | null }, { status });
  try {
    if (intent === "defaults") {
      const p = DefaultsSchema.safeParse(form);
      if (!p.success) return fail(issues(p.error));
      const d = p.data;
      await updateQualityDefaults(
        ctx,
        { level: d.shownLevel, critical: d.shownCritical as Aql, major: d.shownMajor as Aql, minor: d.shownMinor as Aql },
        { level: d.level, critical: d.critical as Aql, major: d.major as Aql, minor: d.minor as Aql },
      );
      return done("Defaults saved. New bookings use them; booked inspections keep their plans.");
    }
    if (intent === "override") {
      const p = OverrideSchema.safeParse(form);
      if (!p.success) return fail(issues(p.error));
      await setItemOverride(ctx, { ...p.data, level: p.data.level as InspectionLevel | null, critical: p.data.critical as Aql | null, major: p.data.major as Aql | null, minor: p.data.minor as Aql | null });
      return done("Item override saved.");
    }
    if (intent === "defect") {
      const p = DefectTypeSchema.safeParse(form);
      if (!p.success) return fail(issues(p.error));
      await addDefectType(ctx, p.data);
      return done(`Defect type ${p.data.code} added.`);
    }
    if (intent === "retire" || intent === "restore") {
      const id = z.string().uuid().safeParse(form.id);
      if (!id.success) return fail({ form: "Reload the page and try again." });
      await setDefectTypeActive(ctx, id.data, intent === "restore");
      return done(intent === "retire" ? "Defect type retired." : "Defect type restored.");
    }
    return fail({ form: "Unknown action." });
  } catch (e) {
    if (e instanceof StaleRecordError) return fail({ form: e.message }, 409);
    if (e instanceof InspectionError) return fail({ [e.field]: e.message }, e.status);
    throw e;
  }
}


function AqlSelect({ name, value, optional, errors }: { name: string; value: string | null; optional?: boolean; errors?: Errors }) {
  return (
    <div className="field">
      <label htmlFor={`${name}-${optional ? "o" : "d"}`}>{name[0].toUpperCase() + name.slice(1)} AQL</label>
      <select id={`${name}-${optional ? "o" : "d"}`} name={name} defaultValue={value ?? ""}>
        {optional ? <option value="">(default)</option> : null}
        {PREFERRED_AQLS.map((a) => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
      </select>
      <FieldMessage name={name} errors={errors} />
    </div>
  );
}

export default function QualitySettingsPage() {
  const { defaults, catalogue, overrides, items } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errorsFor = (intent: string) => (result?.intent === intent ? (result.errors as Errors) : undefined);
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <p>
        <Link to="../inspections">« Inspections</Link>
      </p>
      <h1>Quality settings</h1>
      <Notice message={result?.ok} />
      {result?.errors?.form ? <div className="form-error" role="alert">{result.errors.form}</div> : null}

      <h2>Default inspection level and AQLs</h2>
      <Form method="post" className="row" aria-label="Defaults">
        <input type="hidden" name="intent" value="defaults" />
        <input type="hidden" name="shownLevel" value={defaults.level} />
        <input type="hidden" name="shownCritical" value={defaults.critical} />
        <input type="hidden" name="shownMajor" value={defaults.major} />
        <input type="hidden" name="shownMinor" value={defaults.minor} />
        <div className="field">
          <label htmlFor="level-d">Inspection level</label>
          <select id="level-d" name="level" defaultValue={defaults.level}>
            {INSPECTION_LEVELS.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
          <FieldMessage name="level" errors={errorsFor("defaults")} />
        </div>
        {(["critical", "major", "minor"] as const).map((c) => (
          <AqlSelect key={c} name={c} value={defaults[c]} errors={errorsFor("defaults")} />
        ))}
        <div className="field">
          <button type="submit" disabled={busy}>
            Save defaults
          </button>
        </div>
      </Form>

      <h2>Per-item overrides</h2>
      <table aria-label="Item overrides">
        <thead>
          <tr>
            <th>Item</th>
            <th>Level</th>
            <th>Critical</th>
            <th>Major</th>
            <th>Minor</th>
          </tr>
        </thead>
        <tbody>
          {overrides.map((o) => (
            <tr key={o.override.itemId}>
              <td>
                {o.itemCode} <span className="muted">{o.itemDescription}</span>
              </td>
              <td>{o.override.aqlLevel ?? "default"}</td>
              <td>{o.override.aqlCritical ?? "default"}</td>
              <td>{o.override.aqlMajor ?? "default"}</td>
              <td>{o.override.aqlMinor ?? "default"}</td>
            </tr>
          ))}
          {overrides.length === 0 ? (
            <tr>
              <td colSpan={5} className="muted">
                Every item uses the defaults.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <Form method="post" className="row" aria-label="Item override">
        <input type="hidden" name="intent" value="override" />
        <div className="field">
          <label htmlFor="itemId">Item</label>
          <select id="itemId" name="itemId" defaultValue="">
            <option value="">Choose…</option>
            {items.map((i) => (
              <option key={i.id} value={i.id}>
                {i.code} {i.description}
              </option>
            ))}
          </select>
          <FieldMessage name="itemId" errors={errorsFor("override")} />
        </div>
        <div className="field">
          <label htmlFor="level-o">Level</label>
          <select id="level-o" name="level" defaultValue="">
            <option value="">(default)</option>
            {INSPECTION_LEVELS.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </div>
        {(["critical", "major", "minor"] as const).map((c) => (
          <AqlSelect key={c} name={c} value={null} optional errors={errorsFor("override")} />
        ))}
        <div className="field">
          <button type="submit" className="secondary" disabled={busy}>
            Save override
          </button>
          <span className="muted">All “(default)” removes the override.</span>
        </div>
      </Form>

      <h2>Defect catalogue</h2>
      <table aria-label="Defect catalogue">
        <thead>
          <tr>
            <th>Class</th>
            <th>Code</th>
            <th>Defect</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {catalogue.map((t) => (
            <tr key={t.id}>
              <td>{t.defectClass}</td>
              <td>{t.code}</td>
              <td>
                {t.name} {!t.active ? <span className="badge off">retired</span> : null}
              </td>
              <td>
                <Form method="post">
                  <input type="hidden" name="id" value={t.id} />
                  <button type="submit" name="intent" value={t.active ? "retire" : "restore"} className="secondary">
                    {t.active ? "Retire" : "Restore"}
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Form method="post" className="row" aria-label="New defect type">
        <input type="hidden" name="intent" value="defect" />
        <div className="field">
          <label htmlFor="defectClass">Class</label>
          <select id="defectClass" name="defectClass" defaultValue="major">
            {DEFECT_CLASSES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
          <FieldMessage name="defectClass" errors={errorsFor("defect")} />
        </div>
        <div className="field">
          <label htmlFor="code">Code</label>
          <input id="code" name="code" maxLength={20} />
          <FieldMessage name="code" errors={errorsFor("defect")} />
        </div>
        <div className="field">
          <label htmlFor="name">Defect</label>
          <input id="name" name="name" maxLength={120} />
          <FieldMessage name="name" errors={errorsFor("defect")} />
        </div>
        <div className="field">
          <button type="submit" className="secondary" disabled={busy}>
            Add defect type
          </button>
        </div>
      </Form>
    </>
  );
}
