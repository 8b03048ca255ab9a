import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { can } from "../domain/permissions";
import {
  ACK_CODE_LABELS,
  allowedEvents,
  diffRevisions,
  lineTotal,
  PO_STATUS_LABELS,
  poTotal,
  PoTransitionError,
  receiptVariance,
  type AckCode,
  type LineAnswer,
  type PoSnapshot,
  type PoStatus,
} from "../domain/po";
import { isoDate, quantitySchema } from "../domain/po-forms";
import { answeredDemand, answerOverCommitments, describeOverCommitment, type RouteLoad } from "../domain/capacity";
import { isUuid } from "../domain/ids";
import { orderCapacity, RoutingError, setLineRoute } from "../server/capacity-load.server";
import { notFound } from "../server/http-errors.server";
import { requireTenantPermissionAny } from "../server/permissions.server";
import {
  acceptProposedChanges,
  cancelPurchaseOrder,
  closePurchaseOrder,
  declineProposedChanges,
  getPurchaseOrder,
  issuePurchaseOrder,
  PoError,
  recordReceipts,
  respondToPurchaseOrder,
} from "../server/purchase-orders.server";
import { recordId, StaleRecordError } from "../server/records.server";

type Problem = { lineId: string; field: string; message: string };
type OverCapacityRow = { label: string; week: string; capacity: string; demandAfter: string; over: string };
type ActionData = { formError?: string; problems?: Problem[]; notice?: string; overCapacity?: OverCapacityRow[] };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermissionAny(request, params.tenant, "read:po");
  const found = await getPurchaseOrder(ctx, recordId(params.poId));
  if (!found || (ctx.isPartner && found.po.status === "draft")) notFound();
  const status = found.po.status as PoStatus;
  const events = allowedEvents(status);
  const manage = can(ctx.role, "manage:po:any");
  const capacity = await orderCapacity(ctx, found.po.id, found.po.partnerId, status, found.lines.map((l) => l.line));
  const revisions = found.revisions.map((r, i) => ({
    revision: r.revision,
    reason: r.reason,
    createdAt: r.createdAt,
    diff: i === 0 ? null : diffRevisions(found.revisions[i - 1].snapshot as PoSnapshot, r.snapshot as PoSnapshot),
  }));
  return json({
    po: found.po,
    partnerName: found.partnerName,
    shipTo: found.facilityName ? [found.facilityName, found.facilityAddress, found.facilityCity, found.facilityCountry].filter(Boolean).join(", ") : "—",
    lines: found.lines.map((l) => ({
      ...l.line,
      itemCode: l.itemCode,
      itemDescription: l.itemDescription,
      total: lineTotal(l.line.quantity, l.line.unitPrice),
      // over- or under-receipt beyond the tenant's tolerance, once goods have arrived
      receipt:
        Number(l.line.quantityReceived) > 0 && !l.line.cancelled
          ? receiptVariance(l.line.quantity, l.line.quantityReceived, Number(found.settings?.receiptTolerancePct ?? 5))
          : null,
    })),
    tolerancePct: Number(found.settings?.receiptTolerancePct ?? 5),
    capacity: {
      lineRoutes: capacity.lineRoutes,
      routes: capacity.routes,
      choices: capacity.choices,
      projected: capacity.projected,
      flagged: (found.po.overCommitted ? (found.po.overCommitment as OverCapacityRow[] | null) ?? [] : null) as OverCapacityRow[] | null,
    },
    total: poTotal(found.lines.map((l) => ({ quantity: l.line.quantity, unitPrice: l.line.unitPrice, cancelled: l.line.cancelled }))),
    revisions,
    today: new Date().toISOString().slice(0, 10),
    can: {
      respond: ctx.isPartner && can(ctx.role, "respond:po:own") && events.includes("respond"),
      issue: manage && events.includes("issue"),
      review: manage && status === "changes_proposed",
      cancel: manage && events.includes("cancel"),
      receive: can(ctx.role, "receive:po:any") && events.includes("receive"),
      close: manage && events.includes("close"),
      revise: manage && events.includes("revise"),
    },
  });
}

const Version = z.coerce.number().int().min(1);

