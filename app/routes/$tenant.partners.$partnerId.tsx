import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError, SelectField, TextareaField } from "../components/form";
import { FacilitySchema, PartnerSchema, VersionSchema } from "../domain/forms";
import { can } from "../domain/permissions";
import { PARTNER_KIND_LABELS, PARTNER_KIND_OPTIONS } from "../domain/partners";
import { notFound } from "../server/http-errors.server";
import { createFacility, getPartner, updatePartner } from "../server/partners.server";
import { requireTenantPermission } from "../server/permissions.server";
import { DuplicateError, recordId, StaleRecordError } from "../server/records.server";
import { ActiveToggleForm, EmptyRow } from "../components/table";

const EditSchema = PartnerSchema.extend({ intent: z.literal("update"), version: VersionSchema });
const ActiveSchema = z.object({ intent: z.enum(["deactivate", "reactivate"]), version: VersionSchema });
const AddFacilitySchema = FacilitySchema.extend({ intent: z.literal("add-facility") });
const ActionSchema = z.discriminatedUnion("intent", [EditSchema, ActiveSchema, AddFacilitySchema]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params.tenant, "read:partner:any");
  const found = await getPartner(ctx, recordId(params.partnerId));
  if (!found) notFound();
  return json({ ...found, canManage: can(ctx.role, "manage:partner:any") });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params.tenant, "manage:partner:any");
  const id = recordId(params.partnerId);
  // a foreign or unknown record is a 404 before anything about the form is said
  if (!(await getPartner(ctx, id))) notFound();
  const submission = parseWithZod(await request.formData(), { schema: ActionSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const value = submission.value;
  try {
    if (value.intent === "add-facility") {
      const { intent: _i, ...input } = value;
      const facility = await createFacility(ctx, id, input);
      if (!facility) notFound();
      return json(submission.reply({ resetForm: true }));
    }
    const changes =
      value.intent === "update"
        ? { name: value.name, kind: value.kind, code: value.code, contactEmail: value.contactEmail }
        : { active: value.intent === "reactivate" };
    const updated = await updatePartner(ctx, id, value.version, changes);
    if (!updated) notFound();
    return json(submission.reply());
  } catch (e) {
    if (e instanceof StaleRecordError) return json(submission.reply({ formErrors: [e.message] }), { status: 409 });
    if (e instanceof DuplicateError) return json(submission.reply({ fieldErrors: { [e.field]: [e.message] } }), { status: 400 });
    throw e;
  }
}

export default function PartnerPage() {
  const { partner, facilities, canManage } = useLoaderData<typeof loader>();
  const { tenant } = useParams();
  const lastResult = useActionData<typeof action>();
  const intent = (lastResult?.initialValue as { intent?: string } | undefined)?.intent;
  const [form, fields] = useForm({
    id: `partner-${partner.id}-${partner.version}`,
    lastResult: intent === "update" || intent === "deactivate" || intent === "reactivate" ? lastResult : undefined,
    defaultValue: { name: partner.name, kind: partner.kind, code: partner.code ?? "", contactEmail: partner.contactEmail ?? "" },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EditSchema }),
  });
  const [facilityForm, facilityFields] = useForm({
    id: "add-facility",
    lastResult: intent === "add-facility" ? lastResult : undefined,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddFacilitySchema }),
  });
  return (
    <>
      <p>
        <Link to="../partners">« Partners</Link>
      </p>
      <h1>
        {partner.name}{" "}
        {partner.active ? <span className="badge ok">Active</span> : <span className="badge off">Deactivated</span>}
      </h1>
      <p className="muted">{PARTNER_KIND_LABELS[partner.kind]}</p>
      {canManage ? (
        <div className="card">
          <h2>Details</h2>
          <Form method="post" {...getFormProps(form)}>
            <FormError errors={form.errors} />
            <input type="hidden" name="intent" value="update" />
            <input type="hidden" name="version" value={partner.version} />
            <Field label="Name" meta={fields.name} />
            <SelectField label="Kind" meta={fields.kind} options={PARTNER_KIND_OPTIONS} />
            <Field label="Code" meta={fields.code} />
            <Field label="Contact email" meta={fields.contactEmail} type="email" />
            <button type="submit">Save changes</button>
          </Form>
          <ActiveToggleForm active={partner.active} version={partner.version} deactivateLabel="Deactivate partner" reactivateLabel="Reactivate partner" />
        </div>
      ) : (
        <p>
          Code {partner.code ?? "—"} · Contact {partner.contactEmail ?? "—"}
        </p>
      )}
      <h2>Facilities</h2>
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Address</th>
            <th>Resources</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {facilities.map((f) => (
            <tr key={f.id}>
              <td>{canManage ? <Link to={`/${tenant}/facilities/${f.id}`}>{f.name}</Link> : f.name}</td>
              <td>{[f.address, f.city, f.country].filter(Boolean).join(", ")}</td>
              <td>{f.resources.join(", ")}</td>
              <td>{f.active ? "Active" : "Inactive"}</td>
            </tr>
          ))}
          <EmptyRow show={facilities.length === 0} columns={4}>
            No facilities yet.
          </EmptyRow>
        </tbody>
      </table>
      {canManage ? (
        <div className="card" style={{ marginTop: 16 }}>
          <h2>Add a facility</h2>
          <Form method="post" {...getFormProps(facilityForm)}>
            <FormError errors={facilityForm.errors} />
            <input type="hidden" name="intent" value="add-facility" />
            <Field label="Name" meta={facilityFields.name} />
            <Field label="Address" meta={facilityFields.address} />
            <div className="row">
              <Field label="City" meta={facilityFields.city} />
              <Field label="Country" meta={facilityFields.country} hint="Two-letter code" />
            </div>
            <TextareaField label="Production lines / resources" meta={facilityFields.resources} hint="One per line." />
            <button type="submit">Add facility</button>
          </Form>
        </div>
      ) : null}
    </>
  );
}
