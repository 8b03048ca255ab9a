import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormError, SelectField } from "../components/form";
import { VersionSchema } from "../domain/forms";
import { invitableRoles, isPartnerRole, ROLE_LABELS, ROLES } from "../domain/permissions";
import { notFound } from "../server/http-errors.server";
import { requireTenantPermissionAny } from "../server/permissions.server";
import { recordId, StaleRecordError } from "../server/records.server";
import { getMember, MembershipError, updateMember } from "../server/users.server";
import { ActiveToggleForm } from "../components/table";

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("update"), role: z.enum(ROLES, { error: "Choose a role." }), version: VersionSchema }),
  z.object({ intent: z.enum(["deactivate", "reactivate"]), version: VersionSchema }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermissionAny(request, params.tenant, "manage:user");
  const member = await getMember(ctx, recordId(params.membershipId));
  if (!member) notFound();
  const family = invitableRoles(ctx.role).filter((r) => isPartnerRole(r) === isPartnerRole(member.role));
  return json({ member, isSelf: member.userId === ctx.userId, roles: family.map((r) => ({ value: r, label: ROLE_LABELS[r] })) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermissionAny(request, params.tenant, "manage:user");
  const id = recordId(params.membershipId);
  // a foreign or unknown record is a 404 before anything about the form is said
  if (!(await getMember(ctx, id))) notFound();
  const submission = parseWithZod(await request.formData(), { schema: ActionSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const v = submission.value;
  try {
    const updated = await updateMember(ctx, id, v.version, v.intent === "update" ? { role: v.role } : { active: v.intent === "reactivate" });
    if (!updated) notFound();
    return json(submission.reply());
  } catch (e) {
    if (e instanceof StaleRecordError) return json(submission.reply({ formErrors: [e.message] }), { status: 409 });
    if (e instanceof MembershipError)
      return json(submission.reply(e.field === "role" ? { fieldErrors: { role: [e.message] } } : { formErrors: [e.message] }), { status: 400 });
    throw e;
  }
}

export default function MemberPage() {
  const { member, roles, isSelf } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({ id: `member-${member.id}-${member.version}`, lastResult, defaultValue: { role: member.role } });
  return (
    <>
      <p>
        <Link to="../users">« Users</Link>
      </p>
      <h1>
        {member.name} {member.active ? <span className="badge ok">Active</span> : <span className="badge off">Deactivated</span>}
      </h1>
      <p>
        {member.email} · {member.partnerName ?? "Internal staff"}
      </p>
      {isSelf ? (
        <p className="muted">This is you. Another administrator can change your access.</p>
      ) : (
        <div className="card">
          <Form method="post" {...getFormProps(form)}>
            <FormError errors={form.errors} />
            <input type="hidden" name="intent" value="update" />
            <input type="hidden" name="version" value={member.version} />
            <SelectField label="Role" meta={fields.role} options={roles} />
            <button type="submit">Save role</button>
          </Form>
          <ActiveToggleForm active={member.active} version={member.version} deactivateLabel="Remove access" reactivateLabel="Restore access" />
        </div>
      )}
    </>
  );
}
