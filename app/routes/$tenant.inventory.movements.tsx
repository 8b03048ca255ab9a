// The stock ledger at fillers, newest first (a filler's users see their own facilities'). Planners
// post a movement by form, or many from a CSV file (all or nothing, problems by line number).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { FieldMessage, FilterSelect } from "../components/form";
import { Pager } from "../components/pager";
import { EmptyRow, ImportProblems } from "../components/table";
import { MOVEMENT_KIND_LABELS, MOVEMENT_KINDS, type MovementKind } from "../domain/inventory";
import { isIsoDate, lotProblem, movementDateProblem } from "../domain/limits";
import { notFound } from "../server/http-errors.server";
import { decodeTextUpload, importMovementCsv, MAX_MOVEMENT_IMPORT_ROWS, MOVEMENT_CSV_COLUMNS, NOT_CSV_TEXT } from "../server/inventory-import.server";
import { countableItems, InventoryError, isStockPlanner, listMovements, postMovements, requireStockMember, stockFacilities } from "../server/inventory.server";
import { MAX_CSV_BYTES, readUploadForm, UploadError } from "../server/upload.server";

export const meta: MetaFunction = () => [{ title: "Stock movements" }];

/** Adjustments come only from approved counts: every other kind may be posted by hand. */
const POSTABLE_KINDS = MOVEMENT_KINDS.filter((k): k is Exclude<MovementKind, "approved_adjustment"> => k !== "approved_adjustment");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireStockMember(request, params.tenant);
  const sp = new URL(request.url).searchParams;
  const facilities = await stockFacilities(ctx);
  const asked = sp.get("facility") || "";
  const facility = asked ? facilities.find((f) => f.id === asked.toLowerCase()) : undefined;
  // a facility not in the member's list (unknown, foreign, another filler's) is the same 404
  if (asked && !facility) notFound();
  const planner = isStockPlanner(ctx);
  const [page, items] = await Promise.all([listMovements(ctx, { facilityId: facility?.id }, sp.get("after")), planner ? countableItems(ctx) : Promise.resolve([])]);
  return json({
    items: page.items.map((m) => ({
      id: m.id,
      movedOn: m.movedOn,
      facilityName: m.facilityName,
      itemCode: m.itemCode,
      lot: m.lot,
      kind: m.kind as MovementKind,
      quantity: m.quantity,
      reference: m.reference,
    })),
    nextCursor: page.nextCursor,
    hasPrevious: sp.has("after"),
    facilities: facilities.map((f) => ({ id: f.id, name: f.name })),
    filter: { facility: facility?.id ?? "" },
    isPlanner: planner,
    isPartner: ctx.isPartner,
    stockItems: items,
    columns: MOVEMENT_CSV_COLUMNS,
    maxRows: MAX_MOVEMENT_IMPORT_ROWS,
    maxMb: MAX_CSV_BYTES / 1024 / 1024,
    today: new Date().toISOString().slice(0, 10),
  });
}

/** The form's movement; `today` (UTC, YYYY-MM-DD) bounds the date moved (limits.ts). */
function movementSchema(today: string) {
  return z.object({
    facilityId: z.string({ error: "Choose a facility." }).uuid("Choose a facility."),
    itemId: z.string({ error: "Choose an item." }).uuid("Choose an item."),
    lot: z
      .string()
      .trim()
      .default("")
      .superRefine((lot, c) => {
        const problem = lotProblem(lot);
        if (problem) c.addIssue({ code: "custom", message: problem });
      }),
    kind: z.enum(POSTABLE_KINDS, { error: "Choose the kind of movement." }),
    quantity: z
      .string({ error: "Enter the quantity." })
      .trim()
      .min(1, "Enter the quantity.")
      .regex(/^\d{1,11}(\.\d{1,3})?$/, "Enter a quantity like 120 or 12.5: a positive number with at most 3 decimals, without a sign or separators.")
      .refine((q) => /[1-9]/.test(q), "The quantity must be more than 0."),
    movedOn: z
      .string({ error: "Enter the date moved." })
      .trim()
      .superRefine((d, c) => {
        if (!isIsoDate(d)) c.addIssue({ code: "custom", message: "Enter the date moved as YYYY-MM-DD." });
        else {
          const problem = movementDateProblem(d, today);
          if (problem) c.addIssue({ code: "custom", message: problem });
        }
      }),
    reference: z.string().trim().max(200, "At most 200 characters.").default(""),
  });
}

type Errors = Record<string, string>;
type Problem = { line: number; column?: string; message: string };
type ActionData = { intent: "post" | "import"; errors: Errors; problems: Problem[]; total: number; ok: string | null; key: number };

