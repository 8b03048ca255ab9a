// Movements uploaded as CSV by a planner: checked row by row (every problem with its line number),
// the tenant's facility names and item codes mapped to ids, then posted all or nothing.
// Behind a .server module: csv-parse needs Node's Buffer and must stay out of the browser bundle.
import { eq } from "drizzle-orm";
import { items } from "../../drizzle/schema";
import { validateMovementCsv, type StockImportProblem } from "../domain/stock-count-import";
import type { TenantContext } from "./auth.server";
import { InventoryError, postMovements, stockFacilities, type MovementInput } from "./inventory.server";
import { withTenant } from "./tenant.server";

export { decodeTextUpload, NOT_CSV_TEXT } from "../domain/csv";
export { MAX_MOVEMENT_IMPORT_ROWS, MOVEMENT_CSV_COLUMNS, type StockImportProblem } from "../domain/stock-count-import";

export type MovementImportResult = { posted: number } | { problems: StockImportProblem[] };

/** Validate the file against the tenant's items and holding facilities, then post every row or none. */
export async function importMovementCsv(ctx: TenantContext, text: string): Promise<MovementImportResult> {
  const [sites, known] = await Promise.all([
    stockFacilities(ctx),
    withTenant(ctx, (tx) => tx.select({ id: items.id, code: items.code }).from(items).where(eq(items.tenantId, ctx.tenantId))),
  ]);
  const itemId = new Map(known.map((i) => [i.code, i.id]));
  // two facilities of different fillers may share a name: such a name can't say which one is meant
  const facilityIds = new Map<string, string[]>();
  for (const s of sites) facilityIds.set(s.name, [...(facilityIds.get(s.name) ?? []), s.id]);

  const { movements, problems } = validateMovementCsv(text, {
    knownItemCodes: new Set(itemId.keys()),
    knownFacilityNames: new Set(facilityIds.keys()),
    today: new Date().toISOString().slice(0, 10),
  });
  if (problems.length) return { problems };

  const ambiguous: StockImportProblem[] = [];
  const inputs: MovementInput[] = [];
  for (const m of movements) {
    const ids = facilityIds.get(m.facility) ?? [];
    if (ids.length !== 1) {
      ambiguous.push({ line: m.line, column: "facility", message: `Several facilities are called ${m.facility}; rename one of them.` });
      continue;
    }
    inputs.push({ facilityId: ids[0], itemId: itemId.get(m.itemCode)!, lot: m.lot, kind: m.kind, quantity: m.quantity, movedOn: m.movedOn, reference: m.reference });
  }
  if (ambiguous.length) return { problems: ambiguous };

  try {
    const posted = await postMovements(ctx, inputs);
    return { posted: posted.length };
  } catch (e) {
    // a row the server refused (e.g. a facility deactivated meanwhile): nothing was posted
    if (e instanceof InventoryError && e.status === 400) {
      const row = /^row\.(\d+)$/.exec(e.field);
      const index = row ? Number(row[1]) : movements.length === 1 ? 0 : -1;
      if (index >= 0 && index < movements.length) return { problems: [{ line: movements[index].line, message: e.message }] };
    }
    throw e;
  }
}
