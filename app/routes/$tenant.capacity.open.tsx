// "Where can I place 20,000 units in weeks 12–15?": partners' facilities (or single production lines)
// whose declared capacity, less confirmed demand, adds up to at least that over the weeks.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { FieldMessage } from "../components/form";
import { Pager } from "../components/pager";
import { compareWeeks, isoWeekOf, parseIsoWeek, weeksBetween } from "../domain/iso-week";
import { requireCapacityMember } from "../server/capacity.server";
import { findOpenCapacity } from "../server/capacity-load.server";

export const meta: MetaFunction = () => [{ title: "Open capacity" }];

const week = (label: string) =>
  z
    .string()
    .trim()
    .transform((v, c) => parseIsoWeek(v) ?? (c.addIssue({ code: "custom", message: `Enter the ${label} week as YYYY-Www, e.g. 2027-W12.` }), z.NEVER));

const Query = z
  .object({
    quantity: z
      .string()
      .trim()
      .regex(/^\d{1,11}(\.\d{1,3})?$/, "Enter the units to place, e.g. 20000.")
      .refine((v) => Number(v) > 0, "Enter more than 0 units."),
    from: week("first"),
    to: week("last"),
    per: z.enum(["facility", "resource"]).catch("facility"),
  })
  .superRefine((q, c) => {
    if (compareWeeks(q.to, q.from) < 0) c.addIssue({ code: "custom", path: ["to"], message: "The last week can't be before the first." });
    else if (weeksBetween(q.from, q.to) > 25) c.addIssue({ code: "custom", path: ["to"], message: "Search at most 26 weeks at a time." });
  });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCapacityMember(request, params.tenant);
  const sp = new URL(request.url).searchParams;
  const asked = { quantity: sp.get("quantity") ?? "", from: sp.get("from") ?? "", to: sp.get("to") ?? "", per: sp.get("per") ?? "facility" };
  const thisWeek = isoWeekOf(new Date().toISOString().slice(0, 10));
  if (!sp.has("quantity")) return json({ asked: { ...asked, from: thisWeek, to: thisWeek }, errors: {} as Record<string, string>, result: null });
  // one week when the last is left blank
  const parsed = Query.safeParse({ ...asked, to: asked.to.trim() || asked.from });
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "quantity")] ??= issue.message;
    return json({ asked, errors, result: null }, { status: 400 });
  }
  const result = await findOpenCapacity(ctx, { ...parsed.data, after: sp.get("after") });
  return json({ asked, errors: {} as Record<string, string>, result: { ...result, query: parsed.data } });
}

export default function OpenCapacity() {
  const { asked, errors, result } = useLoaderData<typeof loader>();
  const location = useLocation();
  const base = location.pathname.replace(/\/capacity\/open\/?$/, "");
  return (
    <>
      <p>
        <Link to={`${base}/capacity/load`}>« Capacity load</Link>
      </p>
      <h1>Find open capacity</h1>
      <Form method="get" className="row" aria-label="Open capacity search" noValidate>
        <div className="field">
          <label htmlFor="quantity">Units to place</label>
          <input id="quantity" name="quantity" defaultValue={asked.quantity} inputMode="decimal" size={10} aria-invalid={errors.quantity ? true : undefined} />
          <FieldMessage name="quantity" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="from">From week</label>
          <input id="from" name="from" defaultValue={asked.from} size={9} aria-invalid={errors.from ? true : undefined} />
          <FieldMessage name="from" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="to">To week</label>
          <input id="to" name="to" defaultValue={asked.to} size={9} aria-invalid={errors.to ? true : undefined} />
          <FieldMessage name="to" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="per">Place on</label>
          <select id="per" name="per" defaultValue={asked.per}>
            <option value="facility">One facility (its lines together)</option>
            <option value="resource">One production line</option>
          </select>
        </div>
        <div className="field">
          <button type="submit">Search</button>
        </div>
      </Form>
      {result ? (
        <>
          <p role="status">
            {result.total === 0
              ? `No ${result.query.per === "facility" ? "facility" : "production line"} has ${result.query.quantity} units open in ${result.query.from}–${result.query.to}.`
              : `${result.total} ${result.query.per === "facility" ? "facilities" : "production lines"} can take ${result.query.quantity} units in ${result.query.from}–${result.query.to}.`}
          </p>
          <table aria-label="Open capacity">
            <thead>
              <tr>
                <th>Partner</th>
                <th>Facility</th>
                <th>Production lines</th>
                <th>Open units in the weeks</th>
                <th>Weeks with room</th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((c) => (
                <tr key={c.key}>
                  <td>{c.partnerName}</td>
                  <td>
                    <Link to={`${base}/capacity/load/${c.facilityId}?from=${result.query.from}`}>{c.facilityName}</Link>
                    {c.place ? <div className="muted">{c.place}</div> : null}
                  </td>
                  <td>{c.resources.join(", ")}</td>
                  <td>{c.open}</td>
                  <td>{c.weeks}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager nextCursor={result.nextCursor} hasPrevious={Boolean(new URLSearchParams(location.search).get("after"))} />
        </>
      ) : null}
    </>
  );
}
