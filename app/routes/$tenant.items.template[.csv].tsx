import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvLine } from "../domain/csv";
import { ITEM_CSV_COLUMNS } from "../domain/item-import";
import { requireTenantPermission } from "../server/permissions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireTenantPermission(request, params.tenant, "manage:item:any");
  const body =
    csvLine(ITEM_CSV_COLUMNS) +
    csvLine(["PKG-BTL-500", "PET bottle 500 ml, clear", "ea", "A", 21, "0.0850"]) +
    csvLine(["RM-SUGAR", "Sugar, granulated", "kg", "B", 10, ""]);
  return new Response(body, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="items-template.csv"' },
  });
}
