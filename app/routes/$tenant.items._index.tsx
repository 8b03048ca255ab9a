import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Pager } from "../components/pager";
import { can } from "../domain/permissions";
import { listItems } from "../server/items.server";
import { requireTenantPermission } from "../server/permissions.server";
import { EmptyRow } from "../components/table";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params.tenant, "read:item:any");
  const url = new URL(request.url);
  const q = url.searchParams.get("q")?.trim().slice(0, 100) || undefined;
  const abc = url.searchParams.get("abc");
  const abcClass = abc === "A" || abc === "B" || abc === "C" ? abc : undefined;
  const page = await listItems(ctx, { after: url.searchParams.get("after"), q, abcClass });
  // standard costs are internal: a partner's items come without them (listItems leaves them out)
  return json({ ...page, q: q ?? "", abc: abcClass ?? "", canManage: can(ctx.role, "manage:item:any"), showCost: !ctx.isPartner, hasPrevious: url.searchParams.has("after") });
}

export default function ItemsPage() {
  const { items, nextCursor, q, abc, canManage, showCost, hasPrevious } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h1>Items</h1>
        <div className="row">
          <a className="button secondary" href="items/export.csv" download>
            Export CSV
          </a>
          {canManage ? (
            <>
              <Link className="button secondary" to="import">
                Import CSV
              </Link>
              <Link className="button" to="new">
                New item
              </Link>
            </>
          ) : null}
        </div>
      </div>
      <Form method="get" className="row">
        <div className="field">
          <label htmlFor="q">Search</label>
          <input id="q" name="q" defaultValue={q} placeholder="Code or description" />
        </div>
        <div className="field">
          <label htmlFor="abc">ABC class</label>
          <select id="abc" name="abc" defaultValue={abc}>
            <option value="">All</option>
            <option>A</option>
            <option>B</option>
            <option>C</option>
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
            <th>Code</th>
            <th>Description</th>
            <th>UoM</th>
            <th>ABC</th>
            <th>Lead time (days)</th>
            {showCost ? <th>Standard cost</th> : null}
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id}>
              <td>{canManage ? <Link to={i.id}>{i.code}</Link> : i.code}</td>
              <td>
                {i.description} {i.active ? null : <span className="badge off">Inactive</span>}
              </td>
              <td>{i.uom}</td>
              <td>{i.abcClass}</td>
              <td>{i.leadTimeDays}</td>
              {showCost ? <td>{i.standardCost ?? "—"}</td> : null}
            </tr>
          ))}
          <EmptyRow show={items.length === 0} columns={showCost ? 6 : 5}>
            No items match.
          </EmptyRow>
        </tbody>
      </table>
      <Pager nextCursor={nextCursor} hasPrevious={hasPrevious} />
    </>
  );
}
