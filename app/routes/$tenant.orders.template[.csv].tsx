import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvLine } from "../domain/csv";
import { PO_CSV_COLUMNS } from "../server/po-import.server";
import { requireTenantPermission } from "../server/permissions.server";

// Example rows in the layout the import reads (the demo tenant's codes): two orders, the header
// repeated on every line. A byte-order mark so spreadsheets read the file as UTF-8.
const ROWS = [
  ["PO-ERP-10001", 1, "SUN", "Delta Co-Packers — Rotterdam", "EUR", "DAP", "30 days net", "standard", 3, 1, "PKG-BTL-500", 24000, "0.0850", "2026-10-05", "Deliver to dock 2"],
  ["PO-ERP-10001", 1, "SUN", "Delta Co-Packers — Rotterdam", "EUR", "DAP", "30 days net", "standard", 3, 2, "PKG-CAP-28", 24000, "0.0120", "2026-10-05", "Deliver to dock 2"],
  ["PO-ERP-10002", 1, "DCP", "Delta Co-Packers — Antwerp", "EUR", "FCA", "45 days net", "hot", 1, 1, "FG-OJ-1L", 5000, "0.6200", "2026-09-28", ""],
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireTenantPermission(request, params.tenant, "manage:po:any");
  const body = "\uFEFF" + csvLine(PO_CSV_COLUMNS) + ROWS.map((r) => csvLine(r)).join("");
  return new Response(body, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="purchase-orders-template.csv"' },
  });
}
