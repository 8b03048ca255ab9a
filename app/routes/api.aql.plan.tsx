// GET /api/aql/plan?lotSize=3200&level=II&aql=2.5&severity=normal — the ISO 2859-1 single sampling
// plan as JSON, for any signed-in user. Bad parameters: 400 naming each parameter and its values.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { samplingPlan } from "../domain/aql";
import { parsePlanQuery } from "../domain/aql-query";
import { getCurrentUser } from "../server/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  // an API answers 401 rather than redirecting to the sign-in page
  if (!(await getCurrentUser(request))) return json({ error: "Sign in to use the sampling-plan API." }, { status: 401 });
  const url = new URL(request.url);
  const parsed = parsePlanQuery((name) => url.searchParams.get(name));
  if (!parsed.ok) {
    const errors = Object.fromEntries(Object.entries(parsed.errors).filter(([, v]) => v));
    return json({ error: Object.values(errors).join(" "), errors }, { status: 400 });
  }
  const plan = samplingPlan(parsed.value);
  return json(
    { codeLetter: plan.codeLetter, sampleSize: plan.sampleSize, acceptance: plan.acceptance, rejection: plan.rejection, inspectAll: plan.inspectAll },
    { headers: { "Cache-Control": "private, max-age=3600" } },
  );
}
