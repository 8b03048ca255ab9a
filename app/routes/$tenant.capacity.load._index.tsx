// Load against capacity: a heatmap of utilisation (demand ÷ declared capacity) by partner, facility or
// production line × ISO week, coloured by band; every cell drills down to the PO lines behind it.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { FieldMessage, FilterSelect } from "../components/form";
import { Pager } from "../components/pager";
import { BandLegend, LoadCellView, WeekHeaderRow } from "../components/load-heatmap";
import { plainQuantity } from "../domain/forecast";
import { requireCapacityMember } from "../server/capacity.server";
import { declaringPartners, loadHeatmap, readLoadQuery } from "../server/capacity-load.server";

export const meta: MetaFunction = () => [{ title: "Capacity load" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCapacityMember(request, params.tenant);
  const q = readLoadQuery(new URL(request.url));
  const [map, partners] = await Promise.all([
    loadHeatmap(ctx, { group: q.group, weeks: q.window.weeks, partnerId: q.partnerId, after: q.after }),
    ctx.isPartner ? Promise.resolve([]) : declaringPartners(ctx),
  ]);
  return json(
    { ...map, window: q.window, group: q.group, partnerId: q.partnerId, partners, problems: q.problems, isPartner: ctx.isPartner },
    { status: Object.keys(q.problems).length ? 400 : 200 },
  );
}

export default function CapacityLoad() {
  const { rows, nextCursor, unrouted, window, group, partnerId, partners, problems, isPartner } = useLoaderData<typeof loader>();
  const location = useLocation();
  const base = location.pathname.replace(/\/capacity\/load\/?$/, "");
  const keep = (changes: Record<string, string>) => {
    const sp = new URLSearchParams(location.search);
    sp.delete("after");
    for (const [k, v] of Object.entries(changes)) sp.set(k, v);
    return `?${sp.toString()}`;
  };
  const drill = (row: (typeof rows)[number], week: string) => {
    const sp = new URLSearchParams({ week });
    if (row.resource) sp.set("resource", row.resource);
    if (row.facilityId) sp.set("facility", row.facilityId);
    else sp.set("partner", row.partnerId);
    return `${base}/capacity/load/lines?${sp.toString()}`;
  };
  const anyUnrouted = unrouted.some((u) => Number(u.demand) > 0);
  return (
    <>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h1>Capacity load</h1>
        <div className="row">
          <Link className="button secondary" to={`${base}/capacity/open`}>
            Find open capacity
          </Link>
          <Link className="button secondary" to={`${base}/capacity/routing`}>
            Item routing
          </Link>
          <Link className="button secondary" to={`${base}/capacity`}>
            Declared capacity
          </Link>
        </div>
      </div>
      <p className="muted">
        Utilisation is the open quantity of confirmed orders committed for the week, divided by the capacity the partner declared for it. A line loads the resource set on it by a
        planner, else its item's default resource at that partner.
      </p>
      <Form method="get" className="row" aria-label="Heatmap options">
        <div className="field">
          <label htmlFor="group">Rows</label>
          <select id="group" name="group" defaultValue={group}>
            <option value="facility">Facilities</option>
            <option value="resource">Production lines</option>
            <option value="partner">Partners</option>
          </select>
        </div>
        {isPartner ? null : <FilterSelect name="partner" label="Partner" value={partnerId ?? ""} options={partners.map((p) => ({ value: p.id, label: p.name }))} />}
        <div className="field">
          <label htmlFor="from">From week</label>
          <input id="from" name="from" defaultValue={window.from} size={9} aria-invalid={problems.from ? true : undefined} />
          <FieldMessage name="from" errors={problems} />
        </div>
        <div className="field">
          <label htmlFor="weeks">Weeks</label>
          <input id="weeks" name="weeks" defaultValue={String(window.count)} size={3} inputMode="numeric" aria-invalid={problems.weeks ? true : undefined} />
          <FieldMessage name="weeks" errors={problems} />
        </div>
        <div className="field">
          <button type="submit" className="secondary">
            Show
          </button>
        </div>
      </Form>
      <div className="row">
        <Link to={keep({ from: window.previous, weeks: String(window.count) })}>« Earlier weeks</Link>
        <Link to={keep({ from: window.next, weeks: String(window.count) })}>Later weeks »</Link>
      </div>
      <BandLegend />
      <div className="table-scroll">
        <table className="heat" aria-label="Utilisation by week">
          <thead>
            <WeekHeaderRow first={group === "partner" ? "Partner" : group === "facility" ? "Facility" : "Production line"} weeks={window.weeks} />
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={window.weeks.length + 1} className="muted">
                  No partner declares capacity yet.
                </td>
              </tr>
            ) : null}
            {rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">
                  {row.facilityId ? (
                    <Link to={`${base}/capacity/load/${row.facilityId}?from=${window.from}&weeks=${window.count}`}>
                      {row.facilityName}
                      {row.resource ? ` · ${row.resource}` : ""}
                    </Link>
                  ) : (
                    row.partnerName
                  )}
                  {row.facilityId && !isPartner ? <div className="muted">{row.partnerName}</div> : null}
                </th>
                {row.cells.map((cell) => (
                  <LoadCellView key={cell.week} cell={cell} href={drill(row, cell.week)} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager nextCursor={nextCursor} hasPrevious={Boolean(new URLSearchParams(location.search).get("after"))} />
      {anyUnrouted ? (
        <div className="warning" data-testid="unrouted-demand">
          Some confirmed demand on these partners is not routed to a production line, so it loads no capacity:{" "}
          {unrouted
            .filter((u) => Number(u.demand) > 0)
            .map((u) => `${u.week}: ${plainQuantity(u.demand)}`)
            .join(", ")}
          . <Link to={`${base}/capacity/routing`}>Set the items' default resources</Link>.
        </div>
      ) : null}
    </>
  );
}
