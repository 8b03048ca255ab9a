import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { Field } from "../components/form";
import { requestPasswordReset } from "../server/accounts.server";

export const meta: MetaFunction = () => [{ title: "Reset your password · Supplier Portal" }];

const Schema = z.object({ email: z.string({ error: "Enter your email address." }).trim().email("Enter a valid email address.") });

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: Schema });
  if (submission.status !== "success") return json({ result: submission.reply(), sent: false }, { status: 400 });
  await requestPasswordReset(submission.value.email);
  return json({ result: submission.reply({ resetForm: true }), sent: true });
}

export default function ForgotPassword() {
  const data = useActionData<typeof action>();
  const [form, fields] = useForm({ id: "forgot", lastResult: data?.result, onValidate: ({ formData }) => parseWithZod(formData, { schema: Schema }) });
  return (
    <main className="auth">
      <h1>Reset your password</h1>
      {data?.sent ? (
        <p className="notice" role="status">
          If an account uses that address, we sent it a link to choose a new password. The link works once and expires in 30 minutes.
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)}>
        <Field label="Email" meta={fields.email} type="email" autoComplete="username" />
        <button type="submit">Email me a reset link</button>
      </Form>
      <p>
        <Link to="/login">Back to sign in</Link>
      </p>
    </main>
  );
}