function answersFrom(form: { get(name: string): unknown }, lineIds: string[]): Record<string, LineAnswer> {
  const answers: Record<string, LineAnswer> = {};
  for (const id of lineIds) {
    const kind = String(form.get(`answer.${id}`) ?? "accept");
    const reason = String(form.get(`reason.${id}`) ?? "").trim();
    if (kind === "reject") answers[id] = { kind: "reject", reason };
    else if (kind === "change") {
      const opt = (k: string) => {
        const v = String(form.get(`${k}.${id}`) ?? "").trim();
        return v ? v : undefined;
      };
      answers[id] = { kind: "change", quantity: opt("quantity"), unitPrice: opt("unitPrice"), committedDate: opt("committedDate"), reason };
    } else answers[id] = { kind: "accept" };
  }
  return answers;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermissionAny(request, params.tenant, "read:po");
  const id = recordId(params.poId);
  const found = await getPurchaseOrder(ctx, id);
  if (!found || (ctx.isPartner && found.po.status === "draft")) notFound();
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const version = Version.safeParse(form.get("version"));
  if (!version.success) return json<ActionData>({ formError: "The form is missing its version. Reload the page." }, { status: 400 });
  const v = version.data;
  const manage = can(ctx.role, "manage:po:any");
  try {
    switch (intent) {
      case "accept-all":
      case "respond": {
        if (!ctx.isPartner || !can(ctx.role, "respond:po:own")) notFound();
        const lineIds = found.lines.filter((l) => !l.line.cancelled).map((l) => l.line.id);
        const answers = intent === "accept-all" ? Object.fromEntries(lineIds.map((lid) => [lid, { kind: "accept" } as LineAnswer])) : answersFrom(form, lineIds);
        const result = await respondToPurchaseOrder(ctx, id, v, answers, new Date().toISOString().slice(0, 10), { confirmOverCapacity: form.get("confirmOverCapacity") === "on" });
        if (!result) notFound();
        if (result.problems.length) return json<ActionData>({ problems: result.problems, formError: "Some answers need fixing before they can be sent." }, { status: 400 });
        if (!result.po && result.overCapacity?.length)
          return json<ActionData>(
            { overCapacity: result.overCapacity, formError: "This answer would put weeks over your declared capacity. Tick the box to send it anyway, or change the lines." },
            { status: 400 },
          );
        return json<ActionData>({
          notice: result.overCapacity?.length ? "Your answer was sent to the buyer, flagged as over your declared capacity." : "Your answer was sent to the buyer.",
        });
      }
      case "issue":
        if (!manage) notFound();
        await issuePurchaseOrder(ctx, id, v);
        return json<ActionData>({ notice: "Issued: the partner has been emailed." });
      case "accept-changes":
        if (!manage) notFound();
        await acceptProposedChanges(ctx, id, v);
        return json<ActionData>({ notice: "Changes accepted: the order is confirmed at a new revision." });
      case "decline-changes": {
        if (!manage) notFound();
        const comment = String(form.get("comment") ?? "").trim();
        if (comment.length < 3) return json<ActionData>({ problems: [{ lineId: "", field: "comment", message: "Tell the partner why you decline." }] }, { status: 400 });
        await declineProposedChanges(ctx, id, v, comment.slice(0, 1000));
        return json<ActionData>({ notice: "Changes declined: the order is back with the partner." });
      }
      case "cancel": {
        if (!manage) notFound();
        const reason = String(form.get("reason") ?? "").trim();
        if (reason.length < 3) return json<ActionData>({ problems: [{ lineId: "", field: "reason", message: "Say why the order is cancelled." }] }, { status: 400 });
        await cancelPurchaseOrder(ctx, id, v, reason.slice(0, 500));
        return json<ActionData>({ notice: "The order is cancelled." });
      }
      case "receive": {
        if (!can(ctx.role, "receive:po:any")) notFound();
        const problems: Problem[] = [];
        const entries = [];
        const receivedOn = String(form.get("receivedOn") ?? "");
        const date = isoDate.safeParse(receivedOn);
        // a date outside the business dates says which dates are (limits.ts)
        if (!date.success) problems.push({ lineId: "", field: "receivedOn", message: receivedOn ? date.error.issues[0].message : "Enter the date the goods arrived." });
        for (const l of found.lines.filter((x) => !x.line.cancelled)) {
          const raw = String(form.get(`received.${l.line.id}`) ?? "").trim();
          if (!raw) continue;
          const q = quantitySchema.safeParse(raw);
          if (!q.success) problems.push({ lineId: l.line.id, field: "received", message: q.error.issues[0].message });
          else entries.push({ lineId: l.line.id, quantity: q.data, receivedOn: date.success ? date.data : "" });
        }
        if (!problems.length && !entries.length) problems.push({ lineId: "", field: "receivedOn", message: "Enter the quantity received on at least one line." });
        if (problems.length) return json<ActionData>({ problems }, { status: 400 });
        const result = await recordReceipts(ctx, id, v, entries);
        if (!result) notFound();
        const flagged = result.flags.map((f) => `line ${f.lineNo} ${f.flag} by ${Math.abs(f.pct).toFixed(1)}%`).join(", ");
        return json<ActionData>({ notice: flagged ? `Receipt recorded. Outside tolerance: ${flagged}.` : "Receipt recorded." });
      }
      case "route-line": {
        if (ctx.isPartner || !(ctx.role === "admin" || ctx.role === "planner")) notFound();
        const lineId = String(form.get("lineId") ?? "");
        if (!found.lines.some((l) => l.line.id === lineId)) notFound();
        const chosen = String(form.get("route") ?? "");
        const [facilityId, ...rest] = chosen.split("|");
        if (chosen && (!isUuid(facilityId) || !rest.length)) return json<ActionData>({ problems: [{ lineId, field: "route", message: "Choose a resource." }] }, { status: 400 });
        const shown = (k: string) => String(form.get(k) ?? "") || null;
        await setLineRoute(ctx, lineId, chosen ? { facilityId, resource: rest.join("|") } : null, { facilityId: shown("shownFacility"), resource: shown("shownResource") });
        return json<ActionData>({ notice: chosen ? "The line now loads the resource you chose." : "The line loads its item's default resource again." });
      }
      case "close":
        if (!manage) notFound();
        await closePurchaseOrder(ctx, id, v);
        return redirect(`/${ctx.tenantSlug}/orders/${id}`);
      default:
        return json<ActionData>({ formError: "Unknown action." }, { status: 400 });
    }
  } catch (e) {
    if (e instanceof StaleRecordError) return json<ActionData>({ formError: e.message }, { status: 409 });
    if (e instanceof PoTransitionError) return json<ActionData>({ formError: e.message }, { status: 409 });
    if (e instanceof PoError) return json<ActionData>({ formError: e.message }, { status: e.status });
    if (e instanceof RoutingError)
      return json<ActionData>({ problems: [{ lineId: String(form.get("lineId") ?? ""), field: "route", message: e.message }] }, { status: e.status });
    throw e;
  }
}

