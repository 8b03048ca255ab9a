import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MASKED_TOKEN } from "../domain/secret-links";
import { getEmail } from "../server/audit-log.server";
import { notFound } from "../server/http-errors.server";
import { requireTenantPermission } from "../server/permissions.server";
import { recordId } from "../server/records.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params.tenant, "read:outbox:any");
  const email = await getEmail(ctx, recordId(params.emailId));
  if (!email) notFound();
  return json({ email });
}

export default function OutboxEmail() {
  const { email } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="../outbox">« Outbox</Link>
      </p>
      <h1>{email.subject}</h1>
      <p>
        To {email.to} · {email.createdAt.slice(0, 19).replace("T", " ")} UTC
      </p>
      {email.text.includes(MASKED_TOKEN) ? (
        <p className="muted">The link in this copy is hidden ({MASKED_TOKEN}): it opens the recipient's account, so only their own email carries it.</p>
      ) : null}
      <h2>HTML</h2>
      {/* sandboxed: no scripts, no same-origin access */}
      <iframe title="Email as HTML" sandbox="" srcDoc={email.html} style={{ width: "100%", height: 360, border: "1px solid #e5e7eb", background: "#fff" }} />
      <h2>Plain text</h2>
      <pre className="card" style={{ whiteSpace: "pre-wrap" }}>
        {email.text}
      </pre>
    </>
  );
}
