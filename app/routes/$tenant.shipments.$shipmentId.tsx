import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can } from "../domain/permissions";
import { notFound } from "../server/http-errors.server";
import { requireTenantPermissionAny } from "../server/permissions.server";
import { recordId } from "../server/records.server";
import { getShipNotice } from "../server/ship-notices.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermissionAny(request, params.tenant, "read:shipment");
  const found = await getShipNotice(ctx, recordId(params.shipmentId));
  if (!found) notFound();
  return json({
    ...found,
    linkOrders: !ctx.isPartner || ctx.partnerId === found.notice.partnerId,
    // quality books a receiving inspection of a line; the shipper may book its own pre-shipment one
    canInspect: can(ctx.role, "manage:inspection:any") || (ctx.partnerId === found.notice.partnerId && can(ctx.role, "submit:inspection:own")),
  });
}

export default function ShipNoticePage() {
  const { notice, shipperName, carrierName, shipTo, lines, linkOrders, canInspect } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="../shipments">« Ship notices</Link>
      </p>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h1>Ship notice {notice.number}</h1>
        <a className="button secondary" href={`${notice.id}/pdf`}>
          Packing list (PDF)
        </a>
      </div>
      <div className="card grid">
        <div>
          <strong>Shipper</strong>
          <br />
          {shipperName}
        </div>
        <div>
          <strong>Carrier</strong>
          <br />
          {carrierName}
        </div>
        <div>
          <strong>Ship to</strong>
          <br />
          {shipTo}
        </div>
        <div>
          <strong>Ready for pickup</strong>
          <br />
          {notice.readyDate}, {notice.pickupWindow}
        </div>
        <div>
          <strong>Tracking number</strong>
          <br />
          {notice.trackingNumber}
        </div>
        <div>
          <strong>Packages / gross weight</strong>
          <br />
          {notice.packages} / {notice.grossWeightKg} kg
        </div>
      </div>
      <table aria-label="Ship notice lines">
        <thead>
          <tr>
            <th>PO</th>
            <th>Line</th>
            <th>Item</th>
            <th>Quantity</th>
            {canInspect ? <th /> : null}
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.id}>
              <td>{linkOrders ? <Link to={`../orders/${l.poId}`}>{l.poNumber}</Link> : l.poNumber}</td>
              <td>{l.lineNo}</td>
              <td>
                {l.itemCode} <span className="muted">{l.itemDescription}</span>
              </td>
              <td>
                {l.quantity} {l.uom}
              </td>
              {canInspect ? (
                <td>
                  <Link to={`../inspections/new?line=${l.id}`}>Inspect this lot</Link>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
