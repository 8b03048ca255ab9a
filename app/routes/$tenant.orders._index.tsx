import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { FilterSelect } from "../components/form";
import { Pager } from "../components/pager";
import { can } from "../domain/permissions";
import { PO_STATUS_LABELS, PO_STATUSES, type PoStatus } from "../domain/po";
import { requireTenantPermissionAny } from "../server/permissions.server";
import { listPurchaseOrders } from "../server/purchase-orders.server";
import { listActivePartners } from "../server/users.server";
import { EmptyRow } from "../components/table";
import { isUuid } from "../domain/ids";
import { readDateFilter } from "../server/http-errors.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermissionAny(request, params.tenant, "read:po");
  const url = new URL(request.url);
  const sp = url.searchParams;
  const status = PO_STATUSES.find((s) => s === sp.get("status"));
  const partnerId = !ctx.isPartner && isUuid(sp.get("partner")) ? sp.get("partner")! : undefined;
  const from = readDateFilter(sp, "from", "Created from");
  const to = readDateFilter(sp, "to", "Created to");
  const q = sp.get("q")?.trim().slice(0, 60) || undefined;
  const [page, partnerOptions] = await Promise.all([
    listPurchaseOrders(ctx, { status, partnerId, from, to, q }, sp.get("after")),
    ctx.isPartner ? Promise.resolve([]) : listActivePartners(ctx),
  ]);
  return json({
    ...page,
    filter: { status: status ?? "", partner: partnerId ?? "", from: from ?? "", to: to ?? "", q: q ?? "" },
    partners: partnerOptions,
    isPartner: ctx.isPartner,
    canCreate: can(ctx.role, "manage:po:any"),
    hasPrevious: sp.has("after"),
  });
}

export default function OrdersPage() {
  const { items, nextCursor, filter, partners, isPartner, canCreate, hasPrevious } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h1>{isPartner ? "Purchase orders for you" : "Purchase orders"}</h1>
        {canCreate ? (
          <div className="row">
            <Link className="button secondary" to="import">
              Import from CSV
            </Link>
            <Link className="button" to="new">
              New purchase order
            </Link>
          </div>
        ) : null}
      </div>
      <Form method="get" className="row">
        <div className="field">
          <label htmlFor="q">PO number or item code</label>
          <input id="q" name="q" defaultValue={filter.q} />
        </div>
        <FilterSelect name="status" label="Status" value={filter.status} options={PO_STATUSES.map((s) => ({ value: s, label: PO_STATUS_LABELS[s] }))} />
        {isPartner ? null : <FilterSelect name="partner" label="Partner" value={filter.partner} options={partners.map((p) => ({ value: p.id, label: p.name }))} />}
        <div className="field">
          <label htmlFor="from">Created from</label>
          <input id="from" name="from" type="date" defaultValue={filter.from} />
        </div>
        <div className="field">
          <label htmlFor="to">to</label>
          <input id="to" name="to" type="date" defaultValue={filter.to} />
        </div>
        <div className="field">
          <button type="submit" className="secondary">
            Filter
          </button>
        </div>
      </Form>
      <table aria-label="Purchase orders">
        <thead>
          <tr>
            <th>PO</th>
            <th>Status</th>
            {isPartner ? null : <th>Partner</th>}
            <th>Type</th>
            <th>Lines</th>
            <th>Total</th>
            <th>Issued</th>
          </tr>
        </thead>
        <tbody>
          {items.map((po) => (
            <tr key={po.id}>
              <td>
                <Link to={po.id}>{po.number}</Link> <span className="muted">rev {po.revision}</span>
              </td>
              <td>
                <span className="badge">{PO_STATUS_LABELS[po.status as PoStatus] ?? po.status}</span>{" "}
                {po.overdue ? <span className="badge off">Answer overdue</span> : po.awaiting ? <span className="badge ok">Awaiting your answer</span> : null}
                {po.overCommitted ? (
                  <span className="badge off" title="Accepted beyond the partner's declared capacity">
                    Over capacity
                  </span>
                ) : null}
              </td>
              {isPartner ? null : <td>{po.partnerName}</td>}
              <td>{po.orderType}</td>
              <td>{po.lineCount}</td>
              <td>
                {po.total} {po.currency}
              </td>
              <td>{po.issuedAt ? po.issuedAt.slice(0, 10) : "—"}</td>
            </tr>
          ))}
          <EmptyRow show={items.length === 0} columns={7}>
            No purchase orders match.
          </EmptyRow>
        </tbody>
      </table>
      <Pager nextCursor={nextCursor} hasPrevious={hasPrevious} />
    </>
  );
}
