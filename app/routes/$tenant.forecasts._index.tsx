// Demand forecasts: the list (newest first; a partner sees the forecasts published to it), and for
// planners the form that starts a new one for a partner.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { FieldMessage, FilterSelect } from "../components/form";
import { Pager } from "../components/pager";
import { EmptyRow } from "../components/table";
import {
  defaultFirstWeek,
  DEFAULT_FORECAST_WEEKS,
  FORECAST_STATUS_LABELS,
  FORECAST_STATUSES,
  MAX_FORECAST_WEEKS,
  MAX_NOTE,
  parseHorizon,
  plainQuantity,
  type ForecastStatus,
} from "../domain/forecast";
import { isUuid } from "../domain/ids";
import { notFound } from "../server/http-errors.server";
import { createForecast, ForecastError, isForecastPlanner, listForecasts, requireForecastMember } from "../server/forecasts.server";

export const meta: MetaFunction = () => [{ title: "Forecasts" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireForecastMember(request, params.tenant);
  const sp = new URL(request.url).searchParams;
  const status = FORECAST_STATUSES.find((s) => s === sp.get("status"));
  const partnerId = !ctx.isPartner && isUuid(sp.get("partner")) ? sp.get("partner")!.toLowerCase() : undefined;
  const page = await listForecasts(ctx, { status, partnerId }, sp.get("after"));
  const today = new Date().toISOString().slice(0, 10);
  return json({
    ...page,
    filter: { status: status ?? "", partner: partnerId ?? "" },
    isPartner: ctx.isPartner,
    tenantName: ctx.tenantName,
    canCreate: isForecastPlanner(ctx),
    hasPrevious: sp.has("after"),
    // after a draft is deleted (its number, shown back only in that form)
    deleted: /^FC-\d{1,9}$/.test(sp.get("deleted") ?? "") ? sp.get("deleted") : null,
    defaults: { from: defaultFirstWeek(today), weeks: DEFAULT_FORECAST_WEEKS, partner: partnerId ?? "" },
  });
}

const NewForecastSchema = z.object({
  intent: z.literal("create"),
  partnerId: z.string({ error: "Choose a partner." }).refine((v) => isUuid(v), "Choose a partner."),
  title: z.string().trim().max(120, "At most 120 characters.").default(""),
  note: z.string().trim().max(MAX_NOTE, `At most ${MAX_NOTE} characters.`).default(""),
  from: z.string().default(""),
  weeks: z.string().default(""),
});

type Errors = Record<string, string>;

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireForecastMember(request, params.tenant);
  if (!isForecastPlanner(ctx)) notFound();
  const values = Object.fromEntries([...(await request.formData())].map(([k, v]) => [k, typeof v === "string" ? v : ""]));
  const fail = (errors: Errors, status = 400) => json({ errors, values }, { status });
  const parsed = NewForecastSchema.safeParse(values);
  const today = new Date().toISOString().slice(0, 10);
  const horizon = parseHorizon(values.from ?? "", values.weeks ?? "", today);
  if (!parsed.success || "errors" in horizon) {
    const errors: Errors = "errors" in horizon ? { ...(horizon.errors as Errors) } : {};
    if (!parsed.success)
      for (const i of parsed.error.issues) {
        const field = i.path[0] === "intent" || i.path[0] === undefined ? "form" : String(i.path[0]);
        errors[field] ??= field === "form" ? "Unknown action: reload the page and try again." : i.message;
      }
    return fail(errors);
  }
  try {
    const created = await createForecast(ctx, { partnerId: parsed.data.partnerId.toLowerCase(), title: parsed.data.title, note: parsed.data.note, weeks: horizon.weeks });
    // a draft with no rows yet keeps the chosen weeks in the address until its first save
    const query = created.items ? "" : `?from=${horizon.weeks[0]}&weeks=${horizon.weeks.length}`;
    return redirect(`/${ctx.tenantSlug}/forecasts/${created.forecast.id}${query}`);
  } catch (e) {
    if (e instanceof ForecastError) return fail({ [e.field]: e.message }, e.status);
    throw e;
  }
}

const BADGE: Record<ForecastStatus, string> = { draft: "badge", published: "badge warn", committed: "badge ok", superseded: "badge" };

