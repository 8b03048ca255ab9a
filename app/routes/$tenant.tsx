import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData, useNavigate } from "@remix-run/react";
import { can, canAny, ROLE_LABELS } from "../domain/permissions";
import { canSeeForecasts } from "../domain/forecast";
import { listMemberships, requireTenantMember } from "../server/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.tenant.name} · Supplier Portal` : "Supplier Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant);
  const all = await listMemberships(ctx.userId);
  const nav: { to: string; label: string }[] = [{ to: `/${ctx.tenantSlug}`, label: "Home" }];
  if (canAny(ctx.role, "read:po") && ctx.partnerKind !== "carrier") nav.push({ to: `/${ctx.tenantSlug}/orders`, label: "Purchase orders" });
  if (canAny(ctx.role, "read:shipment")) nav.push({ to: `/${ctx.tenantSlug}/shipments`, label: ctx.partnerKind === "carrier" ? "Pickups" : "Ship notices" });
  if (canAny(ctx.role, "read:inspection") && ctx.partnerKind !== "carrier") nav.push({ to: `/${ctx.tenantSlug}/inspections`, label: "Inspections" });
  // stock at fillers: the tenant's staff, and partners that hold the tenant's stock
  if (!ctx.isPartner || ctx.partnerKind === "contract_filler" || ctx.partnerKind === "3pd") {
    nav.push({ to: `/${ctx.tenantSlug}/counts`, label: "Stock counts" });
    nav.push({ to: `/${ctx.tenantSlug}/inventory`, label: ctx.isPartner ? "Our stock" : "Stock at fillers" });
  }
  if (!ctx.isPartner || ctx.partnerKind === "contract_filler" || ctx.partnerKind === "3pd" || ctx.partnerKind === "supplier")
    nav.push({ to: `/${ctx.tenantSlug}/capacity`, label: "Capacity" });
  if (!ctx.isPartner) nav.push({ to: `/${ctx.tenantSlug}/capacity/load`, label: "Capacity load" });
  // forecasts: the same partners as capacity; of the staff, those who plan (admins, directors, planners)
  if (canSeeForecasts(ctx.role, ctx.partnerKind)) nav.push({ to: `/${ctx.tenantSlug}/forecasts`, label: "Forecasts" });
  if (can(ctx.role, "read:partner:any")) nav.push({ to: `/${ctx.tenantSlug}/partners`, label: "Partners" });
  if (can(ctx.role, "read:item:any")) nav.push({ to: `/${ctx.tenantSlug}/items`, label: "Items" });
  if (canAny(ctx.role, "read:user")) nav.push({ to: `/${ctx.tenantSlug}/users`, label: ctx.isPartner ? "Our users" : "Users" });
  if (canAny(ctx.role, "read:audit")) nav.push({ to: `/${ctx.tenantSlug}/audit`, label: "Audit log" });
  if (can(ctx.role, "read:outbox:any")) nav.push({ to: `/${ctx.tenantSlug}/outbox`, label: "Outbox" });
  if (can(ctx.role, "manage:settings:any")) nav.push({ to: `/${ctx.tenantSlug}/settings`, label: "Settings" });
  return json({
    tenant: { slug: ctx.tenantSlug, name: ctx.tenantName },
    me: { email: ctx.userEmail, name: ctx.userName, role: ROLE_LABELS[ctx.role], partnerName: ctx.partnerName },
    tenants: all.map((m) => ({ slug: m.tenantSlug, name: m.tenantName })),
    nav,
  });
}

export default function TenantLayout() {
  const { tenant, me, tenants, nav } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  return (
    <>
      <header className="top">
        <span className="brand">Supplier Portal</span>
        {tenants.length > 1 ? (
          <label>
            <span className="muted" style={{ color: "#cbd5e1" }}>
              Company{" "}
            </span>
            <select aria-label="Switch company" value={tenant.slug} onChange={(e) => navigate(`/${e.target.value}`)}>
              {tenants.map((t) => (
                <option key={t.slug} value={t.slug}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span data-testid="tenant-name">{tenant.name}</span>
        )}
        <span className="spacer" />
        <span>
          {me.name} · {me.partnerName ? `${me.partnerName}, ` : ""}
          {me.role}
        </span>
        <Form method="post" action="/logout">
          <button type="submit" className="secondary">
            Sign out
          </button>
        </Form>
      </header>
      <nav className="side" aria-label="Sections">
        {nav.map((n) => (
          <NavLink key={n.to} to={n.to} end={n.to === `/${tenant.slug}`}>
            {n.label}
          </NavLink>
        ))}
      </nav>
      <main>
        <Outlet />
      </main>
    </>
  );
}
