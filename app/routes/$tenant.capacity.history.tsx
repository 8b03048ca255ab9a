// Every change of declared capacity: who, when, the previous value and the new one.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pager } from "../components/pager";
import { EmptyRow } from "../components/table";
import { notFound } from "../server/http-errors.server";
import { capacityFacilities, capacityHistoryPage, requireCapacityMember } from "../server/capacity.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCapacityMember(request, params.tenant);
  const sp = new URL(request.url).searchParams;
  const facilities = await capacityFacilities(ctx);
  const asked = sp.get("facility");
  const facility = asked ? facilities.find((f) => f.id === asked.toLowerCase()) : null;
  if (asked && !facility) notFound();
  const page = await capacityHistoryPage(ctx, facility?.id ?? null, sp.get("after"));
  const names = new Map(facilities.map((f) => [f.id, f.name]));
  return json({
    ...page,
    items: page.items.map((h) => ({ ...h, facilityName: names.get(h.facilityId) ?? "" })),
    facility: facility ? { id: facility.id, name: facility.name } : null,
    hasPrevious: sp.has("after"),
  });
}

export default function CapacityHistoryPage() {
  const { items, nextCursor, facility, hasPrevious } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to={facility ? `../capacity?facility=${facility.id}` : "../capacity"}>« Capacity</Link>
      </p>
      <h1>Capacity changes{facility ? ` at ${facility.name}` : ""}</h1>
      <table aria-label="Capacity changes">
        <thead>
          <tr>
            <th>When</th>
            <th>Who</th>
            <th>Facility</th>
            <th>Resource</th>
            <th>Week</th>
            <th>Before</th>
            <th>After</th>
            <th>How</th>
          </tr>
        </thead>
        <tbody>
          {items.map((h) => (
            <tr key={h.id}>
              <td>{h.changedAt.slice(0, 16).replace("T", " ")}</td>
              <td>{h.changedByName ?? "—"}</td>
              <td>{h.facilityName}</td>
              <td>{h.resource}</td>
              <td>{h.week}</td>
              <td>{h.previous ?? "—"}</td>
              <td>{h.capacity}</td>
              <td>{h.source === "csv" ? "CSV upload" : "grid"}</td>
            </tr>
          ))}
          <EmptyRow show={items.length === 0} columns={8}>
            No changes yet.
          </EmptyRow>
        </tbody>
      </table>
      <Pager nextCursor={nextCursor} hasPrevious={hasPrevious} />
    </>
  );
}
