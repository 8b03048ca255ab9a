// Item routing: the production line (facility resource) each item loads at a partner, unless a planner
// moves a single PO line. The partner's users keep their own; planners keep any partner's.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { FieldMessage } from "../components/form";
import { Notice, PickerForm } from "../components/forms-shared";
import { Pager } from "../components/pager";
import { isUuid } from "../domain/ids";
import { notFound } from "../server/http-errors.server";
import { requireCapacityMember } from "../server/capacity.server";
import { canRoute, declaringPartners, itemRouting, routeChoices, RoutingError, setItemRoute } from "../server/capacity-load.server";

export const meta: MetaFunction = () => [{ title: "Item routing" }];

async function partnerOf(request: Request, ctx: Awaited<ReturnType<typeof requireCapacityMember>>) {
  const partners = await declaringPartners(ctx);
  const asked = new URL(request.url).searchParams.get("partner");
  if (asked && !isUuid(asked)) notFound();
  const partner = ctx.isPartner ? partners.find((p) => p.id === ctx.partnerId) : asked ? partners.find((p) => p.id === asked.toLowerCase()) : partners[0];
  if (asked && !partner) notFound();
  return { partners, partner: partner ?? null };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCapacityMember(request, params.tenant);
  const { partners, partner } = await partnerOf(request, ctx);
  const [page, choices] = partner
    ? await Promise.all([itemRouting(ctx, partner.id, new URL(request.url).searchParams.get("after")), routeChoices(ctx, partner.id)])
    : [{ items: [], nextCursor: null }, []];
  return json({ partners, partner, rows: page.items, nextCursor: page.nextCursor, choices, canEdit: canRoute(ctx) && Boolean(partner), isPartner: ctx.isPartner });
}

const RouteForm = z.object({
  intent: z.literal("route-item"),
  itemId: z.string().refine(isUuid).optional(),
  itemCode: z.string().trim().max(64).optional(),
  route: z.string(),
  version: z.coerce.number().int().min(0),
});

type Errors = Record<string, string>;

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireCapacityMember(request, params.tenant);
  if (!canRoute(ctx)) notFound();
  const { partner } = await partnerOf(request, ctx);
  if (!partner) notFound();
  const form = Object.fromEntries(await request.formData());
  const parsed = RouteForm.safeParse(form);
  const key = String(form.itemId ?? "new");
  const fail = (errors: Errors, status = 400) => json({ errors, key, ok: null as string | null }, { status });
  if (!parsed.success) return fail({ route: "Choose an item and a production line." });
  const { itemId, itemCode, route, version } = parsed.data;
  if (!itemId && !itemCode) return fail({ item: "Enter the item's code." });
  const [facilityId, ...rest] = route.split("|");
  if (route && (!isUuid(facilityId) || !rest.length)) return fail({ route: "Choose a production line." });
  try {
    await setItemRoute(ctx, partner.id, itemId ? { id: itemId } : { code: itemCode! }, route ? { facilityId, resource: rest.join("|") } : null, version);
  } catch (e) {
    if (e instanceof RoutingError) return fail({ [e.field === "form" ? "route" : e.field]: e.message }, e.status);
    throw e;
  }
  return json({ errors: {} as Errors, key, ok: route ? "Saved: the item's open orders now load that line." : "The item's default line is cleared." });
}

export default function ItemRouting() {
  const { partners, partner, rows, nextCursor, choices, canEdit, isPartner } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const location = useLocation();
  const base = location.pathname.replace(/\/capacity\/routing\/?$/, "");
  const errorsFor = (key: string) => (result?.key === key ? result.errors : {});
  const options = choices.flatMap((f) => f.resources.map((r) => ({ value: `${f.id}|${r}`, label: `${f.name} · ${r}` })));
  const RouteSelect = ({ value, label }: { value: string; label: string }) => (
    <select name="route" defaultValue={value} aria-label={label} disabled={!canEdit}>
      <option value="">Not routed</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
  return (
    <>
      <p>
        <Link to={`${base}/capacity/load`}>« Capacity load</Link>
      </p>
      <h1>Item routing{partner ? <span className="muted"> — {partner.name}</span> : null}</h1>
      <p className="muted">Each item a partner makes loads one production line's capacity with its confirmed orders. A planner can move a single order line on the order's page.</p>
      {isPartner ? null : (
        <PickerForm name="partner" label="Partner" selected={partner?.id ?? null} options={partners.map((p) => ({ value: p.id, label: p.name }))} />
      )}
      <Notice message={result?.ok} />
      {partner && !options.length ? <p className="warning">{partner.name} has no facility with production lines yet: add them on the facility's page.</p> : null}
      <table aria-label="Item routing">
        <thead>
          <tr>
            <th>Item</th>
            <th>Production line</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={2} className="muted">
                No item is ordered from or routed at this partner yet.
              </td>
            </tr>
          ) : null}
          {rows.map((r) => (
            <tr key={r.itemId}>
              <td>
                {r.code}
                <div className="muted">{r.description}</div>
              </td>
              <td>
                <Form method="post" className="row">
                  <input type="hidden" name="intent" value="route-item" />
                  <input type="hidden" name="itemId" value={r.itemId} />
                  <input type="hidden" name="version" value={r.version ?? 0} />
                  <RouteSelect value={r.facilityId && r.resource ? `${r.facilityId}|${r.resource}` : ""} label={`Production line for ${r.code}`} />
                  {canEdit ? (
                    <button type="submit" className="secondary" disabled={busy}>
                      Save
                    </button>
                  ) : null}
                </Form>
                <FieldMessage name="route" errors={errorsFor(r.itemId)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager nextCursor={nextCursor} hasPrevious={Boolean(new URLSearchParams(location.search).get("after"))} />
      {canEdit && partner && options.length ? (
        <Form method="post" className="row card" aria-label="Route another item">
          <input type="hidden" name="intent" value="route-item" />
          <input type="hidden" name="version" value={0} />
          <div className="field">
            <label htmlFor="itemCode">Route another item (code)</label>
            <input id="itemCode" name="itemCode" aria-invalid={errorsFor("new").item ? true : undefined} />
            <FieldMessage name="item" errors={errorsFor("new")} />
          </div>
          <div className="field">
            <label htmlFor="new-route">Production line</label>
            <select id="new-route" name="route" defaultValue={options[0].value}>
              {options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
            <FieldMessage name="route" errors={errorsFor("new")} />
          </div>
          <div className="field">
            <button type="submit" disabled={busy}>
              Route item
            </button>
          </div>
        </Form>
      ) : null}
    </>
  );
}
