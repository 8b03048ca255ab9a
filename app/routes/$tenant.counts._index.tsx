// Stock counts: what is due and overdue (fillers see their own), the cycle-count plan by ABC class,
// and, for planners, scheduling a full or cycle count.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { FieldMessage, FilterSelect } from "../components/form";
import { Pager } from "../components/pager";
import { EmptyRow } from "../components/table";
import { ABC_CLASSES, COUNT_STATUS_LABELS, isOverdue } from "../domain/inventory";
import { BUSINESS_DATE_RANGE_MESSAGE, isBusinessDate, isIsoDate } from "../domain/limits";
import { notFound } from "../server/http-errors.server";
import { countPlan, InventoryError, isStockPlanner, listCounts, requireStockMember, scheduleCount } from "../server/inventory.server";


export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireStockMember(request, params.tenant);
  const sp = new URL(request.url).searchParams;
  const show = sp.get("show") === "all" ? "all" : "open";
  const today = new Date().toISOString().slice(0, 10);
  const [page, plan] = await Promise.all([listCounts(ctx, { open: show === "open" }, sp.get("after")), countPlan(ctx, today)]);
  return json({ ...page, plan, show, today, isPlanner: isStockPlanner(ctx), hasPrevious: sp.has("after"), prefill: { facility: sp.get("facility") ?? "", abc: sp.get("abc") ?? "", due: sp.get("due") ?? "" } });
}

const ScheduleSchema = z
  .object({
    facilityId: z.string({ error: "Choose a facility." }).uuid("Choose a facility."),
    scope: z.enum(["full", "cycle"], { error: "Choose a full or a cycle count." }),
    abcClass: z.union([z.literal("").transform(() => null), z.enum(ABC_CLASSES)]).default(null),
    dueOn: z
      .string({ error: "Enter the due date." })
      .refine((v) => isIsoDate(v), "Enter a real date, e.g. 2026-12-01.")
      .refine((v) => !isIsoDate(v) || isBusinessDate(v), BUSINESS_DATE_RANGE_MESSAGE),
    notes: z.string().trim().max(500, "At most 500 characters.").default(""),
  })
  .refine((v) => v.scope === "full" || v.abcClass, { message: "Choose the ABC class to cycle-count.", path: ["abcClass"] });

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireStockMember(request, params.tenant);
  if (!isStockPlanner(ctx)) notFound();
  const parsed = ScheduleSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? "form"), i.message])) as Record<string, string> }, { status: 400 });
  try {
    const count = await scheduleCount(ctx, parsed.data);
    return redirect(`/${ctx.tenantSlug}/counts/${count.id}`);
  } catch (e) {
    if (e instanceof InventoryError) return json({ errors: { [e.field]: e.message } as Record<string, string> }, { status: e.status });
    throw e;
  }
}

export default function CountsPage() {
  const { items, nextCursor, plan, show, today, isPlanner: planner, hasPrevious, prefill } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors;
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h1>Stock counts</h1>
        <div className="row">
          <Link className="button secondary" to="accuracy">
            Record accuracy
          </Link>
          <a className="button secondary" href="counts/export.csv">
            Export counts (CSV)
          </a>
          <Link className="button secondary" to="../inventory">
            Stock at fillers
          </Link>
        </div>
      </div>
      <Form method="get" className="row">
        <FilterSelect name="show" label="Show" value={show === "all" ? "all" : ""} anyLabel="Open counts" options={[{ value: "all", label: "All counts" }]} />
        <div className="field">
          <button type="submit" className="secondary">
            Show
          </button>
        </div>
      </Form>
      <table aria-label="Stock counts">
        <thead>
          <tr>
            <th>Count</th>
            <th>Facility</th>
            <th>Scope</th>
            <th>Due</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id}>
              <td>
                <Link to={c.id}>{c.number}</Link>
              </td>
              <td>{c.facilityName}</td>
              <td>{c.scope === "full" ? "full" : `cycle, class ${c.abcClass}`}</td>
              <td>
                {c.dueOn} {c.status !== "completed" && c.status !== "cancelled" && isOverdue(c.dueOn, today) ? <span className="badge off">overdue</span> : null}
              </td>
              <td>{COUNT_STATUS_LABELS[c.status]}</td>
            </tr>
          ))}
          <EmptyRow show={items.length === 0} columns={5}>
            {show === "open" ? "No counts are open." : "No counts yet."}
          </EmptyRow>
        </tbody>
      </table>
      <Pager nextCursor={nextCursor} hasPrevious={hasPrevious} />

      <h2>Cycle-count plan</h2>
      <table aria-label="Cycle-count plan">
        <thead>
          <tr>
            <th>Facility</th>
            {ABC_CLASSES.map((c) => (
              <th key={c}>Class {c} next due</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {plan.map((p) => (
            <tr key={p.id}>
              <td>{p.name}</td>
              {p.due.map((d) => (
                <td key={d.abcClass}>
                  {d.dueOn} {isOverdue(d.dueOn, today) ? <span className="badge off">overdue</span> : null}
                  {planner ? (
                    <div>
                      <Link to={`?facility=${p.id}&abc=${d.abcClass}&due=${d.dueOn < today ? today : d.dueOn}#schedule`}>schedule</Link>
                    </div>
                  ) : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>

      {planner ? (
        <Form method="post" noValidate id="schedule" aria-label="Schedule a count">
          <h2>Schedule a count</h2>
          <div className="row">
            <div className="field">
              <label htmlFor="facilityId">Facility</label>
              <select id="facilityId" name="facilityId" defaultValue={prefill.facility}>
                <option value="">Choose…</option>
                {plan.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
              <FieldMessage name="facilityId" errors={errors} />
            </div>
            <div className="field">
              <label htmlFor="scope">Scope</label>
              <select id="scope" name="scope" defaultValue={prefill.abc ? "cycle" : "full"}>
                <option value="full">Full count</option>
                <option value="cycle">Cycle count (one ABC class)</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="abcClass">ABC class</label>
              <select id="abcClass" name="abcClass" defaultValue={prefill.abc}>
                <option value="">—</option>
                {ABC_CLASSES.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
              <FieldMessage name="abcClass" errors={errors} />
            </div>
            <div className="field">
              <label htmlFor="dueOn">Due</label>
              <input id="dueOn" name="dueOn" type="date" defaultValue={prefill.due || today} />
              <FieldMessage name="dueOn" errors={errors} />
            </div>
            <div className="field" style={{ flex: 1 }}>
              <label htmlFor="notes">Notes</label>
              <input id="notes" name="notes" maxLength={500} />
            </div>
          </div>
          <button type="submit" disabled={busy}>
            Schedule count
          </button>
        </Form>
      ) : null}
    </>
  );
}
