import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError } from "../components/form";
import { NewPasswordPair } from "../domain/password-policy";
import { isResetTokenUsable, resetPassword } from "../server/accounts.server";

export const meta: MetaFunction = () => [{ title: "Choose a new password · Supplier Portal" }];

export async function loader({ params }: LoaderFunctionArgs) {
  return json({ usable: await isResetTokenUsable(params.token ?? "") });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: NewPasswordPair });
  if (submission.status !== "success") return json(submission.reply({ hideFields: ["password", "confirm"] }), { status: 400 });
  const userId = await resetPassword(params.token ?? "", submission.value.password);
  if (!userId) {
    return json(submission.reply({ formErrors: ["This reset link has expired or was already used. Ask for a new one."], hideFields: ["password", "confirm"] }), { status: 410 });
  }
  return redirect("/login?reset=1");
}

export default function ResetPassword() {
  const { usable } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({ id: "reset", lastResult, onValidate: ({ formData }) => parseWithZod(formData, { schema: NewPasswordPair }) });
  if (!usable && !lastResult) {
    return (
      <main className="auth">
        <h1>This link can't be used</h1>
        <p>It has expired or was already used.</p>
        <Link to="/forgot-password">Ask for a new link</Link>
      </main>
    );
  }
  return (
    <main className="auth">
      <h1>Choose a new password</h1>
      <Form method="post" {...getFormProps(form)}>
        <FormError errors={form.errors} />
        <Field label="New password" meta={fields.password} type="password" autoComplete="new-password" />
        <Field label="New password again" meta={fields.confirm} type="password" autoComplete="new-password" />
        <button type="submit">Save the new password</button>
      </Form>
    </main>
  );
}
