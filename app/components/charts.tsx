// Charts for numbers people compare (recharts: SVG, rendered on the server too, so a chart shows
// before the page's scripts load).
import { Bar, BarChart, CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";

const COLORS = ["#1d4ed8", "#15803d", "#b45309", "#b91c1c", "#7c3aed", "#0e7490", "#be185d", "#4d7c0f"];

function PlainTick({ x, y, payload }: { x?: number | string; y?: number | string; payload?: { value?: unknown } }) {
  return (
    <text x={x} y={Number(y) + 12} textAnchor="middle" fontSize={12} fill="#666">
      {String(payload?.value ?? "")}
    </text>
  );
}

/** Bars of one measure per category, e.g. lot acceptance rate per partner. */
export function MeasureBarChart({
  data,
  label,
  format = (v) => String(v),
  width = 680,
  height = 260,
}: {
  data: { name: string; value: number | null }[];
  label: string;
  format?: (v: number) => string;
  width?: number;
  height?: number;
}) {
  return (
    <figure className="chart" aria-label={label}>
      <figcaption className="muted">{label}</figcaption>
      <BarChart width={width} height={height} data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        {/* a plain <text> tick: recharts' own wraps long names by measuring them in the browser, which
            the server can't, so the markup differed and React discarded the server-rendered page */}
        <XAxis dataKey="name" interval={0} tick={PlainTick} />
        <YAxis tickFormatter={format} tick={{ fontSize: 12 }} width={64} />
        <Tooltip formatter={(v) => format(Number(v))} />
        <Bar dataKey="value" name={label} fill={COLORS[0]} isAnimationActive={false} />
      </BarChart>
    </figure>
  );
}

/** One line per series over periods, e.g. acceptance rate per partner by month. */
export function TrendChart({
  periods,
  series,
  label,
  format = (v) => String(v),
  width = 680,
  height = 280,
}: {
  periods: string[];
  series: { name: string; values: Record<string, number | null> }[];
  label: string;
  format?: (v: number) => string;
  width?: number;
  height?: number;
}) {
  const data = periods.map((p) => Object.fromEntries([["period", p], ...series.map((s) => [s.name, s.values[p] ?? null])]));
  return (
    <figure className="chart" aria-label={label}>
      <figcaption className="muted">{label}</figcaption>
      <LineChart width={width} height={height} data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="period" interval={0} tick={PlainTick} />
        <YAxis tickFormatter={format} tick={{ fontSize: 12 }} width={64} />
        <Tooltip formatter={(v) => format(Number(v))} />
        {series.map((s, i) => (
          <Line key={s.name} type="linear" dataKey={s.name} stroke={COLORS[i % COLORS.length]} connectNulls isAnimationActive={false} dot />
        ))}
      </LineChart>
      {/* the series' names in plain HTML: recharts' Legend measures itself in the browser, so the
          server's markup never matched and React discarded the server-rendered page */}
      <ul className="chart-legend">
        {series.map((s, i) => (
          <li key={s.name}>
            <span style={{ background: COLORS[i % COLORS.length] }} aria-hidden="true" /> {s.name}
          </li>
        ))}
      </ul>
    </figure>
  );
}
