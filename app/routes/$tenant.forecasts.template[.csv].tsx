// The forecast CSV template: the header row the upload expects (one row per item and week).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { forecastCsvTemplate } from "../domain/forecast-import";
import { isForecastPlanner, requireForecastMember } from "../server/forecasts.server";
import { notFound } from "../server/http-errors.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireForecastMember(request, params.tenant);
  if (!isForecastPlanner(ctx)) notFound();
  return new Response(forecastCsvTemplate(), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="forecast-template.csv"' },
  });
}
