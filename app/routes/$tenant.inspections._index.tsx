import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { FilterSelect } from "../components/form";
import { Pager } from "../components/pager";
import { EmptyRow } from "../components/table";
import { INSPECTION_STATUS_LABELS as STATUS_LABELS, INSPECTION_STATUSES as STATUSES, VERDICTS } from "../domain/inspection";
import { can } from "../domain/permissions";
import { listInspections, partnerFilterOptions } from "../server/inspections.server";
import { requireTenantPermissionAny } from "../server/permissions.server";
import { isUuid } from "../domain/ids";


export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermissionAny(request, params.tenant, "read:inspection");
  const sp = new URL(request.url).searchParams;
  const status = STATUSES.find((s) => s === sp.get("status"));
  const verdict = VERDICTS.find((v) => v === sp.get("verdict"));
  const partnerId = !ctx.isPartner && isUuid(sp.get("partner")) ? sp.get("partner")! : undefined;
  const [page, partners] = await Promise.all([listInspections(ctx, { status, verdict, partnerId }, sp.get("after")), partnerFilterOptions(ctx)]);
  return json({
    ...page,
    partners,
    filter: { status: status ?? "", verdict: verdict ?? "", partner: partnerId ?? "" },
    isPartner: ctx.isPartner,
    canBook: can(ctx.role, "manage:inspection:any") || (ctx.isPartner && ctx.partnerKind !== "carrier" && can(ctx.role, "submit:inspection:own")),
    canManage: can(ctx.role, "manage:inspection:any"),
    hasPrevious: sp.has("after"),
  });
}

export default function InspectionsPage() {
  const { items, nextCursor, partners, filter, isPartner, canBook, canManage, hasPrevious } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h1>Inspections</h1>
        <div className="row">
          <Link className="button secondary" to="../aql">
            Plan calculator
          </Link>
          <Link className="button secondary" to="../switching">
            Switching states
          </Link>
          {!isPartner ? (
            <Link className="button secondary" to="measures">
              Measures
            </Link>
          ) : null}
          {canManage ? (
            <Link className="button secondary" to="settings">
              Quality settings
            </Link>
          ) : null}
          {canBook ? (
            <Link className="button" to="new">
              {isPartner ? "New pre-shipment inspection" : "Book an inspection"}
            </Link>
          ) : null}
        </div>
      </div>
      <Form method="get" className="row">
        <FilterSelect name="status" label="Status" value={filter.status} anyLabel="Any" options={STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))} />
        <FilterSelect name="verdict" label="Verdict" value={filter.verdict} anyLabel="Any" options={VERDICTS.map((v) => ({ value: v, label: v }))} />
        {!isPartner ? <FilterSelect name="partner" label="Partner" value={filter.partner} anyLabel="Any" options={partners.map((p) => ({ value: p.id, label: p.name }))} /> : null}
        <div className="field">
          <button type="submit" className="secondary">
            Filter
          </button>
        </div>
      </Form>
      <table aria-label="Inspections">
        <thead>
          <tr>
            <th>Inspection</th>
            <th>Partner</th>
            <th>Item</th>
            <th>Lot</th>
            <th>Lot size</th>
            <th>Severity</th>
            <th>Status</th>
            <th>Verdict</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id}>
              <td>
                <Link to={i.id}>{i.number}</Link>
                {i.kind === "pre_shipment" ? <div className="muted">pre-shipment</div> : null}
              </td>
              <td>{i.partnerName}</td>
              <td>
                {i.itemCode} <span className="muted">{i.itemDescription}</span>
              </td>
              <td>{i.lotNumber || "—"}</td>
              <td>{i.lotSize}</td>
              <td>{i.severity !== "normal" ? <span className="badge warn">{i.severity}</span> : i.severity}</td>
              <td>{STATUS_LABELS[i.status]}</td>
              <td>
                {i.finalVerdict ? <span className={`badge ${i.finalVerdict === "accepted" ? "ok" : "off"}`}>{i.finalVerdict}</span> : "—"}
                {i.escalation === "pending" ? <div className="muted">to escalate</div> : null}
              </td>
            </tr>
          ))}
          <EmptyRow show={items.length === 0} columns={8}>
            No inspections match.
          </EmptyRow>
        </tbody>
      </table>
      <Pager nextCursor={nextCursor} hasPrevious={hasPrevious} />
    </>
  );
}
