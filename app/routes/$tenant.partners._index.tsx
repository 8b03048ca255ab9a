import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Pager } from "../components/pager";
import { can } from "../domain/permissions";
import { requireTenantPermission } from "../server/permissions.server";
import { listPartners } from "../server/partners.server";
import { PARTNER_KIND_LABELS, PARTNER_KINDS } from "../domain/partners";
import { EmptyRow } from "../components/table";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params.tenant, "read:partner:any");
  const url = new URL(request.url);
  const kindParam = url.searchParams.get("kind");
  const kind = PARTNER_KINDS.find((k) => k === kindParam);
  const q = url.searchParams.get("q")?.trim().slice(0, 100) || undefined;
  const page = await listPartners(ctx, { after: url.searchParams.get("after"), q, kind });
  return json({ ...page, q: q ?? "", kind: kind ?? "", canManage: can(ctx.role, "manage:partner:any"), hasPrevious: url.searchParams.has("after") });
}

export default function PartnersPage() {
  const { items, nextCursor, q, kind, canManage, hasPrevious } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h1>Partners</h1>
        {canManage ? (
          <Link className="button" to="new">
            New partner
          </Link>
        ) : null}
      </div>
      <Form method="get" className="row">
        <div className="field">
          <label htmlFor="q">Search</label>
          <input id="q" name="q" defaultValue={q} placeholder="Name or code" />
        </div>
        <div className="field">
          <label htmlFor="kind">Kind</label>
          <select id="kind" name="kind" defaultValue={kind}>
            <option value="">All kinds</option>
            {PARTNER_KINDS.map((k) => (
              <option key={k} value={k}>
                {PARTNER_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <button type="submit" className="secondary">
            Filter
          </button>
        </div>
      </Form>
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Kind</th>
            <th>Code</th>
            <th>Contact</th>
            <th>Facilities</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {items.map((p) => (
            <tr key={p.id}>
              <td>
                <Link to={p.id}>{p.name}</Link>
              </td>
              <td>{PARTNER_KIND_LABELS[p.kind]}</td>
              <td>{p.code}</td>
              <td>{p.contactEmail}</td>
              <td>{p.facilityCount}</td>
              <td>{p.active ? <span className="badge ok">Active</span> : <span className="badge off">Deactivated</span>}</td>
            </tr>
          ))}
          <EmptyRow show={items.length === 0} columns={6}>
            No partners match.
          </EmptyRow>
        </tbody>
      </table>
      <Pager nextCursor={nextCursor} hasPrevious={hasPrevious} />
    </>
  );
}
