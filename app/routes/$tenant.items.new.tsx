import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { FormError } from "../components/form";
import { ItemFormFields } from "../components/item-form";
import { ItemSchema } from "../domain/forms";
import { createItem } from "../server/items.server";
import { requireTenantPermission } from "../server/permissions.server";
import { DuplicateError } from "../server/records.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireTenantPermission(request, params.tenant, "manage:item:any");
  return json({});
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params.tenant, "manage:item:any");
  const submission = parseWithZod(await request.formData(), { schema: ItemSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  try {
    await createItem(ctx, submission.value);
    return redirect(`/${ctx.tenantSlug}/items?q=${encodeURIComponent(submission.value.code)}`);
  } catch (e) {
    if (e instanceof DuplicateError) return json(submission.reply({ fieldErrors: { [e.field]: [e.message] } }), { status: 400 });
    throw e;
  }
}

export default function NewItem() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "new-item",
    lastResult,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ItemSchema }),
  });
  return (
    <>
      <h1>New item</h1>
      <Form method="post" {...getFormProps(form)}>
        <FormError errors={form.errors} />
        <ItemFormFields fields={fields} />
        <button type="submit">Create item</button>
      </Form>
    </>
  );
}
