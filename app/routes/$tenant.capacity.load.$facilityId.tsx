// One facility's capacity against demand over the horizon: a chart of the totals and a row per
// production line, each cell drilling down to the PO lines behind it.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { TrendChart } from "../components/charts";
import { formatWeek } from "../domain/iso-week";
import { notFound } from "../server/http-errors.server";
import { requireCapacityMember } from "../server/capacity.server";
import { facilityLoad, readLoadQuery } from "../server/capacity-load.server";
import { recordId } from "../server/records.server";
import { BandLegend, LoadCellView, WeekHeaderRow } from "../components/load-heatmap";
import { openCapacity, subtractDecimals } from "../domain/capacity";

export const meta: MetaFunction = () => [{ title: "Facility load" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCapacityMember(request, params.tenant);
  const q = readLoadQuery(new URL(request.url));
  const load = await facilityLoad(ctx, recordId(params.facilityId), q.window.weeks);
  if (!load) notFound();
  return json({ ...load, window: q.window });
}

export default function FacilityLoad() {
  const { facility, total, resources, window } = useLoaderData<typeof loader>();
  const location = useLocation();
  const base = location.pathname.replace(/\/capacity\/load\/[^/]+\/?$/, "");
  const series = [
    { name: "Declared capacity", values: Object.fromEntries(total.map((c) => [c.week.slice(5), c.capacity === null ? null : Number(c.capacity)])) },
    { name: "Demand (confirmed orders)", values: Object.fromEntries(total.map((c) => [c.week.slice(5), Number(c.demand)])) },
  ];
  const shift = (from: string) => `?from=${from}&weeks=${window.count}`;
  return (
    <>
      <p>
        <Link to={`${base}/capacity/load?from=${window.from}&weeks=${window.count}`}>« Capacity load</Link>
      </p>
      <h1>
        {facility.name} <span className="muted">{facility.partnerName}</span>
      </h1>
      <div className="row">
        <Link to={shift(window.previous)}>« Earlier weeks</Link>
        <Link to={shift(window.next)}>Later weeks »</Link>
        <Link to={`${base}/capacity?facility=${facility.id}`}>Declared capacity grid</Link>
      </div>
      <TrendChart periods={total.map((c) => c.week.slice(5))} series={series} label={`Capacity against demand, units per week, ${window.weeks[0]} to ${window.weeks[window.weeks.length - 1]}`} />
      <BandLegend />
      <div className="table-scroll">
        <table className="heat" aria-label="Load by production line">
          <thead>
            <WeekHeaderRow first="Production line" weeks={window.weeks} />
          </thead>
          <tbody>
            {[...resources.map((r) => ({ key: r.resource, label: r.resource, resource: r.resource, cells: r.cells })), { key: "", label: "All lines", resource: null, cells: total }].map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                {row.cells.map((cell) => (
                  <LoadCellView
                    key={cell.week}
                    cell={cell}
                    href={`${base}/capacity/load/lines?${new URLSearchParams({ week: cell.week, facility: facility.id, ...(row.resource ? { resource: row.resource } : {}) }).toString()}`}
                  />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <table aria-label="Capacity and demand by week">
        <thead>
          <tr>
            <th>Week</th>
            <th>Declared capacity</th>
            <th>Demand</th>
            <th>Open</th>
          </tr>
        </thead>
        <tbody>
          {total.map((c) => (
            <tr key={c.week}>
              <td>{formatWeek(c.week)}</td>
              <td>{c.capacity ?? "—"}</td>
              <td>{c.demand}</td>
              <td>{c.capacity === null ? "—" : openCapacity(c.capacity, subtractDecimals(c.demand, c.undeclaredDemand))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
