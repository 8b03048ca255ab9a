// One demand forecast. The planner fills a draft's grid (items × ISO weeks, from the keyboard like a
// spreadsheet, or by CSV) and publishes it; the partner enters the quantity it commits per week; both
// see forecast, commitment and the partner's declared capacity side by side, with a chart.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { z } from "zod";
import { moveFocus } from "../components/keyboard-grid";
import { TrendChart } from "../components/charts";
import { FieldMessage } from "../components/form";
import { CsvUploadForm, Notice } from "../components/forms-shared";
import { WeekHeaderRow } from "../components/load-heatmap";
import {
  cellField,
  commentField,
  committedField,
  FORECAST_STATUS_LABELS,
  MAX_FORECAST_WEEKS,
  MAX_LINE_COMMENT,
  MAX_NOTE,
  parseCommitment,
  parseForecastGrid,
  plainQuantity,
  type ForecastStatus,
} from "../domain/forecast";
import { VersionSchema } from "../domain/forms";
import { formatWeek, isoWeekOf, parseIsoWeek } from "../domain/iso-week";
import {
  copyForecast,
  deleteForecastDraft,
  forecastHeader,
  ForecastError,
  getForecast,
  importCommitmentCsv,
  importForecastCsv,
  isForecastPlanner,
  publishForecast,
  requireForecastMember,
  respondToForecast,
  saveForecastGrid,
  updateForecastDetails,
} from "../server/forecasts.server";
import { notFound } from "../server/http-errors.server";
import { recordId, StaleRecordError } from "../server/records.server";
import { MAX_CSV_BYTES, readUploadForm, UploadError } from "../server/upload.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Forecast ${data.forecast.number}` : "Forecast" }];

const today = () => new Date().toISOString().slice(0, 10);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireForecastMember(request, params.tenant);
  const id = recordId(params.forecastId);
  const sp = new URL(request.url).searchParams;
  // a new draft without rows shows the weeks chosen when it was created (carried in the address)
  const from = parseIsoWeek(sp.get("from") ?? "");
  const count = Number(sp.get("weeks"));
  const fallback = from && Number.isInteger(count) && count >= 1 && count <= MAX_FORECAST_WEEKS ? { from, count } : undefined;
  const found = await getForecast(ctx, id, today(), fallback);
  if (!found) notFound();
  const f = found.forecast;
  const planner = isForecastPlanner(ctx);
  const status = f.status as ForecastStatus;
  return json({
    forecast: {
      id: f.id,
      number: f.number,
      title: f.title,
      note: f.note,
      status,
      version: f.version,
      publishedAt: f.publishedAt,
      respondedAt: f.respondedAt,
      responseNote: f.responseNote,
      respondedOnBehalf: f.respondedOnBehalf,
      createdAt: f.createdAt,
    },
    partnerName: found.partnerName,
    weeks: found.weeks,
    view: found.view,
    itemOptions: found.itemOptions,
    inactiveItems: found.inactiveItems,
    people: { publishedBy: found.publishedByName, respondedBy: found.respondedByName, createdBy: found.createdByName },
    current: found.current,
    isPartner: ctx.isPartner,
    tenantName: ctx.tenantName,
    canEdit: planner && status === "draft",
    canCopy: planner,
    // the partner answers; a planner may record its answer for it
    canRespond: (ctx.isPartner || planner) && (status === "published" || status === "committed"),
    currentWeek: isoWeekOf(today()),
  });
}

const HeadSchema = z.object({
  intent: z.enum(["save", "details", "import", "publish", "respond", "commit-import", "copy", "delete"], { error: "Unknown action: reload the page and try again." }),
  version: VersionSchema,
});
const DetailsSchema = z.object({
  title: z.string().trim().max(120, "At most 120 characters.").default(""),
  note: z.string().trim().max(MAX_NOTE, `At most ${MAX_NOTE} characters.`).default(""),
});
const ResponseNoteSchema = z.string().trim().max(MAX_NOTE, `At most ${MAX_NOTE} characters.`).default("");
const PLANNER_INTENTS = new Set(["save", "details", "import", "publish", "copy", "delete"]);

