// One stock count. The filler counts blind (the book is not shown until submission), on a phone if it
// likes: each entry is saved as a draft as it goes. Then the recount, the root causes and the
// planner's decisions, with the variances (never netted) once the book is revealed.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { FieldMessage } from "../components/form";
import { CsvUploadForm, Notice } from "../components/forms-shared";
import { COUNT_LINE_STATUS_LABELS, COUNT_STATUS_LABELS, isOverdue, varianceTotals, type CountStatus } from "../domain/inventory";
import { notFound } from "../server/http-errors.server";
import {
  approveCount,
  cancelCount,
  countableItems,
  decideAdjustment,
  enterRootCause,
  getCount,
  InventoryError,
  saveCountDraft,
  submitCount,
  isStockPlanner,
  requireStockMember,
  submitRecount,
} from "../server/inventory.server";
import { countCsvEntries } from "../server/count-import.server";
import { recordId, StaleRecordError } from "../server/records.server";
import { readUploadForm, UploadError } from "../server/upload.server";
import { isUuid } from "../domain/ids";
import { lotProblem, MAX_LOT_LENGTH } from "../domain/limits";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Count ${data.count.number}` : "Stock count" }];

const QTY = /^\d{1,11}(\.\d{1,3})?$/;



export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireStockMember(request, params.tenant);
  const found = await getCount(ctx, recordId(params.countId));
  if (!found) notFound();
  const open = found.count.status === "scheduled" || found.count.status === "in_progress";
  return json({
    ...found,
    allItems: open ? await countableItems(ctx) : [],
    isPlanner: isStockPlanner(ctx),
    // the filler (or staff counting on its behalf) enters counts; planners decide
    canCount: ctx.isPartner ? ctx.partnerId === found.count.partnerId : isStockPlanner(ctx),
    // values are units × standard cost, which is internal: getCount leaves them out for partners
    showCost: !ctx.isPartner,
    today: new Date().toISOString().slice(0, 10),
  });
}

type Errors = Record<string, string>;

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireStockMember(request, params.tenant);
  const id = recordId(params.countId);
  const found = await getCount(ctx, id);
  if (!found) notFound();
  const fail = (errors: Errors, status = 400, problems: { line: number; column?: string; message: string }[] = []) =>
    json({ errors, problems, ok: null as string | null, version: null as number | null }, { status });
  const done = (ok: string, version: number) => json({ errors: {} as Errors, problems: [], ok, version });
  const byLine = new Map(found.lines.map((l) => [l.id, l]));
  // the filler counts its own stock (a planner may enter a count on its behalf); viewers only look
  const counter = ctx.isPartner ? ctx.partnerId === found.count.partnerId : isStockPlanner(ctx);
  try {
    if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
      if (!counter) notFound();
      const form = await readUploadForm(request, 2 * 1024 * 1024);
      const version = Number(form.get("version"));
      const file = form.get("file");
      if (!(file instanceof File) || file.size === 0) return fail({ file: "Choose a CSV file to upload." });
      const parsed = await countCsvEntries(ctx, new Uint8Array(await file.arrayBuffer()));
      if ("problems" in parsed) return fail({ file: "The file has problems; nothing was saved." }, 400, parsed.problems);
      const after = await saveCountDraft(ctx, id, version, parsed.entries);
      return done(`${parsed.entries.length} counted line(s) saved from the file. Check them, then submit.`, after.version);
    }
    const form = await request.formData();
    const intent = String(form.get("intent") ?? "");
    const version = Number(form.get("version"));
    if (!Number.isInteger(version)) return fail({ form: "Reload the page and try again." });
    if (["save", "submit", "recount", "root_cause"].includes(intent) && !counter) notFound();
    if (intent === "save" || intent === "submit") {
      const errors: Errors = {};
      const entries: { itemId: string; lot: string; counted: string | null }[] = [];
      for (const [k, v] of form) {
        if (!k.startsWith("qty.")) continue;
        const line = byLine.get(k.slice(4));
        if (!line) continue;
        const value = String(v).trim();
        if (value !== "" && !QTY.test(value)) errors[k] = "Enter the quantity counted, e.g. 120 or 12.5 (0 if none).";
        else entries.push({ itemId: line.itemId, lot: line.lot, counted: value === "" ? null : value });
      }
      const newItem = String(form.get("newItem") ?? "").trim();
      const newQty = String(form.get("newQty") ?? "").trim();
      if (newItem || newQty) {
        if (!isUuid(newItem)) errors.newItem = "Choose the item you found.";
        const newLot = String(form.get("newLot") ?? "").trim();
        const lotWrong = lotProblem(newLot);
        if (lotWrong) errors.newLot = lotWrong;
        if (!QTY.test(newQty)) errors.newQty = "Enter the quantity counted.";
        else if (newItem && !lotWrong) entries.push({ itemId: newItem, lot: newLot, counted: newQty });
      }
      if (Object.keys(errors).length) return fail(errors);
      if (intent === "save") {
        const after = await saveCountDraft(ctx, id, version, entries, form.getAll("remove").map(String).filter(isUuid));
        return done("Draft saved.", after.version);
      }
      const after = await submitCount(ctx, id, version, entries);
      return done(
        after.status === "recount_requested"
          ? "Submitted. Some lines are outside tolerance: recount them, please."
          : after.status === "completed"
            ? "Submitted: every line matches the book."
            : "Submitted. Every line is within tolerance; a planner will post the small differences.",
        after.version,
      );
    }
    if (intent === "recount") {
      const errors: Errors = {};
      const recounts: { lineId: string; recounted: string }[] = [];
      for (const [k, v] of form) {
        if (!k.startsWith("recount.")) continue;
        const value = String(v).trim();
        if (!QTY.test(value)) errors[k] = "Enter the recounted quantity.";
        else recounts.push({ lineId: k.slice(8), recounted: value });
      }
      if (Object.keys(errors).length) return fail(errors);
      const after = await submitRecount(ctx, id, version, recounts);
      return done(after.status === "awaiting_root_cause" ? "Recount submitted. Lines still outside tolerance need a root cause." : "Recount submitted.", after.version);
    }
    const lineId = String(form.get("lineId") ?? "");
    if (["root_cause", "approve", "reject"].includes(intent) && !byLine.has(lineId)) return fail({ form: "That line is not on this count. Reload the page." }, 409);
    if (intent === "root_cause") {
      const after = await enterRootCause(ctx, id, version, { lineId, reasonId: String(form.get("reasonId") ?? ""), comment: String(form.get("comment") ?? "") });
      return done("Root cause saved.", after.version);
    }
    if (intent === "approve" || intent === "reject") {
      if (!isStockPlanner(ctx)) notFound();
      const after = await decideAdjustment(ctx, id, version, { lineId, approve: intent === "approve", comment: String(form.get("comment") ?? "") });
      return done(intent === "approve" ? "Adjustment approved." : "Adjustment rejected.", after.version);
    }
    if (intent === "approve_all") {
      if (!isStockPlanner(ctx)) notFound();
      const after = await approveCount(ctx, id, version);
      return done("The differences within tolerance are posted; the count is complete.", after.version);
    }
    if (intent === "cancel") {
      if (!isStockPlanner(ctx)) notFound();
      const after = await cancelCount(ctx, id, version);
      return done("Count cancelled.", after.version);
    }
    return fail({ form: "Unknown action." });
  } catch (e) {
    if (e instanceof UploadError) return fail({ file: e.message }, e.status);
    if (e instanceof StaleRecordError) return fail({ form: e.message }, 409);
    if (e instanceof InventoryError) return fail({ [e.field]: e.message }, e.status);
    throw e;
  }
}

export default function CountPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { count, lines, reasons, isPlanner: planner, canCount, showCost, facilityName, today } = data;
  const errors = (result?.errors ?? {}) as Errors;
  const busy = useNavigation().state !== "idle";
  const status = count.status as CountStatus;
  const entering = canCount && (status === "scheduled" || status === "in_progress");
  // the draft is saved as the counter goes: each changed entry is sent in the background
  const autosave = useFetcher<typeof action>();
  const entryForm = useRef<HTMLFormElement>(null);
  // one draft save at a time: a change made while one is in flight is sent when it returns
  const queued = useRef(false);
  const [version, setVersion] = useState(count.version);
  useEffect(() => setVersion(count.version), [count.version]);
  useEffect(() => {
    if (autosave.data?.version) setVersion(autosave.data.version);
  }, [autosave.data]);
  const saveDraft = (form: HTMLFormElement, v: number) => {
    const fd = new FormData(form);
    fd.set("intent", "save");
    fd.set("version", String(v));
    fd.delete("newItem");
    fd.delete("newQty");
    fd.delete("newLot");
    autosave.submit(fd, { method: "post" });
  };
  useEffect(() => {
    if (autosave.state === "idle" && queued.current && entryForm.current && autosave.data?.version) {
      queued.current = false;
      saveDraft(entryForm.current, autosave.data.version);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [autosave.state, autosave.data]);
  const revealed = !(status === "scheduled" || status === "in_progress");
  const totals = revealed ? varianceTotals(lines.filter((l) => l.varianceUnits !== null).map((l) => ({ units: l.varianceUnits!, value: l.varianceValue }))) : null;
  const itemsOnList = lines.length;
  return (
    <div className="count-page">
      <p>
        <Link to="../counts">« Stock counts</Link>
      </p>
      <h1>
        Count {count.number} <span className="badge" data-testid="count-status">{COUNT_STATUS_LABELS[status]}</span>
      </h1>
      <p className="muted">
        {facilityName} · {count.scope === "full" ? "full count" : `cycle count, class ${count.abcClass}`} · due {count.dueOn}
        {status !== "completed" && status !== "cancelled" && isOverdue(count.dueOn, today) ? <span className="badge off"> overdue</span> : null}
        {count.notes ? ` · ${count.notes}` : null}
      </p>
      <Notice message={result?.ok} />
      {autosave.data?.ok && autosave.state === "idle" ? (
        <p className="muted" role="status" data-testid="autosaved">
          Draft saved.
        </p>
      ) : null}
      {autosave.data && !autosave.data.ok && autosave.state === "idle" ? (
        <div className="form-error" role="alert">
          {Object.values(autosave.data.errors as Errors).join(" ")}
        </div>
      ) : null}
      <FieldMessage name="form" errors={errors} />

      {entering ? (
        <>
          <p className="muted">Count what is there; the book quantity is shown only after you submit. Each entry is saved as a draft as you go.</p>
          <Form
            method="post"
            noValidate
            ref={entryForm}
            aria-label="Count entry"
            onBlur={(e) => {
              // saved as the counter moves on from a line (not on every keystroke)
              const target = e.target as unknown as HTMLInputElement;
              if (!target.name?.startsWith("qty.") || target.value === target.defaultValue) return;
              // moving to Save or Submit: that request carries every entry, a draft save would race it
              if ((e.relatedTarget as HTMLElement | null)?.closest("button")) return;
              target.defaultValue = target.value;
              if (autosave.state !== "idle") queued.current = true;
              else saveDraft(e.currentTarget, version);
            }}
          >
            <input type="hidden" name="version" value={version} />
            <ul className="count-lines">
              {lines.map((l) => (
                <li key={l.id}>
                  <label htmlFor={`qty.${l.id}`}>
                    <strong>{l.code}</strong> {l.description}
                    {l.lot ? <span className="muted"> · lot {l.lot}</span> : null}
                  </label>
                  <div className="row">
                    <input
                      id={`qty.${l.id}`}
                      name={`qty.${l.id}`}
                      inputMode="decimal"
                      defaultValue={l.counted ?? ""}
                      placeholder="counted"
                      aria-invalid={errors[`qty.${l.id}`] ? true : undefined}
                      aria-describedby={`qty.${l.id}-error`}
                    />
                    <span className="muted">{l.uom}</span>
                  </div>
                  <FieldMessage name={`qty.${l.id}`} errors={errors} />
                </li>
              ))}
            </ul>
            {itemsOnList === 0 ? <p className="muted">Nothing is on the book here for this count; add what you find below.</p> : null}
            <fieldset>
              <legend>Found something not on the list?</legend>
              <div className="field">
                <label htmlFor="newItem">Item</label>
                <select id="newItem" name="newItem" defaultValue="">
                  <option value="">Choose…</option>
                  {data.allItems.map((i) => (
                    <option key={i.id} value={i.id}>
                      {i.code} {i.description}
                    </option>
                  ))}
                </select>
                <FieldMessage name="newItem" errors={errors} />
              </div>
              <div className="row">
                <div className="field">
                  <label htmlFor="newLot">Lot</label>
                  <input id="newLot" name="newLot" maxLength={MAX_LOT_LENGTH} aria-invalid={Boolean(errors.newLot) || undefined} aria-describedby="newLot-error" />
                  <FieldMessage name="newLot" errors={errors} />
                </div>
                <div className="field">
                  <label htmlFor="newQty">Counted</label>
                  <input id="newQty" name="newQty" inputMode="decimal" />
                  <FieldMessage name="newQty" errors={errors} />
                </div>
              </div>
            </fieldset>
            <div className="row">
              <button type="submit" name="intent" value="save" className="secondary" disabled={busy || autosave.state !== "idle"}>
                Save draft
              </button>
              <button type="submit" name="intent" value="submit" disabled={busy || autosave.state !== "idle"}>
                Submit count
              </button>
            </div>
          </Form>
          <CsvUploadForm label="Upload counts" columns="item_code, lot, counted_quantity" errors={errors} problems={result?.problems} busy={busy} hidden={{ version }} />
        </>
      ) : null}

      {revealed ? (
        <>
          <div className="table-scroll">
          <table aria-label="Count lines">
            <thead>
              <tr>
                <th>Item</th>
                <th>Lot</th>
                <th>Book</th>
                <th>Counted</th>
                <th>Recount</th>
                <th>Variance</th>
                <th>%</th>
                {showCost ? <th>Value</th> : null}
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={l.id} data-testid={`line-${l.code}`}>
                  <td>
                    {l.code} <span className="muted">{l.description}</span>
                  </td>
                  <td>{l.lot || "—"}</td>
                  <td>{l.recountBookSnapshot ?? l.bookSnapshot}</td>
                  <td>{l.counted}</td>
                  <td>{l.recounted ?? "—"}</td>
                  <td className={l.varianceUnits && Number(l.varianceUnits) !== 0 ? (l.withinTolerance ? "" : "bad") : ""}>{l.varianceUnits}</td>
                  <td>{l.variancePct ?? "—"}</td>
                  {showCost ? <td>{l.varianceValue ?? "—"}</td> : null}
                  <td>
                    {COUNT_LINE_STATUS_LABELS[l.status]}
                    {l.rootCause ? <div className="muted">{l.rootCause}</div> : null}
                    {l.decisionComment ? <div className="muted">Decision: {l.decisionComment}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
          {totals ? (
            <p data-testid="variance-totals">
              {showCost
                ? `Over: ${totals.overUnits} units (${totals.overValue}) · Short: ${totals.shortUnits} units (${totals.shortValue}) · never netted`
                : `Over: ${totals.overUnits} units · Short: ${totals.shortUnits} units · never netted`}
            </p>
          ) : null}
        </>
      ) : null}

      {canCount && status === "recount_requested" ? (
        <Form method="post" noValidate aria-label="Recount">
          <h2>Recount these lines</h2>
          <input type="hidden" name="version" value={count.version} />
          <ul className="count-lines">
            {lines
              .filter((l) => l.status === "recount_requested")
              .map((l) => (
                <li key={l.id}>
                  <label htmlFor={`recount.${l.id}`}>
                    <strong>{l.code}</strong> {l.description} {l.lot ? `· lot ${l.lot}` : ""}
                  </label>
                  <input id={`recount.${l.id}`} name={`recount.${l.id}`} inputMode="decimal" aria-describedby={`recount.${l.id}-error`} />
                  <FieldMessage name={`recount.${l.id}`} errors={errors} />
                </li>
              ))}
          </ul>
          <button type="submit" name="intent" value="recount" disabled={busy}>
            Submit recount
          </button>
        </Form>
      ) : null}

      {canCount && status === "awaiting_root_cause"
        ? lines
            .filter((l) => l.status === "needs_root_cause")
            .map((l) => (
              <Form method="post" noValidate key={l.id} aria-label={`Root cause for ${l.code}`}>
                <h2>
                  Root cause: {l.code} {l.lot ? `lot ${l.lot}` : ""} ({l.varianceUnits} {l.uom})
                </h2>
                <input type="hidden" name="version" value={count.version} />
                <input type="hidden" name="lineId" value={l.id} />
                <div className="field">
                  <label htmlFor={`reason.${l.id}`}>Reason</label>
                  <select id={`reason.${l.id}`} name="reasonId" defaultValue="">
                    <option value="">Choose…</option>
                    {reasons.map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.name}
                      </option>
                    ))}
                  </select>
                  <FieldMessage name={`reason.${l.id}`} errors={errors} />
                </div>
                <div className="field">
                  <label htmlFor={`comment.${l.id}`}>What happened</label>
                  <textarea id={`comment.${l.id}`} name="comment" rows={2} />
                  <FieldMessage name={`comment.${l.id}`} errors={errors} />
                </div>
                <button type="submit" name="intent" value="root_cause" disabled={busy}>
                  Save root cause
                </button>
              </Form>
            ))
        : null}

      {planner && status === "awaiting_approval" ? (
        <>
          {lines
            .filter((l) => l.status === "awaiting_approval")
            .map((l) => (
              <Form method="post" noValidate key={l.id} aria-label={`Adjustment for ${l.code}`} className="card">
                <h2>
                  Adjust {l.code} {l.lot ? `lot ${l.lot}` : ""} by {l.varianceUnits} {l.uom} ({l.varianceValue ?? "no cost"})
                </h2>
                <p>
                  Root cause: {reasons.find((r) => r.id === l.reasonId)?.name ?? "—"} · {l.rootCause}
                </p>
                <input type="hidden" name="version" value={count.version} />
                <input type="hidden" name="lineId" value={l.id} />
                <div className="field">
                  <label htmlFor={`decision.${l.id}`}>Comment (needed to reject)</label>
                  <input id={`decision.${l.id}`} name="comment" />
                  <FieldMessage name={`decision.${l.id}`} errors={errors} />
                </div>
                <div className="row">
                  <button type="submit" name="intent" value="approve" disabled={busy}>
                    Approve adjustment
                  </button>
                  <button type="submit" name="intent" value="reject" className="secondary" disabled={busy}>
                    Reject
                  </button>
                </div>
              </Form>
            ))}
          {!lines.some((l) => l.status === "awaiting_approval") ? (
            <Form method="post">
              <input type="hidden" name="version" value={count.version} />
              <p>Every line is within tolerance. Posting the small differences makes the book match the count.</p>
              <button type="submit" name="intent" value="approve_all" disabled={busy}>
                Post the differences and complete
              </button>
            </Form>
          ) : null}
        </>
      ) : null}

      {planner && (status === "scheduled" || status === "in_progress") ? (
        <Form method="post">
          <input type="hidden" name="version" value={version} />
          <button type="submit" name="intent" value="cancel" className="danger" disabled={busy}>
            Cancel this count
          </button>
        </Form>
      ) : null}
    </div>
  );
}
