import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError } from "../components/form";
import { NewPasswordSchema } from "../domain/password-policy";
import { ROLE_LABELS } from "../domain/permissions";
import { acceptInvitation, findPendingInvitation } from "../server/accounts.server";
import { createSession, sessionCookie } from "../server/session.server";

export const meta: MetaFunction = () => [{ title: "Accept your invitation · Supplier Portal" }];

const NewAccount = z
  .object({
    name: z.string({ error: "Enter your name." }).trim().min(1, "Enter your name.").max(120),
    password: NewPasswordSchema,
    confirm: z.string({ error: "Type the password again." }),
  })
  .refine((v) => v.password === v.confirm, { message: "The two passwords differ.", path: ["confirm"] });
const ExistingAccount = z.object({ password: z.string({ error: "Enter your current password." }).min(1, "Enter your current password.") });

export async function loader({ params }: LoaderFunctionArgs) {
  const inv = await findPendingInvitation(params.token ?? "");
  if (!inv) return json({ invitation: null });
  return json({
    invitation: { tenantName: inv.tenantName, email: inv.email, role: ROLE_LABELS[inv.role], accountExists: inv.accountExists },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const inv = await findPendingInvitation(token);
  const formData = await request.formData();
  const schema = inv?.accountExists ? ExistingAccount : NewAccount;
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") return json(submission.reply({ hideFields: ["password", "confirm"] }), { status: 400 });
  const value = submission.value as { name?: string; password: string };
  const result = await acceptInvitation(token, value);
  if (!result.ok) {
    return json(
      submission.reply(
        result.field === "password"
          ? { fieldErrors: { password: [result.message] }, hideFields: ["password", "confirm"] }
          : { formErrors: [result.message], hideFields: ["password", "confirm"] },
      ),
      { status: result.field === "password" ? 400 : 410 },
    );
  }
  const session = await createSession(result.userId);
  return redirect(`/${result.tenantSlug}`, { headers: { "Set-Cookie": sessionCookie(request, session.token, session.expiresAt) } });
}

export default function AcceptInvitation() {
  const { invitation } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({ id: "invite", lastResult });
  if (!invitation) {
    return (
      <main className="auth">
        <h1>This invitation can't be used</h1>
        <p>It has expired, was already accepted or was withdrawn. Ask the person who invited you for a new one.</p>
        <Link to="/login">Sign in</Link>
      </main>
    );
  }
  return (
    <main className="auth">
      <h1>Join {invitation.tenantName}</h1>
      <p>
        You were invited as <strong>{invitation.role}</strong> with the address <strong>{invitation.email}</strong>.
      </p>
      <Form method="post" {...getFormProps(form)}>
        <FormError errors={form.errors} />
        {invitation.accountExists ? (
          <>
            <p>You already have an account. Enter its password to add {invitation.tenantName} to it.</p>
            <Field label="Your password" meta={fields.password} type="password" autoComplete="current-password" />
          </>
        ) : (
          <>
            <Field label="Your name" meta={fields.name} autoComplete="name" />
            <Field label="Choose a password" meta={fields.password} type="password" autoComplete="new-password" hint="At least 12 characters." />
            <Field label="Password again" meta={fields.confirm} type="password" autoComplete="new-password" />
          </>
        )}
        <button type="submit">Accept the invitation</button>
      </Form>
    </main>
  );
}
