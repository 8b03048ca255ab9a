import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvLine } from "../domain/csv";
import { ITEM_CSV_COLUMNS } from "../domain/item-import";
import { itemsAfter } from "../server/items.server";
import { requireTenantPermission } from "../server/permissions.server";

const BATCH = 1000;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params.tenant, "read:item:any");
  // standard costs are internal: a partner's export has no standard_cost column (itemsAfter leaves them out)
  const withCost = !ctx.isPartner;
  const columns = [...ITEM_CSV_COLUMNS.filter((c) => withCost || c !== "standard_cost"), "active"];
  // streamed in keyset batches so a large catalogue never sits in memory at once
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const encoder = new TextEncoder();
      controller.enqueue(encoder.encode(csvLine(columns)));
      let after: string | null = null;
      for (;;) {
        const rows = await itemsAfter(ctx, after, BATCH);
        for (const r of rows) {
          const cost = withCost ? [r.standardCost ?? ""] : [];
          controller.enqueue(encoder.encode(csvLine([r.code, r.description, r.uom, r.abcClass, r.leadTimeDays, ...cost, r.active ? "yes" : "no"])));
        }
        if (rows.length < BATCH) break;
        after = rows[rows.length - 1].code;
      }
      controller.close();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${ctx.tenantSlug}-items.csv"`,
    },
  });
}
