import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { safeRedirect } from "../domain/safe-redirect";
import { hashToken } from "../domain/session-token";
import { clearSessionCookie, invalidateSession, readSessionToken } from "../server/session.server";

export async function action({ request }: ActionFunctionArgs) {
  const token = readSessionToken(request);
  if (token) await invalidateSession(hashToken(token));
  // a page may ask to come back after signing out (an invitation for another address); same-site only
  const form = await request.formData().catch(() => null);
  const back = form?.get("redirectTo");
  return redirect(safeRedirect(typeof back === "string" ? back : null, "/login"), { headers: { "Set-Cookie": clearSessionCookie(request) } });
}

export async function loader() {
  return redirect("/");
}
