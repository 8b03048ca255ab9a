// Declared capacity: a grid of resources × ISO weeks over the rolling horizon, edited many weeks at
// once from the keyboard (arrow keys move between cells), or by CSV upload; saving confirms it.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { moveFocus } from "../components/keyboard-grid";
import { WeekHeaderRow } from "../components/load-heatmap";
import { FieldMessage } from "../components/form";
import { CsvUploadForm, FacilityPicker, Notice } from "../components/forms-shared";
import { notFound } from "../server/http-errors.server";
import {
  canDeclare,
  capacityFacilities,
  capacityGrid,
  CapacityError,
  importCapacityCsv,
  requireCapacityMember,
  saveCapacity,
  type CapacityCell,
} from "../server/capacity.server";
import { readUploadForm, UploadError } from "../server/upload.server";
import { isUuid } from "../domain/ids";

export const meta: MetaFunction = () => [{ title: "Capacity" }];

const QTY = /^\d{1,11}(\.\d{1,3})?$/;

async function gridFor(request: Request, ctx: Awaited<ReturnType<typeof requireCapacityMember>>) {
  const facilities = await capacityFacilities(ctx);
  const asked = new URL(request.url).searchParams.get("facility");
  if (asked && !isUuid(asked)) notFound();
  const facilityId = asked?.toLowerCase() ?? facilities[0]?.id;
  const grid = facilityId ? await capacityGrid(ctx, facilityId) : null;
  if (asked && !grid) notFound();
  return { facilities, grid };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCapacityMember(request, params.tenant);
  const { facilities, grid } = await gridFor(request, ctx);
  return json({ facilities: facilities.map((f) => ({ id: f.id, name: f.name, partnerName: f.partnerName })), grid, canEdit: canDeclare(ctx) });
}

type Errors = Record<string, string>;

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireCapacityMember(request, params.tenant);
  if (!canDeclare(ctx)) notFound();
  const fail = (errors: Errors, status = 400, problems: { line: number; message: string }[] = []) => json({ errors, problems, ok: null as string | null }, { status });
  try {
    if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
      const form = await readUploadForm(request, 5 * 1024 * 1024);
      const file = form.get("file");
      if (!(file instanceof File) || file.size === 0) return fail({ file: "Choose a CSV file to upload." });
      const result = await importCapacityCsv(ctx, new Uint8Array(await file.arrayBuffer()));
      if ("problems" in result) return fail({ file: "The file has problems; nothing was saved." }, 400, result.problems);
      return json({ errors: {} as Errors, problems: [], ok: `${result.changed} cell(s) changed from the file, and your capacity is confirmed.` });
    }
    const { grid } = await gridFor(request, ctx);
    if (!grid) notFound();
    const form = await request.formData();
    const errors: Errors = {};
    const cells: CapacityCell[] = [];
    grid.rows.forEach((row, r) =>
      row.cells.forEach((cell) => {
        const name = `c.${r}.${cell.week}`;
        const value = String(form.get(name) ?? "").trim();
        const shown = String(form.get(`o.${r}.${cell.week}`) ?? "");
        if (value === shown) return;
        if (value === "") errors[name] = "Enter 0 for no capacity.";
        else if (!QTY.test(value)) errors[name] = "Units per week, e.g. 12000.";
        else cells.push({ resource: row.resource, week: cell.week, capacity: value, version: Number(form.get(`v.${r}.${cell.week}`) ?? 0) });
      }),
    );
    if (Object.keys(errors).length) return fail(errors);
    const changed = await saveCapacity(ctx, grid.facility.id, cells);
    return json({ errors: {} as Errors, problems: [], ok: `${changed} week(s) changed, and your capacity is confirmed as current.` });
  } catch (e) {
    if (e instanceof UploadError) return fail({ file: e.message }, e.status);
    if (e instanceof CapacityError) return fail({ [e.field]: e.message }, e.status);
    throw e;
  }
}

export default function CapacityPage() {
  const { facilities, grid, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = (result?.errors ?? {}) as Errors;
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h1>Capacity</h1>
        <div className="row">
          <Link className="button secondary" to={grid ? `load/${grid.facility.id}` : "load"}>
            Load against capacity
          </Link>
          <Link className="button secondary" to="routing">
            Item routing
          </Link>
          <Link className="button secondary" to={grid ? `history?facility=${grid.facility.id}` : "history"}>
            Change history
          </Link>
        </div>
      </div>
      <FacilityPicker facilities={facilities} selected={grid?.facility.id ?? null} />
      <Notice message={result?.ok} />
      <FieldMessage name="form" errors={errors} />
      {!grid ? (
        <p className="muted">No facility declares capacity yet.</p>
      ) : (
        <>
          <p className={grid.stale ? "form-error" : "muted"} data-testid="capacity-freshness">
            {grid.lastConfirmedOn ? `Last confirmed on ${grid.lastConfirmedOn}.` : "No capacity declared yet."}
            {grid.stale ? ` Stale: capacity must be confirmed at least every ${grid.maxAgeDays} days. Check the weeks and save to confirm.` : ""}
          </p>
          {grid.rows.length === 0 ? <p className="muted">This facility lists no resources (production lines). Add them on the facility's page.</p> : null}
          <Form method="post" noValidate aria-label="Capacity grid">
            <div className="table-scroll">
              <table aria-label="Capacity by week" onKeyDown={moveFocus} className="grid">
                <thead>
                  <WeekHeaderRow first="Resource (units / week)" weeks={grid.weeks} />
                </thead>
                <tbody>
                  {grid.rows.map((row, r) => (
                    <tr key={row.resource}>
                      <th scope="row">{row.resource}</th>
                      {row.cells.map((cell, c) => {
                        const name = `c.${r}.${cell.week}`;
                        return (
                          <td key={cell.week} className={cell.stale ? "stale" : undefined}>
                            <input type="hidden" name={`o.${r}.${cell.week}`} value={cell.capacity === null ? "" : Number(cell.capacity).toString()} />
                            <input type="hidden" name={`v.${r}.${cell.week}`} value={cell.version} />
                            <input
                              name={name}
                              aria-label={`${row.resource} ${cell.week}`}
                              inputMode="decimal"
                              data-r={r}
                              data-c={c}
                              size={6}
                              readOnly={!canEdit}
                              defaultValue={cell.capacity === null ? "" : Number(cell.capacity).toString()}
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
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {canEdit ? (
              <button type="submit" disabled={busy}>
                Save and confirm
              </button>
            ) : null}
          </Form>
          {canEdit ? (
            <>
              <CsvUploadForm label="Upload capacity" columns="facility, resource, week, capacity" errors={errors} problems={result?.problems} busy={busy} />
            </>
          ) : null}
        </>
      )}
    </>
  );
}
