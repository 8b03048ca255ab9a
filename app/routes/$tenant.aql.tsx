// The sampling-plan calculator: the same answer as GET /api/aql/plan, for people, with the three
// severities side by side.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { FieldMessage } from "../components/form";
import { INSPECTION_LEVELS, PREFERRED_AQLS, samplingPlan, SEVERITIES } from "../domain/aql";
import { parsePlanQuery } from "../domain/aql-query";
import { requireTenantMember } from "../server/auth.server";

export const meta: MetaFunction = () => [{ title: "AQL sampling plan calculator" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireTenantMember(request, params.tenant);
  const sp = new URL(request.url).searchParams;
  const asked = sp.has("lotSize");
  const values = { lotSize: sp.get("lotSize") ?? "", level: sp.get("level") ?? "II", aql: sp.get("aql") ?? "2.5", severity: sp.get("severity") ?? "normal" };
  if (!asked) return json({ values, errors: null, plans: null });
  const parsed = parsePlanQuery((n) => sp.get(n));
  if (!parsed.ok) return json({ values, errors: parsed.errors, plans: null }, { status: 400 });
  const plans = SEVERITIES.map((severity) => samplingPlan({ ...parsed.value, severity }));
  return json({ values, errors: null, plans, chosen: parsed.value.severity });
}

export default function AqlCalculator() {
  const data = useLoaderData<typeof loader>();
  const { values, errors, plans } = data;
  const chosen = "chosen" in data ? data.chosen : "normal";
  return (
    <>
      <h1>Sampling plan calculator</h1>
      <p className="muted">ISO 2859-1:1999 single sampling by attributes (the tables of ANSI/ASQ Z1.4). Arrows in the tables are followed to the plan actually used.</p>
      <Form method="get" className="row" aria-label="Sampling plan">
        <div className="field">
          <label htmlFor="lotSize">Lot size (units)</label>
          <input id="lotSize" name="lotSize" inputMode="numeric" defaultValue={values.lotSize} aria-invalid={errors?.lotSize ? true : undefined} aria-describedby="lotSize-error" required />
          <FieldMessage name="lotSize" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="level">Inspection level</label>
          <select id="level" name="level" defaultValue={values.level} aria-describedby="level-error">
            {INSPECTION_LEVELS.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
          <FieldMessage name="level" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="aql">AQL</label>
          <select id="aql" name="aql" defaultValue={values.aql} aria-describedby="aql-error">
            {PREFERRED_AQLS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
          <FieldMessage name="aql" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="severity">Severity</label>
          <select id="severity" name="severity" defaultValue={values.severity} aria-describedby="severity-error">
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <FieldMessage name="severity" errors={errors} />
        </div>
        <div className="field">
          <button type="submit">Show plan</button>
        </div>
      </Form>
      {plans ? (
        <table aria-label="Sampling plans">
          <thead>
            <tr>
              <th>Severity</th>
              <th>Code letter</th>
              <th>Plan used</th>
              <th>Sample size</th>
              <th>Accept (Ac)</th>
              <th>Reject (Re)</th>
              <th>Note</th>
            </tr>
          </thead>
          <tbody>
            {plans.map((p) => (
              <tr key={p.severity} className={p.severity === chosen ? "highlight" : undefined} data-testid={`plan-${p.severity}`}>
                <td>
                  {p.severity}
                  {p.severity === chosen ? " (chosen)" : ""}
                </td>
                <td>{p.codeLetter}</td>
                <td>{p.planCodeLetter}</td>
                <td>{p.sampleSize}</td>
                <td>{p.acceptance}</td>
                <td>{p.rejection}</td>
                <td>
                  {p.inspectAll ? "Sample ≥ lot: inspect every item. " : ""}
                  {p.planCodeLetter !== p.codeLetter ? `Arrow followed from ${p.codeLetter} to ${p.planCodeLetter}.` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