const SHOWN_PROBLEMS = 500;

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireStockMember(request, params.tenant);
  if (!isStockPlanner(ctx)) notFound();
  const reply = (intent: ActionData["intent"], data: Partial<ActionData>, status = 200) =>
    json<ActionData>({ intent, errors: {}, problems: [], total: 0, ok: null, key: Date.now(), ...data }, { status });

  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = await readUploadForm(request, MAX_CSV_BYTES);
    } catch (e) {
      if (e instanceof UploadError) return reply("import", { errors: { file: e.message } }, e.status);
      throw e;
    }
    const file = form.get("file");
    if (!(file instanceof Blob) || file.size === 0) return reply("import", { errors: { file: "Choose a CSV file to import." } }, 400);
    const text = decodeTextUpload(new Uint8Array(await file.arrayBuffer()));
    if (text === null) return reply("import", { errors: { file: NOT_CSV_TEXT } }, 415);
    try {
      const result = await importMovementCsv(ctx, text);
      if ("problems" in result) {
        const n = result.problems.length;
        return reply(
          "import",
          { errors: { file: `Nothing was posted: ${n} problem${n === 1 ? "" : "s"} to fix first.` }, problems: result.problems.slice(0, SHOWN_PROBLEMS), total: n },
          400,
        );
      }
      return reply("import", { ok: `${result.posted} movement${result.posted === 1 ? "" : "s"} posted from the file.` });
    } catch (e) {
      if (e instanceof InventoryError) return reply("import", { errors: { file: e.message } }, e.status);
      throw e;
    }
  }

  const parsed = movementSchema(new Date().toISOString().slice(0, 10)).safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    const errors: Errors = {};
    for (const i of parsed.error.issues) errors[String(i.path[0] ?? "form")] ??= i.message;
    return reply("post", { errors }, 400);
  }
  try {
    const [movement] = await postMovements(ctx, [parsed.data]);
    return reply("post", { ok: `${MOVEMENT_KIND_LABELS[parsed.data.kind]} of ${parsed.data.quantity} posted (${movement.quantity} in the ledger).` });
  } catch (e) {
    if (e instanceof InventoryError) return reply("post", { errors: { [e.field]: e.message } }, e.status);
    throw e;
  }
}

