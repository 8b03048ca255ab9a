import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError } from "../components/form";
import { NewPasswordSchema } from "../domain/password-policy";
import { ROLE_LABELS } from "../domain/permissions";
import {
  acceptInvitationAsUser,
  createAccountFromInvitation,
  findPendingInvitation,
  INVITATION_GONE,
  type AcceptResult,
} from "../server/accounts.server";
import { getCurrentUser, normalizeEmail } from "../server/auth.server";
import { createSession, sessionCookie } from "../server/session.server";

export const meta: MetaFunction = () => [{ title: "Accept your invitation · Supplier Portal" }];

// No password is ever checked here: an existing account signs in at /login (throttled) and then
// accepts while signed in; a new person chooses a name and password.
const NewAccount = z
  .object({
    intent: z.literal("create").optional(),
    name: z.string({ error: "Enter your name." }).trim().min(1, "Enter your name.").max(120),
    password: NewPasswordSchema,
    confirm: z.string({ error: "Type the password again." }),
  })
  .refine((v) => v.password === v.confirm, { message: "The two passwords differ.", path: ["confirm"] });
const Accept = z.object({ intent: z.literal("accept") });

const STATUS: Record<Exclude<AcceptResult, { ok: true }>["reason"], number> = {
  gone: 410,
  taken: 409,
  "sign-in": 409,
  "already-member": 409,
  "not-yours": 403,
};
const HIDDEN = ["password", "confirm"];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const inv = await findPendingInvitation(token);
  if (!inv) return json({ invitation: null, signedInAs: null, isInvitee: false, invitePath: "" });
  const current = await getCurrentUser(request);
  return json({
    invitation: { tenantName: inv.tenantName, email: inv.email, role: ROLE_LABELS[inv.role] },
    signedInAs: current?.user.email ?? null,
    isInvitee: current ? normalizeEmail(current.user.email) === inv.email : false,
    invitePath: `/invite/${token}`,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const formData = await request.formData();
  const current = await getCurrentUser(request);

  if (formData.get("intent") === "accept") {
    const submission = parseWithZod(formData, { schema: Accept });
    if (!current) return json(submission.reply({ formErrors: ["Sign in to accept this invitation."] }), { status: 403 });
    const result = await acceptInvitationAsUser(token, current.user);
    if (!result.ok) return json(submission.reply({ formErrors: [result.message] }), { status: STATUS[result.reason] });
    return redirect(`/${result.tenantSlug}`);
  }

  const submission = parseWithZod(formData, { schema: NewAccount });
  if (submission.status !== "success") return json(submission.reply({ hideFields: HIDDEN }), { status: 400 });
  if (current) {
    // signed in already: never make a login alongside the session's account, nor for someone else
    const inv = await findPendingInvitation(token);
    const [status, message] = !inv
      ? [410, INVITATION_GONE]
      : normalizeEmail(current.user.email) === inv.email
        ? [409, "You already have a login: accept the invitation with the button below."]
        : [403, `You're signed in as ${current.user.email}. Sign out to accept an invitation for ${inv.email}.`];
    return json(submission.reply({ formErrors: [message], hideFields: HIDDEN }), { status });
  }
  const result = await createAccountFromInvitation(token, { name: submission.value.name, password: submission.value.password });
  if (!result.ok) return json(submission.reply({ formErrors: [result.message], hideFields: HIDDEN }), { status: STATUS[result.reason] });
  const session = await createSession(result.userId);
  return redirect(`/${result.tenantSlug}`, { headers: { "Set-Cookie": sessionCookie(request, session.token, session.expiresAt) } });
}

export default function AcceptInvitation() {
  const { invitation, signedInAs, isInvitee, invitePath } = useLoaderData<typeof loader>();
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
      {signedInAs && isInvitee ? (
        <Form method="post" {...getFormProps(form)}>
          <FormError errors={form.errors} />
          <p>
            You're signed in as <strong>{signedInAs}</strong>. Accept to add {invitation.tenantName} to your account.
          </p>
          <button type="submit" name="intent" value="accept">
            Accept the invitation
          </button>
        </Form>
      ) : signedInAs ? (
        <>
          <FormError errors={form.errors} />
          <p>
            You're signed in as <strong>{signedInAs}</strong>, but this invitation is for <strong>{invitation.email}</strong>. Sign out, then sign in as{" "}
            {invitation.email} (or choose a password for it) to accept.
          </p>
          <Form method="post" action="/logout">
            <input type="hidden" name="redirectTo" value={invitePath} />
            <button type="submit" className="secondary">
              Sign out
            </button>
          </Form>
        </>
      ) : (
        <>
          <h2>Already on the Supplier Portal with this address?</h2>
          <p>
            <Link to={`/login?redirectTo=${encodeURIComponent(invitePath)}`}>Sign in to accept</Link> with your password, then accept the invitation.
          </p>
          <h2>New to the Supplier Portal?</h2>
          <Form method="post" {...getFormProps(form)}>
            <FormError errors={form.errors} />
            <input type="hidden" name="intent" value="create" />
            <Field label="Your name" meta={fields.name} autoComplete="name" />
            <Field label="Choose a password" meta={fields.password} type="password" autoComplete="new-password" hint="At least 12 characters." />
            <Field label="Password again" meta={fields.confirm} type="password" autoComplete="new-password" />
            <button type="submit">Create my login and accept</button>
          </Form>
        </>
      )}
    </main>
  );
}
