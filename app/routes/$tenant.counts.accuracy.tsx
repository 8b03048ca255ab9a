// Inventory record accuracy: lines within tolerance on their first count ÷ lines counted, per facility,
// month and ABC class, as a trend. It feeds the scorecards.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TrendChart } from "../components/charts";
import { ABC_CLASSES } from "../domain/inventory";
import { recordAccuracyTrend, requireStockMember } from "../server/inventory.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireStockMember(request, params.tenant);
  const rows = await recordAccuracyTrend(ctx, 12);
  const now = new Date();
  const periods = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11 + i, 1)).toISOString().slice(0, 7));
  return json({ rows, periods });
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

export default function AccuracyPage() {
  const { rows, periods } = useLoaderData<typeof loader>();
  const facilities = [...new Set(rows.map((r) => r.facilityName))].sort();
  // per facility and month, over all classes: sums of lines, never an average of percentages
  const series = facilities.map((f) => ({
    name: f,
    values: Object.fromEntries(
      periods.map((p) => {
        const rs = rows.filter((r) => r.facilityName === f && r.period === p);
        const counted = rs.reduce((s, r) => s + r.counted, 0);
        return [p, counted ? rs.reduce((s, r) => s + r.within, 0) / counted : null];
      }),
    ),
  }));
  return (
    <>
      <p>
        <Link to="../counts">« Stock counts</Link>
      </p>
      <h1>Inventory record accuracy</h1>
      <p className="muted">Lines within tolerance on their first count ÷ lines counted. Tolerances depend on the item's ABC class.</p>
      {rows.length ? <TrendChart label="Record accuracy by month" periods={periods} series={series} format={pct} /> : <p className="muted">No counts submitted in the last 12 months.</p>}
      <table aria-label="Record accuracy">
        <thead>
          <tr>
            <th>Facility</th>
            <th>Month</th>
            {ABC_CLASSES.map((c) => (
              <th key={c}>Class {c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {facilities.flatMap((f) =>
            periods
              .filter((p) => rows.some((r) => r.facilityName === f && r.period === p))
              .map((p) => (
                <tr key={f + p}>
                  <td>{f}</td>
                  <td>{p}</td>
                  {ABC_CLASSES.map((c) => {
                    const r = rows.find((x) => x.facilityName === f && x.period === p && x.abcClass === c);
                    return <td key={c}>{r ? `${pct(r.within / r.counted)} (${r.within}/${r.counted})` : "—"}</td>;
                  })}
                </tr>
              )),
          )}
        </tbody>
      </table>
    </>
  );
}
