// Stock at fillers: the book of one filler facility (a filler's users see only their own), with the
// last 28 days' consumption, days of cover, and the items under the company's cover threshold.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pager } from "../components/pager";
import { FacilityPicker } from "../components/forms-shared";
import { EmptyRow } from "../components/table";
import { notFound } from "../server/http-errors.server";
import { facilityBook, isStockPlanner, requireStockMember, stockFacilities } from "../server/inventory.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.isPartner ? "Our stock" : "Stock at fillers" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireStockMember(request, params.tenant);
  const facilities = await stockFacilities(ctx);
  const asked = new URL(request.url).searchParams.get("facility");
  // a facility not in the member's list (unknown, foreign, another filler's) is the same 404
  const facility = asked ? facilities.find((f) => f.id === asked.toLowerCase()) : facilities[0];
  if (asked && !facility) notFound();
  const after = new URL(request.url).searchParams.get("after");
  const book = facility ? await facilityBook(ctx, facility.id, { after }) : { thresholdDays: 0, rows: [], nextCursor: null, risks: [] };
  const risks = book.risks.map((r) => ({ itemId: r.itemId, code: r.code, description: r.description, lot: r.lot, daysOfCover: r.daysOfCover }));
  const rows = book.rows.map((r) => ({
    itemId: r.itemId,
    code: r.code,
    description: r.description,
    uom: r.uom,
    lot: r.lot,
    quantity: r.quantity,
    abcClass: r.abcClass,
    consumed28: r.consumed28,
    daysOfCover: r.daysOfCover,
    atRisk: r.daysOfCover !== null && r.daysOfCover < book.thresholdDays,
  }));
  return json({
    facilities: facilities.map((f) => ({ id: f.id, name: f.name, partnerName: f.partnerName })),
    facility: facility ? { id: facility.id, name: facility.name, partnerName: facility.partnerName } : null,
    thresholdDays: book.thresholdDays,
    rows,
    risks,
    nextCursor: book.nextCursor,
    hasPrevious: Boolean(after),
    isPartner: ctx.isPartner,
    isPlanner: isStockPlanner(ctx),
  });
}

/** Days of cover to one decimal; "—" when nothing was consumed (no risk measurable). */
function cover(days: number | null): string {
  return days === null ? "—" : (Math.round(days * 10) / 10).toFixed(1);
}

export default function StockAtFillersPage() {
  const { facilities, facility, thresholdDays, rows, risks, nextCursor, hasPrevious, isPartner, isPlanner } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h1>{isPartner ? "Our stock" : "Stock at fillers"}</h1>
        <div className="row">
          <Link className="button secondary" to={facility ? `movements?facility=${facility.id}` : "movements"}>
            Movements
          </Link>
          <Link className="button secondary" to="../counts">
            Stock counts
          </Link>
          {isPlanner ? (
            <Link className="button secondary" to="../counts/settings">
              Count settings
            </Link>
          ) : null}
        </div>
      </div>
      {facilities.length === 0 ? (
        <p className="muted">{isPartner ? "Your company has no active facilities holding stock." : "No contract filler or 3PD has an active facility yet."}</p>
      ) : (
        <FacilityPicker facilities={facilities} selected={facility?.id ?? null} />
      )}
      {facility ? (
        <>
          <h2>Out-of-stock risk</h2>
          {risks.length ? (
            <ul aria-label="Out-of-stock risk">
              {risks.map((r) => (
                <li key={`${r.itemId}|${r.lot}`}>
                  <strong>{r.code}</strong> {`${r.description}${r.lot ? `, lot ${r.lot}` : ""}: ${cover(r.daysOfCover)} days of cover`}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{`Every item consumed in the last 28 days has at least ${thresholdDays} days of cover.`}</p>
          )}
          <h2>Book at {facility.name}</h2>
          <table aria-label="Book">
            <thead>
              <tr>
                <th>Item</th>
                <th>Description</th>
                <th>Lot</th>
                <th>Quantity</th>
                <th>ABC</th>
                <th>Consumed, last 28 days</th>
                <th>Days of cover</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.itemId}|${r.lot}`} data-testid={`book-${r.code}-${r.lot}`}>
                  <td>{r.code}</td>
                  <td>{r.description}</td>
                  <td>{r.lot || <span className="muted">no lot</span>}</td>
                  <td className={r.quantity?.startsWith("-") ? "bad" : undefined}>
                    {r.quantity === null ? <span className="muted">being counted (blind)</span> : r.quantity} <span className="muted">{r.uom}</span>
                  </td>
                  <td>{r.abcClass}</td>
                  <td>{r.consumed28 ?? "—"}</td>
                  <td>
                    {cover(r.daysOfCover)} {r.atRisk ? <span className="badge off">out-of-stock risk</span> : null}
                  </td>
                </tr>
              ))}
              <EmptyRow show={rows.length === 0} columns={7}>
                Nothing is on the book at this facility yet.
              </EmptyRow>
            </tbody>
          </table>
          <Pager nextCursor={nextCursor} hasPrevious={hasPrevious} />
          <p className="muted">
            Days of cover: the quantity on the book ÷ the average daily consumption of the last 28 days. Under {thresholdDays} days is an out-of-stock risk.
          </p>
        </>
      ) : null}
    </>
  );
}
