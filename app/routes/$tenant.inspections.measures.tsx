// Inspection measures for the scorecards: lot acceptance rate on first inspection and defects per
// million units inspected, per partner and month.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { MeasureBarChart, TrendChart } from "../components/charts";
import { inspectionMeasures } from "../server/inspections.server";
import { requireTenantPermission } from "../server/permissions.server";
import { readChoiceFilter } from "../server/http-errors.server";

const RANGES = { "3": 3, "6": 6, "12": 12, "24": 24 } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params.tenant, "read:inspection:any");
  const sp = new URL(request.url).searchParams;
  const months = RANGES[readChoiceFilter(sp, "months", Object.keys(RANGES) as (keyof typeof RANGES)[], "12")];
  const now = new Date();
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1 - months, 1));
  const rows = await inspectionMeasures(ctx, { from, to });
  const periods = Array.from({ length: months }, (_, i) => new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + i, 1)).toISOString().slice(0, 7));
  // totals per partner over the whole range, from the same monthly counts (never averages of rates)
  const byPartner = new Map<string, { name: string; first: number; accepted: number; units: number; defects: number }>();
  for (const r of rows) {
    const t = byPartner.get(r.partnerId) ?? { name: r.partnerName, first: 0, accepted: 0, units: 0, defects: 0 };
    t.first += r.firstInspections;
    t.accepted += r.acceptedFirst;
    t.units += r.unitsInspected;
    t.defects += r.defects;
    byPartner.set(r.partnerId, t);
  }
  const totals = [...byPartner.values()].map((t) => ({
    ...t,
    rate: t.first ? t.accepted / t.first : null,
    dpm: t.units ? (t.defects / t.units) * 1e6 : null,
  }));
  return json({ months, periods, rows, totals });
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const dpm = (v: number) => Math.round(v).toLocaleString("en");

export default function InspectionMeasuresPage() {
  const { months, periods, rows, totals } = useLoaderData<typeof loader>();
  const series = totals.map((t) => ({
    name: t.name,
    values: Object.fromEntries(rows.filter((r) => r.partnerName === t.name).map((r) => [r.period, r.lotAcceptanceRate])),
  }));
  return (
    <>
      <p>
        <Link to="../inspections">« Inspections</Link>
      </p>
      <h1>Inspection measures</h1>
      <p className="muted">Signed-off receiving inspections. Re-inspected lots are left out of the first-inspection acceptance rate; every unit inspected counts toward defects per million.</p>
      <Form method="get" className="row">
        <div className="field">
          <label htmlFor="months">Period</label>
          <select id="months" name="months" defaultValue={String(months)}>
            {Object.keys(RANGES).map((m) => (
              <option key={m} value={m}>
                last {m} months
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <button type="submit" className="secondary">
            Show
          </button>
        </div>
      </Form>
      <table aria-label="Measures by partner">
        <thead>
          <tr>
            <th>Partner</th>
            <th>Lots (first inspection)</th>
            <th>Accepted</th>
            <th>Lot acceptance rate</th>
            <th>Units inspected</th>
            <th>Defects</th>
            <th>Defects per million</th>
          </tr>
        </thead>
        <tbody>
          {totals.map((t) => (
            <tr key={t.name}>
              <td>{t.name}</td>
              <td>{t.first}</td>
              <td>{t.accepted}</td>
              <td>{t.rate === null ? "—" : pct(t.rate)}</td>
              <td>{t.units}</td>
              <td>{t.defects}</td>
              <td>{t.dpm === null ? "—" : dpm(t.dpm)}</td>
            </tr>
          ))}
          {totals.length === 0 ? (
            <tr>
              <td colSpan={7} className="muted">
                No signed-off inspections in this period.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {totals.length ? (
        <>
          <MeasureBarChart label="Lot acceptance rate on first inspection" data={totals.map((t) => ({ name: t.name, value: t.rate }))} format={pct} />
          <MeasureBarChart label="Defects per million units inspected" data={totals.map((t) => ({ name: t.name, value: t.dpm }))} format={dpm} />
          <TrendChart label="Lot acceptance rate by month" periods={periods} series={series} format={pct} />
        </>
      ) : null}
    </>
  );
}
