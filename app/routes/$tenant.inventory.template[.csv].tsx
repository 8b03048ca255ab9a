// The movements CSV template: the header row the import expects.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { movementCsvTemplate } from "../domain/stock-count-import";
import { notFound } from "../server/http-errors.server";
import { isStockPlanner, requireStockMember } from "../server/inventory.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireStockMember(request, params.tenant);
  if (!isStockPlanner(ctx)) notFound();
  return new Response(movementCsvTemplate(), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="movements-template.csv"' },
  });
}
