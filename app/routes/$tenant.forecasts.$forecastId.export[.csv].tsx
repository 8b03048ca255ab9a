// One forecast side by side as CSV: per item and week the forecast, the commitment, the gap and the
// declared capacity of the item's resource. Every cell goes through csvLine, which escapes cells a
// spreadsheet would run as a formula (=, +, -, @, tab, carriage return). The gap comes as separate
// shortfall and surplus columns, both positive, so they stay numbers in the sheet.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvLine } from "../domain/csv";
import { FORECAST_EXPORT_COLUMNS } from "../domain/forecast-import";
import { getForecast, requireForecastMember } from "../server/forecasts.server";
import { notFound } from "../server/http-errors.server";
import { recordId } from "../server/records.server";

const HEADER = FORECAST_EXPORT_COLUMNS;

/** committed − forecast as [shortfall, surplus], both positive (or blank). */
function split(gap: string | null): [string, string] {
  if (gap === null) return ["", ""];
  return gap.startsWith("-") ? [gap.slice(1), ""] : ["", gap];
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireForecastMember(request, params.tenant);
  const found = await getForecast(ctx, recordId(params.forecastId), new Date().toISOString().slice(0, 10));
  if (!found) notFound();
  const f = found.forecast;
  const body = [
    csvLine(HEADER),
    ...found.view.rows.flatMap((row) =>
      row.cells.map((c) =>
        csvLine([
          f.number,
          f.title,
          f.status,
          found.partnerName,
          row.item.code,
          row.item.description,
          row.item.uom,
          c.week,
          c.forecast,
          c.committed ?? "",
          ...split(c.gap),
          row.route?.facilityName ?? "",
          row.route?.resource ?? "",
          c.capacity ?? "",
          c.underCommitted ? "yes" : "",
          c.overCapacity ? "yes" : "",
          c.comment,
        ]),
      ),
    ),
  ].join("");
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${f.number}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
