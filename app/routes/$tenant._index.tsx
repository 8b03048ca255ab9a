import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PARTNER_KIND_LABELS, PARTNER_KINDS } from "../domain/partners";
import { canAny, ROLE_LABELS } from "../domain/permissions";
import { requireTenantMember } from "../server/auth.server";
import { dashboardSummary } from "../server/dashboard.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant);
  const summary = await dashboardSummary(ctx);
  return json({
    summary,
    tenantName: ctx.tenantName,
    isPartner: ctx.isPartner,
    partnerName: ctx.partnerName,
    role: ROLE_LABELS[ctx.role],
    canManageUsers: canAny(ctx.role, "manage:user"),
  });
}

export default function Dashboard() {
  const { summary, tenantName, isPartner, partnerName, role, canManageUsers } = useLoaderData<typeof loader>();
  const max = Math.max(1, ...PARTNER_KINDS.map((k) => summary.partnersByKind[k] ?? 0));
  return (
    <>
      <h1>{isPartner ? `${partnerName} at ${tenantName}` : tenantName}</h1>
      <p className="muted">You are signed in as {role}.</p>
      <div className="grid">
        {isPartner ? null : (
          <div className="card">
            <h2>Active partners</h2>
            {/* a small bar chart: partners by kind */}
            <svg role="img" aria-label="Active partners by kind" width="100%" viewBox="0 0 220 100">
              {PARTNER_KINDS.map((k, i) => {
                const n = summary.partnersByKind[k] ?? 0;
                const w = (n / max) * 110;
                return (
                  <g key={k} transform={`translate(0, ${i * 24})`}>
                    <text x="0" y="14" fontSize="10">
                      {PARTNER_KIND_LABELS[k].split(" ")[0]}
                    </text>
                    <rect x="80" y="4" width={w} height="14" fill="#1d4ed8" />
                    <text x={84 + w} y="15" fontSize="10">
                      {n}
                    </text>
                  </g>
                );
              })}
            </svg>
            <Link to="partners">All partners</Link>
          </div>
        )}
        <div className="card">
          <h2>Items</h2>
          <p style={{ fontSize: 28, margin: 0 }}>{summary.items}</p>
          <Link to="items">Item catalogue</Link>
        </div>
        <div className="card">
          <h2>{isPartner ? "Our facilities" : "Facilities"}</h2>
          <p style={{ fontSize: 28, margin: 0 }}>{summary.facilities}</p>
        </div>
        {canManageUsers ? (
          <div className="card">
            <h2>{isPartner ? "Our users" : "Users"}</h2>
            <p style={{ fontSize: 28, margin: 0 }}>{summary.members}</p>
            <p className="muted">{summary.pendingInvitations} invitation(s) pending</p>
            <Link to="users">Manage users</Link>
          </div>
        ) : null}
      </div>
    </>
  );
}