/** The weeks an answer would put over declared capacity, weighed in the browser as the partner types. */
function overCapacityOf(
  lines: { id: string; cancelled: boolean; quantity: string; quantityShipped: string; requestedDate: string; committedDate: string | null }[],
  answers: Record<string, LineAnswer>,
  lineRoutes: Record<string, string | null>,
  routes: Record<string, RouteLoad>,
): OverCapacityRow[] {
  try {
    return answerOverCommitments(
      lines.filter((l) => !l.cancelled && answers[l.id]).map((l) => ({ route: lineRoutes[l.id] ?? null, before: null, after: answeredDemand(l, answers[l.id]) })),
      routes,
    );
  } catch {
    // a half-typed quantity or date: the server checks the answer as sent
    return [];
  }
}

function OverCapacityList({ rows, testId }: { rows: OverCapacityRow[]; testId: string }) {
  return (
    <ul data-testid={testId}>
      {rows.map((o) => (
        <li key={`${o.label}|${o.week}`}>{describeOverCommitment(o)}</li>
      ))}
    </ul>
  );
}

function problemFor(problems: Problem[] | undefined, lineId: string, field: string) {
  return problems?.find((p) => p.lineId === lineId && p.field === field)?.message;
}

/** The message for one field (of one line, or of the whole form when lineId is ""), beside it. */
function ProblemText({ problems, lineId = "", field }: { problems: Problem[] | undefined; lineId?: string; field: string }) {
  const message = problemFor(problems, lineId, field);
  return message ? (
    <div className="error" role="alert">
      {message}
    </div>
  ) : null;
}