type Errors = Record<string, string>;
type Problem = { line: number; column?: string; message: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireForecastMember(request, params.tenant);
  const id = recordId(params.forecastId);
  let values: Record<string, string> = {};
  const fail = (errors: Errors, status = 400, problems: Problem[] = []) => json({ errors, problems, values, ok: null as string | null }, { status });
  const done = (ok: string) => json({ errors: {} as Errors, problems: [] as Problem[], values: {} as Record<string, string>, ok });
  // an unknown or foreign forecast is the 404 whatever the form holds: checked before answering about the form
  const or404 = async () => {
    if (!(await forecastHeader(ctx, id))) notFound();
  };
  try {
    const multipart = (request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data");
    let form: FormData;
    try {
      form = multipart ? await readUploadForm(request, MAX_CSV_BYTES) : await request.formData();
    } catch (e) {
      if (e instanceof UploadError) {
        await or404();
        return fail({ file: e.message }, e.status);
      }
      throw e;
    }
    values = Object.fromEntries([...form].filter((e): e is [string, string] => typeof e[1] === "string"));
    const head = HeadSchema.safeParse({ intent: form.get("intent") ?? undefined, version: form.get("version") ?? undefined });
    if (!head.success) {
      await or404();
      return fail({ form: head.error.issues[0]?.message ?? "Reload the page and try again." });
    }
    const { intent, version } = head.data;
    // planners change and publish; the partner's users answer (a planner may record their answer); anyone else finds nothing here
    if (PLANNER_INTENTS.has(intent) ? !isForecastPlanner(ctx) : !ctx.isPartner && !isForecastPlanner(ctx)) notFound();
    const now = today();

    if (intent === "save") {
      const grid = parseForecastGrid(
        {
          items: form.getAll("item").map(String),
          remove: form.getAll("remove").map(String),
          addItem: String(form.get("addItem") ?? ""),
          from: String(form.get("from") ?? ""),
          weeks: String(form.get("weeks") ?? ""),
          cells: Object.fromEntries(Object.entries(values).filter(([k]) => k.startsWith("q."))),
        },
        now,
      );
      if ("errors" in grid) {
        await or404();
        return fail(grid.errors);
      }
      const added = String(form.get("addItem") ?? "").trim().toLowerCase() || null;
      const after = await saveForecastGrid(ctx, id, version, { ...grid, added });
      if (!after) notFound();
      // with every row removed, the weeks chosen live on in the address until a row is added
      if (!grid.itemIds.length) return redirect(`/${ctx.tenantSlug}/forecasts/${id}?from=${grid.weeks[0]}&weeks=${grid.weeks.length}`);
      return done(added ? "Item added and the grid saved." : "Saved.");
    }
    if (intent === "details") {
      const parsed = DetailsSchema.safeParse(values);
      if (!parsed.success) {
        await or404();
        return fail(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? "form"), i.message])));
      }
      if (!(await updateForecastDetails(ctx, id, version, parsed.data))) notFound();
      return done("Title and note saved.");
    }
    if (intent === "import") {
      const file = form.get("file");
      const bytes = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null;
      const result = await importForecastCsv(ctx, id, version, bytes, now);
      if (!result) notFound();
      if ("problems" in result) return fail({ file: "The file has problems; nothing was saved." }, 400, result.problems);
      return done(`${result.rows} row(s) imported: the grid now holds the file's quantities. Check them, then publish.`);
    }
    if (intent === "publish") {
      const result = await publishForecast(ctx, id, version, now);
      if (!result) notFound();
      return done(
        (result.emailed ? `Published. ${result.emailed} user(s) of the partner emailed.` : "Published, but the partner has no active users to email: let them know another way.") +
          (result.superseded.length ? ` It replaces ${result.superseded.join(", ")}.` : ""),
      );
    }
    if (intent === "respond") {
      const note = ResponseNoteSchema.safeParse(values.responseNote ?? "");
      const answer = parseCommitment(Object.fromEntries(Object.entries(values).filter(([k]) => k.startsWith("c.") || k.startsWith("m."))));
      if (!note.success || "errors" in answer) {
        await or404();
        return fail({ ...("errors" in answer ? answer.errors : {}), ...(note.success ? {} : { responseNote: note.error.issues[0].message }) });
      }
      const result = await respondToForecast(ctx, id, version, { answers: answer.answers, responseNote: note.data });
      if (!result) notFound();
      if ("errors" in result) return fail(result.errors as Errors);
      return done(ctx.isPartner ? "Your commitment is sent; the planner has been emailed." : "The commitment is recorded for the partner; its users have been emailed.");
    }
    if (intent === "commit-import") {
      const file = form.get("file");
      const bytes = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null;
      const result = await importCommitmentCsv(ctx, id, version, bytes);
      if (!result) notFound();
      if ("problems" in result) return fail({ file: "The file has problems; nothing was sent." }, 400, result.problems);
      if ("errors" in result) return fail({ file: "The file doesn't answer every item and week; nothing was sent." });
      return done(
        ctx.isPartner
          ? `Your commitment is sent from the file (${result.rows} item-week(s)); the planner has been emailed.`
          : `The commitment is recorded for the partner from the file (${result.rows} item-week(s)); its users have been emailed.`,
      );
    }
    if (intent === "delete") {
      if (form.get("confirm") !== "yes") {
        await or404();
        return fail({ confirm: "Tick the box to confirm: the draft and its quantities are deleted." });
      }
      const deleted = await deleteForecastDraft(ctx, id, version);
      if (!deleted) notFound();
      return redirect(`/${ctx.tenantSlug}/forecasts?deleted=${encodeURIComponent(deleted.number)}`);
    }
    // copy: a new draft with this forecast's quantities
    const copy = await copyForecast(ctx, id, now);
    if (!copy) notFound();
    return redirect(`/${ctx.tenantSlug}/forecasts/${copy.id}`);
  } catch (e) {
    if (e instanceof StaleRecordError) return fail({ form: e.message }, 409);
    if (e instanceof ForecastError) return fail({ [e.field]: e.message }, e.status);
    throw e;
  }
}

