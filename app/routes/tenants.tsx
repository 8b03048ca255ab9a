import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ROLE_LABELS } from "../domain/permissions";
import { listMemberships, requireUser } from "../server/auth.server";

export const meta: MetaFunction = () => [{ title: "Choose a company · Supplier Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const memberships = await listMemberships(user.id);
  // one membership: nothing to choose
  if (memberships.length === 1 && !new URL(request.url).searchParams.has("all")) {
    return redirect(`/${memberships[0].tenantSlug}`);
  }
  return json({ user, memberships });
}

export default function TenantPicker() {
  const { user, memberships } = useLoaderData<typeof loader>();
  return (
    <main className="auth">
      <h1>Choose a company</h1>
      <p className="muted">Signed in as {user.email}</p>
      {memberships.length === 0 ? (
        <p>You are not a member of any company yet. Ask for an invitation.</p>
      ) : (
        <ul>
          {memberships.map((m) => (
            <li key={m.membershipId}>
              <Link to={`/${m.tenantSlug}`}>{m.tenantName}</Link> <span className="muted">({ROLE_LABELS[m.role]})</span>
            </li>
          ))}
        </ul>
      )}
      <Form method="post" action="/logout">
        <button type="submit" className="secondary">
          Sign out
        </button>
      </Form>
    </main>
  );
}