export default function PurchaseOrderPage() {
  const { po, partnerName, shipTo, lines, total, revisions, can: allowed, today, tolerancePct, capacity } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const status = po.status as PoStatus;
  const [answers, setAnswers] = useState<Record<string, string>>({});
  // the answer form's fields as typed, so the over-capacity warning follows every keystroke
  const [typed, setTyped] = useState<Record<string, string>>({});
  const liveLines = lines.filter((l) => !l.cancelled);
  const liveAnswers = answersFrom({ get: (name: string) => typed[name] ?? null }, liveLines.map((l) => l.id));
  const warning = allowed.respond ? overCapacityOf(lines, liveAnswers, capacity.lineRoutes, capacity.routes) : [];
  const overCapacity = data?.overCapacity?.length ? data.overCapacity : warning;
  const routeLabel = (id: string) => {
    const key = capacity.lineRoutes[id];
    return key ? (capacity.routes[key]?.label ?? "—") : null;
  };
  return (
    <>
      <p>
        <Link to="../orders">« Purchase orders</Link>
      </p>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h1>
          {po.number} <span className="muted">revision {po.revision}</span> <span className="badge" data-testid="po-status">{PO_STATUS_LABELS[status] ?? status}</span>
        </h1>
        <div className="row">
          {allowed.revise ? (
            <Link className="button secondary" to={`../orders/${po.id}/revise`}>
              Revise
            </Link>
          ) : null}
          <a className="button secondary" href={`${po.id}/pdf`}>
            Download PDF
          </a>
        </div>
      </div>
      {data?.notice ? (
        <p className="notice" role="status">
          {data.notice}
        </p>
      ) : null}
      {data?.formError ? (
        <p className="form-error" role="alert">
          {data.formError}
        </p>
      ) : null}
      <div className="card grid">
        <div>
          <strong>Partner</strong>
          <br />
          {partnerName}
        </div>
        <div>
          <strong>Ship to</strong>
          <br />
          {shipTo}
        </div>
        <div>
          <strong>Terms</strong>
          <br />
          {po.incoterms} · {po.paymentTerms || "—"} · {po.currency}
        </div>
        <div>
          <strong>Type / priority</strong>
          <br />
          {po.orderType} · {po.priority}
        </div>
        <div>
          <strong>Total</strong>
          <br />
          {total} {po.currency}
        </div>
        {po.cancelReason ? (
          <div>
            <strong>Cancelled because</strong>
            <br />
            {po.cancelReason}
          </div>
        ) : null}
      </div>
      {po.notes ? <p>{po.notes}</p> : null}
      {capacity.flagged ? (
        <div className="card warning" role="note" data-testid="po-over-capacity">
          <strong>Over capacity.</strong> {po.overCommittedAt ? `Accepted on ${po.overCommittedAt.slice(0, 10)} beyond the partner's declared capacity:` : "Beyond the partner's declared capacity:"}
          <OverCapacityList rows={capacity.flagged} testId="po-over-capacity-weeks" />
        </div>
      ) : null}

      <Form
        method="post"
        replace
        onChange={(e) => {
          if (!allowed.respond) return;
          const fields: Record<string, string> = {};
          new FormData(e.currentTarget).forEach((v, k) => (fields[k] = String(v)));
          setTyped(fields);
        }}
      >
        <input type="hidden" name="version" value={po.version} />
        <table aria-label="Lines">
          <thead>
            <tr>
              <th>#</th>
              <th>Item</th>
              <th>Qty</th>
              <th>Unit price</th>
              <th>Total</th>
              <th>Requested</th>
              <th>Committed (first / current)</th>
              <th>Shipped / received</th>
              <th>Answer</th>
              <th>Loads</th>
              {allowed.respond ? <th>Your answer</th> : null}
              {allowed.receive ? <th>Received now</th> : null}
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => {
              const choice = answers[l.id] ?? "accept";
              return (
                <tr key={l.id} style={l.cancelled ? { opacity: 0.5 } : undefined}>
                  <td>{l.lineNo}</td>
                  <td>
                    {l.itemCode}
                    <br />
                    <span className="muted">{l.itemDescription}</span>
                    {l.cancelled ? <span className="badge off">Cancelled</span> : null}
                  </td>
                  <td>
                    {l.quantity} {l.uom}
                    {l.proposedQuantity ? <div className="badge">proposed {l.proposedQuantity}</div> : null}
                  </td>
                  <td>
                    {l.unitPrice}
                    {l.proposedUnitPrice ? <div className="badge">proposed {l.proposedUnitPrice}</div> : null}
                  </td>
                  <td>{l.total}</td>
                  <td>{l.requestedDate}</td>
                  <td>
                    {l.firstCommittedDate ?? "—"} / {l.committedDate ?? "—"}
                    {l.proposedDate ? <div className="badge">proposed {l.proposedDate}</div> : null}
                  </td>
                  <td>
                    {l.quantityShipped} / {l.quantityReceived}
                    {l.receipt?.flag ? (
                      <div className="badge off" title={`Tolerance ±${tolerancePct}%`}>
                        {l.receipt.flag === "over" ? "Over" : "Under"}-received {Math.abs(l.receipt.pct).toFixed(1)}%
                      </div>
                    ) : null}
                  </td>
                  <td>
                    {l.responseCode ? `${l.responseCode} — ${ACK_CODE_LABELS[l.responseCode as AckCode] ?? ""}` : "—"}
                    {l.responseReason ? <div className="muted">“{l.responseReason}”</div> : null}
                  </td>
                  <td>
                    {routeLabel(l.id) ?? <span className="muted">not routed</span>}
                    {l.capacityResource ? <div className="muted">moved by the planner</div> : null}
                  </td>
                  {allowed.respond ? (
                    <td>
                      {l.cancelled ? null : (
                        <>
                          <select
                            name={`answer.${l.id}`}
                            aria-label={`Answer for line ${l.lineNo}`}
                            value={choice}
                            onChange={(e) => setAnswers({ ...answers, [l.id]: e.target.value })}
                          >
                            <option value="accept">Accept</option>
                            <option value="change">Propose a change</option>
                            <option value="reject">Reject</option>
                          </select>
                          {choice === "change" ? (
                            <div className="row">
                              <label>
                                Qty <input name={`quantity.${l.id}`} size={7} defaultValue={l.quantity} aria-label={`Line ${l.lineNo} quantity`} />
                              </label>
                              <label>
                                Price <input name={`unitPrice.${l.id}`} size={7} defaultValue={l.unitPrice} aria-label={`Line ${l.lineNo} price`} />
                              </label>
                              <label>
                                Date{" "}
                                <input type="date" name={`committedDate.${l.id}`} min={today} defaultValue={l.committedDate ?? l.requestedDate} aria-label={`Line ${l.lineNo} committed date`} />
                              </label>
                            </div>
                          ) : null}
                          {choice !== "accept" ? <input name={`reason.${l.id}`} placeholder="Reason" aria-label={`Line ${l.lineNo} reason`} /> : null}
                          {["answer", "quantity", "unitPrice", "committedDate", "reason"].map((f) => (
                            <ProblemText key={f} problems={data?.problems} lineId={l.id} field={f} />
                          ))}
                        </>
                      )}
                    </td>
                  ) : null}
                  {allowed.receive ? (
                    <td>
                      {l.cancelled ? null : <input name={`received.${l.id}`} size={7} inputMode="decimal" aria-label={`Line ${l.lineNo} received quantity`} />}
                      <ProblemText problems={data?.problems} lineId={l.id} field="received" />
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
        {allowed.respond && overCapacity.length ? (
          <div className="card warning" role="alert" data-testid="over-capacity-warning" style={{ marginTop: 12 }}>
            <strong>This answer goes over your declared capacity.</strong> Sent as it is, the buyer sees the order flagged as over-committed.
            <OverCapacityList rows={overCapacity} testId="over-capacity-weeks" />
            <label>
              <input type="checkbox" name="confirmOverCapacity" /> Send anyway: we commit to these weeks beyond our declared capacity
            </label>
          </div>
        ) : null}
        {allowed.respond ? (
          <div className="row" style={{ marginTop: 12 }}>
            <button type="submit" name="intent" value="accept-all" disabled={busy}>
              Accept all lines
            </button>
            <button type="submit" name="intent" value="respond" className="secondary" disabled={busy}>
              Send line answers
            </button>
          </div>
        ) : null}
        {allowed.receive ? (
          <div className="row" style={{ marginTop: 12 }}>
            <div className="field">
              <label htmlFor="receivedOn">Received on</label>
              <input id="receivedOn" name="receivedOn" type="date" defaultValue={today} />
              <ProblemText problems={data?.problems} field="receivedOn" />
            </div>
            <div className="field">
              <button type="submit" name="intent" value="receive" disabled={busy}>
                Record receipt
              </button>
            </div>
          </div>
        ) : null}
      </Form>

      {allowed.issue ? (
        <Form method="post" style={{ marginTop: 16 }}>
          <input type="hidden" name="version" value={po.version} />
          <button type="submit" name="intent" value="issue">
            Issue to partner
          </button>
        </Form>
      ) : null}
      {allowed.review ? (
        <div className="card" style={{ marginTop: 16 }}>
          <h2>The partner proposes changes</h2>
          {capacity.projected.length ? (
            <div className="warning" role="alert" data-testid="projected-over-capacity">
              Accepting these changes puts the partner over its declared capacity:
              <OverCapacityList rows={capacity.projected} testId="projected-over-capacity-weeks" />
            </div>
          ) : null}
          <Form method="post" className="row">
            <input type="hidden" name="version" value={po.version} />
            <button type="submit" name="intent" value="accept-changes">
              Accept the changes
            </button>
          </Form>
          <Form method="post" className="row" style={{ marginTop: 12 }}>
            <input type="hidden" name="version" value={po.version} />
            <div className="field">
              <label htmlFor="comment">Comment for the partner</label>
              <input id="comment" name="comment" />
              <ProblemText problems={data?.problems} field="comment" />
            </div>
            <div className="field">
              <button type="submit" name="intent" value="decline-changes" className="secondary">
                Decline the changes
              </button>
            </div>
          </Form>
        </div>
      ) : null}
      {allowed.close ? (
        <Form method="post" style={{ marginTop: 16 }}>
          <input type="hidden" name="version" value={po.version} />
          <button type="submit" name="intent" value="close" className="secondary">
            Close the order
          </button>
        </Form>
      ) : null}
      {allowed.cancel ? (
        <Form method="post" className="row" style={{ marginTop: 16 }}>
          <input type="hidden" name="version" value={po.version} />
          <div className="field">
            <label htmlFor="reason">Reason for cancelling</label>
            <input id="reason" name="reason" />
            <ProblemText problems={data?.problems} field="reason" />
          </div>
          <div className="field">
            <button type="submit" name="intent" value="cancel" className="danger">
              Cancel the order
            </button>
          </div>
        </Form>
      ) : null}

      {capacity.choices.length && lines.some((l) => !l.cancelled) ? (
        <details className="card" style={{ marginTop: 16 }}>
          <summary>Capacity routing: which resource each line loads</summary>
          <table aria-label="Line routing">
            <thead>
              <tr>
                <th>#</th>
                <th>Item</th>
                <th>Loads</th>
                <th>Move to</th>
              </tr>
            </thead>
            <tbody>
              {liveLines.map((l) => (
                <tr key={l.id}>
                  <td>{l.lineNo}</td>
                  <td>{l.itemCode}</td>
                  <td>{routeLabel(l.id) ?? <span className="muted">not routed</span>}</td>
                  <td>
                    <Form method="post" className="row">
                      <input type="hidden" name="version" value={po.version} />
                      <input type="hidden" name="lineId" value={l.id} />
                      <input type="hidden" name="shownFacility" value={l.capacityFacilityId ?? ""} />
                      <input type="hidden" name="shownResource" value={l.capacityResource ?? ""} />
                      <select name="route" aria-label={`Resource for line ${l.lineNo}`} defaultValue={l.capacityFacilityId && l.capacityResource ? `${l.capacityFacilityId}|${l.capacityResource}` : ""}>
                        <option value="">The item's default resource</option>
                        {capacity.choices.flatMap((f) =>
                          f.resources.map((r) => (
                            <option key={`${f.id}|${r}`} value={`${f.id}|${r}`}>
                              {f.name} · {r}
                            </option>
                          )),
                        )}
                      </select>
                      <button type="submit" name="intent" value="route-line" className="secondary">
                        Move
                      </button>
                    </Form>
                    <ProblemText problems={data?.problems} lineId={l.id} field="route" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}

      <h2>Revision history</h2>
      {revisions.length === 0 ? (
        <p className="muted">Not issued yet.</p>
      ) : (
        <table aria-label="Revisions">
          <thead>
            <tr>
              <th>Revision</th>
              <th>When (UTC)</th>
              <th>Why</th>
              <th>Changes from the previous revision</th>
            </tr>
          </thead>
          <tbody>
            {revisions.map((r) => (
              <tr key={r.revision}>
                <td>{r.revision}</td>
                <td>{r.createdAt.slice(0, 16).replace("T", " ")}</td>
                <td>{r.reason}</td>
                <td>
                  {r.diff ? (
                    <pre className="diff">
                      {[
                        ...r.diff.header.map((h) => `${h.field}: ${String(h.before)} → ${String(h.after)}`),
                        ...r.diff.added.map((n) => `line ${n} added`),
                        ...r.diff.removed.map((n) => `line ${n} removed`),
                        ...r.diff.changed.flatMap((c) => c.fields.map((f) => `line ${c.lineNo} ${f.field}: ${String(f.before)} → ${String(f.after)}`)),
                      ].join("\n") || "no change"}
                    </pre>
                  ) : (
                    <span className="muted">first issue</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
