import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { hashToken } from "../domain/session-token";
import { clearSessionCookie, invalidateSession, readSessionToken } from "../server/session.server";

export async function action({ request }: ActionFunctionArgs) {
  const token = readSessionToken(request);
  if (token) await invalidateSession(hashToken(token));
  return redirect("/login", { headers: { "Set-Cookie": clearSessionCookie(request) } });
}

export async function loader() {
  return redirect("/");
}
