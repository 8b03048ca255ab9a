import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError } from "../components/form";
import { clientAddress, getCurrentUser, login } from "../server/auth.server";
import { sessionCookie } from "../server/session.server";
import { safeRedirect } from "../domain/safe-redirect";

export const meta: MetaFunction = () => [{ title: "Sign in · Supplier Portal" }];

const LoginSchema = z.object({
  email: z.string({ error: "Enter your email address." }).trim().email("Enter a valid email address."),
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password."),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getCurrentUser(request)) return redirect("/tenants");
  return json({});
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: LoginSchema });
  if (submission.status !== "success") {
    return json(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  const result = await login(email, password, clientAddress(request));
  if (!result.ok) {
    return json(submission.reply({ formErrors: [result.message], hideFields: ["password"] }), {
      status: result.status,
    });
  }
  return redirect(safeRedirect(redirectTo, "/tenants"), {
    headers: { "Set-Cookie": sessionCookie(request, result.token, result.expiresAt) },
  });
}

export default function LoginPage() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    id: "login",
    lastResult,
    constraint: getZodConstraint(LoginSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
  });
  return (
    <main className="auth">
      <h1>Sign in to the Supplier Portal</h1>
      <Form method="post" {...getFormProps(form)}>
        <FormError errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <Field label="Email" meta={fields.email} type="email" autoComplete="username" autoFocus />
        <Field label="Password" meta={fields.password} type="password" autoComplete="current-password" />
        <button type="submit">Sign in</button>
      </Form>
      <p>
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
    </main>
  );
}
