import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pager } from "../components/pager";
import { can } from "../domain/permissions";
import { requireTenantPermissionAny } from "../server/permissions.server";
import { listShipNotices } from "../server/ship-notices.server";
import { EmptyRow } from "../components/table";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermissionAny(request, params.tenant, "read:shipment");
  const url = new URL(request.url);
  const page = await listShipNotices(ctx, url.searchParams.get("after"));
  return json({
    ...page,
    isCarrier: ctx.partnerKind === "carrier",
    canCreate: ctx.isPartner && ctx.partnerKind !== "carrier" && can(ctx.role, "create:shipment:own"),
    hasPrevious: url.searchParams.has("after"),
  });
}

export default function ShipmentsPage() {
  const { items, nextCursor, isCarrier, canCreate, hasPrevious } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h1>{isCarrier ? "Pickups assigned to you" : "Ship notices"}</h1>
        {canCreate ? (
          <Link className="button" to="new">
            New ship notice
          </Link>
        ) : null}
      </div>
      <table aria-label="Ship notices">
        <thead>
          <tr>
            <th>Notice</th>
            <th>Shipper</th>
            <th>Carrier</th>
            <th>Ready</th>
            <th>Window</th>
            <th>Tracking</th>
            <th>Packages</th>
          </tr>
        </thead>
        <tbody>
          {items.map((n) => (
            <tr key={n.id}>
              <td>
                <Link to={n.id}>{n.number}</Link>
              </td>
              <td>{n.shipperName ?? "—"}</td>
              <td>{n.carrierName}</td>
              <td>{n.readyDate}</td>
              <td>{n.pickupWindow}</td>
              <td>{n.trackingNumber}</td>
              <td>{n.packages}</td>
            </tr>
          ))}
          <EmptyRow show={items.length === 0} columns={7}>
            No ship notices yet.
          </EmptyRow>
        </tbody>
      </table>
      <Pager nextCursor={nextCursor} hasPrevious={hasPrevious} />
    </>
  );
}
