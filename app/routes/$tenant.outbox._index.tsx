import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pager } from "../components/pager";
import { listEmails } from "../server/audit-log.server";
import { requireTenantPermission } from "../server/permissions.server";
import { EmptyRow } from "../components/table";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params.tenant, "read:outbox:any");
  const url = new URL(request.url);
  const page = await listEmails(ctx, url.searchParams.get("after"));
  return json({ ...page, hasPrevious: url.searchParams.has("after") });
}

export default function OutboxPage() {
  const { items, nextCursor, hasPrevious } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Outbox</h1>
      <p className="muted">
        Every email the portal sent for this company. Without SMTP_URL, mail is not delivered: it is written to the mail folder and shown here. Links
        that open someone's account (invitations) are hidden here; only the recipient's own email carries them.
      </p>
      <table>
        <thead>
          <tr>
            <th>Sent (UTC)</th>
            <th>To</th>
            <th>Subject</th>
            <th>Delivery</th>
          </tr>
        </thead>
        <tbody>
          {items.map((m) => (
            <tr key={m.id}>
              <td>{m.createdAt.slice(0, 19).replace("T", " ")}</td>
              <td>{m.to}</td>
              <td>
                <Link to={m.id}>{m.subject}</Link>
              </td>
              <td>{m.transport === "smtp" ? "SMTP" : "Mail folder"}</td>
            </tr>
          ))}
          <EmptyRow show={items.length === 0} columns={4}>
            No mail yet.
          </EmptyRow>
        </tbody>
      </table>
      <Pager nextCursor={nextCursor} hasPrevious={hasPrevious} />
    </>
  );
}