export default function MovementsPage() {
  const { items, nextCursor, hasPrevious, facilities, filter, isPlanner, isPartner, stockItems, columns, maxRows, maxMb, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const postErrors = result?.intent === "post" ? result.errors : undefined;
  const importErrors = result?.intent === "import" ? result.errors : undefined;
  return (
    <>
      <p>
        <Link to={filter.facility ? `../inventory?facility=${filter.facility}` : "../inventory"}>« {isPartner ? "Our stock" : "Stock at fillers"}</Link>
      </p>
      <h1>Stock movements</h1>
      {isPartner ? <p className="muted">Movements of stock in a count you are still counting are shown once the count is submitted (the count is blind).</p> : null}
      <Form method="get" className="row" aria-label="Filter movements">
        <FilterSelect name="facility" label="Show facility" value={filter.facility} anyLabel="All facilities" options={facilities.map((f) => ({ value: f.id, label: f.name }))} />
        <div className="field">
          <button type="submit" className="secondary">
            Filter
          </button>
        </div>
      </Form>
      {result?.ok ? (
        <p className="notice" role="status">
          {result.ok}
        </p>
      ) : null}
      <table aria-label="Movements">
        <thead>
          <tr>
            <th>Moved on</th>
            <th>Facility</th>
            <th>Item</th>
            <th>Lot</th>
            <th>Kind</th>
            <th>Quantity</th>
            <th>Reference</th>
          </tr>
        </thead>
        <tbody>
          {items.map((m) => (
            <tr key={m.id}>
              <td>{m.movedOn}</td>
              <td>{m.facilityName}</td>
              <td>{m.itemCode}</td>
              <td>{m.lot}</td>
              <td>{MOVEMENT_KIND_LABELS[m.kind] ?? m.kind}</td>
              <td className={m.quantity.startsWith("-") ? "bad" : undefined}>{m.quantity}</td>
              <td>{m.reference}</td>
            </tr>
          ))}
          <EmptyRow show={items.length === 0} columns={7}>
            No movements yet.
          </EmptyRow>
        </tbody>
      </table>
      <Pager nextCursor={nextCursor} hasPrevious={hasPrevious} />

      {isPlanner ? (
        <>
          <h2>Post a movement</h2>
          {postErrors?.form ? (
            <p className="form-error" role="alert">
              {postErrors.form}
            </p>
          ) : null}
          <Form method="post" noValidate aria-label="Post a movement" key={result?.intent === "post" && result.ok ? result.key : "post"}>
            <div className="row">
              <div className="field">
                <label htmlFor="facilityId">Facility</label>
                <select id="facilityId" name="facilityId" defaultValue={filter.facility} aria-invalid={Boolean(postErrors?.facilityId) || undefined} aria-describedby="facilityId-error">
                  <option value="">Choose…</option>
                  {facilities.map((f) => (
                    <option key={f.id} value={f.id}>
                      {f.name}
                    </option>
                  ))}
                </select>
                <FieldMessage name="facilityId" errors={postErrors} />
              </div>
              <div className="field">
                <label htmlFor="itemId">Item</label>
                <select id="itemId" name="itemId" defaultValue="" aria-invalid={Boolean(postErrors?.itemId) || undefined} aria-describedby="itemId-error">
                  <option value="">Choose…</option>
                  {stockItems.map((i) => (
                    <option key={i.id} value={i.id}>
                      {i.code} {i.description}
                    </option>
                  ))}
                </select>
                <FieldMessage name="itemId" errors={postErrors} />
              </div>
              <div className="field">
                <label htmlFor="lot">Lot</label>
                <input id="lot" name="lot" maxLength={100} aria-invalid={Boolean(postErrors?.lot) || undefined} aria-describedby="lot-error" />
                <FieldMessage name="lot" errors={postErrors} />
              </div>
            </div>
            <div className="row">
              <div className="field">
                <label htmlFor="kind">Kind</label>
                <select id="kind" name="kind" defaultValue="receipt" aria-invalid={Boolean(postErrors?.kind) || undefined} aria-describedby="kind-error">
                  {POSTABLE_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {MOVEMENT_KIND_LABELS[k]}
                    </option>
                  ))}
                </select>
                <FieldMessage name="kind" errors={postErrors} />
              </div>
              <div className="field">
                <label htmlFor="quantity">Quantity</label>
                <input id="quantity" name="quantity" inputMode="decimal" aria-invalid={Boolean(postErrors?.quantity) || undefined} aria-describedby="quantity-error" />
                <span className="muted">Always positive: consumption and transfers out reduce the book.</span>
                <FieldMessage name="quantity" errors={postErrors} />
              </div>
              <div className="field">
                <label htmlFor="movedOn">Moved on</label>
                <input id="movedOn" name="movedOn" type="date" defaultValue={today} aria-invalid={Boolean(postErrors?.movedOn) || undefined} aria-describedby="movedOn-error" />
                <FieldMessage name="movedOn" errors={postErrors} />
              </div>
              <div className="field" style={{ flex: 1 }}>
                <label htmlFor="reference">Reference</label>
                <input id="reference" name="reference" maxLength={200} aria-invalid={Boolean(postErrors?.reference) || undefined} aria-describedby="reference-error" />
                <FieldMessage name="reference" errors={postErrors} />
              </div>
            </div>
            <button type="submit" disabled={busy}>
              Post movement
            </button>
          </Form>

          <h2>Import movements from CSV</h2>
          <div className="card">
            <p>
              One movement per row, with a header row naming the columns: <code>{columns.join(", ")}</code> (<code>reference</code> may be left
              empty). <code>facility</code> is the facility's name as listed above; <code>kind</code> is one of{" "}
              <code>{POSTABLE_KINDS.join(", ")}</code>; quantities are positive, with at most 3 decimals; dates are YYYY-MM-DD. The import is
              all-or-nothing: if any row has a problem, nothing is posted and every problem is listed with its line number. Up to{" "}
              {maxRows.toLocaleString("en")} rows and {maxMb} MB.
            </p>
            <p>
              <a href="template.csv" download>
                Download the template
              </a>
            </p>
            <Form method="post" encType="multipart/form-data" aria-label="Import movements">
              <div className="field">
                <label htmlFor="file">CSV file</label>
                <input id="file" name="file" type="file" accept=".csv,text/csv" required aria-invalid={Boolean(importErrors?.file) || undefined} aria-describedby="file-error" />
                <FieldMessage name="file" errors={importErrors} />
              </div>
              <button type="submit" disabled={busy}>
                {busy && navigation.formEncType === "multipart/form-data" ? "Importing…" : "Import"}
              </button>
            </Form>
          </div>
          {result?.intent === "import" ? <ImportProblems problems={result.problems} total={result.total} /> : null}
        </>
      ) : null}
    </>
  );
}
