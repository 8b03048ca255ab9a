// The heatmap's pieces: a cell coloured by utilisation band (with the percentage as text, so colour is
// never the only signal) and the legend of bands.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { BAND_LABELS, UTILISATION_BANDS, type LoadCell } from "../domain/capacity";
import { formatWeek } from "../domain/iso-week";

const pct = (u: number | null) => (u === null ? "" : u === Infinity ? "∞" : `${Math.round(u * 100)}%`);

export function LoadCellView({ cell, href }: { cell: LoadCell; href: string | null }) {
  const nothing = cell.capacity === null && Number(cell.demand) === 0;
  const undeclared = Number(cell.undeclaredDemand) > 0;
  const title = `${cell.week}: demand ${cell.demand}${cell.capacity === null ? ", no capacity declared" : ` of ${cell.capacity} declared`}${
    undeclared && cell.capacity !== null ? ` (${cell.undeclaredDemand} where no capacity is declared)` : ""
  }${cell.overParts ? `; ${cell.overParts} line(s) over their own capacity` : ""}`;
  const text = nothing ? "–" : cell.capacity === null ? "no cap." : pct(cell.utilisation) + (cell.overParts && cell.band !== "over_100" ? "!" : "");
  return (
    <td className={`cell band-${cell.band ?? "none"}`} title={title} data-week={cell.week} data-band={cell.band ?? "none"}>
      {href && !nothing && Number(cell.demand) > 0 ? <Link to={href}>{text}</Link> : text}
    </td>
  );
}

export function BandLegend() {
  return (
    <div className="legend" aria-label="Utilisation bands">
      {UTILISATION_BANDS.map((b) => (
        <span key={b} className={`band-${b}`}>
          {BAND_LABELS[b]}
        </span>
      ))}
      <span className="muted">“!”: a line is over its own capacity inside the total; “no cap.”: demand where no capacity is declared.</span>
    </div>
  );
}


/** A table head row: the first column's title, then one column per ISO week ("W05" over "2027"). */
/**
 * A header row of ISO weeks (week number over its year, the dates as a tooltip) after the row heading
 * `first`; `blank` adds an empty column after it (for a row label), `after` a last heading, and
 * `numeric` right-aligns the weeks over columns of numbers.
 */
export function WeekHeaderRow({
  first,
  weeks,
  blank = false,
  after,
  numeric = false,
}: {
  first: string;
  weeks: readonly string[];
  blank?: boolean;
  after?: ReactNode;
  numeric?: boolean;
}) {
  return (
    <tr>
      <th>{first}</th>
      {blank ? <th /> : null}
      {weeks.map((w) => (
        <th key={w} title={formatWeek(w)} style={numeric ? { textAlign: "right" } : undefined}>
          {w.slice(5)}
          <div className="muted">{w.slice(0, 4)}</div>
        </th>
      ))}
      {after}
    </tr>
  );
}
