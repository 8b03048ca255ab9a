import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError, SelectField } from "../components/form";
import { Pager } from "../components/pager";
import { InviteSchema } from "../domain/forms";
import { canAny, invitableRoles, isPartnerRole, ROLE_LABELS } from "../domain/permissions";
import { InvitationError, inviteMember } from "../server/accounts.server";
import { requireTenantPermissionAny } from "../server/permissions.server";
import { listActivePartners, listMembers, listPendingInvitations } from "../server/users.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermissionAny(request, params.tenant, "read:user");
  const url = new URL(request.url);
  const canInvite = canAny(ctx.role, "manage:user");
  const [members, pending, partnerList] = await Promise.all([
    listMembers(ctx, { after: url.searchParams.get("after") }),
    listPendingInvitations(ctx),
    canInvite && !ctx.isPartner ? listActivePartners(ctx) : Promise.resolve([]),
  ]);
  return json({
    members,
    pending,
    canInvite,
    partnerName: ctx.partnerName,
    isPartner: ctx.isPartner,
    roles: invitableRoles(ctx.role).map((r) => ({ value: r, label: ROLE_LABELS[r] })),
    partners: partnerList.map((p) => ({ value: p.id, label: p.name })),
    hasPrevious: url.searchParams.has("after"),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermissionAny(request, params.tenant, "manage:user");
  const submission = parseWithZod(await request.formData(), { schema: InviteSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), sentTo: null }, { status: 400 });
  try {
    await inviteMember(ctx, submission.value);
    return json({ result: submission.reply({ resetForm: true }), sentTo: submission.value.email });
  } catch (e) {
    if (e instanceof InvitationError) return json({ result: submission.reply({ fieldErrors: { [e.field]: [e.message] } }), sentTo: null }, { status: 400 });
    throw e;
  }
}

export default function UsersPage() {
  const { members, pending, canInvite, roles, partners, isPartner, partnerName, hasPrevious } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "invite",
    lastResult: data?.result,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteSchema }),
  });
  const chosenRole = fields.role.value;
  const needsPartner = !isPartner && typeof chosenRole === "string" && isPartnerRole(chosenRole as never);
  return (
    <>
      <h1>{isPartner ? `Users of ${partnerName}` : "Users"}</h1>
      <table aria-label="Members">
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Role</th>
            {isPartner ? null : <th>Partner</th>}
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {members.items.map((m) => (
            <tr key={m.id}>
              <td>{canInvite ? <Link to={m.id}>{m.name}</Link> : m.name}</td>
              <td>{m.email}</td>
              <td>{ROLE_LABELS[m.role]}</td>
              {isPartner ? null : <td>{m.partnerName ?? "Internal"}</td>}
              <td>{m.active ? <span className="badge ok">Active</span> : <span className="badge off">Deactivated</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager nextCursor={members.nextCursor} hasPrevious={hasPrevious} />

      <h2>Pending invitations</h2>
      {pending.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <table aria-label="Pending invitations">
          <thead>
            <tr>
              <th>Email</th>
              <th>Role</th>
              {isPartner ? null : <th>Partner</th>}
              <th>Expires</th>
            </tr>
          </thead>
          <tbody>
            {pending.map((i) => (
              <tr key={i.id}>
                <td>{canInvite ? <Link to={`../invitations/${i.id}`}>{i.email}</Link> : i.email}</td>
                <td>{ROLE_LABELS[i.role]}</td>
                {isPartner ? null : <td>{i.partnerName ?? "Internal"}</td>}
                <td>{new Date(i.expiresAt).toISOString().slice(0, 16).replace("T", " ")} UTC</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {canInvite ? (
        <div className="card" style={{ marginTop: 16 }}>
          <h2>Invite someone</h2>
          {data?.sentTo ? (
            <p className="notice" role="status">
              Invitation sent to {data.sentTo}.
            </p>
          ) : null}
          <Form method="post" {...getFormProps(form)}>
            <FormError errors={form.errors} />
            <Field label="Email" meta={fields.email} type="email" />
            <SelectField label="Role" meta={fields.role} options={roles} placeholder="Choose…" />
            {isPartner ? (
              <p className="muted">They will join {partnerName}.</p>
            ) : (
              <SelectField
                label={needsPartner ? "Partner" : "Partner (for partner roles only)"}
                meta={fields.partnerId}
                options={partners}
                placeholder="None (internal staff)"
              />
            )}
            <button type="submit">Send invitation</button>
          </Form>
        </div>
      ) : null}
    </>
  );
}