export default function ForecastsPage() {
  const { items, nextCursor, partners, filter, isPartner, tenantName, canCreate, hasPrevious, defaults, deleted } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors as Errors | undefined;
  const values = (result?.values ?? {}) as Record<string, string>;
  const busy = useNavigation().state !== "idle";
  const label = (s: ForecastStatus) => (isPartner && s === "published" ? "Awaiting your commitment" : FORECAST_STATUS_LABELS[s]);
  return (
    <>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h1>{isPartner ? `Forecasts from ${tenantName}` : "Demand forecasts"}</h1>
        {canCreate ? (
          <a className="button secondary" href="#new-forecast">
            New forecast
          </a>
        ) : null}
      </div>
      {deleted ? (
        <p className="notice" role="status">
          {`Draft ${deleted} deleted.`}
        </p>
      ) : null}
      <p className="muted">
        {isPartner
          ? "What we expect to order from you, week by week. Open a forecast awaiting your commitment and enter the quantity you can commit for each week."
          : "Publish a forecast of item × week quantities to a partner; it answers with what it commits, shown beside the capacity it declared."}
      </p>
      <Form method="get" className="row">
        <FilterSelect name="status" label="Status" value={filter.status} options={FORECAST_STATUSES.filter((s) => !isPartner || s !== "draft").map((s) => ({ value: s, label: label(s) }))} />
        {isPartner ? null : <FilterSelect name="partner" label="Partner" value={filter.partner} options={partners.map((p) => ({ value: p.id, label: p.name }))} />}
        <div className="field">
          <button type="submit" className="secondary">
            Filter
          </button>
        </div>
      </Form>
      <table aria-label="Forecasts">
        <thead>
          <tr>
            <th>Forecast</th>
            {isPartner ? null : <th>Partner</th>}
            <th>Weeks</th>
            <th>Items</th>
            <th>Forecast</th>
            <th>Committed</th>
            <th>Status</th>
            <th>Published</th>
          </tr>
        </thead>
        <tbody>
          {items.map((f) => (
            <tr key={f.id}>
              <td>
                <Link to={f.id}>{f.number}</Link>
                {f.title ? <div className="muted">{f.title}</div> : null}
              </td>
              {isPartner ? null : <td>{f.partnerName}</td>}
              <td>{f.firstWeek ? (f.firstWeek === f.lastWeek ? f.firstWeek : `${f.firstWeek} – ${f.lastWeek}`) : "—"}</td>
              <td>{f.items}</td>
              <td>{plainQuantity(f.forecast)}</td>
              <td>
                {f.committed === null ? "—" : plainQuantity(f.committed)}
                {f.shortCells ? <div className="badge off">short in {f.shortCells} item-week(s)</div> : null}
              </td>
              <td>
                <span className={BADGE[f.status]} data-testid={`status-${f.number}`}>
                  {label(f.status)}
                </span>
              </td>
              <td>{f.publishedAt ? f.publishedAt.slice(0, 10) : "—"}</td>
            </tr>
          ))}
          <EmptyRow show={items.length === 0} columns={isPartner ? 7 : 8}>
            {isPartner ? "No forecast has been published to you yet." : "No forecasts yet."}
          </EmptyRow>
        </tbody>
      </table>
      <Pager nextCursor={nextCursor} hasPrevious={hasPrevious} />

      {canCreate ? (
        <Form method="post" noValidate id="new-forecast" aria-label="New forecast" className="card">
          <h2>New forecast</h2>
          <p className="muted">The grid starts with the items the partner makes for you, at 0; change the quantities, then publish.</p>
          <input type="hidden" name="intent" value="create" />
          <div className="field">
            <label htmlFor="partnerId">Partner</label>
            <select id="partnerId" name="partnerId" defaultValue={values.partnerId ?? defaults.partner} aria-invalid={errors?.partnerId ? true : undefined} aria-describedby="partnerId-error">
              <option value="">Choose…</option>
              {partners
                .filter((p) => p.active)
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
            </select>
            <FieldMessage name="partnerId" errors={errors} />
          </div>
          <div className="field">
            <label htmlFor="title">Title</label>
            <input id="title" name="title" maxLength={120} defaultValue={values.title ?? ""} placeholder="e.g. Bars and granola, Q3" aria-describedby="title-error" />
            <FieldMessage name="title" errors={errors} />
          </div>
          <div className="row">
            <div className="field">
              <label htmlFor="from">First week</label>
              <input id="from" name="from" type="week" defaultValue={values.from ?? defaults.from} aria-invalid={errors?.from ? true : undefined} aria-describedby="from-error" />
              <FieldMessage name="from" errors={errors} />
            </div>
            <div className="field">
              <label htmlFor="weeks">Weeks</label>
              <input id="weeks" name="weeks" type="number" min={1} max={MAX_FORECAST_WEEKS} defaultValue={values.weeks ?? String(defaults.weeks)} aria-invalid={errors?.weeks ? true : undefined} aria-describedby="weeks-error" />
              <FieldMessage name="weeks" errors={errors} />
            </div>
          </div>
          <div className="field">
            <label htmlFor="note">Note for the partner</label>
            <textarea id="note" name="note" rows={2} maxLength={MAX_NOTE} defaultValue={values.note ?? ""} />
            <FieldMessage name="note" errors={errors} />
          </div>
          <FieldMessage name="form" errors={errors} />
          <button type="submit" disabled={busy}>
            Create draft
          </button>
        </Form>
      ) : null}
    </>
  );
}
