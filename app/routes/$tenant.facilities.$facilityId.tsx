import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError, TextareaField } from "../components/form";
import { FacilitySchema, VersionSchema } from "../domain/forms";
import { notFound } from "../server/http-errors.server";
import { getFacility, updateFacility } from "../server/partners.server";
import { requireTenantPermission } from "../server/permissions.server";
import { recordId, StaleRecordError } from "../server/records.server";
import { ActiveToggleForm } from "../components/table";

const EditSchema = FacilitySchema.extend({ intent: z.literal("update"), version: VersionSchema });
const ActiveSchema = z.object({ intent: z.enum(["deactivate", "reactivate"]), version: VersionSchema });
const ActionSchema = z.discriminatedUnion("intent", [EditSchema, ActiveSchema]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params.tenant, "manage:partner:any");
  const found = await getFacility(ctx, recordId(params.facilityId));
  if (!found) notFound();
  return json(found);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params.tenant, "manage:partner:any");
  const id = recordId(params.facilityId);
  // a foreign or unknown record is a 404 before anything about the form is said
  if (!(await getFacility(ctx, id))) notFound();
  const submission = parseWithZod(await request.formData(), { schema: ActionSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const { intent, version, ...rest } = submission.value;
  try {
    const changes = intent === "update" ? rest : { active: intent === "reactivate" };
    const updated = await updateFacility(ctx, id, version, changes);
    if (!updated) notFound();
    return json(submission.reply());
  } catch (e) {
    if (e instanceof StaleRecordError) return json(submission.reply({ formErrors: [e.message] }), { status: 409 });
    throw e;
  }
}

export default function FacilityPage() {
  const { facility, partnerName } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: `facility-${facility.id}-${facility.version}`,
    lastResult,
    defaultValue: { name: facility.name, address: facility.address, city: facility.city, country: facility.country, resources: facility.resources.join("\n") },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EditSchema }),
  });
  return (
    <>
      <p>
        <Link to={`../partners/${facility.partnerId}`}>« {partnerName}</Link>
      </p>
      <h1>
        {facility.name} {facility.active ? <span className="badge ok">Active</span> : <span className="badge off">Inactive</span>}
      </h1>
      <div className="card">
        <Form method="post" {...getFormProps(form)}>
          <FormError errors={form.errors} />
          <input type="hidden" name="intent" value="update" />
          <input type="hidden" name="version" value={facility.version} />
          <Field label="Name" meta={fields.name} />
          <Field label="Address" meta={fields.address} />
          <div className="row">
            <Field label="City" meta={fields.city} />
            <Field label="Country" meta={fields.country} hint="Two-letter code" />
          </div>
          <TextareaField label="Production lines / resources" meta={fields.resources} hint="One per line." />
          <button type="submit">Save changes</button>
        </Form>
        <ActiveToggleForm active={facility.active} version={facility.version} deactivateLabel="Deactivate facility" reactivateLabel="Reactivate facility" />
      </div>
    </>
  );
}
