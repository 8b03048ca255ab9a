import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { FieldMessage } from "../components/form";
import { Notice } from "../components/forms-shared";
import { REDUCED_SCORE } from "../domain/aql-switching";
import { can } from "../domain/permissions";
import { notFound } from "../server/http-errors.server";
import { changeSwitchingState, getSwitchingState, InspectionError, type SwitchingAction } from "../server/inspections.server";
import { requireTenantPermission, requireTenantPermissionAny } from "../server/permissions.server";
import { recordId, StaleRecordError } from "../server/records.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermissionAny(request, params.tenant, "read:inspection");
  const found = await getSwitchingState(ctx, recordId(params.switchingId));
  if (!found) notFound();
  return json({ ...found, canManage: can(ctx.role, "manage:inspection:any"), reducedScore: REDUCED_SCORE });
}

const ActionSchema = z.object({
  intent: z.enum(["approve_reduced", "revert_to_normal", "restore_after_corrective_action"], { error: "Unknown action." }),
  version: z.coerce.number().int().min(1),
  note: z.string().trim().max(2000, "At most 2,000 characters.").default(""),
  productionSteady: z.literal("on").optional(),
});

type Errors = Record<string, string>;

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params.tenant, "manage:inspection:any");
  const id = recordId(params.switchingId);
  if (!(await getSwitchingState(ctx, id))) notFound();
  const parsed = ActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? "form"), i.message])) as Errors, ok: null }, { status: 400 });
  const { intent, version, note, productionSteady } = parsed.data;
  const act: SwitchingAction =
    intent === "approve_reduced" ? { kind: intent, productionSteady: productionSteady === "on", note } : { kind: intent, note };
  try {
    const { transition } = await changeSwitchingState(ctx, id, version, act);
    return json({ errors: {} as Errors, ok: transition ? `${transition.from} → ${transition.to}: ${transition.reason}.` : "Saved." });
  } catch (e) {
    if (e instanceof StaleRecordError) return json({ errors: { form: e.message } as Errors, ok: null }, { status: 409 });
    if (e instanceof InspectionError) return json({ errors: { [e.field]: e.message } as Errors, ok: null }, { status: e.status });
    throw e;
  }
}


export default function SwitchingStatePage() {
  const { row, partnerName, itemCode, itemDescription, state, history, canManage, reducedScore } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors as Errors | undefined;
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <p>
        <Link to="../switching">« Switching states</Link>
      </p>
      <h1>
        {partnerName} · {itemCode} <span className="muted">{itemDescription}</span>
      </h1>
      <Notice message={result?.ok} />
      <FieldMessage name="form" errors={errors} />
      <dl className="facts">
        <dt>Inspection</dt>
        <dd data-testid="severity">{state.discontinued ? "discontinued" : state.severity}</dd>
        {state.severity === "normal" && !state.discontinued ? (
          <>
            <dt>Switching score</dt>
            <dd>
              {state.switchingScore} of {reducedScore} needed for reduced inspection
            </dd>
          </>
        ) : null}
        <dt>Recent lots</dt>
        <dd>{state.recent.length ? state.recent.map((a) => (a ? "accepted" : "not accepted")).join(", ") : "—"}</dd>
        {state.severity === "tightened" ? (
          <>
            <dt>On tightened</dt>
            <dd>
              {state.consecutiveAccepted} consecutive accepted (5 return to normal); {state.tightenedNotAccepted} not accepted (5 discontinue)
            </dd>
          </>
        ) : null}
      </dl>
      {canManage ? (
        <>
          {state.discontinued ? (
            <Form method="post" aria-label="Restore inspection">
              <h2>Restore inspection after corrective action</h2>
              <input type="hidden" name="version" value={row.version} />
              <div className="field">
                <label htmlFor="note">Corrective action taken by the partner</label>
                <textarea id="note" name="note" rows={3} aria-describedby="note-error" />
                <FieldMessage name="note" errors={errors} />
              </div>
              <button type="submit" name="intent" value="restore_after_corrective_action" disabled={busy}>
                Restore on tightened inspection
              </button>
            </Form>
          ) : null}
          {state.severity === "normal" && !state.discontinued ? (
            <Form method="post" aria-label="Approve reduced inspection">
              <h2>Reduced inspection</h2>
              <input type="hidden" name="version" value={row.version} />
              <label>
                <input type="checkbox" name="productionSteady" /> Production is at a steady rate
              </label>
              <FieldMessage name="productionSteady" errors={errors} />
              <div className="field">
                <label htmlFor="note">Note</label>
                <input id="note" name="note" />
              </div>
              <button type="submit" name="intent" value="approve_reduced" disabled={busy || state.switchingScore < reducedScore}>
                Approve reduced inspection
              </button>
              {state.switchingScore < reducedScore ? <span className="muted"> Needs a switching score of {reducedScore}.</span> : null}
            </Form>
          ) : null}
          {state.severity === "reduced" && !state.discontinued ? (
            <Form method="post" aria-label="Revert to normal inspection">
              <h2>Revert to normal inspection</h2>
              <input type="hidden" name="version" value={row.version} />
              <div className="field">
                <label htmlFor="note">Why (e.g. production irregular)</label>
                <input id="note" name="note" />
              </div>
              <button type="submit" name="intent" value="revert_to_normal" disabled={busy}>
                Revert to normal
              </button>
            </Form>
          ) : null}
        </>
      ) : null}
      <h2>History</h2>
      <table aria-label="Switching history">
        <thead>
          <tr>
            <th>When</th>
            <th>Event</th>
            <th>Inspection</th>
            <th>Severity</th>
            <th>Score</th>
            <th>Reason</th>
            <th>By</th>
          </tr>
        </thead>
        <tbody>
          {history.map((h) => (
            <tr key={h.id}>
              <td>{h.at.slice(0, 16).replace("T", " ")}</td>
              <td>{h.event.replace(/_/g, " ")}</td>
              <td>{h.inspectionId ? <Link to={`../inspections/${h.inspectionId}`}>{h.inspectionNumber}</Link> : "—"}</td>
              <td>{h.fromSeverity === h.toSeverity ? h.toSeverity : `${h.fromSeverity} → ${h.toSeverity}`}</td>
              <td>{h.switchingScore}</td>
              <td>{h.reason || "—"}</td>
              <td>{h.actorName ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
