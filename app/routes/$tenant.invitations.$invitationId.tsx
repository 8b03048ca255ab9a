import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ROLE_LABELS } from "../domain/permissions";
import { notFound } from "../server/http-errors.server";
import { requireTenantPermissionAny } from "../server/permissions.server";
import { recordId } from "../server/records.server";
import { getInvitation, revokeInvitation } from "../server/users.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermissionAny(request, params.tenant, "manage:user");
  const invitation = await getInvitation(ctx, recordId(params.invitationId));
  if (!invitation) notFound();
  return json({ invitation });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermissionAny(request, params.tenant, "manage:user");
  const result = await revokeInvitation(ctx, recordId(params.invitationId));
  if (!result) notFound();
  if (result.alreadyClosed) return json({ message: "This invitation was already accepted or withdrawn." }, { status: 409 });
  return redirect(`/${ctx.tenantSlug}/users`);
}

export default function InvitationPage() {
  const { invitation } = useLoaderData<typeof loader>();
  const state = invitation.acceptedAt ? "Accepted" : invitation.revokedAt ? "Withdrawn" : new Date(invitation.expiresAt) < new Date() ? "Expired" : "Pending";
  return (
    <>
      <p>
        <Link to="../users">« Users</Link>
      </p>
      <h1>Invitation for {invitation.email}</h1>
      <p>
        {ROLE_LABELS[invitation.role]} · {invitation.partnerName ?? "Internal staff"} · <strong>{state}</strong>
      </p>
      {state === "Pending" ? (
        <Form method="post">
          <button type="submit" name="intent" value="revoke" className="danger">
            Withdraw invitation
          </button>
        </Form>
      ) : null}
    </>
  );
}
