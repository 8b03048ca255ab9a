import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Pager } from "../components/pager";
import { EmptyRow } from "../components/table";
import { listSwitchingStates } from "../server/inspections.server";
import { requireTenantPermissionAny } from "../server/permissions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermissionAny(request, params.tenant, "read:inspection");
  const sp = new URL(request.url).searchParams;
  const filter = sp.get("show") === "all" ? "all" : "attention";
  const page = await listSwitchingStates(ctx, filter, sp.get("after"));
  return json({ ...page, filter, hasPrevious: sp.has("after") });
}

export default function SwitchingStatesPage() {
  const { items, nextCursor, filter, hasPrevious } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Inspection severity by partner and item</h1>
      <p className="muted">
        ISO 2859-1 switching rules: 2 lots not accepted within 5 consecutive lots move normal to tightened; 5 consecutive accepted lots move tightened back to normal; a switching score of
        30 with steady production lets a quality user approve reduced inspection; 5 lots not accepted on tightened inspection discontinue inspection until corrective action.
      </p>
      <Form method="get" className="row">
        <div className="field">
          <label htmlFor="show">Show</label>
          <select id="show" name="show" defaultValue={filter}>
            <option value="attention">Tightened, reduced or discontinued</option>
            <option value="all">All partner × item states</option>
          </select>
        </div>
        <div className="field">
          <button type="submit" className="secondary">
            Show
          </button>
        </div>
      </Form>
      <table aria-label="Switching states">
        <thead>
          <tr>
            <th>Partner</th>
            <th>Item</th>
            <th>Severity</th>
            <th>Switching score</th>
            <th>Last change</th>
          </tr>
        </thead>
        <tbody>
          {items.map((s) => (
            <tr key={s.id}>
              <td>
                <Link to={s.id}>{s.partnerName}</Link>
              </td>
              <td>
                {s.itemCode} <span className="muted">{s.itemDescription}</span>
              </td>
              <td>{s.discontinued ? <span className="badge off">discontinued</span> : s.severity === "normal" ? "normal" : <span className="badge warn">{s.severity}</span>}</td>
              <td>{s.severity === "normal" ? s.switchingScore : "—"}</td>
              <td>{s.updatedAt.slice(0, 10)}</td>
            </tr>
          ))}
          <EmptyRow show={items.length === 0} columns={5}>
            {filter === "attention" ? "Every partner × item is on normal inspection." : "No inspections have been signed off yet."}
          </EmptyRow>
        </tbody>
      </table>
      <Pager nextCursor={nextCursor} hasPrevious={hasPrevious} />
    </>
  );
}
