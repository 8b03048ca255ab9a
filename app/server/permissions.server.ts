import { can, canAny, type Permission } from "../domain/permissions";
import { requireTenantMember, type TenantContext } from "./auth.server";
import { notFound } from "./http-errors.server";

/** The member's context, if their role grants the permission; otherwise the same 404 as a foreign page. */
export async function requireTenantPermission(
  request: Request,
  slug: string | undefined,
  permission: Permission,
): Promise<TenantContext> {
  const ctx = await requireTenantMember(request, slug);
  if (!can(ctx.role, permission)) notFound();
  return ctx;
}

/** Either scope ("any" or "own") of a verb:noun. */
export async function requireTenantPermissionAny(
  request: Request,
  slug: string | undefined,
  verbNoun: string,
): Promise<TenantContext> {
  const ctx = await requireTenantMember(request, slug);
  if (!canAny(ctx.role, verbNoun)) notFound();
  return ctx;
}
