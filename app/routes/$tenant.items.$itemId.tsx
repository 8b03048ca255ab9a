import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormError } from "../components/form";
import { ItemFormFields } from "../components/item-form";
import { ItemSchema, VersionSchema } from "../domain/forms";
import { notFound } from "../server/http-errors.server";
import { getItem, updateItem } from "../server/items.server";
import { requireTenantPermission } from "../server/permissions.server";
import { DuplicateError, recordId, StaleRecordError } from "../server/records.server";
import { ActiveToggleForm } from "../components/table";

const EditSchema = ItemSchema.extend({ intent: z.literal("update"), version: VersionSchema });
const ActiveSchema = z.object({ intent: z.enum(["deactivate", "reactivate"]), version: VersionSchema });
const ActionSchema = z.discriminatedUnion("intent", [EditSchema, ActiveSchema]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params.tenant, "manage:item:any");
  const item = await getItem(ctx, recordId(params.itemId));
  if (!item) notFound();
  return json({ item });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params.tenant, "manage:item:any");
  const id = recordId(params.itemId);
  // a foreign or unknown record is a 404 before anything about the form is said
  if (!(await getItem(ctx, id))) notFound();
  const submission = parseWithZod(await request.formData(), { schema: ActionSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const { intent, version, ...rest } = submission.value;
  try {
    const updated = await updateItem(ctx, id, version, intent === "update" ? rest : { active: intent === "reactivate" });
    if (!updated) notFound();
    return json(submission.reply());
  } catch (e) {
    if (e instanceof StaleRecordError) return json(submission.reply({ formErrors: [e.message] }), { status: 409 });
    if (e instanceof DuplicateError) return json(submission.reply({ fieldErrors: { [e.field]: [e.message] } }), { status: 400 });
    throw e;
  }
}

export default function ItemPage() {
  const { item } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: `item-${item.id}-${item.version}`,
    lastResult,
    defaultValue: {
      code: item.code,
      description: item.description,
      uom: item.uom,
      abcClass: item.abcClass,
      leadTimeDays: String(item.leadTimeDays),
      standardCost: item.standardCost ?? "",
    },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EditSchema }),
  });
  return (
    <>
      <p>
        <Link to="../items">« Items</Link>
      </p>
      <h1>
        {item.code} {item.active ? null : <span className="badge off">Inactive</span>}
      </h1>
      <div className="card">
        <Form method="post" {...getFormProps(form)}>
          <FormError errors={form.errors} />
          <input type="hidden" name="intent" value="update" />
          <input type="hidden" name="version" value={item.version} />
          <ItemFormFields fields={fields} />
          <button type="submit">Save changes</button>
        </Form>
        <ActiveToggleForm active={item.active} version={item.version} deactivateLabel="Deactivate item" reactivateLabel="Reactivate item" />
      </div>
    </>
  );
}
