import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getCurrentUser } from "../server/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return redirect((await getCurrentUser(request)) ? "/tenants" : "/login");
}
