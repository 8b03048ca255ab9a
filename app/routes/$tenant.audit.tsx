import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Pager } from "../components/pager";
import { diffRecords } from "../domain/audit-diff";
import { auditFacets, listAudit } from "../server/audit-log.server";
import { requireTenantPermissionAny } from "../server/permissions.server";
import { readDateFilter } from "../server/http-errors.server";
import { EmptyRow } from "../components/table";

const FilterSchema = z.object({
  entityType: z.string().max(60).optional().catch(undefined),
  action: z.string().max(60).optional().catch(undefined),
  actor: z.string().max(200).optional().catch(undefined),
  entityId: z.string().max(100).optional().catch(undefined),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermissionAny(request, params.tenant, "read:audit");
  const url = new URL(request.url);
  const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ""));
  const f = { ...FilterSchema.parse(raw), from: readDateFilter(url.searchParams, "from", "From"), to: readDateFilter(url.searchParams, "to", "To") };
  const dayAfter = (d: string) => new Date(new Date(d + "T00:00:00Z").getTime() + 86_400_000);
  const [page, facets] = await Promise.all([
    listAudit(
      ctx,
      { ...f, from: f.from ? new Date(f.from + "T00:00:00Z") : undefined, to: f.to ? dayAfter(f.to) : undefined },
      url.searchParams.get("after"),
    ),
    auditFacets(ctx),
  ]);
  return json({
    entries: page.items.map((e) => ({
      id: e.id,
      at: e.at,
      actor: e.actor,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      changes: diffRecords(e.before, e.after),
    })),
    nextCursor: page.nextCursor,
    filter: f,
    facets,
    hasPrevious: url.searchParams.has("after"),
  });
}

function show(v: unknown) {
  return v === null || v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v);
}

export default function AuditPage() {
  const { entries, nextCursor, filter, facets, hasPrevious } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Audit log</h1>
      <Form method="get" className="row">
        <div className="field">
          <label htmlFor="entityType">Record type</label>
          <select id="entityType" name="entityType" defaultValue={filter.entityType ?? ""}>
            <option value="">All</option>
            {facets.entityTypes.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="action">Action</label>
          <select id="action" name="action" defaultValue={filter.action ?? ""}>
            <option value="">All</option>
            {facets.actions.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="actor">By (email)</label>
          <input id="actor" name="actor" defaultValue={filter.actor ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="from">From</label>
          <input id="from" name="from" type="date" defaultValue={filter.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="to">To</label>
          <input id="to" name="to" type="date" defaultValue={filter.to ?? ""} />
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
            <th>When (UTC)</th>
            <th>Who</th>
            <th>What</th>
            <th>Record</th>
            <th>Changes</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{e.at.slice(0, 19).replace("T", " ")}</td>
              <td>{e.actor}</td>
              <td>{e.action}</td>
              <td>
                {e.entityType} <span className="muted">{e.entityId.slice(0, 8)}</span>
              </td>
              <td>
                {e.changes.length ? (
                  <pre className="diff">{e.changes.map((c) => `${c.field}: ${show(c.before)} → ${show(c.after)}`).join("\n")}</pre>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          ))}
          <EmptyRow show={entries.length === 0} columns={5}>
            Nothing recorded matches.
          </EmptyRow>
        </tbody>
      </table>
      <Pager nextCursor={nextCursor} hasPrevious={hasPrevious} />
    </>
  );
}
