// The PO lines behind one heatmap cell: confirmed, open quantity committed for the week at that
// partner, facility or production line (or routed nowhere), by committed date.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { Pager } from "../components/pager";
import { sumDecimals } from "../domain/capacity";
import { isUuid } from "../domain/ids";
import { formatWeek, parseIsoWeek } from "../domain/iso-week";
import { PO_STATUS_LABELS, type PoStatus } from "../domain/po";
import { requireCapacityMember } from "../server/capacity.server";
import { demandLines } from "../server/capacity-load.server";

const refuse = (message: string): never => {
  throw json({ message }, { status: 400 });
};

export const meta: MetaFunction = () => [{ title: "Demand in a week" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCapacityMember(request, params.tenant);
  const sp = new URL(request.url).searchParams;
  const week = parseIsoWeek(sp.get("week") ?? "");
  if (!week) return refuse("Choose a week (YYYY-Www) from the heatmap.");
  const uuidOrNull = (name: string) => {
    const v = sp.get(name);
    if (v && !isUuid(v)) refuse(`The ${name} in the address is not valid.`);
    return v ? v.toLowerCase() : null;
  };
  const filter = { week, partnerId: uuidOrNull("partner"), facilityId: uuidOrNull("facility"), resource: sp.get("resource")?.slice(0, 200) || null, unrouted: sp.get("unrouted") === "1" };
  const page = await demandLines(ctx, filter, sp.get("after"));
  return json({ week, filter, ...page });
}

export default function DemandLines() {
  const { week, filter, items, nextCursor } = useLoaderData<typeof loader>();
  const location = useLocation();
  const base = location.pathname.replace(/\/capacity\/load\/lines\/?$/, "");
  const where = items[0]
    ? [filter.partnerId || filter.facilityId ? items[0].partnerName : null, filter.facilityId ? items[0].facilityName : null, filter.resource].filter(Boolean).join(" · ")
    : [filter.resource].filter(Boolean).join("");
  return (
    <>
      <p>
        <Link to={`${base}/capacity/load?from=${week}`}>« Capacity load</Link>
      </p>
      <h1>
        Demand in {formatWeek(week)}
        {where ? <span className="muted"> — {where}</span> : null}
      </h1>
      <p className="muted">
        {items.length} line(s) on this page, {sumDecimals(items.map((l) => l.open))} units open.
      </p>
      <table aria-label="Demand lines">
        <thead>
          <tr>
            <th>Order</th>
            <th>Line</th>
            <th>Partner</th>
            <th>Item</th>
            <th>Committed</th>
            <th>Open qty</th>
            <th>Loads</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {items.length === 0 ? (
            <tr>
              <td colSpan={8} className="muted">
                No confirmed demand here this week.
              </td>
            </tr>
          ) : null}
          {items.map((l) => (
            <tr key={l.id}>
              <td>
                <Link to={`${base}/orders/${l.poId}`}>{l.poNumber}</Link>
                {l.overCommitted ? <span className="badge off">Over capacity</span> : null}
              </td>
              <td>{l.lineNo}</td>
              <td>{l.partnerName}</td>
              <td>
                {l.itemCode}
                <div className="muted">{l.itemDescription}</div>
              </td>
              <td>{l.committedDate}</td>
              <td>
                {l.open} {l.uom}
              </td>
              <td>
                {l.facilityName ? `${l.facilityName} · ${l.resource}` : <span className="muted">not routed</span>}
                {l.overridden ? <div className="muted">moved by the planner</div> : null}
              </td>
              <td>{PO_STATUS_LABELS[l.poStatus as PoStatus] ?? l.poStatus}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager nextCursor={nextCursor} hasPrevious={Boolean(new URLSearchParams(location.search).get("after"))} />
    </>
  );
}