const BADGE: Record<ForecastStatus, string> = { draft: "badge", published: "badge warn", committed: "badge ok", superseded: "badge" };
const q = (v: string | null) => (v === null ? "—" : plainQuantity(v));
const signed = (v: string | null) => {
  if (v === null) return "—";
  const p = plainQuantity(v);
  return p === "0" || p.startsWith("-") ? p : `+${p}`;
};
const num = { textAlign: "right" as const, whiteSpace: "nowrap" as const };
// the spreadsheet-like grids: compact cells, numbers right-aligned
const gridCell = { padding: 2 };
const itemHead = { minWidth: "13em" };
const gridInput = { width: "6.5em", textAlign: "right" as const, padding: "3px 4px", border: "1px solid #cbd5e1", borderRadius: 4, font: "inherit" };

export default function ForecastPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { forecast: f, view, weeks, canEdit, canRespond, canCopy, isPartner, partnerName } = data;
  const errors = (result?.errors ?? {}) as Errors;
  const values = (result?.values ?? {}) as Record<string, string>;
  const busy = useNavigation().state !== "idle";
  const commitForm = useRef<HTMLFormElement>(null);
  const statusLabel = isPartner && f.status === "published" ? "Awaiting your commitment" : FORECAST_STATUS_LABELS[f.status];
  const pastWeeks = weeks.filter((w) => w < data.currentWeek).length;
  return (
    <>
      <p>
        <Link to="../forecasts">« Forecasts</Link>
      </p>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h1>
          Forecast {f.number}{" "}
          <span className={BADGE[f.status]} data-testid="forecast-status">
            {statusLabel}
          </span>
        </h1>
        <div className="row">
          <a className="button secondary" href={`${f.id}/export.csv`}>
            Export (CSV)
          </a>
          {canCopy && f.status !== "draft" ? (
            <Form method="post">
              <input type="hidden" name="version" value={f.version} />
              <button type="submit" name="intent" value="copy" className="secondary" disabled={busy}>
                Copy to a new draft
              </button>
            </Form>
          ) : null}
        </div>
      </div>
      <dl className="facts">
        <dt>{isPartner ? "From" : "Partner"}</dt>
        <dd>{isPartner ? data.tenantName : partnerName}</dd>
        {f.title ? (
          <>
            <dt>Title</dt>
            <dd>{f.title}</dd>
          </>
        ) : null}
        <dt>Weeks</dt>
        <dd>
          {weeks.length ? `${formatWeek(weeks[0])} to ${formatWeek(weeks[weeks.length - 1])} (${weeks.length} week${weeks.length === 1 ? "" : "s"})` : "—"}
        </dd>
        <dt>Published</dt>
        <dd>{f.publishedAt ? `${f.publishedAt.slice(0, 16).replace("T", " ")}${data.people.publishedBy ? ` by ${data.people.publishedBy}` : ""}` : "not yet"}</dd>
        <dt>Committed</dt>
        <dd data-testid="responded">
          {f.respondedAt
            ? `${f.respondedAt.slice(0, 16).replace("T", " ")}${data.people.respondedBy ? ` by ${data.people.respondedBy}` : ""}${
                f.respondedOnBehalf ? (isPartner ? `, recorded by ${data.tenantName} on your behalf` : ` for ${partnerName}`) : ""
              }`
            : "not yet"}
        </dd>
        {f.note ? (
          <>
            <dt>Note</dt>
            <dd data-testid="forecast-note">{f.note}</dd>
          </>
        ) : null}
        {f.responseNote ? (
          <>
            <dt>{isPartner ? "Your note" : "Partner's note"}</dt>
            <dd data-testid="response-note">{f.responseNote}</dd>
          </>
        ) : null}
      </dl>
      {f.status === "superseded" ? (
        <p className="form-error">
          A newer forecast replaced this one
          {data.current ? (
            <>
              : <Link to={`../forecasts/${data.current.id}`}>{data.current.number}</Link>
            </>
          ) : null}
          . It is kept for reference and can't be answered.
        </p>
      ) : null}
      <Notice message={result?.ok} />
      <FieldMessage name="form" errors={errors} />

      {canEdit ? (
        <>
          {data.inactiveItems.length ? <p className="form-error">Inactive item(s) in the grid: {data.inactiveItems.join(", ")}. Remove their rows before publishing.</p> : null}
          {pastWeeks ? <p className="form-error">{pastWeeks} week(s) of this draft have passed. Move the first week to {data.currentWeek} or later and save.</p> : null}
          <h2>Quantities per week</h2>
          <p className="muted">Type a quantity per item and week (blank is 0); the arrow keys and Enter move between cells. Changing the first week or the number of weeks keeps the quantities of the weeks still shown.</p>
          {/* not re-mounted after a save: what the planner typed meanwhile stays; rows and weeks have their own keys */}
          <Form method="post" noValidate aria-label="Forecast grid">
            <input type="hidden" name="version" value={f.version} />
            <div className="row">
              <div className="field">
                <label htmlFor="from">First week</label>
                <input id="from" name="from" type="week" defaultValue={values.from ?? weeks[0]} aria-invalid={errors.from ? true : undefined} aria-describedby="from-error" />
                <FieldMessage name="from" errors={errors} />
              </div>
              <div className="field">
                <label htmlFor="weeks">Weeks</label>
                <input id="weeks" name="weeks" type="number" min={1} max={MAX_FORECAST_WEEKS} defaultValue={values.weeks ?? String(weeks.length)} aria-invalid={errors.weeks ? true : undefined} aria-describedby="weeks-error" />
                <FieldMessage name="weeks" errors={errors} />
              </div>
            </div>
            <div className="table-scroll">
              <table aria-label="Forecast by week" onKeyDown={moveFocus}>
                <thead>
                  <WeekHeaderRow first="Item" weeks={weeks} numeric after={<th>Remove</th>} />
                </thead>
                <tbody>
                  {view.rows.map((row, r) => (
                    <tr key={row.item.id}>
                      <th scope="row" style={itemHead}>
                        <input type="hidden" name="item" value={row.item.id} />
                        {row.item.code} <span className="muted">{row.item.uom}</span>
                        <div className="muted" style={{ fontWeight: 400 }}>
                          {row.item.description}
                        </div>
                      </th>
                      {row.cells.map((cell, c) => {
                        const name = cellField(row.item.id, cell.week);
                        const shown = cell.forecast === "0.000" ? "" : plainQuantity(cell.forecast);
                        return (
                          <td key={cell.week} style={gridCell}>
                            <input
                              name={name}
                              style={gridInput}
                              aria-label={`${row.item.code} ${cell.week}`}
                              inputMode="decimal"
                              data-r={r}
                              data-c={c}
                              size={6}
                              defaultValue={values[name] ?? shown}
                              aria-invalid={errors[name] ? true : undefined}
                            />
                            {errors[name] ? (
                              <div className="error" role="alert">
                                {errors[name]}
                              </div>
                            ) : null}
                          </td>
                        );
                      })}
                      <td>
                        <input type="checkbox" name="remove" value={row.item.id} aria-label={`Remove ${row.item.code}`} />
                      </td>
                    </tr>
                  ))}
                  {view.rows.length === 0 ? (
                    <tr>
                      <td colSpan={weeks.length + 2} className="muted">
                        No items yet: add the first one below.
                      </td>
                    </tr>
                  ) : null}
                </tbody>
              </table>
            </div>
            <div className="row">
              <div className="field">
                <label htmlFor="addItem">Add an item row</label>
                <select id="addItem" name="addItem" key={f.version} defaultValue={values.addItem ?? ""} aria-invalid={errors.addItem ? true : undefined} aria-describedby="addItem-error">
                  <option value="">Choose…</option>
                  {data.itemOptions.some((i) => i.routed) ? (
                    <optgroup label={`Made by ${partnerName}`}>
                      {data.itemOptions
                        .filter((i) => i.routed)
                        .map((i) => (
                          <option key={i.id} value={i.id}>
                            {i.code} {i.description}
                          </option>
                        ))}
                    </optgroup>
                  ) : null}
                  <optgroup label="All items">
                    {data.itemOptions
                      .filter((i) => !i.routed)
                      .map((i) => (
                        <option key={i.id} value={i.id}>
                          {i.code} {i.description}
                        </option>
                      ))}
                  </optgroup>
                </select>
                <FieldMessage name="addItem" errors={errors} />
              </div>
              <div className="field">
                <button type="submit" name="intent" value="save" className="secondary" disabled={busy}>
                  Add item
                </button>
              </div>
            </div>
            <button type="submit" name="intent" value="save" disabled={busy}>
              Save
            </button>
          </Form>
          <CsvUploadForm label="Upload forecast" columns="item_code, week, quantity; it replaces the grid" errors={errors} problems={result?.problems} busy={busy} hidden={{ intent: "import", version: f.version }} />
          <p className="muted">
            <a href="template.csv">Download the CSV template</a>: one row per item and week (e.g. <code>FG-GRANOLA,{weeks[0] ?? "2026-W10"},4500</code>).
          </p>

          <Form method="post" aria-label="Details" className="card">
            <h2>Title and note</h2>
            <input type="hidden" name="version" value={f.version} />
            <div className="field">
              <label htmlFor="title">Title</label>
              <input id="title" name="title" maxLength={120} defaultValue={values.title ?? f.title} aria-describedby="title-error" />
              <FieldMessage name="title" errors={errors} />
            </div>
            <div className="field">
              <label htmlFor="note">Note for the partner</label>
              <textarea id="note" name="note" rows={2} maxLength={MAX_NOTE} defaultValue={values.note ?? f.note} aria-describedby="note-error" />
              <FieldMessage name="note" errors={errors} />
            </div>
            <button type="submit" name="intent" value="details" className="secondary" disabled={busy}>
              Save title and note
            </button>
          </Form>

          <Form method="post" aria-label="Publish" className="card">
            <h2>Publish</h2>
            <p className="muted">
              The users of {partnerName} are emailed and asked to commit a quantity per week.{" "}
              {data.current ? (
                <>
                  It replaces <Link to={`../forecasts/${data.current.id}`}>{data.current.number}</Link> ({FORECAST_STATUS_LABELS[data.current.status as ForecastStatus].toLowerCase()}
                  ), which can no longer be answered.{" "}
                </>
              ) : null}
              A published forecast can't be changed: copy it to a new draft instead.
            </p>
            <input type="hidden" name="version" value={f.version} />
            <button type="submit" name="intent" value="publish" disabled={busy}>
              {`Publish to ${partnerName}`}
            </button>
          </Form>

          <Form method="post" aria-label="Delete draft" className="card">
            <h2>Delete this draft</h2>
            <p className="muted">{partnerName} has not seen it. Its quantities are deleted; the audit log keeps a record.</p>
            <input type="hidden" name="version" value={f.version} />
            <div className="field">
              <label>
                <input type="checkbox" name="confirm" value="yes" aria-describedby="confirm-error" /> Yes, delete {f.number}
              </label>
              <FieldMessage name="confirm" errors={errors} />
            </div>
            <button type="submit" name="intent" value="delete" className="danger" disabled={busy}>
              Delete draft
            </button>
          </Form>
        </>
      ) : null}

      {canRespond ? (
        <>
          {isPartner ? (
            <>
              <h2>{f.status === "committed" ? "Revise your commitment" : "Your commitment"}</h2>
              <p className="muted">
                Enter the quantity you commit for each item and week (0 when none) and, where it differs from the forecast, why. The capacity you declared for the item's line is
                shown beside it.
              </p>
            </>
          ) : (
            <>
              <h2>{f.status === "committed" ? `Revise ${partnerName}'s commitment` : `Record ${partnerName}'s commitment`}</h2>
              <p className="muted">
                When {partnerName} sends its commitment another way (phone, email), enter it here for them: the forecast shows it was recorded on their behalf, and their users
                are emailed what you entered so they can correct it.
              </p>
            </>
          )}
          <Form method="post" noValidate aria-label="Commitment" ref={commitForm}>
            <input type="hidden" name="version" value={f.version} />
            <div className="table-scroll">
              <table aria-label="Commitment by week" onKeyDown={moveFocus}>
                <thead>
                  <WeekHeaderRow first="Item" weeks={weeks} numeric />
                </thead>
                <tbody>
                  {view.rows.map((row, r) => (
                    <tr key={row.item.id}>
                      <th scope="row" style={itemHead}>
                        {row.item.code} <span className="muted">{row.item.uom}</span>
                        <div className="muted" style={{ fontWeight: 400 }}>
                          {row.item.description}
                        </div>
                        {row.route ? <div className="muted" style={{ fontWeight: 400 }}>{`${row.route.facilityName} · ${row.route.resource}`}</div> : null}
                      </th>
                      {row.cells.map((cell, c) => {
                        if (!cell.lineId) return <td key={cell.week} />;
                        const name = committedField(cell.lineId);
                        const note = commentField(cell.lineId);
                        return (
                          <td key={cell.week} style={gridCell}>
                            <div className="muted" style={num} data-forecast={plainQuantity(cell.forecast)}>
                              fcst {plainQuantity(cell.forecast)}
                            </div>
                            {cell.capacity !== null ? (
                              <div className={cell.overCapacity ? "muted bad" : "muted"} style={{ ...num, fontSize: 12 }}>
                                cap {plainQuantity(cell.capacity)}
                              </div>
                            ) : null}
                            <input
                              name={name}
                              style={gridInput}
                              aria-label={`Committed ${row.item.code} ${cell.week}`}
                              inputMode="decimal"
                              data-r={r * 2}
                              data-c={c}
                              size={6}
                              defaultValue={values[name] ?? (cell.committed === null ? "" : plainQuantity(cell.committed))}
                              aria-invalid={errors[name] ? true : undefined}
                            />
                            <input
                              name={note}
                              aria-label={`Comment ${row.item.code} ${cell.week}`}
                              data-r={r * 2 + 1}
                              data-c={c}
                              size={6}
                              maxLength={MAX_LINE_COMMENT}
                              placeholder="why"
                              defaultValue={values[note] ?? cell.comment}
                              style={{ ...gridInput, textAlign: "left", fontSize: 12, marginTop: 2 }}
                            />
                            {errors[name] || errors[note] ? (
                              <div className="error" role="alert">
                                {errors[name] ?? errors[note]}
                              </div>
                            ) : null}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="field">
              <label htmlFor="responseNote">{isPartner ? "Note for the planner" : `Note (what ${partnerName} said)`}</label>
              <textarea id="responseNote" name="responseNote" rows={2} maxLength={MAX_NOTE} defaultValue={values.responseNote ?? f.responseNote} aria-describedby="responseNote-error" />
              <FieldMessage name="responseNote" errors={errors} />
            </div>
            <div className="row">
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  // fill every empty cell with the forecast, to change only the weeks that differ
                  commitForm.current?.querySelectorAll<HTMLInputElement>('input[name^="c."]').forEach((input) => {
                    const forecast = input.closest("td")?.querySelector<HTMLElement>("[data-forecast]")?.dataset.forecast;
                    if (input.value.trim() === "" && forecast !== undefined) input.value = forecast;
                  });
                }}
              >
                Fill empty cells with the forecast
              </button>
              <button type="submit" name="intent" value="respond" disabled={busy}>
                {isPartner ? (f.status === "committed" ? "Send the revised commitment" : "Submit commitment") : "Record the commitment"}
              </button>
            </div>
          </Form>
          <p className="muted">
            Working in a spreadsheet? <a href={`${f.id}/export.csv`}>Download this forecast as CSV</a>, fill in committed_quantity (and a comment where you need one) for every
            row, and upload it: {isPartner ? "it is sent as your commitment." : `it is recorded as ${partnerName}'s commitment.`}
          </p>
          <CsvUploadForm
            label="Upload commitment"
            columns="the exported file, or item_code, week, committed_quantity, comment"
            errors={errors}
            problems={result?.problems}
            busy={busy}
            hidden={{ intent: "commit-import", version: f.version }}
          />
        </>
      ) : null}

      <SideBySideView view={view} isPartner={isPartner} />
    </>
  );
}

type View = SerializeFrom<typeof loader>["view"];

/**
 * One labelled row of a side-by-side table: a cell per week, then the total when one is given (null:
 * an empty total cell). `lead` is the row group's heading, on the group's first row.
 */
function WeekRow<T extends { week: string }>(props: {
  lead?: ReactNode;
  label: string;
  cells: readonly T[];
  value: (cell: T) => ReactNode;
  cellClass?: (cell: T) => string | undefined;
  cellTitle?: (cell: T) => string | undefined;
  total?: ReactNode;
  testId?: string;
}) {
  return (
    <tr data-testid={props.testId}>
      {props.lead}
      <th scope="row">{props.label}</th>
      {props.cells.map((c) => (
        <td key={c.week} style={num} className={props.cellClass?.(c)} title={props.cellTitle?.(c)}>
          {props.value(c)}
        </td>
      ))}
      {props.total === undefined ? null : <td style={num}>{props.total}</td>}
    </tr>
  );
}

function SideBySideView({ view, isPartner }: { view: View; isPartner: boolean }) {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  if (!view.rows.length) return null;
  const s = view.summary;
  const comments = view.rows.flatMap((r) => r.cells.filter((c) => c.comment).map((c) => ({ code: r.item.code, week: c.week, comment: c.comment })));
  return (
    <section aria-label="Side by side">
      <h2>Forecast, commitment and capacity</h2>
      <p data-testid="side-summary" className={s.underCommittedCells || s.overCapacityWeeks ? "form-error" : "muted"}>
        Forecast {plainQuantity(s.forecast)}, committed {s.committed === null ? "nothing yet" : plainQuantity(s.committed)}.{" "}
        {s.underCommittedCells ? `The commitment is below the forecast in ${s.underCommittedCells} item-week(s). ` : ""}
        {s.overCapacityWeeks ? `The forecast exceeds the declared capacity in ${s.overCapacityWeeks} resource-week(s). ` : ""}
        {s.committedOverCapacityWeeks ? `The commitment exceeds the declared capacity in ${s.committedOverCapacityWeeks} resource-week(s). ` : ""}
        {s.unroutedItems ? `${s.unroutedItems} item(s) have no resource set at the partner, so no capacity to compare.` : ""}
      </p>
      <div className="table-scroll">
        <table aria-label="Forecast, commitment and capacity">
          <thead>
            <WeekHeaderRow first="Item" blank weeks={view.weeks} numeric after={<th style={{ textAlign: "right" }}>Total</th>} />
          </thead>
          {view.rows.map((row) => (
            <tbody key={row.item.id} data-testid={`side-${row.item.code}`}>
              <WeekRow
                lead={
                  <th scope="rowgroup" rowSpan={4} style={itemHead}>
                    {row.item.code}
                    <div className="muted" style={{ fontWeight: 400 }}>
                      {row.item.description}
                    </div>
                    <div className="muted" style={{ fontWeight: 400 }}>
                      {row.route ? `${row.route.facilityName} · ${row.route.resource}` : "no resource set"}
                    </div>
                  </th>
                }
                label="Forecast"
                cells={row.cells}
                value={(c) => q(c.forecast)}
                total={q(row.totals.forecast)}
              />
              <WeekRow
                testId={`committed-${row.item.code}`}
                label="Committed"
                cells={row.cells}
                value={(c) => `${q(c.committed)}${c.comment ? " *" : ""}`}
                cellClass={(c) => (c.underCommitted ? "bad" : undefined)}
                cellTitle={(c) => c.comment || (c.underCommitted ? "Below the forecast" : undefined)}
                total={q(row.totals.committed)}
              />
              <WeekRow label="Gap" cells={row.cells} value={(c) => signed(c.gap)} cellClass={(c) => (c.gap?.startsWith("-") ? "bad" : undefined)} total={signed(row.totals.gap)} />
              <WeekRow
                label="Capacity"
                cells={row.cells}
                value={(c) => q(c.capacity)}
                cellClass={(c) => (c.overCapacity ? "bad" : "muted")}
                cellTitle={(c) => (c.overCapacity ? "The forecast on this resource is above its declared capacity" : c.noCapacity ? "No capacity declared for this week" : undefined)}
                total={null}
              />
            </tbody>
          ))}
          <tbody data-testid="side-totals">
            <WeekRow
              lead={
                <th scope="rowgroup" rowSpan={3}>
                  All items
                </th>
              }
              label="Forecast"
              cells={view.totals}
              value={(t) => <strong>{q(t.forecast)}</strong>}
              total={<strong>{q(view.summary.forecast)}</strong>}
            />
            <WeekRow label="Committed" cells={view.totals} value={(t) => q(t.committed)} cellClass={(t) => (t.underCommitted ? "bad" : undefined)} total={q(view.summary.committed)} />
            <WeekRow label="Capacity" cells={view.totals} value={(t) => q(t.capacity)} cellClass={(t) => (t.overCapacity ? "bad" : "muted")} total={null} />
          </tbody>
        </table>
      </div>
      {comments.length ? (
        <>
          <h3>{isPartner ? "Your comments" : "The partner's comments"}</h3>
          <ul data-testid="line-comments">
            {comments.map((c) => (
              <li key={`${c.code}|${c.week}`}>
                {c.code}, {c.week}: {c.comment}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {view.resources.length ? (
        <>
          <h3>Load on the partner's resources</h3>
          <div className="table-scroll">
            <table aria-label="Load on resources">
              <thead>
                <WeekHeaderRow first="Resource" blank weeks={view.weeks} numeric />
              </thead>
              {view.resources.map((r) => (
                <tbody key={r.key}>
                  <WeekRow
                    lead={
                      <th scope="rowgroup" rowSpan={3} style={itemHead}>
                        {r.resource}
                        <div className="muted" style={{ fontWeight: 400 }}>
                          {r.facilityName}
                        </div>
                        <div className="muted" style={{ fontWeight: 400 }}>
                          {r.itemCodes.join(", ")}
                        </div>
                      </th>
                    }
                    label="Forecast"
                    cells={r.weeks}
                    value={(w) => q(w.forecast)}
                    cellClass={(w) => (w.overCapacity ? "bad" : undefined)}
                  />
                  <WeekRow label="Committed" cells={r.weeks} value={(w) => q(w.committed)} cellClass={(w) => (w.committedOverCapacity ? "bad" : undefined)} />
                  <WeekRow label="Capacity" cells={r.weeks} value={(w) => q(w.capacity)} cellClass={() => "muted"} />
                </tbody>
              ))}
            </table>
          </div>
        </>
      ) : null}
      {/* drawn once the page is live: recharts measures its legend in the browser, so a chart drawn
          on the server never matches and would make React throw the whole page's markup away */}
      {hydrated ? (
        <TrendChart
          label="Forecast, commitment and declared capacity per week (all items)"
          periods={view.weeks}
          series={[
            { name: "Forecast", values: Object.fromEntries(view.totals.map((t) => [t.week, Number(t.forecast)])) },
            { name: "Committed", values: Object.fromEntries(view.totals.map((t) => [t.week, t.committed === null ? null : Number(t.committed)])) },
            { name: "Capacity", values: Object.fromEntries(view.totals.map((t) => [t.week, t.capacity === null ? null : Number(t.capacity)])) },
          ]}
        />
      ) : (
        <figure className="chart" aria-label="Forecast, commitment and declared capacity per week (all items)" style={{ height: 300 }} />
      )}
    </section>
  );
}
