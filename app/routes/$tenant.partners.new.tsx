import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { Field, FormError, SelectField } from "../components/form";
import { PartnerSchema } from "../domain/forms";
import { requireTenantPermission } from "../server/permissions.server";
import { createPartner } from "../server/partners.server";
import { PARTNER_KIND_OPTIONS } from "../domain/partners";
import { DuplicateError } from "../server/records.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireTenantPermission(request, params.tenant, "manage:partner:any");
  return json({});
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params.tenant, "manage:partner:any");
  const submission = parseWithZod(await request.formData(), { schema: PartnerSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
    const partner = await createPartner(ctx, submission.value);
    return redirect(`/${ctx.tenantSlug}/partners/${partner.id}`);
  } catch (e) {
    if (e instanceof DuplicateError) return json(submission.reply({ fieldErrors: { [e.field]: [e.message] } }), { status: 400 });
    throw e;
  }
}

export default function NewPartner() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "new-partner",
    lastResult,
    constraint: getZodConstraint(PartnerSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PartnerSchema }),
  });
  return (
    <>
      <h1>New partner</h1>
      <Form method="post" {...getFormProps(form)}>
        <FormError errors={form.errors} />
        <Field label="Name" meta={fields.name} />
        <SelectField label="Kind" meta={fields.kind} options={PARTNER_KIND_OPTIONS} placeholder="Choose…" />
        <Field label="Code (optional)" meta={fields.code} hint="Your short reference, e.g. the ERP vendor number." />
        <Field label="Contact email (optional)" meta={fields.contactEmail} type="email" />
        <button type="submit">Create partner</button>
      </Form>
    </>
  );
}
