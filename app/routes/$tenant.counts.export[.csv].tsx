// Counts and variances as CSV; every cell goes through csvLine, which escapes cells a spreadsheet
// would run as a formula (=, +, -, @, tab, carriage return). Variances come as separate over and
// short columns, both positive: never netted, and still numbers in the sheet.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvLine } from "../domain/csv";
import { countExportRows, requireStockMember } from "../server/inventory.server";

const HEADER = ["count", "status", "facility", "due_on", "submitted_at", "item_code", "item_description", "lot", "abc_class", "counted", "book", "recounted", "recount_book", "over_units", "short_units", "variance_pct_of_book", "over_value", "short_value", "line_status", "reason", "root_cause"];
// values are units × standard cost, which is internal: a partner's export has no value columns
const PARTNER_HEADER = HEADER.filter((h) => h !== "over_value" && h !== "short_value");

/** A signed variance as [over, short], both positive (or blank). */
function split(v: string | null): [string, string] {
  if (v === null) return ["", ""];
  return v.startsWith("-") ? ["", v.slice(1)] : [v, ""];
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireStockMember(request, params.tenant);
  const rows = await countExportRows(ctx);
  const withCost = !ctx.isPartner;
  const body = [
    csvLine(withCost ? HEADER : PARTNER_HEADER),
    ...rows.map((r) =>
      csvLine([
        r.number,
        r.status,
        r.facility,
        r.dueOn,
        r.submittedAt ? r.submittedAt.toISOString() : "",
        r.itemCode,
        r.itemDescription,
        r.lot,
        r.abcClass,
        r.counted ?? "",
        r.book ?? "",
        r.recounted ?? "",
        r.recountBook ?? "",
        ...split(r.varianceUnits),
        // the size of the variance in percent of the book; the filled column says over or short
        r.variancePct === null ? "" : r.variancePct.replace(/^-/, ""),
        ...(withCost ? split(r.varianceValue) : []),
        r.lineStatus,
        r.reason ?? "",
        r.rootCause ?? "",
      ]),
    ),
  ].join("");
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="stock-counts-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
